import type { CliDeviationRow } from '../../api/features/followup';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const kr = (ore: number | null) => (ore === null ? '' : Math.round(ore / 100).toLocaleString('sv-SE'));
const STATUS: Record<string, string> = { missing: 'saknas', draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' };

export function formatDeviations(rows: CliDeviationRow[]): string {
  const depth = new Map<string, number>();
  const lines = [
    `${'Ansvar'.padEnd(44)}${'Budget helår'.padStart(16)}${'Budget ack'.padStart(16)}${'Utfall ack'.padStart(16)}${'Avvikelse ack'.padStart(16)}${'Prognos helår'.padStart(16)}  Kommentar`,
  ];
  for (const r of rows) {
    const d = r.parent === null ? 0 : (depth.get(r.parent) ?? 0) + 1;
    if (r.level !== 'direct' && r.level !== 'unknown') depth.set(r.code, d);
    const label = `${'  '.repeat(d)}${r.level === 'direct' || r.level === 'unknown' ? r.name : `${r.code} ${r.name}`}`;
    lines.push(
      `${label.slice(0, 43).padEnd(44)}${kr(r.budgetYear).padStart(16)}${kr(r.budgetAcc).padStart(16)}${kr(r.actualAcc).padStart(16)}${kr(r.deviationAcc).padStart(16)}${kr(r.forecastYear).padStart(16)}  ${r.commentStatus ? STATUS[r.commentStatus] : ''}`,
    );
  }
  lines.push('Belopp i kr. Avvikelse = budget − utfall (positiv är gynnsam).');
  return `${lines.join('\n')}\n`;
}

export const deviationsCommand: CliCommand = {
  name: ['deviations'],
  summary: 'avvikelser per ansvar för en period: budget, utfall, fjolår, prognos och kommentarsstatus',
  usage: 'ramkoll deviations --db FIL --period ÅÅÅÅMM [--level sector|operation|unit] [--json]',
  help: [
    '  --db FIL          databasfilen',
    '  --period ÅÅÅÅMM   perioden (ackumulerat från januari till och med den)',
    '  --level NIVÅ      skriv noderna ned till och med nivån: sector, operation eller unit (standard: alla)',
    '  --json            skriv en JSON-lista, en rad per nod:',
    '                    {"code","name","level","parent","budgetYear","budgetAcc","actualAcc","deviationAcc",',
    '                     "actualAccLastYear","forecastYear","deviationForecast","commentStatus"}',
    '',
    'Belopp i öre. deviationAcc = budgetAcc − actualAcc och deviationForecast = budgetYear − forecastYear',
    '(positivt är gynnsamt); forecastYear är null när inget tillfälle till och med perioden har prognos.',
    'level är administration, sector, operation, unit, "direct" (belopp bokade direkt på en nod med noder',
    'under sig) eller "unknown" (ansvar som saknas i organisationen). commentStatus är draft, ready,',
    'approved, returned, "missing" (kommentar krävs men saknas) eller null. Budgeten är budgeten i kraft',
    'på periodens sista dag: den ursprungliga budgeten, från sitt beslutsdatum ersatt av en beslutad',
    'revidering (då med revideringens alla månader), plus omfördelningar och budgetändringar (KF/KS)',
    'beslutade till och med den dagen (fördelade jämnt från beslutsmånaden). Ett låst tillfälle visar',
    'siffrorna som de var när det låstes.',
    'I en sektorchefs installation är sektorn översta raden, med controllerns siffror för den.',
  ].join('\n'),
  options: { db: { type: 'string' }, period: { type: 'string' }, level: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const periodText = required(args, 'period');
    if (!/^\d{6}$/.test(periodText) || Number(periodText) % 100 < 1 || Number(periodText) % 100 > 12) {
      throw new UsageError(`--period ska vara ÅÅÅÅMM, t.ex. 202610, inte "${periodText}"`);
    }
    const level = args.values.level;
    if (level !== undefined && level !== 'sector' && level !== 'operation' && level !== 'unit') {
      throw new UsageError(`--level ska vara sector, operation eller unit, inte "${String(level)}"`);
    }
    const rows = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('followup.deviations.list', { period: Number(periodText), level: level ?? null }));
    if (args.values.json) printJson(io, rows);
    else io.out(formatDeviations(rows));
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const followupCommands: readonly CliCommand[] = [deviationsCommand];
