import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/index';
import { defaultDeadlines, saveOccasion } from '../../electron/services/followup/calendar';
import type { SnapshotMeta } from '../../electron/services/followup/facts';
import { figureTree } from '../../electron/services/followup/figures';
import { accountRows, cliRows } from '../../electron/services/followup/rows';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { newId } from '../../electron/services/ids';
import { openTestContext } from '../support/db';
import { buildSmallAdministration, controller } from '../support/followup';
import { tempDir } from '../support/tmp';

/**
 * Locking writes its snapshot set-based inside SQLite (snapshot-figures.ts).
 * Here random budget lines (several kodsträngar on one ansvar and konto,
 * all-zero lines, tombstoned lines, konton and ansvar unknown to the
 * kontoplan and organisation) and random outcome of this year and last year
 * must give exactly the snapshot worked out here row by row in plain
 * TypeScript (what the lock did before it was set-based), the sums per
 * ansvar and account group kept in the meta must be those rows summed, the
 * locked view must show what the live view showed at the moment of locking,
 * and the kept outcome sums must still equal a fresh sum over the balances.
 */

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);
const ACCOUNTS = ['3010', '4010', '5010', '7810', '4999'];
const RESPS = ['11101', '11102', '12101', '1100', '9999'];

const oreArb = fc.oneof(fc.constant(0), fc.integer({ min: -5_000_000_00, max: 5_000_000_00 }));
const lineArb = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  resp: fc.constantFrom(...RESPS),
  dims: fc.constantFrom('', 'projekt=7'),
  months: fc.oneof(fc.constant(new Array<number>(12).fill(0)), fc.array(oreArb, { minLength: 12, maxLength: 12 })),
  deleted: fc.boolean(),
});
const balanceArb = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  resp: fc.constantFrom(...RESPS),
  dims: fc.constantFrom('', 'projekt=7'),
  year: fc.constantFrom(2025, 2026),
  month: fc.integer({ min: 1, max: 12 }),
  ore: oreArb,
});

function codingId(db: Db, account: string, resp: string, dims: string): number {
  db.prepare('INSERT INTO coding (account_code, responsibility_code, dims) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(account, resp, dims);
  return (db.prepare('SELECT id FROM coding WHERE account_code = ? AND responsibility_code = ? AND dims = ?').get(account, resp, dims) as { id: number }).id;
}

/** The snapshot rows as the lock wrote them row by row before: ansvar|konto -> the ten columns after occasion_id. */
function expectedRows(db: Db, versionId: string, period: number): Map<string, unknown[]> {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const rows = new Map<string, { b: number[]; a: number[]; l: number[] }>();
  const row = (r: string, k: string) => {
    const key = `${r}|${k}`;
    let e = rows.get(key);
    if (!e) rows.set(key, (e = { b: new Array<number>(12).fill(0), a: new Array<number>(12).fill(0), l: new Array<number>(12).fill(0) }));
    return e;
  };
  const budget = new Map<string, number[]>();
  for (const x of db
    .prepare(`SELECT c.responsibility_code, c.account_code, ${MONTHS.map((m) => `b.${m}`).join(', ')} FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL`)
    .raw()
    .all(versionId) as unknown[][]) {
    const key = `${x[0] as string}|${x[1] as string}`;
    const sum = budget.get(key) ?? new Array<number>(12).fill(0);
    for (let m = 0; m < 12; m++) sum[m]! += x[m + 2] as number;
    budget.set(key, sum);
  }
  for (const [key, months] of budget) {
    if (months.every((v) => v === 0)) continue;
    const [r, k] = key.split('|') as [string, string];
    row(r, k).b = months;
  }
  for (const [r, k, p, ore] of db.prepare('SELECT c.responsibility_code, c.account_code, ab.period, ab.amount_ore FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id').raw().all() as [string, string, number, number][]) {
    const y = Math.floor(p / 100);
    const m = p % 100;
    if (y === year && m <= month) row(r, k).a[m - 1]! += ore;
    if (y === year - 1) row(r, k).l[m - 1]! += ore;
  }
  const sum = (xs: number[], to: number) => xs.slice(0, to).reduce((s, v) => s + v, 0);
  return new Map(
    [...rows].map(([key, e]) => [key, [sum(e.b, 12), sum(e.b, month), sum(e.a, month), sum(e.l, month), JSON.stringify(e.b), JSON.stringify(e.a.slice(0, month)), JSON.stringify(e.l)]]),
  );
}

/** Outcome per year|ansvar|group from the balances, against the kept sums (rows with a count of zero left out). */
function keptSumsMatch(db: Db): void {
  const groups = new Map((db.prepare('SELECT code, account_group FROM account WHERE deleted_at IS NULL').all() as { code: string; account_group: string }[]).map((a) => [a.code, a.account_group]));
  const fresh = new Map<string, number[]>();
  for (const [r, k, p, ore] of db.prepare('SELECT c.responsibility_code, c.account_code, ab.period, ab.amount_ore FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id').raw().all() as [string, string, number, number][]) {
    const key = `${Math.floor(p / 100)}|${r}|${groups.get(k) ?? 'unknown'}`;
    const e = fresh.get(key) ?? new Array<number>(13).fill(0);
    e[0]! += 1;
    e[p % 100]! += ore;
    fresh.set(key, e);
  }
  const kept = new Map<string, number[]>();
  for (const x of db.prepare(`SELECT year, responsibility_code, account_group, balances, ${MONTHS.join(', ')} FROM actual_group_sum WHERE balances <> 0`).raw().all() as unknown[][]) {
    kept.set(`${x[0] as number}|${x[1] as string}|${x[2] as string}`, x.slice(3) as number[]);
  }
  expect(kept).toEqual(fresh);
}

describe('locking an occasion writes its snapshot set-based', () => {
  it('the same rows as a row-by-row sum, the group sums in the meta, the live view at the moment of locking, and kept sums still exact', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 25 }), fc.array(balanceArb, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), async (lines, balances, month) => {
        const ctx = await openTestContext(path.join(tempDir(), `lock-bulk-${run++}.db`));
        try {
          buildSmallAdministration(ctx);
          const { db } = ctx;
          const versionId = (db.prepare("SELECT id FROM budget_version WHERE year = 2026 AND kind = 'adopted'").get() as { id: string }).id;
          const at = ctx.now().toISOString();
          db.tx(() => {
            for (const l of lines) {
              db.prepare(
                `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, ${MONTHS.join(', ')}, manual, note, created_at, updated_at, updated_by_site, deleted_at)
                 VALUES (?, ?, ?, NULL, ?, ${MONTHS.map(() => '?').join(', ')}, 1, NULL, ?, ?, ?, ?)`,
              ).run(newId(), versionId, codingId(db, l.account, l.resp, l.dims), l.months.reduce((s, v) => s + v, 0), ...l.months, at, at, ctx.site.id, l.deleted ? at : null);
            }
            const batch = (db.prepare('SELECT no FROM import_batch WHERE no IS NOT NULL LIMIT 1').get() as { no: number }).no;
            for (const b of balances) {
              db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) VALUES (?, ?, ?, ?) ON CONFLICT (coding_id, period) DO UPDATE SET amount_ore = amount_ore + excluded.amount_ore').run(
                codingId(db, b.account, b.resp, b.dims),
                b.year * 100 + b.month,
                b.ore,
                batch,
              );
            }
          });
          const period = 202600 + month;
          const actor = controller(ctx);
          const o = saveOccasion(db, actor, { year: 2026, period, kind: 'monthly', name: `Månad ${month}`, deadlines: defaultDeadlines(period) });
          const liveRows = cliRows(figureTree(db, { period }), null);
          const liveAccounts = accountRows(db, figureTree(db, { period }), 'n:1000');
          lockOccasion(db, actor, o.id);

          const written = db
            .prepare(
              `SELECT responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore, budget_months, actual_months, last_year_months
               FROM occasion_snapshot_figure WHERE occasion_id = ?`,
            )
            .raw()
            .all(o.id) as unknown[][];
          const expected = expectedRows(db, versionId, period);
          expect(new Map(written.map((w) => [`${w[0] as string}|${w[1] as string}`, w.slice(2)]))).toEqual(expected);

          const meta = JSON.parse((db.prepare('SELECT meta FROM occasion_snapshot WHERE occasion_id = ?').get(o.id) as { meta: string }).meta) as SnapshotMeta;
          const groupOf = new Map(meta.accounts.map(([code, info]) => [code, info.group as string]));
          const groups = new Map<string, number[]>();
          for (const [key, v] of expected) {
            const [r, k] = key.split('|') as [string, string];
            const gk = `${r}|${groupOf.get(k) ?? 'unknown'}`;
            const e = groups.get(gk) ?? [0, 0, 0, 0];
            for (let i = 0; i < 4; i++) e[i]! += v[i] as number;
            groups.set(gk, e);
          }
          expect(new Map((meta.groupFigures ?? []).map(([r, g, ...sums]) => [`${r}|${g}`, sums]))).toEqual(groups);

          const locked = figureTree(db, { period });
          expect(locked.source).toBe('snapshot');
          expect(cliRows(locked, null)).toEqual(liveRows);
          expect(accountRows(db, locked, 'n:1000')).toEqual(liveAccounts);
          keptSumsMatch(db);
        } finally {
          ctx.db.close();
        }
      }),
      { numRuns: 12, seed: 16 },
    );
  }, 240_000);
});
