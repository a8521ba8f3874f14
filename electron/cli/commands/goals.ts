import type { GoalTree, IndicatorImportResult } from '../../api/contract/goals';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const LEVEL = { council: 'Inriktningsmål', board: 'Nämndmål', sub: 'Delmål', activity: 'Aktivitet' } as const;
const STATUS = { met: 'uppfyllt', partly_met: 'delvis uppfyllt', not_met: 'ej uppfyllt', not_started: 'ej påbörjat', done: 'genomförd', in_progress: 'pågår', unassessed: 'ej bedömt' } as const;
const ROUND = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad', none: 'ingen bedömning' } as const;

const num = (v: string) => v.replace('.', ',').replace('-', '−');

export function formatGoalTree(t: GoalTree): string {
  const lines = [`${t.occasion.name} (${t.occasion.periodName})`];
  for (const r of t.rows) {
    const a = r.assessment;
    // KF's inriktningsmål carry the förvaltning's assessment once the controller has written one.
    const state = r.level === 'council' && !a ? '' : a ? ` – ${a.status ? STATUS[a.status] : 'ingen status'} (${ROUND[a.roundStatus]})` : ' – ej bedömt';
    lines.push(`${'  '.repeat(r.depth)}${r.code} ${r.title} [${LEVEL[r.level]}, ${r.owner.code}]${state}`);
    for (const i of r.indicators) {
      const latest = i.latest ? `${num(i.latest.value)} ${i.unit} (${i.latest.date})` : 'inget värde';
      lines.push(`${'  '.repeat(r.depth + 1)}· ${i.name}: senast ${latest}, mål ${num(i.target.value)} ${i.unit} ${i.target.year}`);
    }
  }
  lines.push('', 'Antal per status:');
  for (const c of t.counts) {
    const parts = Object.entries(c.byStatus)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${STATUS[k as keyof typeof STATUS]} ${n}`);
    lines.push(`  ${LEVEL[c.level]}: ${c.total} (${parts.join(', ')})`);
  }
  return `${lines.join('\n')}\n`;
}

const treeCommand: CliCommand = {
  name: ['goals'],
  summary: 'målkedjan vid ett uppföljningstillfälle: status, bedömningar, styrtal och antal per status',
  usage: 'ramkoll goals --db DB --occasion ÅÅÅÅMM [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --occasion ÅÅÅÅMM    uppföljningstillfällets period, t.ex. 202608 för delårsrapporten',
    '  --json               skriv ett JSON-objekt: occasion, rows (målen i trädordning med parentId,',
    '                       assessment och indicators; värden är exakt decimaltext), owners och counts',
    '',
    'Se också "ramkoll goals import --help" för att läsa in styrtalsvärden.',
  ].join('\n'),
  options: { db: { type: 'string' }, occasion: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const period = intOption(args, 'occasion', 200001, 210012);
    if (period === undefined) throw new UsageError('--occasion saknas (perioden ÅÅÅÅMM, t.ex. 202608)');
    const tree = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('goals.tree', { period }));
    if (args.values.json) printJson(io, tree);
    else io.out(formatGoalTree(tree));
    return EXIT.ok;
  },
};

function formatImport(r: IndicatorImportResult): string {
  const lines = [
    `${r.fileName}: ${r.rows} rader; ${r.created} nya värden, ${r.updated} ändrade, ${r.unchanged} oförändrade${r.applied ? '' : ' (provkörning, inget sparat)'}`,
    ...r.series.map((s) => `  ${s.key}: ${s.values} värden ${s.from} – ${s.to}`),
    ...r.notes.map((n) => `  ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

const importCommand: CliCommand = {
  name: ['goals', 'import'],
  summary: 'läser in styrtalsvärden (t.ex. en Kolada-export) från CSV eller Excel',
  usage: 'ramkoll goals import FIL --db DB [--sheet BLAD] [--kommun KOMMUN] [--dry-run] [--json]',
  help: [
    '  FIL              CSV-, text-, xlsx- eller xls-fil med rubrikrad: Nyckeltal (Kolada-nyckel eller egen kod),',
    '                   Värde, och År eller Datum (ÅÅÅÅ-MM-DD); Kommun och Kön om filen har dem',
    '                   (bara kommunens rader och totalen läses in). Ett årsvärde dateras årets sista dag.',
    '  --db DB          databasfilen',
    '  --sheet BLAD     bladet i en Excel-fil (standard: första bladet med innehåll)',
    '  --kommun KOMMUN  kommunens namn eller kod i filen (standard: databasens kommun)',
    '  --dry-run        kontrollera filen och visa vad som skulle ändras, utan att ändra',
    '  --json           skriv resultatet som ett JSON-objekt',
    '',
    'Vid minsta fel ändras ingenting och alla fel listas med rad och kolumn. Före inläsningen tas en säkerhetskopia.',
  ].join('\n'),
  options: { db: { type: 'string' }, sheet: { type: 'string' }, kommun: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = required(args, 'db');
    const { sheet, kommun } = args.values;
    const result = await withDatabase(file, io, {}, (s) =>
      s.invoke('goals.import', {
        file: args.positionals[0]!,
        dryRun: Boolean(args.values['dry-run']),
        ...(typeof sheet === 'string' ? { sheet } : {}),
        ...(typeof kommun === 'string' ? { kommun } : {}),
      }),
    );
    if (args.values.json) printJson(io, result);
    else io.out(formatImport(result));
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const goalsCommands: readonly CliCommand[] = [treeCommand, importCommand];
