import type { Summary } from '../../api/contract/index';
import type { CliCommand } from '../command';
import { yearReport } from '../year-report';

const kr = (ore: number) => (ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatSummary(s: Summary): string {
  const lines = [
    `År ${s.year}${s.budgetVersion ? ` (budget i kraft ${s.budgetAsOf}: ${s.budgetVersion})` : ''}`,
    `  enheter ${s.units}, konton ${s.accounts}, budgetrader ${s.budgetLines}, utfallsrader ${s.outcomeRows}, perioder med utfall ${s.periods}`,
    `  budget i kraft helår ${kr(s.budgetTotal)} kr${s.originalBudgetTotal !== s.budgetTotal ? ` (ursprunglig budget ${kr(s.originalBudgetTotal)} kr)` : ''}, utfall hittills ${kr(s.actualTotal)} kr`,
  ];
  for (const p of s.perPeriod) lines.push(`  ${p.period}  budget ${kr(p.budget).padStart(20)}  utfall ${kr(p.actual).padStart(20)}`);
  return `${lines.join('\n')}\n`;
}

export const summaryCommand: CliCommand = {
  name: ['summary'],
  summary: 'antal enheter, konton, budgetrader och utfallsrader, och budget i kraft och utfall per period och sektor (Översiktens siffror)',
  usage: 'ramkoll summary --db FIL [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db FIL      databasfilen',
    '  --year ÅÅÅÅ   året (standard: databasens aktiva år)',
    '  --json        skriv ett JSON-objekt med belopp i öre: budgetTotal (budget i kraft), originalBudgetTotal',
    '                (ursprunglig budget), actualTotal, perPeriod [{period, budget, actual}] och sectors',
    '                [{code, name, kind, originalYear, budgetYear, budgetAcc, actualAcc, deviationAcc}]',
    '',
    'Siffrorna är Översiktens, ackumulerade till den senaste perioden med utfall, och samma som',
    '"ramkoll deviations" och Uppföljning visar för den perioden (ett låst tillfälle: siffrorna det låstes',
    'med). Budgeten är budgeten i kraft på periodens sista dag (budgetAsOf): den ursprungliga budgeten,',
    'från sitt beslutsdatum ersatt av en beslutad revidering, plus omfördelningar och budgetändringar (KF/KS)',
    'beslutade till och med den dagen. En sektorchefs installation visar bara sin sektor.',
  ].join('\n'),
  ...yearReport('summary.get', formatSummary),
};
