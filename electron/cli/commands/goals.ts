import type { ComparisonView, GoalTree, IndicatorImportResult } from '../../api/features/goals';
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
    'Se också "ramkoll goals import --help" för att läsa in styrtalsvärden och "ramkoll goals comparison --help"',
    'för styrtalen bredvid andra kommuner (Kolada).',
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
    ...(r.comparison.rows > 0
      ? [
          `  Jämförelsevärden: ${r.comparison.rows} rader för ${r.comparison.municipalities} kommuner, regioner, riket och kommungrupper (kommun ${r.comparison.byKind.kommun}, region ${r.comparison.byKind.region}, riket ${r.comparison.byKind.riket}, kommungrupp ${r.comparison.byKind.grupp}); ${r.comparison.created} nya, ${r.comparison.updated} ändrade, ${r.comparison.unchanged} oförändrade`,
        ]
      : []),
    ...r.notes.map((n) => `  ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

const importCommand: CliCommand = {
  name: ['goals', 'import'],
  summary: 'läser in styrtalsvärden (t.ex. en Kolada-export) från CSV, Excel eller Koladas JSON',
  usage: 'ramkoll goals import FIL --db DB [--sheet BLAD] [--kommun KOMMUN] [--dry-run] [--json]',
  help: [
    '  FIL              CSV-, text-, xlsx- eller xls-fil med rubrikrad: Nyckeltal (Kolada-nyckel eller egen kod),',
    '                   Värde, och År eller Datum (ÅÅÅÅ-MM-DD); Kommun, Kommun-id och Kön om filen har dem.',
    '                   Eller en .json-fil sparad från Koladas API (v2 data/kpi/…/municipality/…/year/…).',
    '                   Kommunens totaler (T) blir styrtalens värden; ett årsvärde dateras årets sista dag.',
    '                   Övriga rader (andra kommuner, regionen, riket, kommungrupper och kommunens värden',
    '                   för kvinnor och män) sparas som jämförelsevärden; se "ramkoll goals comparison".',
    '  --db DB          databasfilen',
    '  --sheet BLAD     bladet i en Excel-fil (standard: första bladet med innehåll)',
    '  --kommun KOMMUN  kommunens namn eller Kolada-id i filen (standard: databasens kommun; en JSON-fil',
    '                   kräver id:t, t.ex. 2083, här eller sparat med "ramkoll goals comparison --kommun-id")',
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

const GENDER = { T: 'totalt', K: 'kvinnor', M: 'män' } as const;

export function formatComparison(v: ComparisonView): string {
  const show = (x: string | null) => (x === null ? '–' : num(x));
  const lines = [
    `Kommunens Kolada-id: ${v.kommunCode || 'inte angivet'}`,
    `Jämförelsegrupp: ${v.groupLabel ?? 'ingen vald'}${v.regionName ? `; region: ${v.regionName}` : ''}`,
  ];
  if (v.series.length === 0) lines.push('Inga jämförelsevärden är inlästa (ramkoll goals import en Kolada-fil).');
  for (const s of v.series) {
    for (const [g, years] of Object.entries(s.byGender)) {
      lines.push('', `${s.seriesKey}, ${GENDER[g as keyof typeof GENDER]}:`, '  År    Kommunen  Gruppen  Regionen  Riket');
      for (const y of years) lines.push(`  ${y.year}  ${show(y.ours).padStart(8)}  ${show(y.group).padStart(7)}  ${show(y.region).padStart(8)}  ${show(y.riket).padStart(5)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const comparisonCommand: CliCommand = {
  name: ['goals', 'comparison'],
  summary: 'styrtalen bredvid jämförelsegruppen, regionen och riket per år och kön (Kolada); väljer gruppen',
  usage: 'ramkoll goals comparison --db DB [--kommun-id ID] [--group G-ID | --kommuner ID,ID,… | --no-group] [--series NYCKEL,…] [--json]',
  help: [
    '  --db DB            databasfilen',
    '  --kommun-id ID     spara kommunens Kolada-id (fyra siffror, t.ex. 2083)',
    '  --group G-ID       jämför med en kommungrupp som Kolada publicerar (id som börjar med G)',
    '  --kommuner ID,…    jämför med medianen av de här kommunernas värden (exakt, över dem som har ett värde det året)',
    '  --no-group         ingen jämförelsegrupp (regionen och riket visas ändå)',
    '  --series NYCKEL,…  bara de här styrtalen (standard: alla med jämförelsevärden)',
    '  --json             skriv ett JSON-objekt: kommunCode, group, groupLabel, regionName, choices',
    '                     (grupper och kommuner i de inlästa filerna) och series (per kön och år: ours,',
    '                     group, groupCount, region, riket; värden är exakt decimaltext)',
    '',
    'Att välja grupp kräver controllerns roll. Värdena läses in med "ramkoll goals import".',
  ].join('\n'),
  options: { db: { type: 'string' }, 'kommun-id': { type: 'string' }, group: { type: 'string' }, kommuner: { type: 'string' }, 'no-group': { type: 'boolean' }, series: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const { group, kommuner, series } = args.values;
    const kommunId = args.values['kommun-id'];
    const choices = [typeof group === 'string', typeof kommuner === 'string', Boolean(args.values['no-group'])].filter(Boolean).length;
    if (choices > 1) throw new UsageError('välj en av --group, --kommuner och --no-group');
    const change = choices > 0 || typeof kommunId === 'string';
    const seriesKeys = typeof series === 'string' ? series.split(',').map((x) => x.trim()).filter((x) => x !== '') : undefined;
    const view = await withDatabase(file, io, { readonly: !change }, async (s) => {
      if (change) {
        const now = await s.invoke('goals.comparison', {});
        const kept = now.group;
        await s.invoke('goals.comparison.save', {
          kommunCode: typeof kommunId === 'string' ? kommunId : now.kommunCode,
          group:
            typeof group === 'string'
              ? { kind: 'grupp', code: group.trim() }
              : typeof kommuner === 'string'
                ? { kind: 'kommuner', codes: kommuner.split(',').map((x) => x.trim()).filter((x) => x !== '') }
                : args.values['no-group']
                  ? null
                  : kept,
        });
      }
      return s.invoke('goals.comparison', seriesKeys ? { seriesKeys } : {});
    });
    if (args.values.json) printJson(io, view);
    else io.out(formatComparison(view));
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const goalsCommands: readonly CliCommand[] = [treeCommand, importCommand, comparisonCommand];
