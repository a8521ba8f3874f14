import type { ForecastRound } from '../../api/features/chef-rounds';
import type { ParsedArgs } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError, type CliIO } from '../io';

/**
 * `ramkoll round --kind prognos`: the prognos round of an occasion. The
 * budget round (--kind budget) is its own module; `round` joins the two by
 * --kind (prognosRoundRun is what --kind prognos runs).
 */
const kr = (ore: number | null) => (ore === null ? '' : Math.round(ore / 100).toLocaleString('sv-SE'));
const STATUS: Record<string, string> = { draft: 'utkast', submitted: 'inlämnad', approved: 'godkänd', returned: 'återskickad' };
const COUNTED: Record<string, string> = { prognos: 'prognos', approved: 'senast godkänd (ändring ej godkänd)', earlier: 'controllerns tidigare prognos (ändring ej godkänd)', below: 'summan under (ej godkänd)', default: 'utfall ack + återstående budget (ej godkänd)' };

export function formatForecastRound(r: ForecastRound): string {
  const lines = [`Prognosomgång ${r.occasionName}${r.locked ? ' (låst)' : ''}`, ''];
  lines.push(`${'Ansvar'.padEnd(40)}${'Status'.padEnd(14)}${'Prognos'.padStart(16)}${'Godkänd'.padStart(16)}${'Räknas'.padStart(16)}  Räknas som`);
  for (const n of r.nodes) {
    const label = `${'  '.repeat(n.depth)}${n.code} ${n.name}`.slice(0, 39).padEnd(40);
    lines.push(`${label}${STATUS[n.status]!.padEnd(14)}${kr(n.prognosOre).padStart(16)}${kr(n.approvedOre).padStart(16)}${kr(n.countedOre).padStart(16)}  ${COUNTED[n.counted]}${n.changedSinceApproval ? ' (ändrad efter godkännandet)' : ''}`);
    if (n.status === 'returned' && n.returnNote) lines.push(`${''.padEnd(40)}återskickad: ${n.returnNote}`);
  }
  lines.push('', `Förvaltningens prognos (en chefs prognos räknas när den är godkänd): ${kr(r.countedTotalOre)} kr; arbetsprognos ${kr(r.prognosTotalOre)} kr.`);
  return `${lines.join('\n')}\n`;
}

export const PROGNOS_ROUND_HELP = [
  '  --occasion ÅÅÅÅMM  uppföljningstillfällets period (bara för --kind prognos)',
  '',
  '  --kind prognos: prognosomgången för ett tillfälle, per ansvar: status (draft utkast, submitted inlämnad,',
  '  approved godkänd, returned återskickad med meddelande), historiken (vem, när) och vad som räknas i',
  '  förvaltningens prognos. Nivån ovanför godkänner: verksamhetschefen enheternas prognos, sektorchefen',
  '  verksamheternas, controllern sektorernas och det som är kvar överst. Bara godkänd prognos räknas:',
  '  ett ansvar räknas med prognosen som den senast godkändes, annars summan av ansvaren under det, och en',
  '  enhet som aldrig har godkänts med sin budget. --json skriver { occasionId, occasionName, locked,',
  '  countedTotalOre, prognosTotalOre, nodes: [{ code, name, level, depth, status, returnNote, prognosOre,',
  '  approvedOre, countedOre, counted: prognos|approved|earlier|below|default, changedSinceApproval, canSubmit, canApprove,',
  '  history: [{ status, note, by, at }] }] } med belopp i öre.',
];

/** What `round --kind prognos` does. */
export async function prognosRoundRun(args: ParsedArgs, io: CliIO): Promise<number> {
  const file = required(args, 'db');
  const text = args.values.occasion;
  if (typeof text !== 'string' || !/^\d{6}$/.test(text) || Number(text) % 100 < 1 || Number(text) % 100 > 12) {
    throw new UsageError(`--occasion ska vara tillfällets period ÅÅÅÅMM, t.ex. 202610${typeof text === 'string' ? `, inte "${text}"` : ''}`);
  }
  const round = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('round.prognos.list', { period: Number(text) }));
  if (args.values.json) printJson(io, round);
  else io.out(formatForecastRound(round));
  return EXIT.ok;
}
