/**
 * A hostile peer (issue 14): fast-check writes packages signed with a real
 * sektorchef's key (sektor Ett, 9100) – random tables, rows inside and
 * outside its sektor, random fields and values, versions from the past and
 * the future, base and resolves lists, rows of a locked occasion, budget
 * changes (KF's decisions, which only a controller or Ekonomi records), new keys,
 * roles, scopes and names – and the controller reads them in through the
 * handler the Utbyte page uses. After each import:
 *
 * 1. nothing the sektorchef may not change has changed: a hash of every row
 *    outside its rights (worked out here from the organisation, not asked of
 *    Ramkoll) is the same as before, and within its rights it set no value
 *    its role may not set;
 * 2. the controller's clock is within a day of this computer's and its
 *    counter within its width;
 * 3. the controller's next package to the sektorchef holds only rows the
 *    sektorchef may see.
 *
 * RAMKOLL_HOSTILE_RUNS (or RAMKOLL_PROPERTY_RUNS) sets the number of runs,
 * RAMKOLL_PROPERTY_SEED the seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { invoke } from '../../electron/api/invoke';
import { saveBudgetChange } from '../../electron/services/budget/changes';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { MAX_COUNTER } from '../../electron/services/exchange/hlc';
import { readPackage, type WireChange } from '../../electron/services/exchange/package-file';
import { EXCHANGED_TABLES } from '../../electron/services/exchange/registry';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { naturalId, newId } from '../../electron/services/ids';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, insertComment, insertForecast, receive, setCommentField, siteContext, siteId, subtree, SMALL_ORG } from '../support/exchange';
import { clockOf, forge, newKey, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

const SECTOR = '9100';
const CODES = [...subtree(SMALL_ORG, SECTOR)];
const DAY = 86_400_000;

// ---- The sektorchef's rights and view, written out here (the oracle), not taken from Ramkoll. ----

const inSector = (col: string) => `${col} IN (SELECT value FROM json_each('${JSON.stringify(CODES)}'))`;
const codeOf = (idCol: string) => `(SELECT code FROM dimension_value WHERE id = ${idCol})`;
const openOccasion = (col: string) => `(SELECT locked_at FROM reporting_occasion WHERE id = ${col}) IS NULL`;
const goalsW = `SELECT g.id FROM goal g WHERE ${inSector(codeOf('g.owner_id'))} AND g.level <> 'council'`;
const assessmentsW = `SELECT a.id FROM goal_assessment a WHERE a.goal_id IN (${goalsW}) AND ${openOccasion('a.occasion_id')}`;

/** The rows a sektorchef for 9100 may change: its sektor's comments, forecasts and goal chain, outside locked occasions. */
const WRITABLE: Record<string, string> = {
  deviation_comment: `SELECT r.id FROM deviation_comment r WHERE ${inSector(codeOf('r.responsibility_id'))} AND ${openOccasion('r.occasion_id')}`,
  forecast: `SELECT r.id FROM forecast r WHERE ${inSector(codeOf('r.responsibility_id'))} AND ${openOccasion('r.occasion_id')}`,
  goal: goalsW,
  indicator: `SELECT i.id FROM indicator i WHERE i.goal_id IN (${goalsW})`,
  indicator_value: `SELECT x.id FROM indicator_value x WHERE x.series_key IN (SELECT series_key FROM indicator WHERE goal_id IN (${goalsW}))`,
  goal_assessment: assessmentsW,
  goal_assessment_event: `SELECT e.id FROM goal_assessment_event e WHERE e.assessment_id IN (${assessmentsW})`,
};

/** How each table a sektorchef sees only in part maps to ansvar codes; tables it never gets; the rest it gets whole. */
const SCOPED: Record<string, string> = {
  frame: `SELECT ${codeOf('r.responsibility_id')} FROM frame r WHERE r.id = ?`,
  budget_line: 'SELECT c.responsibility_code FROM budget_line r JOIN coding c ON c.id = r.coding_id WHERE r.id = ?',
  reallocation: `SELECT ${codeOf('r.from_responsibility_id')} FROM reallocation r WHERE r.id = ? UNION ALL SELECT ${codeOf('r.to_responsibility_id')} FROM reallocation r WHERE r.id = ?`,
  personnel_position: `SELECT ${codeOf('r.responsibility_id')} FROM personnel_position r WHERE r.id = ?`,
  budget_change_amount: `SELECT ${codeOf('r.responsibility_id')} FROM budget_change_amount r WHERE r.id = ?`,
  operational_change: `SELECT ${codeOf('r.responsibility_id')} FROM operational_change r WHERE r.id = ?`,
  forecast: `SELECT ${codeOf('r.responsibility_id')} FROM forecast r WHERE r.id = ?`,
  deviation_comment: `SELECT ${codeOf('r.responsibility_id')} FROM deviation_comment r WHERE r.id = ?`,
  goal_assessment: `SELECT ${codeOf('g.owner_id')} FROM goal_assessment r JOIN goal g ON g.id = r.goal_id WHERE r.id = ?`,
  goal_assessment_event: `SELECT ${codeOf('g.owner_id')} FROM goal_assessment_event r JOIN goal_assessment a ON a.id = r.assessment_id JOIN goal g ON g.id = a.goal_id WHERE r.id = ?`,
};
const NEVER_SEEN = new Set(['personnel_budget_line', 'export_profile', 'ledger_profile']);

function writable(ctx: TestContext): Map<string, Set<string>> {
  return new Map(Object.entries(WRITABLE).map(([t, sql]) => [t, new Set(ctx.db.prepare(sql).pluck().all() as string[])]));
}

/** Every row of every table but the exchange's own bookkeeping, by table and key, as JSON. */
type Dump = Map<string, Map<string, string>>;

function dump(ctx: TestContext, sender: string): Dump {
  const out: Dump = new Map();
  const tables = ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'xchg\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
  for (const t of tables) {
    const rows = new Map<string, string>();
    for (const r of ctx.db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
      // The name and key of its own site row are the user's to accept.
      const row = t === 'site' && r.id === sender ? { ...r, name: null, public_key: null, updated_at: null } : r;
      const json = JSON.stringify(row);
      const key = t === 'change_log' ? `${String(r.table_name)}\u0000${String(r.row_id)}\u0000${json}` : typeof r.id === 'string' || typeof r.key === 'string' ? String(r.id ?? r.key) : json;
      rows.set(key, json);
    }
    out.set(t, rows);
  }
  return out;
}

/**
 * What changed outside the sektorchef's rights between two dumps: a row it may change neither before nor after must
 * be as it was, and so must a row that moved into or out of its rights (it may not move rows across them), except a
 * styrtal value, whose owner is whoever follows its series (the sektorchef may make its own styrtal follow another).
 */
function outsideRights(before: Dump, after: Dump, wBefore: Map<string, Set<string>>, wAfter: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const [t, rowsBefore] of before) {
    const rowsAfter = after.get(t)!;
    for (const key of new Set([...rowsBefore.keys(), ...rowsAfter.keys()])) {
      const a = rowsBefore.get(key);
      const b = rowsAfter.get(key);
      if (a === b) continue;
      const inB = wBefore.get(t)?.has(key) ?? false;
      const inA = wAfter.get(t)?.has(key) ?? false;
      if (inB && inA) continue;
      if (t === 'indicator_value' && inA) continue;
      if (t === 'change_log') {
        const [table, row] = key.split('\u0000') as [string, string];
        if (wBefore.get(table)?.has(row) || wAfter.get(table)?.has(row)) continue;
      }
      out.push(`${t} ${key.slice(0, 80)}: ${a ?? '(ingen)'} → ${b ?? '(ingen)'}`);
    }
  }
  return out;
}

/** Values a sektorchef may not set even on rows it may change: approving its own sektor's comment, or a nämndmål's assessment. */
function valueRules(ctx: TestContext): string[] {
  return [
    ...(ctx.db.prepare(`SELECT 'kommentar ' || id || ' ' || status FROM deviation_comment WHERE ${codeOf('responsibility_id')} = '${SECTOR}' AND status IN ('approved', 'returned')`).pluck().all() as string[]),
    ...(ctx.db
      .prepare(`SELECT 'bedömning ' || a.id || ' ' || a.round_status FROM goal_assessment a JOIN goal g ON g.id = a.goal_id WHERE g.level = 'board' AND a.round_status IN ('approved', 'returned')`)
      .pluck()
      .all() as string[]),
  ];
}

/** The rows of a package the sektorchef may not see (with why), by the view above. */
function unseeable(ctx: TestContext, file: string): string[] {
  const p = readPackage(file).payload;
  const out: string[] = [];
  for (const [t, id] of [...new Set(p.changes.map((c) => `${c[0]}\u0000${c[1]}`))].map((k) => k.split('\u0000') as [string, string])) {
    if (NEVER_SEEN.has(t)) out.push(`${t} ${id}: never to a sektorchef`);
    else if (SCOPED[t]) {
      const sql = SCOPED[t];
      const codes = ctx.db.prepare(sql).pluck().all(...(t === 'reallocation' ? [id, id] : [id])) as (string | null)[];
      if (!codes.some((c) => c !== null && CODES.includes(c))) out.push(`${t} ${id}: ${codes.join(',') || 'no row'}`);
    }
  }
  for (const r of p.outcome?.rows ?? []) if (!CODES.includes(r[1])) out.push(`utfall ${r[1]}`);
  return out;
}

// ---- The world: a controller with the small förvaltning, goals, two occasions (October locked), and the sektorchef. ----

interface Template {
  dir: string;
  controller: string;
  chief: TestContext;
  chiefId: string;
  controllerId: string;
  /** Row ids at the controller per table (inside and outside the sektor), and a few new ones. */
  pool: Map<string, string[]>;
  /** The rows of each table the sektorchef may change, by the oracle. */
  own: Map<string, string[]>;
  /** Versions of the open conflict at the controller (the sektorchef's and its own). */
  conflict: string[];
  conflictRow: string;
}

let T: Template;

function goal(db: TestContext['db'], site: string, level: string, parent: string | null, owner: string, code: string): string {
  const id = newId();
  db.prepare(
    "INSERT INTO goal (id, level, parent_id, code, title, description, owner_id, valid_from_year, sort_order, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, ?, '', ?, 2026, 0, 'x', 'x', ?)",
  ).run(id, level, parent, code, `Mål ${code}`, naturalId('ansvar', owner), site);
  return id;
}

async function template(): Promise<Template> {
  const dir = tempDir('ramkoll-xhostile-prop-');
  const c = await siteContext(path.join(dir, 'controller.db'), 'controller', null, 'Controller');
  const a = await siteContext(path.join(dir, 'chief.db'), 'sektorchef', SECTOR, 'Sektorchef Ett');
  const cs = siteId(c);
  const data = createSmallForvaltning(c.db, cs);
  const november = newId();
  c.db
    .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202611, 'monthly', 'November 2026', 'x', 'x', ?)")
    .run(november, cs);
  const comments: [string, string, 'draft' | 'ready' | 'approved'][] = [
    ['91101', 'orsak enhet', 'draft'],
    ['9100', 'sektorns orsak', 'ready'],
    ['92101', 'annan sektor', 'draft'],
    ['9200', 'annan sektor', 'approved'],
    ['9000', 'förvaltningen', 'ready'],
  ];
  for (const [unit, cause, status] of comments) insertComment(c.db, cs, november, unit, cause, status);
  for (const unit of ['91101', '91102', '92101']) insertForecast(c.db, cs, november, unit, 'other_cost', 10_000_00);
  const council = goal(c.db, cs, 'council', null, '9000', 'K1');
  const board = goal(c.db, cs, 'board', council, '9000', 'N1');
  const ownBoard = goal(c.db, cs, 'board', council, SECTOR, 'N2');
  const sub1 = goal(c.db, cs, 'sub', board, SECTOR, 'D1');
  const sub2 = goal(c.db, cs, 'sub', board, '9200', 'D2');
  goal(c.db, cs, 'activity', sub1, '91101', 'A1');
  for (const [g, key] of [
    [sub1, 'EGEN1'],
    [sub2, 'EGEN2'],
  ] as const) {
    c.db
      .prepare("INSERT INTO indicator (id, goal_id, name, unit, direction, source, series_key, target_value, target_year, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, '%', 'higher', 'own', ?, '50', 2026, 'x', 'x', ?)")
      .run(newId(), g, `Styrtal ${key}`, key, cs);
    c.db.prepare("INSERT INTO indicator_value (id, series_key, measured_on, value, created_at, updated_at, updated_by_site) VALUES (?, ?, '2026-06-30', '40', 'x', 'x', ?)").run(newId(), key, cs);
  }
  for (const occasion of [data.occasionId, november]) {
    for (const g of [board, ownBoard, sub1, sub2]) {
      const id = newId();
      c.db.prepare("INSERT INTO goal_assessment (id, occasion_id, goal_id, text, round_status, author, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, 'bedömt', 'ready', 'c', 'x', 'x', ?)").run(id, occasion, g, cs);
      c.db
        .prepare("INSERT INTO goal_assessment_event (id, assessment_id, action, round_status, text, author, created_at, updated_at, updated_by_site) VALUES (?, ?, 'ready', 'ready', 'bedömt', 'c', 'x', 'x', ?)")
        .run(newId(), id, cs);
    }
  }
  // A KF decision on a unit of the sektor and one outside it, so budget changes travel and can be forged.
  saveBudgetChange(
    c.db,
    { year: 2026, kind: 'supplementary', decisionRef: 'KF 2026-06-15 § 87', decidedOn: '2026-06-15', text: 'Tilläggsanslag', amounts: [{ code: '91101', amountOre: 500_000_00 }, { code: '92101', amountOre: 300_000_00 }] },
    { siteId: cs, user: 'c', at: c.now().toISOString() },
    'controller',
  );
  // Each accepts the other, the sektorchef gets its part, and October is reported (locked) on both.
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(a.db, intro, a.now());
  await receive(c, intro);
  const send = async (from: TestContext, to: TestContext, name: string) => {
    const f = path.join(dir, `${name}.ramkoll`);
    exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
    return receive(to, f);
  };
  await send(c, a, 'forsta');
  lockOccasion(c.db, { siteId: cs, user: 'c', role: 'controller', scopeCode: null, now: c.now() }, data.occasionId);
  await send(c, a, 'las');
  // A conflict at the controller, for resolutions to name.
  const conflictRow = c.db.prepare('SELECT id FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?').pluck().get(november, naturalId('ansvar', '91101')) as string;
  setCommentField(c.db, cs, conflictRow, 'cause', 'controllerns');
  setCommentField(a.db, siteId(a), conflictRow, 'cause', 'sektorchefens');
  expect((await send(a, c, 'konflikt')).conflicts).toBe(1);
  const conflict = (JSON.parse(c.db.prepare("SELECT candidates FROM xchg_conflict WHERE status = 'open'").pluck().get() as string) as { version: string }[]).map((x) => x.version);

  const pool = new Map<string, string[]>();
  for (const t of EXCHANGED_TABLES) {
    const ids = c.db.prepare(`SELECT ${t.key} FROM ${t.table} ORDER BY 1 LIMIT 40`).pluck().all() as string[];
    pool.set(t.table, [...ids, `ny-${t.table}-1`.slice(0, 60), newId()]);
  }
  const own = new Map([...writable(c)].map(([t, ids]) => [t, [...ids].sort()]));
  const controller = c.db.file;
  c.db.close();
  return { dir, controller, chief: a, chiefId: siteId(a), controllerId: cs, pool, own, conflict, conflictRow };
}

// ---- Packages. ----

const TABLES = ['deviation_comment', 'forecast', 'goal_assessment', 'goal_assessment_event', 'goal', 'indicator', 'indicator_value', 'budget_line', 'frame', 'reporting_occasion', 'dimension_value', 'setting', 'personnel_budget_line', 'reallocation', 'budget_change', 'budget_change_amount'];
const TEXTS: (string | number | null)[] = [
  'ny text',
  'draft',
  'ready',
  'approved',
  'returned',
  'met',
  'council',
  'board',
  'sub',
  'other_cost',
  'supplementary',
  '2026-10-01T00:00:00.000Z',
  '2026-12-31',
  JSON.stringify([1200, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]),
  JSON.stringify(['4010', '92101', '']),
  JSON.stringify(['4010', '91101', '']),
  JSON.stringify('Falska kommunen'),
  '42',
  null,
  0,
  1,
  -5,
  202611,
  2026,
  'x'.repeat(300),
];

/** Mostly the tables a sektorchef writes (where a mistake would matter most), the others too. */
const table = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('deviation_comment', 'forecast', 'goal_assessment', 'goal_assessment_event', 'goal', 'indicator', 'indicator_value') },
  { weight: 2, arbitrary: fc.constantFrom(...TABLES) },
);

const change = fc.record({
  table,
  /** A row the sektorchef may change (half the time), or any. */
  mine: fc.boolean(),
  row: fc.nat(),
  field: fc.nat(),
  /** A value of the field's type (most often), or anything. */
  typed: fc.boolean(),
  value: fc.nat(),
  /** past, now, an hour ahead, days ahead, the end of time */
  when: fc.constantFrom('past', 'now', 'now', 'now', 'hour', 'days', 'end'),
  counter: fc.constantFrom(0, 1, MAX_COUNTER),
  /** whose site the version names */
  claims: fc.constantFrom('sender', 'sender', 'sender', 'controller', 'other'),
  base: fc.constantFrom('null', 'current', 'current', 'other'),
  resolves: fc.constantFrom('null', 'null', 'empty', 'current', 'conflict', 'other'),
});

const often = <T,>(usual: T, ...rare: T[]) => fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });

const pkg = fc.record({
  changes: fc.array(change, { minLength: 1, maxLength: 8 }),
  key: often('own', 'new'),
  role: often('same', 'controller', 'ekonomi', 'förvaltningen', 'sektor Två'),
  rename: often<string | null>(null, 'Ekonomi, Exempelby kommun'),
  accept: fc.subarray(['key', 'name'] as const),
  received: fc.option(fc.nat(400), { nil: undefined }),
});

type Spec = typeof pkg extends fc.Arbitrary<infer S> ? S : never;

function wire(ctx: TestContext, s: Spec, n: number): WireChange[] {
  return s.changes.map((c, i) => {
    const t = EXCHANGED_TABLES.find((x) => x.table === c.table)!;
    const ids = c.mine && (T.own.get(t.table)?.length ?? 0) > 0 ? T.own.get(t.table)! : T.pool.get(t.table)!;
    const row = c.table === 'deviation_comment' && c.row % 5 === 0 ? T.conflictRow : ids[c.row % ids.length]!;
    const f = t.fields[c.field % t.fields.length]!;
    const refs = f.ref ? T.pool.get(f.ref)! : [];
    const fits = (v: string | number | null) =>
      v === null ? f.type.endsWith('?') : typeof v === 'number' ? (f.type === 'bool' ? v === 0 || v === 1 : f.type.startsWith('int')) : f.type.startsWith('text');
    const values = c.typed ? (f.ref ? refs : TEXTS.filter(fits)) : [...TEXTS, ...refs];
    const value = values.length > 0 ? values[c.value % values.length]! : null;
    const at = Date.now();
    const ms = { past: at - 200 * DAY, now: at, hour: at + 3_600_000, days: at + 3 * DAY, end: 9_999_999_999_999 }[c.when];
    const site = { sender: T.chiefId, controller: T.controllerId, other: 'nagon-annan' }[c.claims];
    const v = version(site, ms - (ms === 9_999_999_999_999 ? 0 : n), c.counter === MAX_COUNTER ? c.counter : c.counter + i);
    const current = currentVersion(ctx.db, t.table, row, f.name);
    const other = version(T.controllerId, at - DAY, 3);
    const base = { null: null, current, other }[c.base];
    const resolves = { null: null, empty: [], current: current ? [current] : [], conflict: T.conflict, other: [other] }[c.resolves];
    return [t.table, row, f.name, value, v, base, resolves];
  });
}

beforeAll(async () => {
  T = await template();
}, 120_000);

afterAll(() => {
  T?.chief.db.close();
});

describe('a hostile sektorchef', () => {
  it('changes nothing outside its rights, cannot move the controller’s clock out of bounds, and is sent only what it may see', async () => {
    let run = 0;
    // What the packages did, so the test shows it plays both sides: changes taken in as well as refused.
    const seen = { applied: 0, refused: 0, refusedWhole: 0, conflicts: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(pkg, { minLength: 1, maxLength: 3 }), async (specs) => {
        const file = path.join(T.dir, `run-${++run}.db`);
        fs.copyFileSync(T.controller, file);
        const c = await openTestContext(file);
        try {
          for (const [n, s] of specs.entries()) {
            const before = dump(c, T.chiefId);
            const wBefore = writable(c);
            const clockBefore = clockOf(c.db);
            const role = { same: {}, controller: { role: 'controller' as const, scope: null }, ekonomi: { role: 'ekonomi' as const, scope: null }, förvaltningen: { scope: '9000' }, 'sektor Två': { scope: '9200' } }[s.role];
            const f = forge(T.chief.db, path.join(T.dir, `run-${run}-${n}.ramkoll`), {
              to: T.controllerId,
              changes: wire(c, s, n),
              key: s.key === 'new' ? newKey() : undefined,
              sender: { ...role, ...(s.rename ? { name: s.rename } : {}) },
              received: s.received === undefined ? [] : [{ site: T.controllerId, upto: s.received }],
            });
            const hashBefore = contentHash(file);
            const r = await invoke('exchange.import', { file: f, accept: [...s.accept] }, c).catch((e: unknown) => e);
            if (r instanceof Error) {
              // Refused whole (a new role, or a key or name not accepted): nothing at all changed.
              expect(r).toBeInstanceOf(RamkollError);
              expect((r as RamkollError).message).toMatch(/Inget har lästs in\.$/);
              expect(contentHash(file)).toBe(hashBefore);
              seen.refusedWhole++;
            } else {
              const got = r as { applied: number; refused: number; conflicts: number };
              seen.applied += got.applied;
              seen.refused += got.refused;
              seen.conflicts += got.conflicts;
            }
            // 1. Nothing outside its rights.
            expect(outsideRights(before, dump(c, T.chiefId), wBefore, writable(c))).toEqual([]);
            expect(valueRules(c)).toEqual([]);
            expect(c.db.prepare('SELECT role, scope_code FROM site WHERE id = ?').get(T.chiefId)).toEqual({ role: 'sektorchef', scope_code: SECTOR });
            // 2. The clock.
            const clock = clockOf(c.db);
            expect(clock.ms).toBeGreaterThanOrEqual(clockBefore.ms);
            expect(clock.ms).toBeLessThanOrEqual(Date.now() + DAY);
            expect(clock.counter).toBeLessThanOrEqual(MAX_COUNTER);
            // 3. What it is sent next: everything it may see, and what changed since it last confirmed, after the
            // controller has worked on every comment, forecast and assessment (so that each is news).
            const full = path.join(T.dir, `run-${run}-${n}-allt.ramkoll`);
            exportPackage(c.db, { to: T.chiefId, file: full, now: c.now(), full: true });
            expect(unseeable(c, full)).toEqual([]);
            c.db.sqlite.exec("UPDATE deviation_comment SET action = action || '.'; UPDATE forecast SET note = coalesce(note, '') || '.'; UPDATE goal_assessment SET text = text || '.'");
            const next = path.join(T.dir, `run-${run}-${n}-svar.ramkoll`);
            exportPackage(c.db, { to: T.chiefId, file: next, now: c.now() });
            expect(unseeable(c, next)).toEqual([]);
          }
        } finally {
          c.db.close();
        }
      }),
      {
        numRuns: Number(process.env.RAMKOLL_HOSTILE_RUNS ?? process.env.RAMKOLL_PROPERTY_RUNS ?? 12),
        ...(process.env.RAMKOLL_PROPERTY_SEED ? { seed: Number(process.env.RAMKOLL_PROPERTY_SEED) } : {}),
        endOnFailure: true,
      },
    );
    if (process.env.RAMKOLL_PROPERTY_VERBOSE) console.log(seen);
    expect(seen.applied).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.refusedWhole).toBeGreaterThan(0);
  }, 300_000);
});
