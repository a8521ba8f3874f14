import { describe, expect, it } from 'vitest';
import { naturalId, newId } from '../../electron/services/ids';

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
});
