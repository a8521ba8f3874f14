import { withBulkPragmas } from '../../../db/bulk';
import type { Db } from '../../../db/index';
import { ensureFiscalYear } from '../fiscal';
import { outcomeSumsDelta, withOutcomeSumsDeferred } from '../figures/group-sums';
import { newId } from '../ids';
import { addOutcomeSums, checkBalanceReferences, codingIds, insertBalances, withoutRowForeignKeys } from './bulk-write';
import { checkLedgerFile, type LedgerRequest, type ProgressFn } from './check';
import { SCOPE_FILTER } from './replace';
import { investmentAlreadyLoaded, writeInvestmentOutcome } from './investment-outcome';
import type { Accumulator } from './accumulator';
import type { LedgerCheck, LedgerImportResult } from './types';

export interface WriteContext {
  siteId: string;
  user: string;
  now: Date;
}

/**
 * True when the database already holds exactly this file's outcome: the
 * same balances in the same periods (and scope), all from batches of a file
 * with the same SHA-256. Importing the same file twice then changes nothing.
 */
function alreadyLoaded(db: Db, check: LedgerCheck, acc: Accumulator): boolean {
  const scope = check.replacedResponsibilities;
  const periods = check.periods.map(Number);
  const sql = `SELECT c.account_code, c.responsibility_code, c.dims, b.period, b.amount_ore, ib.file_sha256
     FROM actual_balance b JOIN coding c ON c.id = b.coding_id JOIN import_batch ib ON ib.no = b.batch_no
     WHERE b.period IN (SELECT value FROM json_each(?)) ${scope ? SCOPE_FILTER.replace('coding_id', 'b.coding_id') : ''}`;
  const params: unknown[] = [JSON.stringify(periods)];
  if (scope) params.push(JSON.stringify(scope));
  // Each balance in the database is looked up in the file's own tables (no text key per balance); equal counts then make the two sets equal.
  let n = 0;
  for (const [a, r, d, p, o, sha] of db.sqlite.prepare(sql).raw().iterate(...params) as Iterable<[string, string, string, number, number, string]>) {
    if (sha !== check.file.sha256) return false;
    const c = acc.findCoding(a, r, d);
    if (c < 0 || acc.balanceOf(c, p) !== o) return false;
    n++;
  }
  return n === acc.balanceCount && n > 0;
}

/**
 * Writes a checked ledger file as one batch, in one transaction after a
 * backup: the balances of the file's periods (and scope) are moved to
 * actual_balance_replaced, the new ones written, and the transaction detail
 * kept. Whole or nothing.
 */
export async function commitLedger(db: Db, check: LedgerCheck, acc: Accumulator, w: WriteContext, progress: ProgressFn = () => {}): Promise<{ batch: string; replaced: number }> {
  const batchId = newId();
  const at = w.now.toISOString();
  const scope = check.replacedResponsibilities;
  const years = [...new Set(check.periods.map((p) => Math.floor(Number(p) / 100)))];
  await db.backup('fore-utfallsimport');
  const total = check.balances + check.transactions;
  let done = 0;
  const replaced = withBulkPragmas(db, () => withoutRowForeignKeys(db, () => db.tx(() => {
    for (const y of years) ensureFiscalYear(db, y, at);
    db.run(
      db.q.insertInto('import_batch').values({
        id: batchId,
        kind: 'actual',
        file_name: check.file.fileName,
        file_sha256: check.file.sha256,
        profile_name: check.profileName,
        imported_by: w.user,
        imported_at: at,
        row_count: check.rows,
        total_ore: check.total,
        periods: JSON.stringify(check.periods),
        scope_responsibility_code: check.scopeResponsibility,
        status: 'active',
        undone_at: null,
        summary: JSON.stringify({
          format: check.file.format,
          encoding: check.file.encoding,
          sheet: check.file.sheet,
          totalsPerPeriod: check.totalsPerPeriod,
          rowsPerPeriod: check.rowsPerPeriod,
          balances: check.balances,
          transactions: check.transactions,
          unknownCodes: check.unknownCodes,
          unknown: check.unknown.slice(0, 500),
          skippedRows: check.skippedCount,
          notes: check.notes.slice(0, 50),
          replaceScope: check.replaceScope,
          // The ansvar a correction of the file's own ansvar replaced (a subtree is named by its top).
          replacedResponsibilities: check.replaceScope.kind === 'file' ? check.replacedResponsibilities : null,
          replacedPerPeriod: check.replacedPerPeriod,
          warnings: check.warnings,
          investment: { rows: check.investment.rows, total: check.investment.total, projects: check.investment.projects.length },
        }),
      }),
    );
    // The batch's local number (given by a trigger), which its balances carry instead of the text id.
    const batchNo = (db.prepare('SELECT no AS batch_no FROM import_batch WHERE id = ?').get(batchId) as { batch_no: number }).batch_no;
    const scopeParam = scope ? [JSON.stringify(scope)] : [];
    const keep = db.prepare(
      `INSERT INTO actual_balance_replaced (batch_id, coding_id, period, amount_ore, previous_batch_id)
       SELECT ?, coding_id, period, amount_ore, (SELECT id FROM import_batch WHERE no = batch_no) FROM actual_balance WHERE period = ? ${scope ? SCOPE_FILTER : ''}`,
    );
    const drop = db.prepare(`DELETE FROM actual_balance WHERE period = ? ${scope ? SCOPE_FILTER : ''}`);
    let replacedCount = 0;
    const ids = codingIds(db, acc.codings);
    // Follow-up's outcome sums: out go the balances replaced (one grouped
    // statement a period), in the batch's (summed here, a few thousand
    // upserts), instead of a trigger per row.
    withOutcomeSumsDeferred(db, () => {
      for (const p of check.periods) {
        replacedCount += keep.run(batchId, Number(p), ...scopeParam).changes;
        outcomeSumsDelta(db, -1, `ab.period = ? ${scope ? SCOPE_FILTER : ''}`, [Number(p), ...scopeParam]);
        drop.run(Number(p), ...scopeParam);
      }
      done = insertBalances(db, acc, ids, batchNo, (n) => {
        if (n % 20480 === 0) progress('Sparar utfallet', n, total);
      });
      addOutcomeSums(db, acc);
    });
    const detail = db.prepare(
      'INSERT INTO actual_transaction (batch_id, coding_id, period, booked_on, amount_ore, voucher, text, counterparty_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const d of acc.details) {
      detail.run(batchId, ids[d.coding], d.period, d.date, d.ore, d.voucher, d.text, d.counterpartyName);
      if (++done % 20000 === 0) progress('Sparar transaktioner', done, total);
    }
    // The rows' references, once per kodsträng and period (the per-row checks are off for this transaction).
    checkBalanceReferences(db, ids, acc.periods.keys(), batchId);
    writeInvestmentOutcome(db, batchId, check.periods.map(Number), check.replaceScope.kind === 'period', acc.investment);
    return replacedCount;
  })));
  progress('Sparar utfallet', total, total);
  return { batch: batchId, replaced };
}

export interface LedgerImportRequest extends LedgerRequest {
  dryRun: boolean;
  /** The user has seen the check's warnings and wants the import all the same. */
  confirmed: boolean;
}

/**
 * Imports a ledger file: check everything first; with errors, or as a dry
 * run, nothing is written and the result lists what was found. A file whose
 * outcome is already in the database changes nothing. A file with warnings
 * (it would replace a period with far fewer balances, or change a period a
 * locked occasion has reported) is written only when the user confirmed it;
 * otherwise the result says so and nothing is written.
 */
export async function importLedger(db: Db, req: LedgerImportRequest, w: WriteContext, progress: ProgressFn = () => {}): Promise<LedgerImportResult> {
  const { check, acc } = await checkLedgerFile(db, req, progress);
  const base: LedgerImportResult = { ...check, batch: null, applied: false, dryRun: req.dryRun, unchanged: false, replacedBalances: 0, needsConfirmation: false };
  if (check.errorCount > 0 || req.dryRun) return base;
  if (alreadyLoaded(db, check, acc) && investmentAlreadyLoaded(db, check.periods.map(Number), acc.investment)) {
    return { ...base, unchanged: true, notes: [...check.notes, 'Filens utfall finns redan i databasen (samma fil är redan inläst); inget ändrades.'] };
  }
  if (check.warnings.length > 0 && !req.confirmed) return { ...base, needsConfirmation: true };
  const { batch, replaced } = await commitLedger(db, check, acc, w, progress);
  return { ...base, batch, applied: true, replacedBalances: replaced };
}
