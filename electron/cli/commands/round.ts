import type { BudgetRoundOverview } from '../../api/features/budget-round';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';
import { PROGNOS_ROUND_HELP, prognosRoundRun } from './round-prognos';

const kr = (ore: number | null) => (ore === null ? '–' : `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(Math.round(ore / 100))} kr`);

function formatBudget(r: BudgetRoundOverview): string {
  const lines = [`Budgetrunda i ${r.versionName} (${r.year})${r.locked ? ', låst' : ''}, i dag ${r.today}`, ''];
  if (r.nodes.length === 0) lines.push('  Inga förslag och inga chefer i rundan.');
  for (const n of r.nodes) {
    const over = n.overFrameOre > 0 ? `, ${kr(n.overFrameOre)} ÖVER RAMEN` : '';
    lines.push(
      `  ${n.code} ${n.name}: ${n.statusName}${n.late ? ' (FÖRSENAD)' : ''}, sista dag ${n.deadline ?? '–'}, ram ${kr(n.frameOre)}, förslag ${kr(n.proposedOre)}, skillnad mot versionen ${kr(n.differenceOre)}${over}`,
    );
    if (n.returnNote && n.status === 'returned') lines.push(`      återskickad med: ${n.returnNote}`);
    for (const e of n.history) lines.push(`      ${e.at.slice(0, 16).replace('T', ' ')} UTC  ${e.actionName} av ${e.author} (${e.site})${e.note ? ` – ${e.note}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

const round: CliCommand = {
  name: ['round'],
  summary: 'en runda per ansvar: inlämnat, godkänt eller återskickat, med historiken (budget: ram, förslag och skillnad mot versionen; prognos: vad som räknas)',
  usage: 'ramkoll round --db DB --kind budget [--version ID] [--json]\n       ramkoll round --db DB --kind prognos --occasion ÅÅÅÅMM [--json]',
  help: [
    '  --db DB        databasfilen',
    '  --kind budget  budgetrundan: chefernas budgetförslag per ansvar i en arbetsversion',
    '  --version ID   budgetversionen (standard: den nyaste olåsta versionen med en runda, annars den nyaste olåsta)',
    '  --json         skriv ett JSON-objekt: { kind, versionId, versionName, year, locked, today, nodes: [{ code, name,',
    '                 level, status (draft|submitted|approved|returned|missing), statusName, handedIn, deadline, late,',
    '                 frameOre, versionOre, proposedOre, differenceOre, overFrameOre, pendingLines, pendingChanges,',
    '                 returnNote, history: [{ action, actionName, status, note, overFrameOre, author, site, at }] }] }',
    '',
    '  Ansvaren är de som har ett förslag och de chefer installationen utbyter paket med. Sista dag är',
    '  detaljbudgetens steg i budgetprocessen (årshjulet) för ansvarets nivå. proposedOre är ansvarets helår',
    '  med förslagets ej godkända rader; differenceOre är vad ett godkännande skulle ändra. Belopp i öre.',
    '',
    ...PROGNOS_ROUND_HELP,
  ].join('\n'),
  options: { db: { type: 'string' }, kind: { type: 'string' }, version: { type: 'string' }, occasion: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const kind = required(args, 'kind');
    if (kind === 'prognos') return prognosRoundRun(args, io);
    if (kind !== 'budget') throw new UsageError(`--kind ska vara budget eller prognos, inte "${kind}"`);
    const file = required(args, 'db');
    const version = typeof args.values.version === 'string' ? args.values.version : undefined;
    const result = await withDatabase(file, io, {}, (s) => s.invoke('budgetRound.overview', version !== undefined ? { versionId: version } : {}));
    if (args.values.json) printJson(io, result);
    else io.out(formatBudget(result));
    return EXIT.ok;
  },
};

/** The round command: statuses per node of a round, the budget kind here and the prognos kind from round-prognos.ts. */
export const roundCommands: readonly CliCommand[] = [round];
