import type { InvestmentOverview } from '../../api/features/investments';
import type { CliCommand } from '../command';
import { yearReport } from '../year-report';
import { oreToDecimalString } from '../../services/money';

const kr = (ore: number) => oreToDecimalString(ore);

function formatOverview(o: InvestmentOverview): string {
  const lines: string[] = [];
  const rate = o.settings.rateBp === null ? 'ej angiven' : `${(o.settings.rateBp / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2 })} %`;
  lines.push(`Investeringar ${o.year}: internränta ${rate}${o.settings.rateSource ? ` (${o.settings.rateSource})` : ''}, avskrivningskonto ${o.settings.depreciationAccountCode}, internräntekonto ${o.settings.interestAccountCode}`);
  if (o.projects.length === 0) lines.push('Inga investeringsprojekt.');
  for (const p of o.projects) {
    lines.push(
      `${p.code}  ${p.name}  (${p.categoryName}, ansvar ${p.responsibilityCode}, aktivering ${p.activated ?? `planerad ${p.plannedActivation}`})`,
      `    ${o.year}: budget ${kr(p.year.budgetOre)}  utfall ${kr(p.year.actualOre)}  prognos ${kr(p.year.forecastOre)}  avvikelse ${kr(p.year.deviationOre)} kr`,
      `    Hela projektet: budget ${kr(p.wholeProject.budgetOre)}  utfall ${kr(p.wholeProject.actualOre)}  prognos ${kr(p.wholeProject.forecastOre)}  avvikelse ${kr(p.wholeProject.deviationOre)} kr`,
      `    Kapitaltjänst ${o.year}: avskrivning ${kr(p.capital.depreciationOre)}  internränta ${kr(p.capital.interestOre)} kr`,
    );
  }
  for (const f of o.frames) lines.push(`Investeringsram ${f.responsibilityCode} ${f.responsibilityName}: ${kr(f.amountOre)} kr, budgeterat ${kr(f.budgetOre)} kr, kvar ${kr(f.leftOre)} kr`);
  lines.push(`Summa ${o.year}: budget ${kr(o.total.year.budgetOre)}  utfall ${kr(o.total.year.actualOre)}  prognos ${kr(o.total.year.forecastOre)}  avvikelse ${kr(o.total.year.deviationOre)} kr`);
  return `${lines.join('\n')}\n`;
}

const investments: CliCommand = {
  name: ['investments'],
  summary: 'investeringsprojekten med budget, utfall, prognos och avvikelse per år och för hela projektet, och kapitaltjänsten de ger driftbudgeten',
  usage: 'ramkoll investments --db DB [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db DB       databasfilen',
    '  --year ÅÅÅÅ   året (standard: databasens aktiva år)',
    '  --json        skriv som JSON, belopp i öre: { year, settings: { rateBp, rateSource, depreciationAccountCode,',
    '                interestAccountCode }, projects: [{ code, name, responsibilityCode, category, startPeriod,',
    '                plannedActivation, activated, components: [{ name, amountOre, shareBp, lifeYears, costOre }],',
    '                years: [{ year, budgetOre, forecastOre, comment, actualOre }], year: { budgetOre, actualOre,',
    '                forecastOre, deviationOre }, wholeProject: { … }, capital: { depreciation[12], interest[12],',
    '                depreciationOre, interestOre } }], frames: [{ responsibilityCode, amountOre, budgetOre, leftOre }], total }',
    '',
    '  Utfall: ekonomisystemets rader i kontoklass 1 på projektets kod i projektdimensionen, som `ramkoll import`',
    '  läser in (i samma inläsning som driftutfallet; ångras med den). Prognos: den angivna,',
    '  annars budgeten. Avvikelse = budget − prognos. Kapitaltjänst: linjär avskrivning per komponent från månaden',
    '  efter aktiveringen (den planerade om projektet inte är aktiverat) och internränta på bokfört värde vid',
    '  månadens början × årets internränta / 12, avrundat till hela ören per projekt och månad.',
  ].join('\n'),
  ...yearReport('investments.get', formatOverview),
};

export const investmentsCommands: readonly CliCommand[] = [investments];
