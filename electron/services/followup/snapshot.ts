import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { OrgTree } from '../figures/org-tree';
import { budgetInForceForPeriod } from '../budget/in-force';
import { liveOccasionProjects } from '../investments/occasion-figures';
import { getOccasion, type Occasion } from './calendar';
import { loadAccounts, type SnapshotMeta, followUpWrite } from './facts';
import { countForecasts } from './counted-forecast';
import { figureTree, forecastOccasionFor, loadForecastRows } from './figures';
import { heldScope } from './held';
import { logChanges } from './history';
import type { Actor } from './model';
import { assertController } from './permissions';
import { writeSnapshotFigures, writeSnapshotGroupFigures } from './snapshot-figures';
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
  progress(0, 4);
  // The budget in force on the period's last day: its version's lines and each end of the omfördelningar
  // decided by then, on its konto ('' when decided without one).
  const inForce = budgetInForceForPeriod(db, period);
  const version = inForce.version ? { id: inForce.version.id, name: inForce.version.name, kind: inForce.version.kind } : null;
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
    investments: liveOccasionProjects(db, occasion.year, period),
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
  progress(1, 4);
  const written = writeSnapshotFigures(db, occasion.id, period, inForce);
  progress(2, 4);
  writeSnapshotGroupFigures(db, occasion.id);
  progress(3, 4);
  if (fo) {
    const insertForecast = db.prepare('INSERT INTO occasion_snapshot_forecast (occasion_id, responsibility_code, account_group, amount_ore, method) VALUES (?, ?, ?, ?, ?)');
    // What counts is frozen: a chef's prognos not approved by the lock stays out of the locked figures.
    const working = loadForecastRows(db, fo.id);
    const counted = heldScope(db) === null ? countForecasts(db, fo.id, working, () => figureTree(db, { period, snapshot: false, forecast: 'working' }).byKey) : null;
    for (const [key, f] of counted?.rows ?? working) {
      const bar = key.lastIndexOf('|');
      insertForecast.run(occasion.id, key.slice(0, bar), key.slice(bar + 1), f.amount, f.method);
    }
  }
  progress(4, 4);
  return written;
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
