/**
 * Sums a ledger file's rows per kodsträng and period as they stream past:
 * a million rows become a few thousand balances, so memory stays small.
 * Transaction detail (voucher, text, supplier) is kept only when the file
 * has it.
 */
import { DetailStore } from './detail-store';

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
  codings: Coding[];
  /** Balance keys and sums in two typed arrays: one structured clone of two buffers, not an array per balance. */
  balanceKeys: Float64Array;
  balanceSums: Float64Array;
  periods: [number, PeriodTotal][];
  rows: number;
  overflow: boolean;
  leftOut: number;
}

/** Periods as small integers (months since January 2000), so balance keys stay small integers too. */
const periodIndex = (period: number) => (Math.floor(period / 100) - 2000) * 12 + (period % 100) - 1;
const periodOfIndex = (i: number) => (2000 + Math.floor(i / 12)) * 100 + (i % 12) + 1;
const PERIOD_SLOTS = 2048;

export class Accumulator {
  readonly codings: Coding[] = [];
  // account -> ansvar -> dims -> index: nested maps, so that no key string is built per row.
  private readonly codingIndex = new Map<string, Map<string, Map<string, number>>>();
  /** coding index * 2048 + period index -> öre */
  readonly balances = new Map<number, number>();
  readonly periods = new Map<number, PeriodTotal>();
  /** Transaction detail, packed and spooled to a temporary file when large (detail-store.ts). */
  readonly details = new DetailStore();
  rows = 0;
  overflow = false;
  /** Take only this period; rows of others are counted in leftOut. */
  only: number | null = null;
  leftOut = 0;

  // Numeric codes (the usual case) make one number key without building any string.
  private readonly numericIndex = new Map<number, Map<string, number>>();

  private static numericKey(account: string, responsibility: string): number {
    const al = account.length;
    const rl = responsibility.length;
    if (al === 0 || al > 6 || rl === 0 || rl > 8) return -1;
    let a = 0;
    for (let i = 0; i < al; i++) {
      const c = account.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      a = a * 10 + c;
    }
    let r = 0;
    for (let i = 0; i < rl; i++) {
      const c = responsibility.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      r = r * 10 + c;
    }
    // The lengths are part of the key, so "0510" and "510" stay apart.
    return (al * 1e6 + a) * 1e9 + (rl * 1e8 + r);
  }

  codingOf(account: string, responsibility: string, dims: string): number {
    const nk = Accumulator.numericKey(account, responsibility);
    if (nk >= 0) {
      let byDims = this.numericIndex.get(nk);
      if (!byDims) this.numericIndex.set(nk, (byDims = new Map()));
      let i = byDims.get(dims);
      if (i === undefined) {
        i = this.codings.length;
        this.codings.push({ account, responsibility, dims });
        byDims.set(dims, i);
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
    const key = c * PERIOD_SLOTS + periodIndex(period);
    const sum = (this.balances.get(key) ?? 0) + ore;
    if (!Number.isSafeInteger(sum)) this.overflow = true;
    this.balances.set(key, sum);
    let p = this.periods.get(period);
    if (!p) this.periods.set(period, (p = { rows: 0, ore: 0 }));
    p.rows++;
    p.ore += ore;
    this.rows++;
    return c;
  }

  /** Adds a detail row without counting it in the balances (SIE #TRANS when #PSALDO gives the balances). */
  addDetailOnly(row: LedgerRow): void {
    if (!row.detail) return;
    this.details.push({ coding: this.codingOf(row.account, row.responsibility, row.dims), period: row.period, ore: row.ore, ...row.detail });
  }

  /** What a worker thread summed, in a form that crosses threads. */
  toTransfer(): AccumulatorTransfer {
    const balanceKeys = new Float64Array(this.balances.size);
    const balanceSums = new Float64Array(this.balances.size);
    let i = 0;
    for (const [key, ore] of this.balances) {
      balanceKeys[i] = key;
      balanceSums[i++] = ore;
    }
    return { codings: this.codings, balanceKeys, balanceSums, periods: [...this.periods], rows: this.rows, overflow: this.overflow, leftOut: this.leftOut };
  }

  /** Adds another accumulator's sums (codings are matched by their codes). */
  merge(t: AccumulatorTransfer): void {
    const map = t.codings.map((c) => this.codingOf(c.account, c.responsibility, c.dims));
    for (let i = 0; i < t.balanceKeys.length; i++) {
      const key = t.balanceKeys[i]!;
      const ore = t.balanceSums[i]!;
      const c = Math.floor(key / PERIOD_SLOTS);
      const k = map[c]! * PERIOD_SLOTS + (key - c * PERIOD_SLOTS);
      const sum = (this.balances.get(k) ?? 0) + ore;
      if (!Number.isSafeInteger(sum)) this.overflow = true;
      this.balances.set(k, sum);
    }
    for (const [period, x] of t.periods) {
      const p = this.periods.get(period);
      if (p) {
        p.rows += x.rows;
        p.ore += x.ore;
      } else this.periods.set(period, { ...x });
    }
    this.rows += t.rows;
    this.leftOut += t.leftOut;
    if (t.overflow) this.overflow = true;
  }

  /** Balances as (coding, period, öre), zero sums left out: they change no total. */
  *entries(): Iterable<{ coding: number; period: number; ore: number }> {
    for (const [key, ore] of this.balances) {
      if (ore === 0) continue;
      const coding = Math.floor(key / PERIOD_SLOTS);
      yield { coding, period: periodOfIndex(key - coding * PERIOD_SLOTS), ore };
    }
  }

  /**
   * The balances (zero sums left out) in the order of actual_balance's
   * primary key (database coding id, period), given the database id of each
   * coding: written in that order, every index of the table grows at one end
   * instead of at random pages. Packed in two typed arrays, not objects.
   */
  sortedBy(ids: readonly number[]): SortedBalances {
    const keys = new Float64Array(this.balances.size);
    const accIndex = new Map<number, number>();
    let n = 0;
    for (const [key, ore] of this.balances) {
      if (ore === 0) continue;
      const c = Math.floor(key / PERIOD_SLOTS);
      const id = ids[c]!;
      accIndex.set(id, c);
      keys[n++] = id * PERIOD_SLOTS + (key - c * PERIOD_SLOTS);
    }
    const sorted = keys.subarray(0, n).sort();
    const ores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = sorted[i]!;
      const id = Math.floor(k / PERIOD_SLOTS);
      ores[i] = this.balances.get(accIndex.get(id)! * PERIOD_SLOTS + (k - id * PERIOD_SLOTS))!;
    }
    return {
      length: n,
      codingId: (i) => Math.floor(sorted[i]! / PERIOD_SLOTS),
      period: (i) => periodOfIndex(sorted[i]! % PERIOD_SLOTS),
      ore: (i) => ores[i]!,
    };
  }

  /** entries() without an object per balance, for the paths that visit hundreds of thousands of them. */
  forEachBalance(fn: (coding: number, period: number, ore: number) => void): void {
    for (const [key, ore] of this.balances) {
      if (ore === 0) continue;
      const coding = Math.floor(key / PERIOD_SLOTS);
      fn(coding, periodOfIndex(key - coding * PERIOD_SLOTS), ore);
    }
  }

  /** How many balances are not zero. */
  get balanceCount(): number {
    let n = 0;
    for (const ore of this.balances.values()) if (ore !== 0) n++;
    return n;
  }

  get total(): number {
    let t = 0;
    for (const p of this.periods.values()) t += p.ore;
    return t;
  }
}
