/**
 * Sums a ledger file's rows per kodsträng and period as they stream past:
 * a million rows become a few thousand balances, so memory stays small.
 * Transaction detail (voucher, text, supplier) is kept only when the file
 * has it.
 */

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

export interface DetailRow {
  coding: number;
  period: number;
  ore: number;
  date: string | null;
  voucher: string | null;
  text: string | null;
  counterpartyName: string | null;
}

export interface PeriodTotal {
  rows: number;
  ore: number;
}

export class Accumulator {
  readonly codings: Coding[] = [];
  private readonly codingIndex = new Map<string, number>();
  /** coding index * 1e6 + period -> öre */
  readonly balances = new Map<number, number>();
  readonly periods = new Map<number, PeriodTotal>();
  readonly details: DetailRow[] = [];
  rows = 0;
  overflow = false;

  codingOf(account: string, responsibility: string, dims: string): number {
    const key = `${account}\t${responsibility}\t${dims}`;
    let i = this.codingIndex.get(key);
    if (i === undefined) {
      i = this.codings.length;
      this.codings.push({ account, responsibility, dims });
      this.codingIndex.set(key, i);
    }
    return i;
  }

  add(row: LedgerRow): void {
    const c = this.codingOf(row.account, row.responsibility, row.dims);
    const key = c * 1e6 + row.period;
    const sum = (this.balances.get(key) ?? 0) + row.ore;
    if (!Number.isSafeInteger(sum)) this.overflow = true;
    this.balances.set(key, sum);
    let p = this.periods.get(row.period);
    if (!p) this.periods.set(row.period, (p = { rows: 0, ore: 0 }));
    p.rows++;
    p.ore += row.ore;
    this.rows++;
    if (row.detail) this.details.push({ coding: c, period: row.period, ore: row.ore, ...row.detail });
  }

  /** Adds a detail row without counting it in the balances (SIE #TRANS when #PSALDO gives the balances). */
  addDetailOnly(row: LedgerRow): void {
    if (!row.detail) return;
    this.details.push({ coding: this.codingOf(row.account, row.responsibility, row.dims), period: row.period, ore: row.ore, ...row.detail });
  }

  /** Balances as (coding, period, öre), zero sums left out: they change no total. */
  *entries(): Iterable<{ coding: number; period: number; ore: number }> {
    for (const [key, ore] of this.balances) {
      if (ore === 0) continue;
      const coding = Math.floor(key / 1e6);
      yield { coding, period: key - coding * 1e6, ore };
    }
  }

  get total(): number {
    let t = 0;
    for (const p of this.periods.values()) t += p.ore;
    return t;
  }
}
