import { describe, expect, it } from 'vitest';
import type { DetailRow } from '../../electron/services/ledger/accumulator';
import { DETAIL_LIMITS, DetailStore } from '../../electron/services/ledger/detail-store';

const same = (a: DetailRow, b: DetailRow) =>
  a.coding === b.coding && a.period === b.period && a.ore === b.ore && a.date === b.date && a.voucher === b.voucher && a.text === b.text && a.counterpartyName === b.counterpartyName;

const row = (i: number): DetailRow => ({
  coding: i % 997,
  period: 202601 + (i % 12),
  ore: (i % 2 === 0 ? 1 : -1) * i * 101,
  date: i % 5 === 0 ? null : `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
  voucher: `V ${i}`,
  text: i % 3 === 0 ? null : `Faktura ${i} – åäö €`,
  counterpartyName: i % 7 === 0 ? `Leverantör ${i} AB` : null,
});

describe('transaction detail store', () => {
  it('gives back every row as it was pushed, in order, also when most of them went to the temporary file', () => {
    const store = new DetailStore();
    const n = 300_000;
    for (let i = 0; i < n; i++) store.push(row(i));
    expect(store.length).toBe(n);
    // Past a few MB the rows are on disk, not in memory.
    expect(store.spooledBytes).toBeGreaterThan(8 * 1024 * 1024);
    let i = 0;
    let wrong = 0;
    for (const r of store) if (!same(r, row(i++))) wrong++;
    expect(i).toBe(n);
    expect(wrong).toBe(0);
    expect([...store].slice(0, 3)).toEqual([row(0), row(1), row(2)]);
    // A second pass reads the same.
    let again = 0;
    for (const _ of store) again++;
    expect(again).toBe(n);
    store.close();
    expect(store.length).toBe(0);
    expect([...store]).toEqual([]);
  });

  it('moves rows from one store to another without copying them as arguments', () => {
    const from = new DetailStore();
    for (let i = 0; i < 200_000; i++) from.push(row(i));
    const to = new DetailStore();
    to.takeAll(from);
    expect(from.length).toBe(0);
    expect(to.length).toBe(200_000);
    let i = 0;
    let wrong = 0;
    for (const r of to) if (!same(r, row(i++))) wrong++;
    expect(wrong).toBe(0);
    // Into a store that has rows already: appended.
    const more = new DetailStore();
    more.push(row(7));
    to.takeAll(more);
    expect(to.length).toBe(200_001);
    expect([...to].at(-1)).toEqual(row(7));
    to.close();
  });

  it('keeps a transaction’s texts to lengths that fit the drill-down', () => {
    const store = new DetailStore();
    store.push({ coding: 1, period: 202601, ore: 1, date: '2026-01-01', voucher: 'V'.repeat(5000), text: 'x'.repeat(100_000), counterpartyName: '😀'.repeat(5000) });
    const [r] = [...store];
    expect(r!.voucher).toHaveLength(DETAIL_LIMITS.voucher);
    expect(r!.voucher!.endsWith('…')).toBe(true);
    expect(r!.text).toHaveLength(DETAIL_LIMITS.text);
    // A surrogate pair is never cut in half.
    expect(r!.counterpartyName!.length).toBeLessThanOrEqual(DETAIL_LIMITS.counterpartyName);
    expect(r!.counterpartyName).toMatch(/^(😀)+…$/u);
    store.close();
  });
});
