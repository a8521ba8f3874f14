import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { OrgTree } from '../figures/org-tree';
import { budgetInForceForPeriod, budgetInForceRows } from '../budget/in-force';
import { getOccasion, type Occasion } from './calendar';
import { liveActualMonths, loadAccounts, type SnapshotMeta, followUpWrite } from './facts';
import { forecastOccasionFor, loadForecastRows } from './figures';
import { logChanges } from './history';
import { MONTHS, type Actor } from './model';
import { assertController } from './permissions';
import { loadThresholds } from './thresholds';

type Progress = (done: number, total: number) => void;

/**
 * Writes what the occasion shows now (budget, outcome and last year per ansvar
 * and konto and month, the organisation, accounts, thresholds and the
 * forecasts that apply) into its snapshot. The snapshot is built from the
 * tables' current contents, whatever put them there, so later imports, undos
 * or master-data changes cannot move a locked occasion's figures.
 */
export function writeSnapshot(db: Db, actor: Actor, occasion: Occasion, progress: Progress = () => {}): number {
  const period = occasion.period;
  const year = occasion.year;
  const month = period % 100;
  progress(0, 4);
  // The budget in force on the period's last day: its version's lines and each end of the omfördelningar
  // decided by then, on its konto ('' when decided without one).
  const inForce = budgetInForceForPeriod(db, period);
  const version = inForce.version ? { id: inForce.version.id, name: inForce.version.name, kind: inForce.version.kind } : null;
  const budget = budgetInForceRows(db, inForce, 'account');
  const actual = liveActualMonths(db, year, null, month);
  progress(1, 4);
  const lastYear = liveActualMonths(db, year - 1, null, 12);
  progress(2, 4);

  const rows = new Map<string, { resp: string; account: string; b: number[]; a: number[]; l: number[] }>();
  const row = (resp: string, account: string) => {
    const k = `${resp}\u0000${account}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { resp, account, b: new Array<number>(MONTHS).fill(0), a: new Array<number>(MONTHS).fill(0), l: new Array<number>(MONTHS).fill(0) }));
    return r;
  };
  for (const e of budget) {
    if (e.months.every((v) => v === 0)) continue;
    const r = row(e.resp, e.key);
    for (let m = 0; m < MONTHS; m++) r.b[m]! += e.months[m]!;
  }
  for (const e of actual) {
    const r = row(e.resp, e.account);
    for (let m = 0; m < month; m++) r.a[m]! += e.months[m]!;
  }
  for (const e of lastYear) {
    const r = row(e.resp, e.account);
    for (let m = 0; m < MONTHS; m++) r.l[m]! += e.months[m]!;
  }

  const org = OrgTree.load(db);
  const fo = forecastOccasionFor(db, period);
  const meta: SnapshotMeta = {
    org: [...org.byCode.values()].map((n) => ({ id: n.id, code: n.code, name: n.name, level: n.level, parentCode: n.parentCode, sortOrder: n.sortOrder })),
    accounts: [...loadAccounts(db).entries()],
    thresholds: loadThresholds(db),
    period,
    budgetVersion: version,
    originalVersion: inForce.original,
    reallocations: inForce.reallocations,
    budgetChanges: inForce.changes,
  };
  db.run(db.q.deleteFrom('occasion_snapshot').where('occasion_id', '=', occasion.id));
  db.run(
    db.q.insertInto('occasion_snapshot').values({
      occasion_id: occasion.id,
      taken_at: actor.now.toISOString(),
      taken_by: actor.user,
      budget_version_id: version?.id ?? null,
      budget_version_name: version?.name ?? null,
      forecast_occasion_id: fo?.id ?? null,
      meta: JSON.stringify(meta),
    }),
  );
  const insert = db.prepare(
    `INSERT INTO occasion_snapshot_figure (occasion_id, responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore,
       budget_months, actual_months, last_year_months) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const sum = (xs: number[], to: number) => xs.slice(0, to).reduce((a, b) => a + b, 0);
  for (const r of rows.values()) {
    insert.run(occasion.id, r.resp, r.account, sum(r.b, MONTHS), sum(r.b, month), sum(r.a, month), sum(r.l, month), JSON.stringify(r.b), JSON.stringify(r.a.slice(0, month)), JSON.stringify(r.l));
  }
  progress(3, 4);
  if (fo) {
    const insertForecast = db.prepare('INSERT INTO occasion_snapshot_forecast (occasion_id, responsibility_code, account_group, amount_ore, method) VALUES (?, ?, ?, ?, ?)');
    for (const [key, f] of loadForecastRows(db, fo.id)) {
      const bar = key.lastIndexOf('|');
      insertForecast.run(occasion.id, key.slice(0, bar), key.slice(bar + 1), f.amount, f.method);
    }
  }
  progress(4, 4);
  return rows.size;
}

/** Locks an occasion when it has been reported: its figures are frozen in a snapshot, its comments and forecasts can no longer change. */
export function lockOccasion(db: Db, actor: Actor, id: string, progress?: Progress): Occasion {
  assertController(actor, 'låsa uppföljningstillfällen');
  const o = getOccasion(db, id);
  if (o.lockedAt !== null) throw new RamkollError('CONFLICT', `${o.name} är redan låst (sedan ${o.lockedAt.slice(0, 10)}).`);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    writeSnapshot(db, actor, o, progress);
    db.run(db.q.updateTable('reporting_occasion').set({ locked_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id));
    logChanges(db, actor, 'reporting_occasion', id, [{ field: 'locked_at', old: null, new: at }]);
  });
  return getOccasion(db, id);
}

/** Opens a locked occasion again: the snapshot goes and the figures follow the data as it is now. */
export function unlockOccasion(db: Db, actor: Actor, id: string): Occasion {
  assertController(actor, 'låsa upp uppföljningstillfällen');
  const o = getOccasion(db, id);
  if (o.lockedAt === null) throw new RamkollError('CONFLICT', `${o.name} är inte låst.`);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    db.run(db.q.deleteFrom('occasion_snapshot').where('occasion_id', '=', id));
    db.run(db.q.updateTable('reporting_occasion').set({ locked_at: null, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id));
    logChanges(db, actor, 'reporting_occasion', id, [{ field: 'locked_at', old: o.lockedAt, new: null }]);
  });
  return getOccasion(db, id);
}
