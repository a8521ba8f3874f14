import { RamkollError } from '../../../db/errors';
import type { BudgetVersionInfo } from '../../api/contract/budget';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase, type CliSession } from '../context';
import { EXIT, UsageError } from '../io';
import { formatDate } from '../../../shared/dates';

const KIND = { adopted: 'beslutad', revision: 'revidering', draft: 'arbetsversion' } as const;

function formatVersions(list: BudgetVersionInfo[]): string {
  if (list.length === 0) return 'Inga budgetversioner för året.\n';
  return (
    list
      .map((v) =>
        [
          v.id,
          `${v.name}${v.current ? ' (följs upp)' : ''}`,
          KIND[v.kind],
          v.lockedAt ? `låst ${formatDate(v.lockedAt)}${v.decisionRef ? `, ${v.decisionRef}` : ''}` : 'öppen',
          `${v.lines.toLocaleString('sv-SE')} rader`,
        ].join('  '),
      )
      .join('\n') + '\n'
  );
}

/** "current" is the version follow-up uses for the year; anything else must be a version id. */
async function resolveVersion(s: CliSession, ref: string, year: number | undefined): Promise<BudgetVersionInfo> {
  const list = await s.invoke('budget.versions.list', year !== undefined ? { year } : {});
  const v = ref === 'current' ? list.find((x) => x.current) : list.find((x) => x.id === ref);
  if (!v) throw new RamkollError('NOT_FOUND', ref === 'current' ? 'Året har ingen budgetversion.' : `Det finns ingen budgetversion med id ${ref} för året; "ramkoll budget versions" listar dem.`);
  return v;
}

const versions: CliCommand = {
  name: ['budget', 'versions'],
  summary: 'budgetversionerna för ett år: beslutad, revideringar och arbetsversioner',
  usage: 'ramkoll budget versions --db FIL [--year ÅÅÅÅ] [--json]',
  help: ['  --db FIL      databasfilen', '  --year ÅÅÅÅ   året (standard: databasens aktiva år)', '  --json        skriv en JSON-lista'].join('\n'),
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
    '  --from ID|current versionen som kopieras ("current" = den som följs upp): dess budgetrader, ramar,',
    '                    personalbudgetens befattningar (med markeringen av de rader de gav) och VF-lista',
    '  --name NAMN       den nya versionens namn',
    '  --kind            draft (arbetsversion, standard) eller revision',
    '  --year ÅÅÅÅ       året (standard: databasens aktiva år)',
    '  --json            skriv {"id", "copiedLines", "copiedFrames", "copiedPositions", "copiedPersonnelLines", "copiedChanges"}',
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
    }
    return EXIT.ok;
  },
};

const lock: CliCommand = {
  name: ['budget', 'lock'],
  summary: 'låser en version som beslutad, med beslutsreferens (kan sedan inte ändras)',
  usage: 'ramkoll budget lock --db FIL --version ID --decision "SN 2026-03-12 § 45" [--json]',
  help: [
    '  --db FIL         databasfilen',
    '  --version ID     versionen som låses',
    '  --decision TEXT  beslutsreferensen',
    '  --json           skriv {"kind"}: adopted om året saknade beslutad budget, annars revision',
  ].join('\n'),
  options: { db: { type: 'string' }, version: { type: 'string' }, decision: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const id = required(args, 'version');
    const decisionRef = required(args, 'decision');
    const r = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('budget.versions.lock', { id, decisionRef }));
    if (args.values.json) printJson(io, r);
    else io.out(`Låst som ${KIND[r.kind]} (${decisionRef}).\n`);
    return EXIT.ok;
  },
};

/** The commands of this feature (the planning helper's budget export/import live in planning.ts). */
export const budgetCommands: readonly CliCommand[] = [versions, copy, lock];
