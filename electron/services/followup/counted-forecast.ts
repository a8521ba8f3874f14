import type { Db } from '../../../db/index';
import { CHEF_ROLES, isChef } from '../../../shared/roles';
import type { ForecastMethod } from '../../../db/schema';

/**
 * Which prognos counts in the förvaltning's prognos (issue 18 point 2): the
 * one rule every figure of the controller reads (Översikt, Uppföljning, the
 * reports, the Ekonomi export, the prognos round).
 *
 * A prognos needs approval only where a chef wrote it. A row of the
 * `forecast` table last written by the controller's installation counts at
 * once: she is the top level, and a database without chefs counts exactly
 * its working prognos. A row last written by a chef's installation counts
 * when the node's last approval (`forecast_round_event`, which keeps the
 * amounts per account group) holds the same amount for that group. Else it
 * does not count yet, and the group counts as:
 * - approved once: the amount as last approved;
 * - never approved, over a prognos the controller had given: that prognos
 *   (the audit trail, `change_log`, keeps what the chef's change replaced);
 * - never approved, a row the chef added: as if it were not written (the
 *   figure tree's own rule then gives a node with nodes below it the sum
 *   below, an enhet its utfall ack + återstående budget).
 * So the förvaltning's prognos is exactly what it was before the chef wrote.
 * A chef's own installation shows its working prognos (it is writing it);
 * the prognos round shows the status beside it. Ekonomi, which gets the
 * rows and the approvals in the controller's packages, counts the same way
 * (a row a chef added and never approved is left out there).
 */

/** What counts in place of a chef's prognos not approved yet: its last approved prognos, the controller's earlier prognos, the sum below, or utfall ack + återstående budget. */
export type CountedKind = 'approved' | 'earlier' | 'below' | 'default';

/** A node whose prognos (some group of it) does not count yet: what counts instead, and the working prognos it replaces. */
export interface PendingForecast {
  counted: CountedKind;
  /** The node's working prognos for the year (öre, net). */
  workingOre: number;
}

/** A set forecast (figures.ts's ForecastRow; figures.ts imports this file). */
interface ForecastRow {
  amount: number;
  method: ForecastMethod;
}

/** What is read of a node of the working figure tree. */
interface TreeNode {
  children: readonly { kind: string }[];
  figures: { forecastYear: number | null };
}

/** The last approved prognos per ansvar code of an occasion, per account group. */
export function lastApprovedForecasts(db: Db, occasionId: string): Map<string, Record<string, number>> {
  const rows = db
    .prepare(
      `SELECT v.code, e.amounts_json FROM forecast_round_event e JOIN dimension_value v ON v.id = e.responsibility_id
       WHERE e.occasion_id = ? AND e.deleted_at IS NULL AND e.status = 'approved' AND e.amounts_json IS NOT NULL ORDER BY e.at, e.rowid`,
    )
    .raw()
    .all(occasionId) as [string, string][];
  const out = new Map<string, Record<string, number>>();
  for (const [code, json] of rows) out.set(code, JSON.parse(json) as Record<string, number>);
  return out;
}

const CHEF_SITE = `(SELECT role FROM site WHERE id = %) IN (${CHEF_ROLES.map((r) => `'${r}'`).join(', ')})`;
// Ekonomi does not know the chefs' installations (their rows reach it through the controller's packages, under the
// chef's site): there only what a controller wrote counts at once.
const NOT_CONTROLLER_SITE = `coalesce((SELECT role FROM site WHERE id = %), '') <> 'controller'`;

/** The live forecast rows of an occasion that need approval: last written by a chef's installation ('CODE|group' and row id). */
function chefWrittenRows(db: Db, occasionId: string, ekonomi: boolean): { key: string; id: string }[] {
  return db
    .prepare(
      `SELECT d.code || '|' || f.account_group AS key, f.id FROM forecast f JOIN dimension_value d ON d.id = f.responsibility_id
       WHERE f.occasion_id = ? AND f.deleted_at IS NULL AND ${(ekonomi ? NOT_CONTROLLER_SITE : CHEF_SITE).replace('%', 'f.updated_by_site')}`,
    )
    .all(occasionId) as { key: string; id: string }[];
}

/**
 * The amount a forecast row had from someone other than a chef, from the
 * audit trail: the last amount a non-chef wrote, else what the first chef
 * change replaced (a row set before the trail had it, unless a chef added
 * the row); null when none.
 */
function earlierAmount(db: Db, rowId: string): number | null {
  const log = db
    .prepare(`SELECT old_value, new_value, ${CHEF_SITE.replace('%', 'site_id')} AS chef FROM change_log WHERE table_name = 'forecast' AND row_id = ? AND field = 'amount_ore' ORDER BY seq`)
    .all(rowId) as { old_value: string | null; new_value: string | null; chef: number }[];
  // A row a chef added: what its first logged change replaced was the chef's own amount. The row's first exchanged
  // version names the site that made it ("<ms>-<counter>-<site id>", hlc.ts).
  const addedByChef = isChef(
    db
      .prepare(`SELECT role FROM site WHERE id = (SELECT substr(min(version), 24) FROM xchg_change WHERE tbl = 'forecast' AND row_id = ? AND field = 'amount_ore')`)
      .pluck()
      .get(rowId) as string | undefined,
  );
  let value: string | null | undefined;
  for (const e of log) {
    if (!e.chef) value = e.new_value;
    else if (value === undefined && !addedByChef) value = e.old_value;
  }
  const n = value === undefined || value === null ? NaN : Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * The forecast rows that count, from the working rows and the figure tree
 * built from them (asked for only when a chef wrote a row); null when every
 * working row counts (nothing to rebuild).
 */
export function countForecasts(
  db: Db,
  occasionId: string,
  working: ReadonlyMap<string, ForecastRow>,
  tree: () => ReadonlyMap<string, TreeNode>,
): { rows: Map<string, ForecastRow>; pending: Map<string, PendingForecast> } | null {
  const ekonomi = db.prepare("SELECT role FROM site WHERE is_local = 1").pluck().get() === 'ekonomi';
  const chefRows = chefWrittenRows(db, occasionId, ekonomi);
  if (chefRows.length === 0) return null;
  const approvals = lastApprovedForecasts(db, occasionId);
  const byKey = tree();
  const rows = new Map(working);
  const pending = new Map<string, PendingForecast>();
  for (const { key, id } of chefRows) {
    const row = working.get(key);
    if (!row) continue;
    const bar = key.lastIndexOf('|');
    const code = key.slice(0, bar);
    const group = key.slice(bar + 1);
    const node = byKey.get(`n:${encodeURIComponent(code)}`);
    if (!node) continue;
    const approved = approvals.get(code);
    if (approved && approved[group] === row.amount) continue;
    let counted: CountedKind;
    if (approved) {
      counted = 'approved';
      rows.set(key, { amount: approved[group] ?? 0, method: row.method });
    } else {
      // Ekonomi's audit trail names the controller as the sender of a chef's change it relayed: no earlier amount there.
      const earlier = ekonomi ? null : earlierAmount(db, id);
      if (earlier !== null) {
        counted = 'earlier';
        rows.set(key, { amount: earlier, method: row.method });
      } else {
        counted = node.children.some((c) => c.kind === 'node') ? 'below' : 'default';
        rows.delete(key);
      }
    }
    pending.set(code, { counted, workingOre: node.figures.forecastYear ?? 0 });
  }
  return pending.size === 0 ? null : { rows, pending };
}
