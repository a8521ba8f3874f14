import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { importPackage } from '../../electron/services/exchange/import';
import type { WireChange } from '../../electron/services/exchange/package-file';
import { naturalId } from '../../electron/services/ids';
import { openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, insertComment, insertLine, receive, setCommentField, setForecastAmount, setLineAmount, siteContext, siteId, writeOutcome, type SmallData } from '../support/exchange';
import { forge, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

/**
 * The merge reads ahead per table (aliases, the greatest version of every
 * field, rows with open conflicts, rows known to exist) instead of asking
 * SQLite once per row, and keeps the outcome sums with two grouped
 * statements per period instead of a trigger per balance. Here random
 * packages – the controller's real exports after concurrent edits on both
 * sides, and packages written by hand with the controller's key (unknown
 * fields, wrong types, stale and missing bases, versions from the future,
 * references to rows that are not there, twins of existing rows) – are read
 * in twice into copies of the same sektorchef database: the usual way and
 * asking per row. Every table must come out the same, and the kept sums
 * must equal sums worked out from scratch.
 */

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);
const RUNS = Number(process.env.RAMKOLL_BULK_RUNS ?? 12);
const SCOPE_UNITS = ['91101', '91102'];
const OTHER_UNITS = ['92101'];
const ACCOUNTS = ['5010', '4010', '3120'];

let dir: string;
let data: SmallData;
let controllerFile: string;
let chiefFile: string;
let controllerId: string;
let chiefId: string;

const copy = (from: string, to: string) => {
  for (const ext of ['', '-wal']) if (fs.existsSync(from + ext)) fs.copyFileSync(from + ext, to + ext);
};

beforeAll(async () => {
  dir = tempDir('xchg-bulk');
  controllerFile = path.join(dir, 'controller.db');
  chiefFile = path.join(dir, 'chief.db');
  const c = await siteContext(controllerFile, 'controller', null, 'Controller');
  const s = await siteContext(chiefFile, 'sektorchef', '9100', 'Sektorchef');
  data = createSmallForvaltning(c.db, siteId(c));
  controllerId = siteId(c);
  chiefId = siteId(s);
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(s.db, intro, s.now());
  await receive(c, intro);
  const first = path.join(dir, 'first.ramkoll');
  exportPackage(c.db, { to: chiefId, file: first, now: c.now() });
  await receive(s, first);
  // The sektorchef has answered once, so the controller's next packages hold only what is new.
  const answer = path.join(dir, 'answer.ramkoll');
  writeSide(s, 1);
  exportPackage(s.db, { to: controllerId, file: answer, now: s.now() });
  await receive(c, answer);
  c.db.close();
  s.db.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Edits at the sektorchef that the controller may also make: forecasts and comments of its own units. */
function writeSide(s: TestContext, seed: number): void {
  const me = siteId(s);
  s.db.tx(() => {
    for (const unit of SCOPE_UNITS) {
      const f = s.db.prepare("SELECT id FROM forecast WHERE occasion_id = ? AND responsibility_id = ? AND account_group = 'personnel'").get(data.occasionId, naturalId('ansvar', unit)) as { id: string } | undefined;
      if (f && (seed + Number(unit)) % 2 === 0) setForecastAmount(s.db, me, f.id, 1_000_000_00 + seed * 100 + 2);
      const comment = s.db.prepare('SELECT id FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?').get(data.occasionId, naturalId('ansvar', unit)) as { id: string } | undefined;
      if (comment) setCommentField(s.db, me, comment.id, 'cause', `sektorns orsak ${seed}`);
      else insertComment(s.db, me, data.occasionId, unit, `sektorns orsak ${seed}`, 'draft');
    }
  });
}

type Op =
  | { kind: 'line'; pick: number; amount: number }
  | { kind: 'newLine'; unit: number; account: number; amount: number }
  | { kind: 'forecast'; unit: number; amount: number }
  | { kind: 'comment'; unit: number; text: number }
  | { kind: 'outcome'; month: number; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('line' as const), pick: fc.nat(100), amount: fc.integer({ min: -500_000_00, max: 5_000_000_00 }) }),
  fc.record({ kind: fc.constant('newLine' as const), unit: fc.nat(2), account: fc.nat(2), amount: fc.integer({ min: -500_000_00, max: 5_000_000_00 }) }),
  fc.record({ kind: fc.constant('forecast' as const), unit: fc.nat(2), amount: fc.nat(5_000_000_00) }),
  fc.record({ kind: fc.constant('comment' as const), unit: fc.nat(2), text: fc.nat(1000) }),
  fc.record({ kind: fc.constant('outcome' as const), month: fc.integer({ min: 1, max: 4 }), amount: fc.integer({ min: -100_000_00, max: 1_000_000_00 }) }),
);

type Forged = { table: string; row: number; field: number; value: number; valueKind: number; ahead: number; baseKind: number };

/** A changed field written by hand: any row the chief may hold, or a new one, with good and bad values and versions. */
const forgedArb: fc.Arbitrary<Forged> = fc.record({
  table: fc.constantFrom('budget_line', 'forecast', 'deviation_comment', 'budget_line_typo'),
  row: fc.nat(40),
  field: fc.nat(9),
  value: fc.nat(1_000_000),
  valueKind: fc.nat(5),
  ahead: fc.constantFrom(-60_000, 0, 5_000, 2 * 86_400_000),
  baseKind: fc.nat(3),
});

function applyOp(c: TestContext, op: Op): void {
  const me = siteId(c);
  const units = [...SCOPE_UNITS, ...OTHER_UNITS];
  if (op.kind === 'line') setLineAmount(c.db, me, data.lineIds[op.pick % data.lineIds.length]!, op.amount);
  else if (op.kind === 'newLine') insertLine(c.db, me, data.versionId, ACCOUNTS[op.account]!, units[op.unit]!, op.amount);
  else if (op.kind === 'forecast') {
    const f = c.db.prepare("SELECT id FROM forecast WHERE occasion_id = ? AND responsibility_id = ? AND account_group = 'personnel'").get(data.occasionId, naturalId('ansvar', units[op.unit]!)) as { id: string } | undefined;
    if (f) setForecastAmount(c.db, me, f.id, op.amount);
  } else if (op.kind === 'comment') {
    const comment = c.db.prepare('SELECT id FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?').get(data.occasionId, naturalId('ansvar', units[op.unit]!)) as { id: string } | undefined;
    if (comment) setCommentField(c.db, me, comment.id, 'action', `åtgärd ${op.text}`);
    else insertComment(c.db, me, data.occasionId, units[op.unit]!, `orsak ${op.text}`, 'draft');
  } else writeOutcome(c.db, [data.year * 100 + op.month], (account, unit, period) => op.amount + Number(unit) + Number(account) + period);
}

/** Changes written by hand with the controller's key, on rows the sektorchef holds (or new ones). */
function forgedChanges(chief: Db, list: Forged[], nowMs: number): WireChange[] {
  const rows = (table: string) => (chief.prepare(`SELECT id FROM ${table === 'budget_line_typo' ? 'budget_line' : table} ORDER BY id`).pluck().all() as string[]);
  const fields: Record<string, string[]> = {
    budget_line: ['amounts', 'note', 'manual', 'coding', 'version_id', 'profile_id', 'deleted_at', 'nonsense', 'amounts', 'note'],
    forecast: ['amount_ore', 'method', 'account_group', 'occasion_id', 'responsibility_id', 'deleted_at', 'note', 'amount_ore', 'nonsense', 'amount_ore'],
    deviation_comment: ['cause', 'action', 'status', 'author', 'occasion_id', 'responsibility_id', 'deleted_at', 'cause', 'status', 'nonsense'],
    budget_line_typo: ['amounts'],
  };
  return list.map((f) => {
    const existing = rows(f.table);
    const rowId = f.row < existing.length ? existing[f.row]! : `ny-rad-${f.row}`;
    const field = fields[f.table]![f.field % fields[f.table]!.length]!;
    const current = chief.prepare('SELECT max(version) FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ?').pluck().get(f.table, rowId, field) as string | null;
    const value: string | number | null =
      f.valueKind === 0
        ? null
        : f.valueKind === 1
          ? f.value
          : f.valueKind === 2
            ? `text ${f.value}`
            : f.valueKind === 3
              ? JSON.stringify([f.value * 12, ...new Array<number>(12).fill(f.value)])
              : f.valueKind === 4
                ? (['draft', 'ready', 'approved'] as const)[f.value % 3]!
                : JSON.stringify(['5010', SCOPE_UNITS[f.value % 2]!, '']);
    const base = f.baseKind === 0 ? current : f.baseKind === 1 ? null : f.baseKind === 2 ? version(controllerId, nowMs - 3_600_000) : version(chiefId, nowMs - 1000);
    return [f.table, rowId, field, value, version(controllerId, nowMs + f.ahead, f.value % 1000), base, null];
  });
}

/** Every row of every table, in a fixed order; ids a merge makes up itself (a new conflict's) are left out. */
function dump(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
  for (const t of tables) {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]).filter((c) => !(t === 'xchg_conflict' && c === 'id'));
    const list = cols.map((c) => `"${c}"`).join(', ');
    out[t] = db.prepare(`SELECT ${list} FROM "${t}" ORDER BY ${list}`).raw().all();
  }
  return out;
}

/** Kept sums against sums from scratch: outcome per year|ansvar|group and budget per version|ansvar|group, [count, months]. */
function checkSums(db: Db): void {
  const groups = new Map((db.prepare('SELECT code, account_group FROM account WHERE deleted_at IS NULL').raw().all() as [string, string][]).map(([c, g]) => [c, g]));
  const add = (m: Map<string, number[]>, key: string, month: number | null, values: number[]) => {
    const e = m.get(key) ?? new Array<number>(13).fill(0);
    e[0]! += 1;
    if (month !== null) e[month]! += values[0]!;
    else values.forEach((v, i) => (e[i + 1]! += v));
    m.set(key, e);
  };
  const actual = new Map<string, number[]>();
  for (const [resp, account, period, amount] of db.prepare('SELECT c.responsibility_code, c.account_code, ab.period, ab.amount_ore FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id').raw().all() as [string, string, number, number][]) {
    add(actual, `${Math.floor(period / 100)}|${resp}|${groups.get(account) ?? 'unknown'}`, period % 100, [amount]);
  }
  const budget = new Map<string, number[]>();
  for (const r of db.prepare(`SELECT b.version_id, c.responsibility_code, c.account_code, ${MONTHS.map((m) => `b.${m}`).join(', ')} FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.deleted_at IS NULL`).raw().all() as unknown[][]) {
    add(budget, `${r[0] as string}|${r[1] as string}|${groups.get(r[2] as string) ?? 'unknown'}`, null, r.slice(3) as number[]);
  }
  const kept = (table: string, first: string, count: string) => {
    const m = new Map<string, number[]>();
    for (const r of db.prepare(`SELECT ${first}, responsibility_code, account_group, ${count}, ${MONTHS.join(', ')} FROM ${table}`).raw().all() as unknown[][]) {
      const values = r.slice(3) as number[];
      if (values.some((v) => v !== 0)) m.set(`${String(r[0])}|${r[1] as string}|${r[2] as string}`, values);
    }
    return m;
  };
  expect(kept('actual_group_sum', 'year', 'balances')).toEqual(actual);
  expect(kept('budget_group_sum', 'version_id', 'lines')).toEqual(budget);
}

describe('exchange merge read ahead per table', () => {
  it('gives exactly the database the per-row merge gives, and kept sums equal to sums from scratch', async () => {
    let run = 0;
    // What the runs went through, so that a run of nothing but no-ops cannot pass for a test.
    const seen = { applied: 0, conflicts: 0, refused: 0, skipped: 0, outcomeRows: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 12 }), fc.array(opArb, { maxLength: 4 }), fc.array(forgedArb, { maxLength: 25 }), fc.boolean(), async (ops, later, forged, sideEdits) => {
        const runDir = path.join(dir, `run-${++run}`);
        fs.mkdirSync(runDir);
        const cFile = path.join(runDir, 'c.db');
        const sFile = path.join(runDir, 's.db');
        copy(controllerFile, cFile);
        copy(chiefFile, sFile);
        const c = await openTestContext(cFile);
        const s = await openTestContext(sFile);
        try {
          c.db.tx(() => ops.forEach((op) => applyOp(c, op)));
          if (sideEdits) writeSide(s, run + 1);
          const packages = [path.join(runDir, 'a.ramkoll'), path.join(runDir, 'b.ramkoll')];
          exportPackage(c.db, { to: chiefId, file: packages[0]!, now: c.now() });
          // A second package after more edits: its changes are based on what the first brought.
          c.db.tx(() => later.forEach((op) => applyOp(c, op)));
          exportPackage(c.db, { to: chiefId, file: packages[1]!, now: c.now() });
          // Versions are measured against this computer's clock, as the merge does.
          const nowMs = Date.now();
          if (forged.length > 0) packages.push(forge(c.db, path.join(runDir, 'f.ramkoll'), { to: chiefId, changes: forgedChanges(s.db, forged, nowMs) }));
          s.db.close();
          const bulkFile = path.join(runDir, 'bulk.db');
          const perRowFile = path.join(runDir, 'per-row.db');
          copy(sFile, bulkFile);
          copy(sFile, perRowFile);
          const results: unknown[][] = [];
          const dumps: Record<string, unknown[]>[] = [];
          for (const [file, perRow] of [
            [bulkFile, false],
            [perRowFile, true],
          ] as const) {
            const ctx = await openTestContext(file);
            try {
              const r: unknown[] = [];
              for (const p of packages) {
                const { backup: _backup, ...rest } = await importPackage(ctx.db, { file: p, now: ctx.now(), perRow });
                r.push(rest);
                if (perRow) for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += rest[k];
              }
              results.push(r);
              checkSums(ctx.db);
              dumps.push(dump(ctx.db));
            } finally {
              ctx.db.close();
            }
          }
          // A refusal names this computer's clock to the minute, and the two merges may straddle a minute (CI 2026-12-07).
          const sameClock = <T,>(v: T): T => JSON.parse(JSON.stringify(v).replace(/datorns klocka \(\d{4}-\d\d-\d\d \d\d:\d\d\)/g, 'datorns klocka (…)')) as T;
          expect(sameClock(results[0])).toEqual(sameClock(results[1]));
          for (const t of Object.keys(dumps[1]!)) expect(sameClock(dumps[0]![t]), t).toEqual(sameClock(dumps[1]![t]));
        } finally {
          if (c.db.sqlite.open) c.db.close();
          if (s.db.sqlite.open) s.db.close();
          fs.rmSync(runDir, { recursive: true, force: true });
        }
      }),
      // A fixed seed by default: twelve random runs sometimes hold no conflict at all (CI on 2026-12-07), and then the
      // check below that every kind of result was exercised fails without anything being wrong; RAMKOLL_BULK_SEED explores others.
      { numRuns: RUNS, seed: Number(process.env.RAMKOLL_BULK_SEED ?? 20261207) },
    );
    expect(Object.values(seen).every((n) => n > 0), JSON.stringify(seen)).toBe(true);
  }, 300_000);
});
