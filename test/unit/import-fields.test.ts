import { describe, expect, it } from 'vitest';
import { readControlSumField, readPeriodField } from '../../renderer/pages/import/inputs';

describe('Import page fields', () => {
  it('reads a period as ÅÅÅÅMM or ÅÅÅÅ-MM, empty as none, and anything else as a message', () => {
    expect(readPeriodField('')).toEqual({ period: null });
    expect(readPeriodField(' 202603 ')).toEqual({ period: 202603 });
    expect(readPeriodField('2026-03')).toEqual({ period: 202603 });
    for (const bad of ['mars', '2026-3', '202613', '202600', '26-03', '2026033', '199912']) {
      const r = readPeriodField(bad);
      expect(r, bad).toHaveProperty('error');
      expect((r as { error: string }).error).toContain(`"${bad}"`);
    }
  });

  it('reads a control sum in kronor exactly to the öre, and anything else as a message', () => {
    expect(readControlSumField('  ')).toEqual({ ore: null });
    expect(readControlSumField('1 234,50')).toEqual({ ore: 123450 });
    expect(readControlSumField('\u2212500')).toEqual({ ore: -50000 });
    expect(readControlSumField('(250,00)')).toEqual({ ore: -25000 });
    for (const bad of ['12,345', 'abc', '1 2 3']) expect(readControlSumField(bad), bad).toHaveProperty('error');
  });
});
