/**
 * Hash tables over typed arrays for the ledger accumulator. A kommun-wide
 * export holds hundreds of thousands of kodsträng × period; in a `Map` each
 * one is an entry object in the engine's heap, found by hashing a number
 * that is often too large to be a small integer, and a million rows leave a
 * trail of garbage. Here the keys and sums sit in a few flat arrays (entries
 * dense, in the order they were first seen) and the slots of an
 * open-addressing table point into them: no object per balance, a few
 * multiplications per lookup, and a million rows allocate nothing.
 */

/** A slot holds entry index + 1; 0 is an empty slot. */
const MIN_SLOTS = 1024;

function mix(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  return h ^ (h >>> 15);
}

function grown<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(size * 2, 16));
  b.set(a.subarray(0, size));
  return b;
}

/** Sums in öre per (coding index, period YYYYMM). */
export class BalanceTable {
  codings = new Int32Array(MIN_SLOTS / 2);
  periods = new Int32Array(MIN_SLOTS / 2);
  sums = new Float64Array(MIN_SLOTS / 2);
  size = 0;
  private slots = new Int32Array(MIN_SLOTS);
  private mask = MIN_SLOTS - 1;

  private static hash(coding: number, period: number): number {
    return mix((Math.imul(coding, 0x9e3779b1) + Math.imul(period, 0x7feb352d)) | 0);
  }

  /** Adds öre to the balance of (coding, period) and returns its new sum. */
  add(coding: number, period: number, ore: number): number {
    let i = BalanceTable.hash(coding, period) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === 0) break;
      if (this.codings[e - 1] === coding && this.periods[e - 1] === period) return (this.sums[e - 1]! += ore);
      i = (i + 1) & this.mask;
    }
    const n = this.size;
    if (n === this.codings.length) {
      this.codings = grown(this.codings, n);
      this.periods = grown(this.periods, n);
      this.sums = grown(this.sums, n);
    }
    this.codings[n] = coding;
    this.periods[n] = period;
    this.sums[n] = ore;
    this.size = n + 1;
    // At most half full: probes stay short.
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slots[i] = n + 1;
    return ore;
  }

  /** The sum of (coding, period), or undefined when the table has none. */
  get(coding: number, period: number): number | undefined {
    let i = BalanceTable.hash(coding, period) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === 0) return undefined;
      if (this.codings[e - 1] === coding && this.periods[e - 1] === period) return this.sums[e - 1];
      i = (i + 1) & this.mask;
    }
  }

  private rehash(slots: number): void {
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    for (let e = 0; e < this.size; e++) {
      let i = BalanceTable.hash(this.codings[e]!, this.periods[e]!) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = e + 1;
    }
  }
}

/**
 * Kodsträngar whose konto and ansvar are numeric (the usual case) by three
 * small integers: konto and ansvar with their lengths (so "0510" and "510"
 * stay apart), and the canonical dims text as an interned number. Maps the
 * triple to the accumulator's coding index.
 */
export class NumericCodingTable {
  private keys = new Int32Array(MIN_SLOTS * 2);
  private values = new Int32Array(MIN_SLOTS / 2);
  private size = 0;
  private slots = new Int32Array(MIN_SLOTS);
  private mask = MIN_SLOTS - 1;

  private static hash(a: number, r: number, d: number): number {
    return mix((Math.imul(a, 0x9e3779b1) + Math.imul(r, 0x85ebca6b) + Math.imul(d, 0xc2b2ae35)) | 0);
  }

  /** The coding index of (a, r, d), or -1. */
  find(a: number, r: number, d: number): number {
    const k = this.keys;
    let i = NumericCodingTable.hash(a, r, d) & this.mask;
    for (;;) {
      const e = this.slots[i]!;
      if (e === 0) return -1;
      const o = (e - 1) * 3;
      if (k[o] === a && k[o + 1] === r && k[o + 2] === d) return this.values[e - 1]!;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds (a, r, d) -> value; the caller has found it missing. */
  insert(a: number, r: number, d: number, value: number): void {
    const n = this.size;
    if (n === this.values.length) {
      this.values = grown(this.values, n);
      this.keys = grown(this.keys, n * 3);
    }
    this.keys[n * 3] = a;
    this.keys[n * 3 + 1] = r;
    this.keys[n * 3 + 2] = d;
    this.values[n] = value;
    this.size = n + 1;
    if (this.size * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      this.mask = this.slots.length - 1;
      for (let e = 0; e < this.size; e++) this.place(e);
    } else this.place(n);
  }

  private place(e: number): void {
    const k = this.keys;
    let i = NumericCodingTable.hash(k[e * 3]!, k[e * 3 + 1]!, k[e * 3 + 2]!) & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = e + 1;
  }
}
