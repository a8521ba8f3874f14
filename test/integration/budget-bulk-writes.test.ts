import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/index';
import { BULK_LINES } from '../../electron/services/budget/bulk-write';
import { applyLineChanges, type LineChange } from '../../electron/services/budget/line-edit';
import { insertBudgetLines, type NewBudgetLine } from '../../electron/services/budget/lines';
import { createVersion } from '../../electron/services/budget/version-ops';
import { withPerRowCapture } from '../../electron/services/exchange/bulk-capture';
import { naturalId, newId } from '../../electron/services/ids';
import { openTestContext, type TestContext } from '../support/db';
import type * as Ids from '../../electron/services/ids';

/**
 * Bulk writes of budget lines (a version copy, creating many lines, a change
 * to every line) skip the per-row capture and sum triggers and do their
 * bookkeeping once per write. What they record must be what the triggers
 * would have: the same xchg_change rows (table, row, field, value, node and
 * base, with one clock tick per write instead of one per row), and the kept
 * sums of budget_group_sum equal to sums computed from scratch.
 */

// The same ids in both databases, so that their change logs can be compared row by row.
let nextId = 0;
vi.mock('../../electron/services/ids', async (original) => ({
  ...(await original<typeof Ids>()),
  newId: () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`,
  newSortableIds: (count: number) => Array.from({ length: count }, () => `00000000-0000-7000-8000-${String(++nextId).padStart(12, '0')}`),
}));

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);
const META = { siteId: '', at: '2026-11-20T10:00:00.000Z' };

function adoptedId(db: Db): string {
  return db.first(db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
}

function liveLineIds(db: Db, versionId: string): string[] {
  return (db.sqlite.prepare('SELECT id FROM budget_line WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid').all(versionId) as { id: string }[]).map((r) => r.id);
}

/** New lines on kodsträngar no version has (aktivitet `tag`), over the demo's units and accounts. */
function newLines(db: Db, count: number, tag: string): NewBudgetLine[] {
  const units = (db.sqlite.prepare("SELECT code FROM dimension_value WHERE level = 'unit' ORDER BY code").all() as { code: string }[]).map((r) => r.code);
  const accounts = (db.sqlite.prepare("SELECT code FROM account WHERE code LIKE '4%' OR code LIKE '5%' ORDER BY code").all() as { code: string }[]).map((r) => r.code);
  return Array.from({ length: count }, (_, i) => ({
    account: accounts[i % accounts.length]!,
    responsibility: units[Math.floor(i / accounts.length) % units.length]!,
    dims: { aktivitet: `${tag}${Math.floor(i / (accounts.length * units.length))}` },
    yearOre: 1_000_000 + i * 12_345 + (i % 7),
    ...(i % 5 === 0 ? { months: Array.from({ length: 12 }, (_, m) => (m === 11 ? 1_000_000 + i * 12_345 + (i % 7) - 11 * 1000 : 1000)) } : { profileId: naturalId('profile', i % 2 ? 'jamn' : 'kalenderdagar') }),
  }));
}

/** A second line on a kodsträng the version has: what an older database or two sites' lines may hold, and the copy merges. */
function addDuplicate(db: Db, versionId: string): void {
  const line = db.sqlite.prepare('SELECT coding_id FROM budget_line WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid LIMIT 1').get(versionId) as { coding_id: number };
  db.sqlite
    .prepare(
      `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, ${MONTHS.join(', ')}, manual, note, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (?, ?, ?, NULL, 1200, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 1, 'från sektorn', 'x', 'x', 'annan', NULL)`,
    )
    .run(newId(), versionId, line.coding_id);
}

/** The steps every bulk path takes, in one transaction: copy the adopted budget, add many lines, change every line. */
function bulkSteps(db: Db): void {
  const meta = { ...META, siteId: (db.sqlite.prepare('SELECT site FROM xchg_clock').get() as { site: string }).site };
  db.tx(() => {
    const copy = createVersion(db, { year: 2026, name: 'Arbetsversion', kind: 'draft', basedOnId: adoptedId(db) }, meta);
    expect(copy.mergedLines).toBe(1);
    insertBudgetLines(db, copy.id, newLines(db, BULK_LINES + 40, 'B'), meta, naturalId('profile', 'jamn'));
    const ids = liveLineIds(db, copy.id);
    const changes: LineChange[] = ids.map((id, i) =>
      i % 50 === 3 ? { op: 'delete', id } : i % 50 === 7 ? { op: 'months', id, months: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5] } : { op: 'scale', id, ppm: 35_000 },
    );
    expect(changes.length).toBeGreaterThanOrEqual(BULK_LINES);
    applyLineChanges(db, copy.id, changes, meta, { allowUnknownCodes: true, withTotals: false });
  });
}

type Change = { seq: number; tbl: string; row_id: string; field: string; value: unknown; version: string; base: string | null; node: string | null };

function changesAfter(db: Db, seq: number): Change[] {
  return db.sqlite.prepare('SELECT seq, tbl, row_id, field, value, version, base, node FROM xchg_change WHERE seq > ? ORDER BY seq').all(seq) as Change[];
}

const lastSeq = (db: Db) => (db.sqlite.prepare('SELECT coalesce(max(seq), 0) AS s FROM xchg_change').get() as { s: number }).s;

/** budget_group_sum as kept, without the rows emptied to zero (they stay, at zero), and as computed from the lines. */
function keptAndFromScratch(db: Db): { kept: unknown[]; scratch: unknown[] } {
  const kept = db.sqlite
    .prepare(`SELECT version_id, responsibility_code, account_group, lines, ${MONTHS.join(', ')} FROM budget_group_sum WHERE lines <> 0 OR ${MONTHS.map((m) => `${m} <> 0`).join(' OR ')} ORDER BY 1, 2, 3`)
    .all();
  const scratch = db.sqlite
    .prepare(
      `SELECT b.version_id, c.responsibility_code, coalesce((SELECT a.account_group FROM account a WHERE a.code = c.account_code AND a.deleted_at IS NULL), 'unknown') AS account_group,
         count(*) AS lines, ${MONTHS.map((m) => `sum(b.${m}) AS ${m}`).join(', ')}
       FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
  return { kept, scratch };
}

describe('bulk writes of budget lines record what the per-row triggers would', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-bulk-writes-'));
  let bulk: TestContext;
  let perRow: TestContext;

  beforeAll(async () => {
    const seed = await openTestContext(path.join(dir, 'seed.db'), { demo: true });
    addDuplicate(seed.db, adoptedId(seed.db));
    seed.db.close();
    for (const name of ['bulk.db', 'per-row.db']) fs.copyFileSync(path.join(dir, 'seed.db'), path.join(dir, name));
    bulk = await openTestContext(path.join(dir, 'bulk.db'));
    perRow = await openTestContext(path.join(dir, 'per-row.db'));
  }, 120_000);
  afterAll(() => {
    bulk?.db.close();
    perRow?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the version copy, many new lines and a change to every line: the same changes in the log, with one clock tick per write', () => {
    const fromBulk = lastSeq(bulk.db);
    const fromPerRow = lastSeq(perRow.db);
    expect(fromBulk).toBe(fromPerRow);
    nextId = 1_000_000;
    bulkSteps(bulk.db);
    nextId = 1_000_000;
    withPerRowCapture(() => bulkSteps(perRow.db));

    const a = changesAfter(bulk.db, fromBulk);
    const b = changesAfter(perRow.db, fromPerRow);
    // Versions differ (one tick per write against one per row); the base is compared as "has one" here and checked exactly below.
    const key = (c: Change) => JSON.stringify([c.tbl, c.row_id, c.field, c.value, c.node, c.base === null]);
    expect(a.length).toBeGreaterThan(2000);
    expect(a.map(key).sort()).toEqual(b.map(key).sort());
    for (const tbl of ['budget_line', 'frame', 'personnel_position', 'personnel_budget_line', 'operational_change']) expect(a.some((c) => c.tbl === tbl), tbl).toBe(true);

    // Base: the field's greatest version before this change, as the trigger takes it.
    const earlier = bulk.db.sqlite.prepare('SELECT max(version) AS v FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ? AND seq < ?');
    for (const c of a) expect(c.base, `${c.tbl} ${c.row_id} ${c.field}`).toBe((earlier.get(c.tbl, c.row_id, c.field, c.seq) as { v: string | null }).v);

    // One tick per bulk statement: a handful of versions, where the triggers take one per row.
    const versions = (list: Change[]) => new Set(list.map((c) => c.version)).size;
    expect(versions(a)).toBeLessThan(20);
    expect(versions(b)).toBeGreaterThan(1000);

    // The same lines, and the same kept sums, which equal sums from scratch.
    const lines = (db: Db) => db.sqlite.prepare(`SELECT id, version_id, coding_id, profile_id, year_ore, ${MONTHS.join(', ')}, manual, note, deleted_at FROM budget_line ORDER BY id`).all();
    expect(lines(bulk.db)).toEqual(lines(perRow.db));
    const sums = keptAndFromScratch(bulk.db);
    expect(sums.kept).toEqual(sums.scratch);
    expect(sums.kept).toEqual(keptAndFromScratch(perRow.db).kept);
  });

  it('the kept sums equal sums from scratch after any sequence of bulk writes (property)', () => {
    const db = bulk.db;
    const meta = { ...META, siteId: bulk.site.id };
    let tag = 0;
    const step = fc.oneof(
      fc.record({ op: fc.constant('insert' as const), extra: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ op: fc.constant('scale' as const), ppm: fc.integer({ min: -300_000, max: 300_000 }) }),
      fc.record({ op: fc.constant('delete' as const), every: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant('copy' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 4 }), (steps) => {
        db.sqlite.exec('BEGIN');
        try {
          let version = createVersion(db, { year: 2026, name: `Egenskap ${++tag}`, kind: 'draft', basedOnId: adoptedId(db) }, meta).id;
          for (const s of steps) {
            const ids = liveLineIds(db, version);
            if (s.op === 'insert') insertBudgetLines(db, version, newLines(db, BULK_LINES + s.extra, `P${++tag}x`), meta, naturalId('profile', 'jamn'));
            else if (s.op === 'scale') applyLineChanges(db, version, ids.map((id) => ({ op: 'scale', id, ppm: s.ppm })), meta, { allowUnknownCodes: true, withTotals: false });
            else if (s.op === 'delete' && ids.length >= BULK_LINES * s.every) {
              applyLineChanges(db, version, ids.filter((_, i) => i % s.every === 0).map((id) => ({ op: 'delete', id })), meta, { allowUnknownCodes: true, withTotals: false });
            } else if (s.op === 'copy') version = createVersion(db, { year: 2026, name: `Egenskap ${++tag}`, kind: 'draft', basedOnId: version }, meta).id;
            const { kept, scratch } = keptAndFromScratch(db);
            expect(kept).toEqual(scratch);
          }
        } finally {
          db.sqlite.exec('ROLLBACK');
        }
      }),
      { numRuns: 6 },
    );
  });

  it('a bulk action (read, computed and written for all lines at once) leaves the lines and returns the rows that the same changes one at a time do (property)', () => {
    const db = bulk.db;
    const meta = { ...META, siteId: bulk.site.id };
    const version = adoptedCopy(db, meta);
    const profiles = [naturalId('profile', 'jamn'), naturalId('profile', 'kalenderdagar')];
    const change = fc.oneof(
      fc.record({ op: fc.constant('scale' as const), ppm: fc.integer({ min: -300_000, max: 300_000 }) }),
      fc.record({ op: fc.constant('year' as const), yearOre: fc.integer({ min: -5_000_000_000, max: 5_000_000_000 }) }),
      fc.record({ op: fc.constant('profile' as const), p: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ op: fc.constant('month' as const), month: fc.integer({ min: 1, max: 12 }), ore: fc.integer({ min: -1_000_000, max: 1_000_000 }) }),
      fc.record({ op: fc.constant('delete' as const) }),
    );
    const lines = () => db.sqlite.prepare(`SELECT id, coding_id, profile_id, year_ore, ${MONTHS.join(', ')}, manual, deleted_at, updated_at FROM budget_line WHERE version_id = ? ORDER BY id`).all(version);
    fc.assert(
      fc.property(fc.array(change, { minLength: BULK_LINES, maxLength: BULK_LINES + 50 }), fc.integer({ min: 0, max: 20 }), (picked, offset) => {
        const ids = liveLineIds(db, version).slice(offset, offset + picked.length);
        const changes: LineChange[] = ids.map((id, i) => {
          const c = picked[i]!;
          return c.op === 'scale'
            ? { op: 'scale', id, ppm: c.ppm }
            : c.op === 'year'
              ? { op: 'year', id, yearOre: c.yearOre }
              : c.op === 'profile'
                ? { op: 'profile', id, profileId: profiles[c.p]! }
                : c.op === 'month'
                  ? { op: 'month', id, month: c.month, ore: c.ore }
                  : { op: 'delete', id };
        });
        expect(changes.length).toBeGreaterThanOrEqual(BULK_LINES);
        const run = (batches: LineChange[][]) => {
          db.sqlite.exec('SAVEPOINT prov');
          try {
            const results = batches.map((b) => applyLineChanges(db, version, b, meta, { allowUnknownCodes: true, withTotals: false }));
            const rows = results.flatMap((r) => r.rows).sort((a, b) => (a[0] < b[0] ? -1 : 1));
            const deleted = results.flatMap((r) => r.deleted).sort();
            return { rows, deleted, lines: lines(), sums: keptAndFromScratch(db) };
          } finally {
            db.sqlite.exec('ROLLBACK TO prov; RELEASE prov');
          }
        };
        const together = run([changes]);
        const oneByOne = run(changes.map((c) => [c]));
        expect(together.lines).toEqual(oneByOne.lines);
        expect(together.rows).toEqual(oneByOne.rows);
        expect(together.deleted).toEqual(oneByOne.deleted);
        expect(together.sums.kept).toEqual(together.sums.scratch);
      }),
      { numRuns: 4 },
    );
  });
});

/** A draft copy of the adopted budget, made once for the property above. */
function adoptedCopy(db: Db, meta: { siteId: string; at: string }): string {
  return db.tx(() => createVersion(db, { year: 2026, name: 'Egenskap, en och en', kind: 'draft', basedOnId: adoptedId(db) }, meta).id);
}
