import type { Db } from '../../../db/index';
import type { CodingResolver } from '../coding';
import { outcomeSumsDelta, withOutcomeSumsDeferred } from '../figures/group-sums';
import { currentVersion, outcomeChecksums, setOutcomeChecksum } from './capture';
import { siteOfVersion } from './hlc';
import type { WireInvestmentRow, WireOutcome } from './package-file';
import { replaceInvestmentPeriod } from './outcome-investment';
import { OUTCOME, OUTCOME_WRITERS } from './registry';
import { ROLE_NAMES } from './rights';
import { OrgTree } from '../figures/org-tree';
import type { SiteActor } from '../actor';

export interface OutcomeMerge {
  db: Db;
  outcome: WireOutcome | null;
  sender: SiteActor;
  local: SiteActor;
  tree: OrgTree;
  codings: CodingResolver;
  senderId: string;
  packageId: string;
  /** Why a version may not be taken in here (a clock from the future), or null. */
  versionRefusal(version: string): string | null;
  refuse(rowId: string, reason: string): void;
  /** A period's version that was taken into the log (it moves this site's clock). */
  accepted(version: string, period: number): void;
}

/**
 * Outcome replaces the periods of the package within the scope both sites
 * share, newest version wins; only a controller sends outcome. Returns the
 * counts and the number of balances written.
 */
export function mergeOutcome(m: OutcomeMerge): { applied: number; skipped: number; rows: number } {
  const { db, outcome: o } = m;
  const counts = { applied: 0, skipped: 0, rows: 0 };
  if (!o || o.periods.length === 0) return counts;
  if (!OUTCOME_WRITERS.includes(m.sender.role)) {
    for (const p of o.periods) m.refuse(String(p.period), `${ROLE_NAMES[m.sender.role]} får inte skicka utfall; utfallet kommer från controllern`);
    return counts;
  }
  const scope = OrgTree.intersect(m.tree, m.sender.scopeCode, m.local.scopeCode);
  const codes = m.tree.codesIn(scope);
  const inScope = codes ? new Set(codes) : null;
  const insertBatch = db.prepare(
    `INSERT INTO import_batch (id, kind, file_name, file_sha256, profile_name, imported_by, imported_at, row_count, total_ore, periods, scope_responsibility_code, status, summary)
     VALUES (?, 'actual', ?, ?, ?, ?, ?, 0, 0, '[]', ?, 'active', '{}') ON CONFLICT (id) DO NOTHING`,
  );
  const byPeriod = new Map<number, WireOutcome['rows']>();
  for (const r of o.rows) {
    const list = byPeriod.get(r[3]);
    if (list) list.push(r);
    else byPeriod.set(r[3], [r]);
  }
  const logHas = db.prepare('SELECT 1 FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ? AND version = ?');
  const log = db.prepare('INSERT INTO xchg_change (tbl, row_id, field, value, version, base, resolves, node, origin, via, package_id) VALUES (?, ?, ?, NULL, ?, ?, NULL, NULL, ?, ?, ?)');
  const del = db.prepare(
    'DELETE FROM actual_balance WHERE period = ? AND (? IS NULL OR coding_id IN (SELECT id FROM coding WHERE responsibility_code IN (SELECT value FROM json_each(?))))',
  );
  // The kept outcome sums follow the period's balances in two grouped statements (what goes, what comes) rather than a trigger per row.
  const inPeriod = 'ab.period = ? AND (? IS NULL OR c.responsibility_code IN (SELECT value FROM json_each(?)))';
  const ins = db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) VALUES (?, ?, ?, ?) ON CONFLICT (coding_id, period) DO UPDATE SET amount_ore = excluded.amount_ore, batch_no = excluded.batch_no');
  // Balances carry the batch's local number (migration 16); the package names batches by their text id.
  const batchNo = db.prepare('SELECT no FROM import_batch WHERE id = ?').pluck();
  const numbers = new Map<number, number>();
  const taken: number[] = [];
  const inserted = new Set<number>();
  // Only the batches of balances taken in are recorded here.
  const useBatch = (i: number | null): string | null => {
    const batch = i === null ? undefined : o.batches[i];
    if (!batch) return null;
    if (!inserted.has(i!)) {
      insertBatch.run(batch.id, batch.fileName, batch.sha256, batch.profileName, batch.importedBy, batch.importedAt, scope === '' ? null : scope);
      inserted.add(i!);
    }
    return batch.id;
  };
  const investmentBy = new Map<number, WireInvestmentRow[]>();
  for (const r of o.investment ?? []) {
    const list = investmentBy.get(r[2]);
    if (list) list.push(r);
    else investmentBy.set(r[2], [r]);
  }
  withOutcomeSumsDeferred(db, () => {
    for (const p of o.periods) {
      const rowId = String(p.period);
      if (logHas.get(OUTCOME, rowId, 'balances', p.version)) {
        counts.skipped++;
        continue;
      }
      const clock = m.versionRefusal(p.version);
      if (clock) {
        m.refuse(rowId, clock);
        continue;
      }
      const cur = currentVersion(db, OUTCOME, rowId, 'balances');
      log.run(OUTCOME, rowId, 'balances', p.version, cur, siteOfVersion(p.version), m.senderId, m.packageId);
      m.accepted(p.version, p.period);
      taken.push(p.period);
      if (cur !== null && cur > p.version) {
        // An older picture of the period than the one already here.
        counts.skipped++;
        continue;
      }
      const where = [p.period, codes ? 1 : null, JSON.stringify(codes ?? [])];
      outcomeSumsDelta(db, -1, inPeriod, where);
      del.run(...where);
      let outside = 0;
      for (const r of byPeriod.get(p.period) ?? []) {
        const batch = o.batches[r[5]];
        if (!batch || !/^\d{4,5}$/.test(r[0]) || (inScope && !inScope.has(r[1]))) {
          outside++;
          continue;
        }
        useBatch(r[5]);
        let no = numbers.get(r[5]);
        if (no === undefined) {
          no = batchNo.get(batch.id) as number;
          numbers.set(r[5], no);
        }
        ins.run(m.codings.idOf(r[0], r[1], r[2]), p.period, r[4], no);
        counts.rows++;
      }
      outcomeSumsDelta(db, 1, inPeriod, where);
      // The investment outcome of the period, from a sender that sends it (an older one leaves it out: then it stays as it is).
      if (o.investment) outside += replaceInvestmentPeriod(db, p.period, investmentBy.get(p.period) ?? [], codes, useBatch).outside;
      if (outside > 0) m.refuse(rowId, `${outside} utfallsrader för ${p.period} ligger utanför ${scope ? `området ${scope}` : 'området'} eller är ogiltiga och lästes inte in`);
      counts.applied++;
    }
  });
  // What is here now is what was received: no change of our own to send.
  const sums = outcomeChecksums(db, taken);
  for (const period of taken) setOutcomeChecksum(db, period, sums.get(period) ?? 'tom');
  db.prepare(
    `UPDATE import_batch SET row_count = (SELECT count(*) FROM actual_balance WHERE batch_no = import_batch.no),
       total_ore = (SELECT coalesce(sum(amount_ore), 0) FROM actual_balance WHERE batch_no = import_batch.no),
       periods = (SELECT coalesce(json_group_array(DISTINCT CAST(period AS TEXT)), '[]') FROM actual_balance WHERE batch_no = import_batch.no)
     WHERE id IN (SELECT value FROM json_each(?))`,
  ).run(JSON.stringify(o.batches.map((b) => b.id)));
  return counts;
}
