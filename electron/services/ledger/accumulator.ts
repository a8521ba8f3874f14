/**
 * Sums a ledger file's rows per kodsträng and period as they stream past:
 * a million rows become a few thousand balances, so memory stays small.
 * Transaction detail (voucher, text, supplier) is kept only when the file
 * has it.
 */
import { BalanceTable, NumericCodingTable } from './balance-table';
import { DetailStore } from './detail-store';
import { InvestmentSums, projectCodeOf, type InvestmentTransfer } from './investment-outcome';

export interface LedgerRow {
  line: number;
  account: string;
  responsibility: string;
  /** Canonical dims text ('dim=value|dim=value', see services/coding.ts). */
  dims: string;
  period: number;
  ore: number;
  detail?: { date: string | null; voucher: string | null; text: string | null; counterpartyName: string | null };
}

export interface Coding {
  account: string;
  responsibility: string;
  dims: string;
}

export type { DetailRow } from './detail-store';

/** Balances in primary-key order (Accumulator.sortedBy). */
export interface SortedBalances {
  length: number;
  codingId(i: number): number;
  period(i: number): number;
  ore(i: number): number;
}

export interface PeriodTotal {
  rows: number;
  ore: number;
}

export interface AccumulatorTransfer {
  /** The codings as JSON text of [konto, ansvar, dims, konto, ansvar, dims, …]: one string crosses threads, not an object per kodsträng. */
  codings: string;
  /** Balances as three typed arrays (coding index, period, öre): one structured clone of three buffers, not an array per balance. */
  balanceCodings: Int32Array;
  balancePeriods: Int32Array;
  balanceSums: Float64Array;
  periods: [number, PeriodTotal][];
  rows: number;
  overflow: boolean;
  leftOut: number;
  investment: InvestmentTransfer;
}

/** Konto as one integer with its length (so "0510" and "510" stay apart); -1 when not 1–6 digits. */
function accountKey(s: string): number {
  const n = s.length;
  if (n === 0 || n > 6) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return n * 1e6 + v;
}

/** Ansvar as one integer with its length; -1 when not 1–8 digits. */
function responsibilityKey(s: string): number {
  const n = s.length;
  if (n === 0 || n > 8) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return n * 1e8 + v;
}

/** Coding ids this far apart or closer are ordered by counting; wider ranges by a comparison sort. */
const COUNTING_RANGE = 1 << 24;

export class Accumulator {
  readonly codings: Coding[] = [];
  // account -> ansvar -> dims -> index, for codes that are not plain numbers.
  private readonly codingIndex = new Map<string, Map<string, Map<string, number>>>();
  // Numeric konto and ansvar (the usual case): three integers, no string built per row.
  private readonly numericIndex = new NumericCodingTable();
  private readonly dimsIds = new Map<string, number>();
  /** The sums per kodsträng and period, in typed arrays (balance-table.ts). */
  private readonly table = new BalanceTable();
  readonly periods = new Map<number, PeriodTotal>();
  private lastPeriod = -1;
  private lastTotal: PeriodTotal | null = null;
  /** Transaction detail, packed and spooled to a temporary file when large (detail-store.ts). */
  readonly details = new DetailStore();
  rows = 0;
  overflow = false;
  /** Take only this period; rows of others are counted in leftOut. */
  only: number | null = null;
  leftOut = 0;
  /** Investment outcome: class-1 rows with a project code (investment-outcome.ts), kept apart from the drift balances. */
  readonly investment = new InvestmentSums();

  /** Takes a class-1 row with a project code as investment outcome; false when the row is not one. */
  addInvestment(account: string, dims: string, period: number, ore: number): boolean {
    if (account[0] !== '1') return false;
    const code = projectCodeOf(dims);
    if (code === null) return false;
    if (this.only !== null && period !== this.only) this.leftOut++;
    else this.investment.add(code, account, period, ore);
    return true;
  }

  codingOf(account: string, responsibility: string, dims: string): number {
    const a = accountKey(account);
    const r = a >= 0 ? responsibilityKey(responsibility) : -1;
    if (r >= 0) {
      let d = this.dimsIds.get(dims);
      if (d === undefined) this.dimsIds.set(dims, (d = this.dimsIds.size));
      let i = this.numericIndex.find(a, r, d);
      if (i < 0) {
        i = this.codings.length;
        this.codings.push({ account, responsibility, dims });
        this.numericIndex.insert(a, r, d, i);
      }
      return i;
    }
    let byResp = this.codingIndex.get(account);
    if (!byResp) this.codingIndex.set(account, (byResp = new Map()));
    let byDims = byResp.get(responsibility);
    if (!byDims) byResp.set(responsibility, (byDims = new Map()));
    let i = byDims.get(dims);
    if (i === undefined) {
      i = this.codings.length;
      this.codings.push({ account, responsibility, dims });
      byDims.set(dims, i);
    }
    return i;
  }

  /** The coding index of a kodsträng, or -1 when the file has none (nothing is added). */
  findCoding(account: string, responsibility: string, dims: string): number {
    const a = accountKey(account);
    const r = a >= 0 ? responsibilityKey(responsibility) : -1;
    if (r >= 0) {
      const d = this.dimsIds.get(dims);
      return d === undefined ? -1 : this.numericIndex.find(a, r, d);
    }
    return this.codingIndex.get(account)?.get(responsibility)?.get(dims) ?? -1;
  }

  add(row: LedgerRow): void {
    const c = this.addValues(row.account, row.responsibility, row.dims, row.period, row.ore);
    if (c >= 0 && row.detail) this.details.push({ coding: c, period: row.period, ore: row.ore, ...row.detail });
  }

  /** add() without a row object, for the hot path; returns the coding index, or -1 when the period is left out. */
  addValues(account: string, responsibility: string, dims: string, period: number, ore: number): number {
    if (this.only !== null && period !== this.only) {
      this.leftOut++;
      return -1;
    }
    const c = this.codingOf(account, responsibility, dims);
    this.addSum(c, period, ore);
    let p = this.lastTotal;
    if (period !== this.lastPeriod || p === null) {
      p = this.periods.get(period) ?? null;
      if (!p) this.periods.set(period, (p = { rows: 0, ore: 0 }));
      this.lastPeriod = period;
      this.lastTotal = p;
    }
    p.rows++;
    p.ore += ore;
    this.rows++;
    return c;
  }

  private addSum(coding: number, period: number, ore: number): void {
    if (!Number.isSafeInteger(this.table.add(coding, period, ore))) this.overflow = true;
  }

  /** Adds a detail row without counting it in the balances (SIE #TRANS when #PSALDO gives the balances). */
  addDetailOnly(row: LedgerRow): void {
    if (!row.detail) return;
    this.details.push({ coding: this.codingOf(row.account, row.responsibility, row.dims), period: row.period, ore: row.ore, ...row.detail });
  }

  /** What a worker thread summed, in a form that crosses threads. */
  toTransfer(): AccumulatorTransfer {
    const t = this.table;
    const flat: string[] = new Array<string>(this.codings.length * 3);
    this.codings.forEach((c, i) => {
      flat[i * 3] = c.account;
      flat[i * 3 + 1] = c.responsibility;
      flat[i * 3 + 2] = c.dims;
    });
    return {
      codings: JSON.stringify(flat),
      balanceCodings: t.codings.slice(0, t.size),
      balancePeriods: t.periods.slice(0, t.size),
      balanceSums: t.sums.slice(0, t.size),
      periods: [...this.periods],
      rows: this.rows,
      overflow: this.overflow,
      leftOut: this.leftOut,
      investment: this.investment.toTransfer(),
    };
  }

  /** Adds another accumulator's sums (codings are matched by their codes). */
  merge(t: AccumulatorTransfer): void {
    const flat = JSON.parse(t.codings) as string[];
    const map = new Int32Array(flat.length / 3);
    for (let i = 0; i < map.length; i++) map[i] = this.codingOf(flat[i * 3]!, flat[i * 3 + 1]!, flat[i * 3 + 2]!);
    for (let i = 0; i < t.balanceCodings.length; i++) this.addSum(map[t.balanceCodings[i]!]!, t.balancePeriods[i]!, t.balanceSums[i]!);
    this.addPeriods(t.periods);
    this.rows += t.rows;
    this.leftOut += t.leftOut;
    this.investment.merge(t.investment);
    if (t.overflow) this.overflow = true;
  }

  private addPeriods(periods: Iterable<[number, PeriodTotal]>): void {
    for (const [period, x] of periods) {
      const p = this.periods.get(period);
      if (p) {
        p.rows += x.rows;
        p.ore += x.ore;
      } else this.periods.set(period, { ...x });
    }
  }

  /** Takes over everything another accumulator summed (codings, sums, periods, detail); `this` must be empty. */
  moveFrom(from: Accumulator): void {
    const map = from.codings.map((c) => this.codingOf(c.account, c.responsibility, c.dims));
    const t = from.table;
    for (let i = 0; i < t.size; i++) this.addSum(map[t.codings[i]!]!, t.periods[i]!, t.sums[i]!);
    this.addPeriods(from.periods);
    // Moved, not spread: a spread of hundreds of thousands of rows overflows the call stack.
    this.details.takeAll(from.details);
    this.investment.moveFrom(from.investment);
    this.rows += from.rows;
    if (from.overflow) this.overflow = true;
  }

  /** The sum of one kodsträng and period (undefined: the file has none). */
  balanceOf(coding: number, period: number): number | undefined {
    return this.table.get(coding, period);
  }

  /** Balances as (coding, period, öre), zero sums left out: they change no total. */
  *entries(): Iterable<{ coding: number; period: number; ore: number }> {
    const t = this.table;
    for (let i = 0; i < t.size; i++) if (t.sums[i] !== 0) yield { coding: t.codings[i]!, period: t.periods[i]!, ore: t.sums[i]! };
  }

  /**
   * The balances (zero sums left out) in the order of actual_balance's
   * primary key (database coding id, period), given the database id of each
   * coding: written in that order, every index of the table grows at one end
   * instead of at random pages. Ordered by counting over the coding ids (no
   * comparison sort, no object per balance), then by period within an id.
   */
  sortedBy(ids: readonly number[]): SortedBalances {
    const t = this.table;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < t.size; i++) {
      if (t.sums[i] === 0) continue;
      n++;
      const id = ids[t.codings[i]!]!;
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const order = new Int32Array(n);
    const idOf = (e: number) => ids[t.codings[e]!]!;
    if (n > 0 && max - min < COUNTING_RANGE) {
      const start = new Int32Array(max - min + 2);
      for (let i = 0; i < t.size; i++) if (t.sums[i] !== 0) start[idOf(i) - min + 1]!++;
      for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
      for (let i = 0; i < t.size; i++) if (t.sums[i] !== 0) order[start[idOf(i) - min]!++] = i;
      // Within one coding id (a handful of periods): insertion sort by period.
      for (let k = 1; k < n; k++) {
        const e = order[k]!;
        const id = idOf(e);
        const p = t.periods[e]!;
        let j = k - 1;
        while (j >= 0 && idOf(order[j]!) === id && t.periods[order[j]!]! > p) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = e;
      }
    } else {
      let k = 0;
      for (let i = 0; i < t.size; i++) if (t.sums[i] !== 0) order[k++] = i;
      order.sort((x, y) => idOf(x) - idOf(y) || t.periods[x]! - t.periods[y]!);
    }
    return {
      length: n,
      codingId: (i) => idOf(order[i]!),
      period: (i) => t.periods[order[i]!]!,
      ore: (i) => t.sums[order[i]!]!,
    };
  }

  /** entries() without an object per balance, for the paths that visit hundreds of thousands of them. */
  forEachBalance(fn: (coding: number, period: number, ore: number) => void): void {
    const t = this.table;
    for (let i = 0; i < t.size; i++) if (t.sums[i] !== 0) fn(t.codings[i]!, t.periods[i]!, t.sums[i]!);
  }

  /** How many balances are not zero. */
  get balanceCount(): number {
    const t = this.table;
    let n = 0;
    for (let i = 0; i < t.size; i++) if (t.sums[i] !== 0) n++;
    return n;
  }

  get total(): number {
    let t = 0;
    for (const p of this.periods.values()) t += p.ore;
    return t;
  }
}
