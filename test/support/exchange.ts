/**
 * Helpers for the file-exchange tests: sites with roles, a small förvaltning
 * written through the real master-data writers, and row writers that do what
 * the budget, ledger and follow-up features do (those are built in parallel,
 * so their rows are written here directly, as their services would).
 */
import path from 'node:path';
import type { Db } from '../../db/index';
import type { Role } from '../../db/schema';
import { periodise } from '../../electron/services/budget/profiles';
import { CodingResolver } from '../../electron/services/coding';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { naturalId, newId } from '../../electron/services/ids';
import { planAccountImport } from '../../electron/services/masterdata/accounts';
import { planOrganisationImport } from '../../electron/services/masterdata/organisation';
import { setSite, siteInfo } from '../../electron/services/exchange/identity';
import { importPackage, inspectPackage, type ImportResult } from '../../electron/services/exchange/import';
import { changeCommentStatus, saveComment } from '../../electron/services/followup/comments';
import { openTestContext, type TestContext } from './db';

export interface OrgNodeDef {
  code: string;
  name: string;
  parent: string | null;
  level: 'administration' | 'sector' | 'operation' | 'unit';
}

/** A förvaltning with two sektorer of two units each. */
export const SMALL_ORG: readonly OrgNodeDef[] = [
  { code: '9000', name: 'Testförvaltningen', parent: null, level: 'administration' },
  { code: '9100', name: 'Sektor Ett', parent: '9000', level: 'sector' },
  { code: '9110', name: 'Verksamhet Ett', parent: '9100', level: 'operation' },
  { code: '91101', name: 'Enhet Ett A', parent: '9110', level: 'unit' },
  { code: '91102', name: 'Enhet Ett B', parent: '9110', level: 'unit' },
  { code: '9200', name: 'Sektor Två', parent: '9000', level: 'sector' },
  { code: '9210', name: 'Verksamhet Två', parent: '9200', level: 'operation' },
  { code: '92101', name: 'Enhet Två A', parent: '9210', level: 'unit' },
  { code: '92102', name: 'Enhet Två B', parent: '9210', level: 'unit' },
];
export const SMALL_UNITS = SMALL_ORG.filter((o) => o.level === 'unit').map((o) => o.code);
export const SMALL_ACCOUNTS = [
  ['3120', 'Avgifter'],
  ['4010', 'Livsmedel'],
  ['5010', 'Löner'],
] as const;

/** Every code in the subtree of `scope`, worked out from the org list (not from Ramkoll). */
export function subtree(org: readonly { code: string; parent: string | null }[], scope: string): Set<string> {
  const out = new Set<string>([scope]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of org) {
      if (o.parent !== null && out.has(o.parent) && !out.has(o.code)) {
        out.add(o.code);
        grew = true;
      }
    }
  }
  return out;
}

export async function siteContext(file: string, role: Role, scope: string | null, name: string): Promise<TestContext> {
  const ctx = await openTestContext(file);
  setSite(ctx.db, { role, scope, name }, ctx.now());
  return { ...ctx, site: { ...ctx.site, role, scopeCode: scope, name } };
}

export function siteId(ctx: TestContext): string {
  return siteInfo(ctx.db).id;
}

function table(fileName: string, header: string[], rows: string[][]) {
  return { fileName, format: 'csv' as const, rows: [header, ...rows].map((cells, i) => ({ line: i + 1, cells })) };
}

export interface SmallData {
  year: number;
  versionId: string;
  occasionId: string;
  lineIds: string[];
  commentIds: string[];
  forecastIds: string[];
}

const at = () => new Date().toISOString();

/** Organisation and kontoplan through the master-data import, then a budget, an occasion, comments, forecasts and outcome. */
export function createSmallForvaltning(db: Db, siteId: string, year = 2026): SmallData {
  const org = planOrganisationImport(db, table('org.csv', ['Ansvar', 'Namn', 'Överordnad', 'Nivå'], SMALL_ORG.map((o) => [o.code, o.name, o.parent ?? '', o.level])));
  const acc = planAccountImport(db, table('konton.csv', ['Konto', 'Namn'], SMALL_ACCOUNTS.map((a) => [...a])));
  if (org.errors.length || acc.errors.length) throw new Error(JSON.stringify([...org.errors, ...acc.errors]));
  const data: SmallData = { year, versionId: newId(), occasionId: newId(), lineIds: [], commentIds: [], forecastIds: [] };
  db.tx(() => {
    org.apply(siteId, at());
    acc.apply(siteId, at());
    ensureFiscalYear(db, year, at());
    db.prepare("INSERT INTO budget_version (id, year, name, kind, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, 'adopted', ?, ?, ?)").run(data.versionId, year, `Budget ${year}`, at(), at(), siteId);
    for (const unit of SMALL_UNITS) {
      for (const [account] of SMALL_ACCOUNTS) {
        const amount = account === '3120' ? -120_000_00 : account === '4010' ? 240_000_00 : 1_200_000_00;
        data.lineIds.push(insertLine(db, siteId, data.versionId, account, unit, amount));
      }
    }
    db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, 'monthly_forecast', ?, ?, ?, ?)").run(
      data.occasionId,
      year,
      year * 100 + 10,
      `Oktober ${year}`,
      at(),
      at(),
      siteId,
    );
    for (const unit of SMALL_UNITS.slice(0, 3)) data.commentIds.push(insertComment(db, siteId, data.occasionId, unit, `orsak ${unit}`, 'draft'));
    for (const unit of SMALL_UNITS) data.forecastIds.push(insertForecast(db, siteId, data.occasionId, unit, 'personnel', 1_180_000_00));
    writeOutcome(db, [year * 100 + 1, year * 100 + 2], (account, unit, period) => (account === '5010' ? 100_000_00 + (period % 100) * 1000 + Number(unit) % 7 : 20_000_00));
  });
  return data;
}

/** A budget line as the budget feature writes one: twelve months that sum to the year. */
export function insertLine(db: Db, siteId: string, versionId: string, account: string, unit: string, yearOre: number): string {
  const id = newId();
  const months = periodise(yearOre, new Array<number>(12).fill(1));
  const codingId = new CodingResolver(db).idOf(account, unit, '');
  db.prepare(
    `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore, manual, note, created_at, updated_at, updated_by_site)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`,
  ).run(id, versionId, codingId, naturalId('profile', 'jamn'), yearOre, ...months, at(), at(), siteId);
  return id;
}

export function setLineAmount(db: Db, siteId: string, lineId: string, yearOre: number): void {
  const months = periodise(yearOre, new Array<number>(12).fill(1));
  db.prepare(
    `UPDATE budget_line SET year_ore = ?, m01_ore = ?, m02_ore = ?, m03_ore = ?, m04_ore = ?, m05_ore = ?, m06_ore = ?, m07_ore = ?, m08_ore = ?, m09_ore = ?, m10_ore = ?, m11_ore = ?, m12_ore = ?, updated_at = ?, updated_by_site = ? WHERE id = ?`,
  ).run(yearOre, ...months, at(), siteId, lineId);
}

/** A deviation comment as the follow-up feature writes one. */
export function insertComment(db: Db, siteId: string, occasionId: string, unit: string, cause: string, status: 'draft' | 'ready' | 'approved' | 'returned'): string {
  const id = newId();
  db.prepare(
    `INSERT INTO deviation_comment (id, occasion_id, responsibility_id, cause, action, status, author, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, '', ?, 'test', ?, ?, ?)`,
  ).run(id, occasionId, naturalId('ansvar', unit), cause, status, at(), at(), siteId);
  return id;
}

export function setCommentField(db: Db, siteId: string, commentId: string, field: 'cause' | 'action' | 'status', value: string): void {
  db.prepare(`UPDATE deviation_comment SET ${field} = ?, updated_at = ?, updated_by_site = ? WHERE id = ?`).run(value, at(), siteId, commentId);
}

export function commentFor(db: Db, occasionId: string, unit: string): { id: string; cause: string; action: string; status: string } | undefined {
  return db.prepare('SELECT id, cause, action, status FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?').get(occasionId, naturalId('ansvar', unit)) as
    | { id: string; cause: string; action: string; status: string }
    | undefined;
}

export function insertForecast(db: Db, siteId: string, occasionId: string, unit: string, group: string, amount: number): string {
  const id = newId();
  db.prepare(
    `INSERT INTO forecast (id, occasion_id, responsibility_id, account_group, amount_ore, method, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, ?, 'manual', ?, ?, ?)`,
  ).run(id, occasionId, naturalId('ansvar', unit), group, amount, at(), at(), siteId);
  return id;
}

export function setForecastAmount(db: Db, siteId: string, forecastId: string, amount: number): void {
  db.prepare('UPDATE forecast SET amount_ore = ?, updated_at = ?, updated_by_site = ? WHERE id = ?').run(amount, at(), siteId, forecastId);
}

/** Outcome for some periods as a ledger import writes it: a batch, and the balances it replaces. */
export function writeOutcome(db: Db, periods: number[], amount: (account: string, unit: string, period: number) => number): string {
  const batchId = newId();
  db.prepare(
    `INSERT INTO import_batch (id, kind, file_name, file_sha256, imported_by, imported_at, row_count, total_ore, periods) VALUES (?, 'actual', 'huvudbok.csv', ?, 'test', ?, 0, 0, ?)`,
  ).run(batchId, '0'.repeat(64), at(), JSON.stringify(periods.map(String)));
  const codings = new CodingResolver(db);
  // Also used on databases from before migration 16 (followup-sums' migration test), where balances carry the batch's text id.
  const numbered = (db.prepare("SELECT count(*) AS n FROM pragma_table_info('actual_balance') WHERE name = 'batch_no'").get() as { n: number }).n > 0;
  const upsert = db.prepare(
    numbered
      ? 'INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) VALUES (?, ?, ?, (SELECT no FROM import_batch WHERE id = ?)) ON CONFLICT (coding_id, period) DO UPDATE SET amount_ore = excluded.amount_ore, batch_no = excluded.batch_no'
      : 'INSERT INTO actual_balance (coding_id, period, amount_ore, batch_id) VALUES (?, ?, ?, ?) ON CONFLICT (coding_id, period) DO UPDATE SET amount_ore = excluded.amount_ore, batch_id = excluded.batch_id',
  );
  for (const period of periods) for (const unit of SMALL_UNITS) for (const [account] of SMALL_ACCOUNTS) upsert.run(codings.idOf(account, unit, ''), period, amount(account, unit, period), batchId);
  return batchId;
}

export const pkgPath = (dir: string, name: string) => path.join(dir, `${name}.ramkoll`);

/**
 * Writes orsak and åtgärd for a node through the follow-up's comment service, as
 * the deviation grid does (an existing comment is updated, a new one added as
 * utkast), and marks it klar when asked. An approved comment is left as it is
 * (the round only lets the level above send it back): returns false then.
 */
export function writeComment(ctx: TestContext, occasionId: string, code: string, text: { cause: string; action?: string }, ready = false): boolean {
  const actor = { siteId: siteInfo(ctx.db).id, user: ctx.user, role: siteInfo(ctx.db).role, scopeCode: siteInfo(ctx.db).scopeCode, now: ctx.now() };
  const current = ctx.db.prepare('SELECT status FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ? AND deleted_at IS NULL').get(occasionId, naturalId('ansvar', code)) as
    | { status: string }
    | undefined;
  if (current?.status === 'approved') return false;
  if (current?.status === 'ready') changeCommentStatus(ctx.db, actor, { occasionId, code, action: 'reopen' });
  saveComment(ctx.db, actor, { occasionId, code, cause: text.cause, action: text.action ?? '', actionEffect: '' });
  if (ready) changeCommentStatus(ctx.db, actor, { occasionId, code, action: 'ready' });
  return true;
}

/**
 * Reads a package in as a user does: looks at it first and, when its sender
 * is new here (a presentation, or the first package from a site), accepts the
 * sender as shown, as the user does after comparing the fingerprint on the
 * phone. A changed key, role, scope or name is never accepted here: the tests
 * of those say so themselves.
 */
export async function receive(ctx: Pick<TestContext, 'db' | 'now'>, file: string, now: Date = ctx.now()): Promise<ImportResult> {
  const seen = inspectPackage(ctx.db, file);
  return importPackage(ctx.db, { file, now, accept: seen.decisions.some((d) => d.kind === 'sender') ? ['sender'] : [] });
}
