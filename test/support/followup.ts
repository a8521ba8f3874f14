/**
 * A small, hand-made förvaltning for follow-up tests, built through the
 * master-data services and plain SQL, and an outcome "re-import" that changes
 * actual_balance the way an import does (a new batch replaces a period).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/index';
import { CodingResolver } from '../../electron/services/coding';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import type { TableFile } from '../../electron/services/files/table';
import { newId } from '../../electron/services/ids';
import { planAccountImport } from '../../electron/services/masterdata/accounts';
import { planOrganisationImport } from '../../electron/services/masterdata/organisation';
import type { Actor } from '../../electron/services/followup/model';
import type { TestContext } from './db';

const table = (fileName: string, rows: string[][]): TableFile => ({ fileName, format: 'csv', rows: rows.map((cells, i) => ({ line: i + 1, cells })) });

export const SMALL_YEAR = 2026;

/** Kronor to öre, exactly, for hand-written figures like 777.77. */
export const kr = (k: number) => Math.round(k * 100);

export interface OutcomeRow {
  account: string;
  resp: string;
  period: number;
  kr: number;
}

/**
 * Förvaltningen 1000 > Sektor A 1100 > Verksamhet A1 1110 > Enhet X 11101 and
 * Enhet Y 11102 (no budget); Sektor B 1200 > Verksamhet B1 1210 > Enhet Z 12101.
 * Budget and outcome as in the tables of test/integration/followup-figures.test.ts.
 */
export function buildSmallAdministration(ctx: TestContext): void {
  const { db } = ctx;
  const at = ctx.now().toISOString();
  const org = planOrganisationImport(
    db,
    table('org', [
      ['Ansvar', 'Namn', 'Överordnad', 'Nivå'],
      ['1000', 'Förvaltningen', '', 'förvaltning'],
      ['1100', 'Sektor A', '1000', 'sektor'],
      ['1110', 'Verksamhet A1', '1100', 'verksamhet'],
      ['11101', 'Enhet X', '1110', 'enhet'],
      ['11102', 'Enhet Y', '1110', 'enhet'],
      ['1200', 'Sektor B', '1000', 'sektor'],
      ['1210', 'Verksamhet B1', '1200', 'verksamhet'],
      ['12101', 'Enhet Z', '1210', 'enhet'],
    ]),
  );
  const accounts = planAccountImport(
    db,
    table('konton', [
      ['Konto', 'Namn'],
      ['3010', 'Avgifter'],
      ['4010', 'Livsmedel'],
      ['5010', 'Månadslön'],
      ['7810', 'Avskrivningar'],
    ]),
  );
  if (org.errors.length || accounts.errors.length) throw new Error(JSON.stringify([...org.errors, ...accounts.errors]));
  db.tx(() => {
    org.apply(ctx.site.id, at);
    accounts.apply(ctx.site.id, at);
    ensureFiscalYear(db, SMALL_YEAR - 1, at);
    ensureFiscalYear(db, SMALL_YEAR, at);
    const versionId = newId();
    db.run(
      db.q.insertInto('budget_version').values({
        id: versionId,
        year: SMALL_YEAR,
        name: 'Budget 2026',
        kind: 'adopted',
        based_on_id: null,
        decision_ref: null,
        locked_at: null,
        created_at: at,
        updated_at: at,
        updated_by_site: ctx.site.id,
        deleted_at: null,
      }),
    );
    const codings = new CodingResolver(db);
    const line = (account: string, resp: string, monthlyKr: number) => {
      const m = kr(monthlyKr);
      db.prepare(
        `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore,
          manual, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?, ?, ?, NULL)`,
      ).run(newId(), versionId, codings.idOf(account, resp), m * 12, ...new Array<number>(12).fill(m), at, at, ctx.site.id);
    };
    line('5010', '11101', 10_000);
    line('3010', '11101', -2_000);
    line('4010', '12101', 5_000);
    line('5010', '1100', 1_000);
  });
  writeOutcome(db, 'utfall-2026.csv', [
    { account: '5010', resp: '11101', period: 202601, kr: 11_000 },
    { account: '5010', resp: '11101', period: 202602, kr: 9_000 },
    { account: '5010', resp: '11101', period: 202603, kr: 12_500 },
    { account: '3010', resp: '11101', period: 202601, kr: -1_500 },
    { account: '3010', resp: '11101', period: 202602, kr: -2_500 },
    { account: '3010', resp: '11101', period: 202603, kr: -1_000 },
    { account: '4999', resp: '11101', period: 202603, kr: 100 },
    { account: '5010', resp: '11102', period: 202601, kr: 3_000 },
    { account: '5010', resp: '11102', period: 202603, kr: 2_000 },
    { account: '4010', resp: '12101', period: 202601, kr: 4_000 },
    { account: '4010', resp: '12101', period: 202602, kr: 6_000 },
    { account: '4010', resp: '12101', period: 202603, kr: 5_500 },
    { account: '5010', resp: '1100', period: 202602, kr: 3_000 },
    { account: '5010', resp: '9999', period: 202603, kr: 777.77 },
  ]);
  writeOutcome(db, 'utfall-2025.csv', [
    { account: '5010', resp: '11101', period: 202501, kr: 9_000 },
    { account: '5010', resp: '11101', period: 202502, kr: 9_000 },
    { account: '5010', resp: '11101', period: 202503, kr: 9_000 },
    { account: '5010', resp: '11101', period: 202504, kr: 9_000 },
    { account: '5010', resp: '11101', period: 202505, kr: 9_000 },
    { account: '4010', resp: '12101', period: 202503, kr: 1_000 },
  ]);
}

/**
 * Loads outcome as an import batch does: for every period in the rows, the
 * new batch replaces that period's balances (what it replaced is kept in
 * actual_balance_replaced, as an undo would need).
 */
export function writeOutcome(db: Db, fileName: string, rows: OutcomeRow[]): string {
  const batchId = newId();
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  db.tx(() => {
    db.run(
      db.q.insertInto('import_batch').values({
        id: batchId,
        kind: 'actual',
        file_name: fileName,
        file_sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
        profile_name: null,
        imported_by: 'test',
        imported_at: new Date().toISOString(),
        row_count: rows.length,
        total_ore: rows.reduce((s, r) => s + kr(r.kr), 0),
        periods: JSON.stringify(periods.map(String)),
        scope_responsibility_code: null,
        status: 'active',
        undone_at: null,
        summary: '{}',
      }),
    );
    const codings = new CodingResolver(db);
    for (const p of periods) {
      db.prepare('INSERT INTO actual_balance_replaced (batch_id, coding_id, period, amount_ore, previous_batch_id) SELECT ?, coding_id, period, amount_ore, (SELECT id FROM import_batch WHERE no = batch_no) FROM actual_balance WHERE period = ?').run(batchId, p);
      db.prepare('DELETE FROM actual_balance WHERE period = ?').run(p);
    }
    const sums = new Map<string, number>();
    for (const r of rows) {
      const k = `${codings.idOf(r.account, r.resp)}|${r.period}`;
      sums.set(k, (sums.get(k) ?? 0) + kr(r.kr));
    }
    for (const [k, ore] of sums) {
      const [coding, period] = k.split('|').map(Number) as [number, number];
      db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) VALUES (?, ?, ?, (SELECT no FROM import_batch WHERE id = ?))').run(coding, period, ore, batchId);
    }
  });
  return batchId;
}

export function controller(ctx: TestContext, user = 'Controller Test'): Actor {
  return { siteId: ctx.site.id, user, role: 'controller', scopeCode: null, now: ctx.now() };
}
