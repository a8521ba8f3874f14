import type { ActionRound } from '../../api/features/action-plans';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const ROUND: Record<string, string> = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' };
const ACTION: Record<string, string> = { planned: 'planerad', in_progress: 'pågår', done: 'genomförd', not_done: 'ej genomförd' };
const kr = (ore: number) => `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(Math.round(ore / 100))} kr`;

export function formatActions(round: ActionRound): string {
  const out: string[] = [`Åtgärdsplaner, ${round.occasion.name} (${round.occasion.period})`];
  if (round.nodes.length === 0) out.push('Inga stora avvikelser och inga öppna åtgärder.');
  for (const n of round.nodes) {
    const dev = [`avvikelse ack ${kr(n.deviationAcc)}`, ...(n.deviationForecast === null ? [] : [`mot prognos ${kr(n.deviationForecast)}`])].join(', ');
    const plan = n.plan ? `åtgärdsplan ${ROUND[n.plan.status]}${n.plan.returnNote ? ` (återskickad: ${n.plan.returnNote})` : ''}` : n.large ? 'ÅTGÄRDSPLAN SAKNAS' : 'ingen åtgärdsplan';
    out.push('', `${n.code} ${n.name}: ${n.large ? 'stor avvikelse, ' : ''}${dev}; ${n.planMissing && n.plan ? 'ÅTGÄRDSPLAN SAKNAS (planen har inga åtgärder)' : plan}`);
    for (const i of n.plan?.items ?? []) out.push(`    - ${i.what} (${i.owner}, senast ${i.dueDate}${i.effectOre === null ? '' : `, effekt ${kr(i.effectOre)}`}): ${ACTION[i.status]}`);
    if (n.earlier.length > 0) out.push('    Uppföljning av tidigare åtgärder:');
    for (const e of n.earlier) {
      const steps = [`${e.plan.occasionName}: ${ACTION[e.status]}`, ...e.history.map((h) => `${h.occasionName}: ${ACTION[h.status]}`)];
      out.push(`    - ${e.what} (${e.owner}, senast ${e.dueDate}); ${steps.join(' → ')} → nu: ${e.followup ? `${ACTION[e.followup.status]}${e.followup.comment ? ` – ${e.followup.comment}` : ''}` : 'inte uppföljd ännu'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const actions: CliCommand = {
  name: ['actions'],
  summary: 'åtgärdsplanerna för ett uppföljningstillfälle: stora avvikelser, planernas åtgärder och uppföljningen av tidigare tillfällens öppna åtgärder',
  usage: 'ramkoll actions --db DB --occasion ÅÅÅÅMM [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --occasion ÅÅÅÅMM    tillfällets period, t.ex. 202608 för delårsrapporten per augusti',
    '  --json               skriv ett JSON-objekt: { occasion: { id, name, period, kind, lockedAt }, nodes: [',
    '                         { code, name, level, depth, large, deviationAcc, deviationForecast, planMissing,',
    '                           plan: { id, status, returnNote, author, updatedAt, items: [',
    '                             { id, what, owner, dueDate, effectOre, status } ] } | null,',
    '                           earlier: [ { id, what, owner, dueDate, effectOre, status, currentStatus,',
    '                             plan: { id, occasionName, period, status }, history: [ { occasionId,',
    '                             occasionName, period, status, comment, author, updatedAt } ], followup } ],',
    '                           canWrite, canApprove } ] }',
    '',
    '  En stor avvikelse är en negativ avvikelse (ack, eller budget mot prognos) som når nivåns tröskel för',
    '  kommentarer (Uppföljning › Årshjul); den behöver en åtgärdsplan (planMissing: true när den saknas).',
    '  Belopp i öre; avvikelse = budget − utfall (negativ är ogynnsam). Planens status är draft (utkast),',
    '  ready (klar), approved (godkänd) eller returned (återskickad); en åtgärds status planned (planerad),',
    '  in_progress (pågår), done (genomförd) eller not_done (ej genomförd). earlier är tidigare tillfällens',
    '  åtgärder som var öppna när tillfället kom: de följs upp tills de är genomförda eller ej genomförda.',
    '  I en sektorchefs installation visas sektorns egna ansvar.',
  ].join('\n'),
  options: { db: { type: 'string' }, occasion: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const text = required(args, 'occasion');
    if (!/^\d{6}$/.test(text) || Number(text) % 100 < 1 || Number(text) % 100 > 12) throw new UsageError(`--occasion ska vara ÅÅÅÅMM, t.ex. 202608, inte "${text}"`);
    const round = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('actions.list', { period: Number(text) }));
    if (args.values.json) printJson(io, round);
    else io.out(formatActions(round));
    return EXIT.ok;
  },
};

export const actionCommands: readonly CliCommand[] = [actions];
