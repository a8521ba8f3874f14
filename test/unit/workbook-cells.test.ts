import { describe, expect, it } from 'vitest';
import { parseCell } from '../../electron/services/workbook/cells';
import { type ColumnDef } from '../../electron/services/workbook/layout';

const col = (kind: ColumnDef['kind']): ColumnDef => ({ key: 'x', header: 'X', kind, edit: 'row', width: 10 });

describe('reading a workbook cell as its column kind', () => {
  it('reads amounts to whole öre from numbers and from text as Swedish programs write it', () => {
    expect(parseCell(col('ore'), 1234.5)).toEqual({ ok: true, value: 123450 });
    expect(parseCell(col('ore'), -0.01)).toEqual({ ok: true, value: -1 });
    // Binary floating point: 0.1 + 0.2 as a cached formula value is still 30 öre.
    expect(parseCell(col('ore'), 0.1 + 0.2)).toEqual({ ok: true, value: 30 });
    expect(parseCell(col('ore'), '1 234 567,89')).toEqual({ ok: true, value: 123456789 });
    expect(parseCell(col('ore'), '−12,50')).toEqual({ ok: true, value: -1250 });
    expect(parseCell(col('ore'), undefined)).toEqual({ ok: true, value: 0 });
    expect(parseCell(col('oreOpt'), undefined)).toEqual({ ok: true, value: null });
    expect(parseCell(col('ore'), 1.005)).toMatchObject({ ok: false, message: expect.stringContaining('två decimaler') });
    expect(parseCell(col('ore'), 'tolv')).toMatchObject({ ok: false });
    expect(parseCell(col('ore'), new Date('2026-10-01T00:00:00Z'))).toMatchObject({ ok: false, message: expect.stringContaining('datum') });
    expect(parseCell(col('ore'), 2e13)).toMatchObject({ ok: false, message: expect.stringContaining('för stort') });
  });

  it('names error values and formulas without a computed value', () => {
    expect(parseCell(col('ore'), { error: '#DIV/0!' })).toMatchObject({ ok: false, message: expect.stringContaining('#DIV/0!') });
    expect(parseCell(col('text'), { uncomputed: 'A1*2' })).toMatchObject({ ok: false, message: expect.stringContaining('=A1*2') });
  });

  it('reads texts, codes, dates and statuses', () => {
    expect(parseCell(col('text'), ' Orsak\r\nrad två ')).toEqual({ ok: true, value: 'Orsak\nrad två' });
    expect(parseCell(col('text'), new Date('2026-10-31T00:00:00Z'))).toEqual({ ok: true, value: '2026-10-31' });
    expect(parseCell(col('text'), 'x'.repeat(4001))).toMatchObject({ ok: false });
    expect(parseCell(col('code'), 4010)).toEqual({ ok: true, value: '4010' });
    expect(parseCell(col('status'), 'klar')).toEqual({ ok: true, value: 'ready' });
    expect(parseCell(col('status'), 'Utkast')).toEqual({ ok: true, value: 'draft' });
    expect(parseCell(col('status'), 'Godkänd')).toEqual({ ok: true, value: 'approved' });
    expect(parseCell(col('status'), 'Klart!')).toMatchObject({ ok: false });
  });
});
