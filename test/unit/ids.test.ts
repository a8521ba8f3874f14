import { describe, expect, it } from 'vitest';
import { naturalId, newId, newSortableIds } from '../../electron/services/ids';

describe('ids', () => {
  it('gives master data the same id on every site (name-based UUID v5)', () => {
    const a = naturalId('ansvar', '3110');
    expect(a).toBe(naturalId('ansvar', '3110'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(naturalId('account', '3110')).not.toBe(a);
    expect(naturalId('ansvar', '31100')).not.toBe(a);
  });

  it('gives new rows random UUIDs', () => {
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newId()).not.toBe(newId());
  });

  it('gives the rows of a bulk write UUID v7 ids that ascend in the order given and differ between batches', () => {
    const ms = Date.parse('2026-11-20T10:00:00.123Z');
    const a = newSortableIds(70_000, ms);
    const b = newSortableIds(3, ms);
    for (const id of [...a, ...b]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a[0]!.replace(/-/g, '').slice(0, 12)).toBe(ms.toString(16).padStart(12, '0'));
    for (let i = 1; i < a.length; i++) expect(a[i]! > a[i - 1]!).toBe(true);
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
    expect(newSortableIds(0, ms)).toEqual([]);
  });
});
