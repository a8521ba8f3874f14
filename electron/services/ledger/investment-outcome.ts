import type { Db } from '../../../db/index';
import type { InvestmentOutcomeCheck, UnknownCode } from './types';

/**
 * Investment outcome from the ledger import (issue 17 point 2, follow-up).
 *
 * The drift outcome leaves out kontoklass 1–2: a balance account in
 * actual_balance would count as an unknown account in nettokostnaden. Rows
 * of kontoklass 1 (the investment accounts: pågående arbeten, inventarier …)
 * that carry a code in the Projekt dimension are the investment outcome
 * instead: summed per project code, account and period here, written to
 * investment_actual in the same transaction and batch as the drift outcome,
 * replaced and undone with it. Class-1 rows without a project code, and
 * class 2, stay left out as before.
 */

/** The dimension the project code is read from (dimensions.ts: 'projekt', SIE dimension 6). */
export const PROJECT_DIMENSION = 'projekt';

/** The project code in a canonical dims text ('dim=value|dim=value'), or null. */
export function projectCodeOf(dims: string): string | null {
  if (dims === '') return null;
  for (const part of dims.split('|')) {
    if (part.startsWith(`${PROJECT_DIMENSION}=`)) {
      const code = part.slice(PROJECT_DIMENSION.length + 1);
      return code === '' ? null : code;
    }
  }
  return null;
}

/** Whether a row of this account and dims is investment outcome (class 1 with a project code). */
export function isInvestmentRow(account: string, dims: string): boolean {
  return account[0] === '1' && projectCodeOf(dims) !== null;
}

/** One sum a thread hands another: [project code, account, period, öre, rows]. */
export type InvestmentTransfer = [string, string, number, number, number][];

/** The investment rows of one file, summed per project code, account and period. */
export class InvestmentSums {
  private readonly sums = new Map<string, { code: string; account: string; period: number; ore: number; rows: number }>();
  rows = 0;

  add(code: string, account: string, period: number, ore: number, rows = 1): void {
    const key = `${code}\t${account}\t${period}`;
    const s = this.sums.get(key);
    if (s) {
      s.ore += ore;
      s.rows += rows;
    } else this.sums.set(key, { code, account, period, ore, rows });
    this.rows += rows;
  }

  toTransfer(): InvestmentTransfer {
    return [...this.sums.values()].map((s) => [s.code, s.account, s.period, s.ore, s.rows]);
  }

  merge(t: InvestmentTransfer): void {
    for (const [code, account, period, ore, rows] of t) this.add(code, account, period, ore, rows);
  }

  moveFrom(other: InvestmentSums): void {
    this.merge(other.toTransfer());
    other.sums.clear();
    other.rows = 0;
  }

  /** Keeps only what another holds (the check drops rows of periods the file has no drift outcome for). */
  replaceWith(other: InvestmentSums): void {
    this.sums.clear();
    this.rows = 0;
    this.moveFrom(other);
  }

  /** The sums, ordered by project, account and period. */
  list(): { code: string; account: string; period: number; ore: number; rows: number }[] {
    return [...this.sums.values()].sort((a, b) => a.code.localeCompare(b.code, 'sv') || a.account.localeCompare(b.account) || a.period - b.period);
  }

  get size(): number {
    return this.sums.size;
  }
}

/**
 * Sums the file's investment rows per project for the check, and the codes
 * the investment budget does not know (listed with the unknown codes: their
 * outcome is kept, and shows once the project is registered). Rows of
 * periods the file has no drift outcome for are dropped from `sums` here and
 * counted, since a batch replaces exactly the file's periods.
 */
export function checkInvestmentOutcome(db: Db, sums: InvestmentSums, periods: ReadonlySet<number>): { check: InvestmentOutcomeCheck; unknown: UnknownCode[]; kept: InvestmentSums } {
  const names = new Map(
    (db.prepare('SELECT code, name FROM investment_project WHERE deleted_at IS NULL').all() as { code: string; name: string }[]).map((r) => [r.code, r.name]),
  );
  const kept = new InvestmentSums();
  let leftOutRows = 0;
  const byProject = new Map<string, InvestmentOutcomeCheck['projects'][number]>();
  for (const s of sums.list()) {
    if (!periods.has(s.period)) {
      leftOutRows += s.rows;
      continue;
    }
    kept.add(s.code, s.account, s.period, s.ore, s.rows);
    let p = byProject.get(s.code);
    if (!p) byProject.set(s.code, (p = { code: s.code, name: names.get(s.code) ?? null, known: names.has(s.code), ore: 0, rows: 0, perPeriod: {}, accounts: [] }));
    p.ore += s.ore;
    p.rows += s.rows;
    p.perPeriod[String(s.period)] = (p.perPeriod[String(s.period)] ?? 0) + s.ore;
    if (!p.accounts.includes(s.account)) p.accounts.push(s.account);
  }
  const projects = [...byProject.values()];
  const unknown: UnknownCode[] = projects.filter((p) => !p.known).map((p) => ({ dimension: 'investeringsprojekt', code: p.code, name: null, rows: p.rows, ore: p.ore }));
  return {
    check: { rows: kept.rows, total: projects.reduce((a, p) => a + p.ore, 0), projects, leftOutRows },
    unknown,
    kept,
  };
}

/** The notes the check shows about the investment outcome. */
export function investmentNotes(c: InvestmentOutcomeCheck): string[] {
  const notes: string[] = [];
  if (c.rows > 0) {
    notes.push(
      `${c.rows} rader på investeringskonton (klass 1) med projektkod läses in som investeringsutfall för ${c.projects.length} projekt` +
        (c.projects.some((p) => !p.known) ? `; ${c.projects.filter((p) => !p.known).length} av projektkoderna finns inte i investeringsbudgeten (se okända koder)` : '') +
        '.',
    );
  }
  if (c.leftOutRows > 0) notes.push(`${c.leftOutRows} rader med investeringsutfall gäller perioder utan driftutfall i filen och lästes inte in.`);
  return notes;
}

/**
 * Writes a batch's investment outcome in the caller's transaction: in the
 * batch's periods, the investment outcome there now moves to
 * investment_actual_replaced (all of it for whole periods; for an import
 * limited to some ansvar only that of the project codes the file carries),
 * and the file's sums are written with the batch id.
 */
export function writeInvestmentOutcome(db: Db, batchId: string, periods: readonly number[], wholePeriods: boolean, sums: InvestmentSums): { written: number; replaced: number } {
  const codes = wholePeriods ? null : JSON.stringify([...new Set(sums.list().map((s) => s.code))]);
  const filter = `period = ? AND (? IS NULL OR project_code IN (SELECT value FROM json_each(?)))`;
  const keep = db.prepare(
    `INSERT INTO investment_actual_replaced (batch_id, project_code, account_code, period, amount_ore, previous_batch_id)
     SELECT ?, project_code, account_code, period, amount_ore, batch_id FROM investment_actual WHERE ${filter}`,
  );
  const drop = db.prepare(`DELETE FROM investment_actual WHERE ${filter}`);
  let replaced = 0;
  for (const p of periods) {
    replaced += keep.run(batchId, p, codes, codes).changes;
    drop.run(p, codes, codes);
  }
  const ins = db.prepare('INSERT INTO investment_actual (project_code, account_code, period, amount_ore, batch_id) VALUES (?, ?, ?, ?, ?)');
  let written = 0;
  for (const s of sums.list()) {
    ins.run(s.code, s.account, s.period, s.ore, batchId);
    written++;
  }
  return { written, replaced };
}

/** Undoes a batch's investment outcome in the caller's transaction: its rows go, what it replaced comes back. */
export function undoInvestmentOutcome(db: Db, batchId: string): void {
  db.prepare('DELETE FROM investment_actual WHERE batch_id = ?').run(batchId);
  db.prepare(
    `INSERT INTO investment_actual (project_code, account_code, period, amount_ore, batch_id)
     SELECT project_code, account_code, period, amount_ore, previous_batch_id FROM investment_actual_replaced WHERE batch_id = ?`,
  ).run(batchId);
}

/** True when the database holds exactly these investment sums in the batch's periods (a re-import of the same file changes nothing). */
export function investmentAlreadyLoaded(db: Db, periods: readonly number[], sums: InvestmentSums): boolean {
  const here = db
    .prepare('SELECT project_code AS code, account_code AS account, period, amount_ore AS ore FROM investment_actual WHERE period IN (SELECT value FROM json_each(?)) ORDER BY 1, 2, 3')
    .all(JSON.stringify(periods)) as { code: string; account: string; period: number; ore: number }[];
  const mine = sums.list();
  if (here.length !== mine.length) return false;
  const key = (r: { code: string; account: string; period: number; ore: number }) => `${r.code}\t${r.account}\t${r.period}\t${r.ore}`;
  const set = new Set(here.map(key));
  return mine.every((r) => set.has(key(r)));
}
