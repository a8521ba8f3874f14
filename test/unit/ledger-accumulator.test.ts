import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../electron/services/ledger/accumulator';

/**
 * The accumulator keeps its sums in typed-array hash tables (balance-table.ts)
 * and orders them for the write by counting over coding ids. These properties
 * compare it with the plainest possible model: a Map keyed on text.
 */

const codeArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => String(3000 + n)),
  fc.constantFrom('0510', '510', 'A5', '4010', '1', '99999999', '123456789', ''),
);
const rowArb = fc.record({
  account: codeArb,
  responsibility: codeArb,
  dims: fc.constantFrom('', 'verksamhet=510', 'verksamhet=0510', 'projekt=7|verksamhet=510'),
  period: fc.constantFrom(202512, 202601, 202602, 202603, 202612, 199901),
  ore: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constant(0)),
});

type Row = { account: string; responsibility: string; dims: string; period: number; ore: number };

function model(rows: readonly Row[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.account}\t${r.responsibility}\t${r.dims}\t${r.period}`;
    m.set(k, (m.get(k) ?? 0) + r.ore);
  }
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}

function sums(acc: Accumulator): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of acc.entries()) {
    const c = acc.codings[e.coding]!;
    m.set(`${c.account}\t${c.responsibility}\t${c.dims}\t${e.period}`, e.ore);
  }
  return m;
}

const feed = (acc: Accumulator, rows: readonly Row[]) => {
  for (const r of rows) acc.addValues(r.account, r.responsibility, r.dims, r.period, r.ore);
  return acc;
};

describe('ledger accumulator', () => {
  it('sums per kodsträng and period exactly as a Map keyed on text does, also across a thread transfer', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 3000 }), fc.nat(), (rows, cut) => {
        const whole = feed(new Accumulator(), rows);
        const expected = model(rows);
        expect(sums(whole)).toEqual(expected);
        // findCoding finds every kodsträng of the file and adds none.
        const codings = whole.codings.length;
        whole.codings.forEach((c, i) => expect(whole.findCoding(c.account, c.responsibility, c.dims)).toBe(i));
        expect(whole.findCoding('4010', '0510', 'saknas=1')).toBe(-1);
        expect(whole.findCoding('X1', 'Y2', '')).toBe(-1);
        expect(whole.codings.length).toBe(codings);
        for (const e of whole.entries()) expect(whole.balanceOf(e.coding, e.period)).toBe(e.ore);
        expect(whole.balanceCount).toBe(expected.size);
        // Two halves, the second through a structured clone (what a worker thread sends back).
        const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
        const first = feed(new Accumulator(), rows.slice(0, at));
        first.merge(structuredClone(feed(new Accumulator(), rows.slice(at)).toTransfer()));
        expect(sums(first)).toEqual(expected);
        expect(first.rows).toBe(rows.length);
        expect(first.total).toBe(whole.total);
        for (const [p, t] of whole.periods) expect(first.periods.get(p)).toEqual(t);
      }),
      { numRuns: 200 },
    );
  });

  it('orders the balances by database coding id and period, with ids close together and far apart', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 2000 }), fc.boolean(), fc.integer(), (rows, wide, seed) => {
        const acc = feed(new Accumulator(), rows);
        // Database ids: a shuffle of the codings (seeded), close together or spread over a range too wide to count.
        const ids = acc.codings.map((_, i) => ((i * 7919 + (seed >>> 0)) % (acc.codings.length * 3 + 1)) * (wide ? 50_000_000 : 1) + 1);
        fc.pre(new Set(ids).size === ids.length);
        const sorted = acc.sortedBy(ids);
        const expected = [...acc.entries()].map((e) => [ids[e.coding]!, e.period, e.ore]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
        const got = Array.from({ length: sorted.length }, (_, i) => [sorted.codingId(i), sorted.period(i), sorted.ore(i)]);
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('takes over another accumulator whole (SIE vouchers without #PSALDO)', () => {
    const rows: Row[] = Array.from({ length: 5000 }, (_, i) => ({ account: String(4000 + (i % 37)), responsibility: String(i % 101), dims: '', period: 202601 + (i % 3), ore: i - 2500 }));
    const from = feed(new Accumulator(), rows);
    const to = new Accumulator();
    to.moveFrom(from);
    expect(sums(to)).toEqual(model(rows));
    expect(to.rows).toBe(rows.length);
  });
});
