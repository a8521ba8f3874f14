import { isRamkollError, RamkollError } from '../../../db/errors';
import type { BudgetVersionInfo } from '../../api/features/budget';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase, type CliSession } from '../context';
import { EXIT, UsageError } from '../io';
import { oreToDecimalString } from '../../services/money';
import { formatDate } from '../../../shared/dates';

const KIND = { adopted: 'ursprunglig budget', revision: 'revidering', draft: 'arbetsversion' } as const;

function formatVersions(list: BudgetVersionInfo[]): string {
  if (list.length === 0) return 'Inga budgetversioner för året.\n';
  return (
    list
      .map((v) =>
        [
          v.id,
          `${v.name}${v.current ? ' (i kraft)' : ''}`,
          KIND[v.kind],
          v.lockedAt ? `beslutad ${v.decidedOn ?? formatDate(v.lockedAt)}${v.decisionRef ? `, ${v.decisionRef}` : ''}` : 'öppen',
          `${v.lines.toLocaleString('sv-SE')} rader`,
          ...(v.overFrame ? [`låst över ramen (${v.overFrame.nodes.length} ansvar, bekräftat av ${v.overFrame.by})`] : []),
        ].join('  '),
      )
      .join('\n') + '\n'
  );
}

/** "current" is the budget in force today (the original budget, or a decided revision from its decision date); anything else must be a version id. */
async function resolveVersion(s: CliSession, ref: string, year: number | undefined): Promise<BudgetVersionInfo> {
  const list = await s.invoke('budget.versions.list', year !== undefined ? { year } : {});
  const v = ref === 'current' ? list.find((x) => x.current) : list.find((x) => x.id === ref);
  if (!v) throw new RamkollError('NOT_FOUND', ref === 'current' ? 'Året har ingen budgetversion.' : `Det finns ingen budgetversion med id ${ref} för året; "ramkoll budget versions" listar dem.`);
  return v;
}

const versions: CliCommand = {
  name: ['budget', 'versions'],
  summary: 'budgetversionerna för ett år: beslutad (ursprunglig budget), revideringar och arbetsversioner; "(i kraft)" märker budgeten i kraft i dag',
  usage: 'ramkoll budget versions --db FIL [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db FIL      databasfilen',
    '  --year ÅÅÅÅ   året (standard: databasens aktiva år)',
    '  --json        skriv en JSON-lista; "overFrame" är null, eller för en version som låstes över ramen',
    '                {"by", "at", "nodes": [{"code", "name", "frameOre", "budgetedOre", "overOre"}]} (belopp i öre)',
  ].join('\n'),
  options: { db: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const year = intOption(args, 'year', 2000, 2100);
    const list = await withDatabase(required(args, 'db'), io, { readonly: true }, (s) => s.invoke('budget.versions.list', year !== undefined ? { year } : {}));
    if (args.values.json) printJson(io, list);
    else io.out(formatVersions(list));
    return EXIT.ok;
  },
};

const copy: CliCommand = {
  name: ['budget', 'copy'],
  summary: 'ny arbetsversion eller revidering som kopia av en annan version: rader, ramar, befattningar och VF-lista (säkerhetskopia först)',
  usage: 'ramkoll budget copy --db FIL --from ID|current --name NAMN [--kind draft|revision] [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db FIL          databasfilen',
    '  --from ID|current versionen som kopieras ("current" = budgeten i kraft i dag): dess budgetrader, ramar',
    '                    (budgetåret och flerårsplanens två planår), planårens antaganden, personalbudgetens',
    '                    befattningar (med markeringen av de rader de gav) och VF-lista (med effekt per år)',
    '  --name NAMN       den nya versionens namn',
    '  --kind            draft (arbetsversion, standard) eller revision',
    '  --year ÅÅÅÅ       året (standard: databasens aktiva år)',
    '  --json            skriv {"id", "copiedLines", "copiedFrames", "copiedPositions", "copiedPersonnelLines", "copiedChanges", "mergedLines"}',
    '',
    'En kodsträng finns på högst en rad i en version: rader i originalet med samma kodsträng (från en äldre databas eller',
    'ett utbyte) blir en rad i kopian, med beloppen och månaderna summerade exakt (mergedLines räknar dem).',
  ].join('\n'),
  options: { db: { type: 'string' }, from: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const year = intOption(args, 'year', 2000, 2100);
    const kind = args.values.kind ?? 'draft';
    if (kind !== 'draft' && kind !== 'revision') throw new UsageError(`--kind ska vara draft eller revision, inte "${String(kind)}"`);
    const from = required(args, 'from');
    const name = required(args, 'name');
    const r = await withDatabase(required(args, 'db'), io, {}, async (s) => {
      const base = await resolveVersion(s, from, year);
      return s.invoke('budget.versions.create', { year: base.year, name, kind, basedOnId: base.id });
    });
    if (args.values.json) printJson(io, r);
    else {
      const n = (x: number) => x.toLocaleString('sv-SE');
      io.out(`${r.id}  ${name}: ${n(r.copiedLines)} rader, ${n(r.copiedFrames)} ramar, ${n(r.copiedPositions)} befattningar och ${n(r.copiedChanges)} verksamhetsförändringar kopierade\n`);
      if (r.mergedLines > 0) io.out(`${n(r.mergedLines)} rader med samma kodsträng som en annan slogs ihop med den (beloppen summerade).\n`);
    }
    return EXIT.ok;
  },
};

const lock: CliCommand = {
  name: ['budget', 'lock'],
  summary: 'låser en version som beslutad, med beslutsreferens och beslutsdatum (kan sedan inte ändras)',
  usage: 'ramkoll budget lock --db FIL --version ID --decision "SN 2026-03-12 § 45" [--decided ÅÅÅÅ-MM-DD] [--over-ram-ok] [--json]',
  help: [
    '  --db FIL               databasfilen',
    '  --version ID           versionen som låses',
    '  --decision TEXT        beslutsreferensen',
    '  --decided ÅÅÅÅ-MM-DD   beslutsdatumet (standard: i dag); senast sista dagen i versionens år',
    '  --over-ram-ok          lås även om budgetraderna under något ansvar överstiger dess ram; vem, när och vilka',
    '                         ansvar med hur mycket sparas med versionen (se "ramkoll budget versions --json", fältet overFrame)',
    '  --json                 skriv {"kind", "overFrame"}: kind är adopted om året saknade beslutad budget, annars revision',
    '',
    'En låst revidering är budgeten i kraft från sitt beslutsdatum: uppföljningen av en period vars sista',
    'dag ligger på eller efter beslutsdatumet jämför mot revideringens rader (alla tolv månader) i stället',
    'för den ursprungliga budgetens; omfördelningar och budgetändringar (KF/KS) beslutade till och med',
    'periodens sista dag läggs till.',
    'Är något ansvar över sin ram låses versionen inte utan --over-ram-ok (slutkod 1, ansvaren listas).',
  ].join('\n'),
  options: { db: { type: 'string' }, version: { type: 'string' }, decision: { type: 'string' }, decided: { type: 'string' }, 'over-ram-ok': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const id = required(args, 'version');
    const decisionRef = required(args, 'decision');
    const decided = args.values.decided;
    if (decided !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(decided))) throw new UsageError(`--decided ska vara ett datum ÅÅÅÅ-MM-DD, inte "${String(decided)}"`);
    const overFrameOk = Boolean(args.values['over-ram-ok']);
    let r;
    try {
      r = await withDatabase(required(args, 'db'), io, {}, (s) =>
        s.invoke('budget.versions.lock', { id, decisionRef, overFrameOk, ...(decided !== undefined ? { decidedOn: String(decided) } : {}) }),
      );
    } catch (e) {
      // Nodes over their ram come back as a conflict naming each node: say how to lock all the same.
      if (overFrameOk || !isRamkollError(e) || e.code !== 'CONFLICT' || e.details.length === 0) throw e;
      io.err(`ramkoll: ${e.message}\nKör igen med --over-ram-ok för att låsa versionen ändå; bekräftelsen sparas med versionen.\n`);
      return EXIT.badInput;
    }
    if (args.values.json) printJson(io, r);
    else {
      io.out(`Låst som ${KIND[r.kind]} (${decisionRef}${decided !== undefined ? `, beslutad ${String(decided)}` : ''}).\n`);
      if (r.overFrame) io.out(`Låst över ramen, bekräftat av ${r.overFrame.by}: ${r.overFrame.nodes.map((n) => `${n.code} ${n.name} ${oreToDecimalString(n.overOre)} kr över`).join(', ')}.\n`);
    }
    return EXIT.ok;
  },
};

const frames: CliCommand = {
  name: ['budget', 'frames'],
  summary: 'ramarna per ansvar för budgetåret och flerårsplanens två planår: ram, ram i kraft (med budgetändringar), budget eller plan och skillnad',
  usage: 'ramkoll budget frames --db FIL [--version ID|current] [--year ÅÅÅÅ] [--as-of ÅÅÅÅ-MM-DD] [--json]',
  help: [
    '  --db FIL             databasfilen',
    '  --version ID|current versionen (standard: current, budgeten i kraft i dag)',
    '  --year ÅÅÅÅ          året (standard: databasens aktiva år)',
    '  --as-of ÅÅÅÅ-MM-DD   budgetändringar och omfördelningar beslutade till och med datumet (standard: årets sista dag)',
    '  --json               skriv {"versionId", "year", "years": [budgetår, planår 1, planår 2], "nodes": [{"code", "name",',
    '                       "frameOre", "frameInForceOre", "budgetedOre", "differenceOre", "changedOre", "planYears":',
    '                       [{"year", "frameOre", "changedOre", "frameInForceOre", "plannedOre", "differenceOre"}], …}], …}',
    '                       (belopp i öre; frameOre är null där ansvaret saknar ram för året)',
    '',
    'Planåren räknas fram ur budgetårets rader per ansvar och kontogrupp med planårens antaganden (löneökning,',
    'prisindex, volym) och de beslutade verksamhetsförändringarnas effekt per år; budgetändringar (KF/KS) för',
    'ett planår ingår i planårets ram i kraft.',
  ].join('\n'),
  options: { db: { type: 'string' }, version: { type: 'string' }, year: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const year = intOption(args, 'year', 2000, 2100);
    const asOf = args.values['as-of'];
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(asOf))) throw new UsageError(`--as-of ska vara ett datum ÅÅÅÅ-MM-DD, inte "${String(asOf)}"`);
    const ref = typeof args.values.version === 'string' ? args.values.version : 'current';
    const b = await withDatabase(required(args, 'db'), io, { readonly: true }, async (s) => {
      const v = await resolveVersion(s, ref, year);
      return s.invoke('planning.frames.get', { versionId: v.id, ...(asOf !== undefined ? { asOf: String(asOf) } : {}) });
    });
    if (args.values.json) {
      printJson(io, b);
      return EXIT.ok;
    }
    const k = (ore: number | null) => (ore === null ? '–' : oreToDecimalString(ore));
    io.out(`${b.versionName}: ramar i kraft per ${b.asOf} för ${b.years.join(', ')} (ram i kraft / budget eller plan)\n`);
    for (const n of b.nodes) {
      if (n.frameOre === null && n.planYears.every((y) => y.frameOre === null)) continue;
      const cells = [`${b.year}: ${k(n.frameInForceOre)} / ${k(n.budgetedOre)}`, ...n.planYears.map((y) => `${y.year}: ${k(y.frameInForceOre)} / ${k(y.plannedOre)}`)];
      io.out(`${'  '.repeat(n.depth)}${n.code} ${n.name}  ${cells.join('  ')}\n`);
    }
    return EXIT.ok;
  },
};

/** The commands of this feature (the planning helper's budget export/import live in planning.ts). */
export const budgetCommands: readonly CliCommand[] = [versions, copy, lock, frames];
