import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { outcomeSumsDelta, withOutcomeSumsDeferred } from '../figures/group-sums';
import type { ReplaceScope } from './types';
import { undoInvestmentOutcome } from './investment-outcome';
import type { ImportBatchTable } from '../../../db/schema';

export interface BatchInfo {
  id: string;
  fileName: string;
  sha256: string;
  profile: string | null;
  importedBy: string;
  importedAt: string;
  rows: number;
  totalOre: number;
  periods: string[];
  totalsPerPeriod: Record<string, number>;
  unknownCodes: number;
  scopeResponsibility: string | null;
  /** What the batch replaced: whole periods, an ansvar subtree, or only the file's own ansvar (listed in replacedResponsibilities). */
  replaceScope: ReplaceScope;
  replacedResponsibilities: string[] | null;
  status: 'active' | 'undone';
  undoneAt: string | null;
  /** Balances it holds now. */
  balances: number;
  transactions: number;
  /** Why it cannot be undone now (a later batch covers its periods), or null. */
  undoBlockedBy: { id: string; fileName: string } | null;
}

/** A batch as SELECT_BATCH reads it: its columns, and its rowid as `seq`. */
type BatchRow = Omit<ImportBatchTable, 'kind' | 'no'> & { seq: number };

const LATER_OVERLAPPING = `SELECT nb.id, nb.file_name FROM import_batch nb
  WHERE nb.kind = 'actual' AND nb.status = 'active' AND nb.rowid > ?
    AND EXISTS (SELECT 1 FROM json_each(nb.periods) a, json_each(?) b WHERE CAST(a.value AS INTEGER) = CAST(b.value AS INTEGER))
  ORDER BY nb.rowid DESC LIMIT 1`;

function info(db: Db, r: BatchRow): BatchInfo {
  const summary = JSON.parse(r.summary) as {
    totalsPerPeriod?: Record<string, number>;
    unknownCodes?: number;
    replaceScope?: ReplaceScope;
    replacedResponsibilities?: string[] | null;
  };
  // Batches from before the scope was recorded (and the exchange's) have only the subtree column.
  const replaceScope: ReplaceScope =
    summary.replaceScope ?? (r.scope_responsibility_code === null ? { kind: 'period', responsibility: null } : { kind: 'subtree', responsibility: r.scope_responsibility_code });
  const count = (sql: string) => (db.prepare(sql).get(r.id) as { n: number }).n;
  const blocker = r.status === 'active' ? (db.prepare(LATER_OVERLAPPING).get(r.seq, r.periods) as { id: string; file_name: string } | undefined) : undefined;
  return {
    id: r.id,
    fileName: r.file_name,
    sha256: r.file_sha256,
    profile: r.profile_name,
    importedBy: r.imported_by,
    importedAt: r.imported_at,
    rows: r.row_count,
    totalOre: r.total_ore,
    periods: (JSON.parse(r.periods) as (string | number)[]).map(String),
    totalsPerPeriod: summary.totalsPerPeriod ?? {},
    unknownCodes: summary.unknownCodes ?? 0,
    scopeResponsibility: r.scope_responsibility_code,
    replaceScope,
    replacedResponsibilities: summary.replacedResponsibilities ?? null,
    status: r.status,
    undoneAt: r.undone_at,
    balances: count('SELECT count(*) AS n FROM actual_balance WHERE batch_no = (SELECT no FROM import_batch WHERE id = ?)'),
    transactions: count('SELECT count(*) AS n FROM actual_transaction WHERE batch_id = ?'),
    undoBlockedBy: blocker ? { id: blocker.id, fileName: blocker.file_name } : null,
  };
}

const SELECT_BATCH = `SELECT rowid AS seq, id, file_name, file_sha256, profile_name, imported_by, imported_at, row_count, total_ore, periods,
  scope_responsibility_code, status, undone_at, summary FROM import_batch WHERE kind = 'actual'`;

/** The outcome imports, newest first. */
export function listBatches(db: Db): BatchInfo[] {
  return (db.prepare(`${SELECT_BATCH} ORDER BY rowid DESC`).all() as BatchRow[]).map((r) => info(db, r));
}

export function getBatch(db: Db, id: string): BatchInfo {
  const r = db.prepare(`${SELECT_BATCH} AND id = ?`).get(id) as BatchRow | undefined;
  if (!r) throw new RamkollError('NOT_FOUND', `Det finns ingen inläsning av utfall med id ${id}. "ramkoll batches --db DB" listar dem.`);
  return info(db, r);
}

/**
 * Undoes an outcome batch: its balances go, and what it replaced comes back
 * (after a backup, in one transaction). Only the latest batch of a period
 * can be undone, so that a later import is never mixed with an older one.
 */
export async function undoBatch(db: Db, id: string, now: Date): Promise<BatchInfo> {
  const b = getBatch(db, id);
  if (b.status === 'undone') throw new RamkollError('CONFLICT', `Inläsningen av ${b.fileName} (${id}) är redan ångrad.`);
  if (b.undoBlockedBy) {
    throw new RamkollError(
      'CONFLICT',
      `Inläsningen av ${b.fileName} kan inte ångras: den senare inläsningen av ${b.undoBlockedBy.fileName} (${b.undoBlockedBy.id}) gäller samma perioder. Ångra den först.`,
    );
  }
  await db.backup('fore-angra-import');
  db.tx(() => {
    // Follow-up's outcome sums follow set-based: the batch's balances out, what it replaced back in.
    withOutcomeSumsDeferred(db, () => {
      outcomeSumsDelta(db, -1, 'ab.batch_no = (SELECT no FROM import_batch WHERE id = ?)', [id]);
      db.prepare('DELETE FROM actual_balance WHERE batch_no = (SELECT no FROM import_batch WHERE id = ?)').run(id);
      refuseChangedOutside(db, b);
      db.prepare(
        `INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no)
         SELECT r.coding_id, r.period, r.amount_ore, ib.no FROM actual_balance_replaced r JOIN import_batch ib ON ib.id = r.previous_batch_id WHERE r.batch_id = ?`,
      ).run(id);
      outcomeSumsDelta(db, 1, 'r.batch_id = ?', [id], 'actual_balance_replaced r JOIN actual_balance ab ON ab.coding_id = r.coding_id AND ab.period = r.period');
    });
    db.prepare('DELETE FROM actual_transaction WHERE batch_id = ?').run(id);
    undoInvestmentOutcome(db, id);
    db.prepare("UPDATE import_batch SET status = 'undone', undone_at = ? WHERE id = ?").run(now.toISOString(), id);
  });
  return getBatch(db, id);
}

/**
 * What the batch replaced can only come back where nothing else has been
 * put since: a balance written there outside Ramkoll (by hand in SQL, or by
 * another tool) would otherwise be overwritten silently or break the undo
 * with an internal error. The caller's transaction is rolled back.
 */
function refuseChangedOutside(db: Db, b: BatchInfo): void {
  const clash = db
    .prepare(
      `SELECT c.responsibility_code AS ansvar, c.account_code AS konto, r.period, count(*) OVER () AS n
       FROM actual_balance_replaced r
       JOIN actual_balance ab ON ab.coding_id = r.coding_id AND ab.period = r.period
       JOIN coding c ON c.id = r.coding_id
       WHERE r.batch_id = ? ORDER BY r.period, c.responsibility_code, c.account_code LIMIT 1`,
    )
    .get(b.id) as { ansvar: string; konto: string; period: number; n: number } | undefined;
  if (!clash) return;
  throw new RamkollError(
    'CONFLICT',
    `Inläsningen av ${b.fileName} kan inte ångras: utfallet har ändrats utanför Ramkoll efter inläsningen ` +
      `(${clash.n === 1 ? 'en kodsträng' : `${clash.n} kodsträngar`}, först ansvar ${clash.ansvar} konto ${clash.konto} period ${clash.period}). ` +
      'Läs in en ny utfallsfil för perioden i stället; inget har ändrats.',
    [{ message: `ansvar ${clash.ansvar}, konto ${clash.konto}, period ${clash.period}` }],
  );
}
