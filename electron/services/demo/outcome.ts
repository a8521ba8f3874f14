/**
 * The demo's outcome: a ledger that behaves like a real one (seasonality,
 * over- and underspending units, holiday pay), derived from the final budget
 * lines, for the closed months only.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/index';
import type { CodingResolver } from '../coding';
import { outcomeSumsDelta, withOutcomeSumsDeferred } from '../figures/group-sums';
import { newId } from '../ids';
import { DEMO_PO, FIXED_ACCOUNTS, outcomeSeason, UNIT_BIAS } from './model';
import { rngFor } from './rng';

export interface OutcomeLine {
  unit: string;
  account: string;
  yearOre: number;
  months: number[];
}

export interface OutcomeOptions {
  year: number;
  /** Months from January with outcome. */
  months: number;
  /** The level of costs against the budget (last year ran a little lower). */
  level: number;
  /** Salary base per unit (the budgeted salaries), öre a year. */
  salaryBase: ReadonlyMap<string, number>;
  /** The PO rates of a unit's salaries per account (the personnel units book all PO on one account). */
  poFor(unit: string): Readonly<Record<string, number>>;
  user: string;
  at: string;
  label: string;
}

const MONTH_NAMES = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "januari–oktober" for the first `months` months. */
export function monthsLabel(months: number): string {
  return months === 1 ? MONTH_NAMES[0]! : `${MONTH_NAMES[0]}–${MONTH_NAMES[months - 1]}`;
}

const PO_ACCOUNTS = new Set(Object.keys(DEMO_PO));

/** Writes one import batch of outcome for the year's first `months` months. */
export function writeOutcome(db: Db, codings: CodingResolver, lines: readonly OutcomeLine[], o: OutcomeOptions): void {
  const { year, months, level } = o;
  const batchId = newId();
  const periods = Array.from({ length: months }, (_, i) => year * 100 + i + 1);
  const amounts = new Map<string, number[]>(); // 'account|unit' -> öre per month
  const add = (account: string, unit: string, month: number, ore: number) => {
    const key = `${account}|${unit}`;
    let arr = amounts.get(key);
    if (!arr) amounts.set(key, (arr = new Array<number>(months).fill(0)));
    arr[month] = arr[month]! + ore;
  };

  for (const l of lines) {
    if (PO_ACCOUNTS.has(l.account)) continue; // worked out from the salaries below
    const rng = rngFor('outcome', year, l.unit, l.account);
    const isCost = l.yearOre > 0;
    const bias = isCost ? (UNIT_BIAS[l.unit] ?? 0.985 + (rng() - 0.5) * 0.04) : 1 + (rng() - 0.5) * 0.03;
    const season = outcomeSeason(l.account);
    const growing = l.account === '4330' || l.account === '4350' || l.account === '4610';
    for (let m = 0; m < months; m++) {
      if (FIXED_ACCOUNTS.has(l.account)) {
        add(l.account, l.unit, m, Math.round(l.months[m]! * level));
        continue;
      }
      const noise = 1 + (rng() - 0.5) * (isCost ? 0.07 : 0.03);
      const trend = growing ? 0.94 + 0.012 * m : 1;
      const s = season ? season[m]! : 1;
      add(l.account, l.unit, m, Math.round((l.yearOre / 12) * s * bias * noise * trend * level));
    }
  }
  // The semester liability (accrued every month, used in the summer: this is
  // what makes July's personnel cost low), sick pay and PO on all of it.
  for (const [unit, base] of o.salaryBase) {
    const rng = rngFor('salary-extra', year, unit);
    const monthly = (base / 12) * level * (UNIT_BIAS[unit] ?? 1);
    for (let m = 0; m < months; m++) {
      const liability = [0.066, 0.066, 0.066, 0.066, 0.066, -0.03, -0.55, -0.03, 0.066, 0.066, 0.066, 0.07][m]!;
      add('5210', unit, m, Math.round(monthly * liability * (0.95 + rng() * 0.1)));
      const sick = m < 3 || m > 9 ? 0.016 : 0.009;
      add('5090', unit, m, Math.round(monthly * sick * (0.7 + rng() * 0.6)));
      const paid = ['5010', '5020', '5030', '5050', '5090', '5210'].reduce((s, a) => s + (amounts.get(`${a}|${unit}`)?.[m] ?? 0), 0);
      for (const [acc, rate] of Object.entries(o.poFor(unit))) add(acc, unit, m, Math.round(paid * rate));
      if (rng() < 0.25) add('7710', unit, m, Math.round(rng() * 400_000));
    }
  }

  let total = 0;
  let rows = 0;
  const perPeriod: Record<string, number> = {};
  db.run(
    db.q.insertInto('import_batch').values({
      id: batchId,
      kind: 'actual',
      file_name: o.label,
      file_sha256: createHash('sha256').update(`ramkoll-demo:${year}:${months}`).digest('hex'),
      profile_name: 'demo',
      imported_by: o.user,
      imported_at: o.at,
      row_count: 0,
      total_ore: 0,
      periods: JSON.stringify(periods.map(String)),
      scope_responsibility_code: null,
      status: 'active',
      undone_at: null,
      summary: '{}',
    }),
  );
  const batchNo = (db.prepare('SELECT no AS demo_no FROM import_batch WHERE id = ?').get(batchId) as { demo_no: number }).demo_no;
  // As the ledger import does: follow-up's kept sums in one grouped statement for the batch, not a trigger per balance.
  withOutcomeSumsDeferred(db, () => {
    // 256 balances a statement, as the ledger import writes them: one run() per balance cost more in the
    // crossing into SQLite than in SQLite.
    const values: number[] = [];
    for (const [key, months] of amounts) {
      const [account, unit] = key.split('|') as [string, string];
      const codingId = codings.idOf(account, unit);
      months.forEach((ore, m) => {
        if (ore === 0) return;
        values.push(codingId, periods[m]!, ore, batchNo);
        total += ore;
        rows++;
        perPeriod[periods[m]!] = (perPeriod[periods[m]!] ?? 0) + ore;
      });
    }
    insertBalances(db, values);
    outcomeSumsDelta(db, 1, 'ab.batch_no = ?', [batchNo]);
  });
  db.run(
    db.q
      .updateTable('import_batch')
      .set({ row_count: rows, total_ore: total, summary: JSON.stringify({ totalsPerPeriod: perPeriod }) })
      .where('id', '=', batchId),
  );
}

const BALANCES_PER_STATEMENT = 256;

/** Inserts balances given as a flat list of (coding id, period, öre, batch no), many rows a statement. */
function insertBalances(db: Db, values: readonly number[]): void {
  const statement = (n: number) => db.prepare(`INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) VALUES ${new Array<string>(n).fill('(?, ?, ?, ?)').join(', ')}`);
  const step = BALANCES_PER_STATEMENT * 4;
  for (let i = 0; i < values.length; i += step) {
    const chunk = values.slice(i, i + step);
    statement(chunk.length / 4).run(...chunk);
  }
}
