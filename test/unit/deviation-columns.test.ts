/** Uppföljning's Prognos helår column marks a chef's prognos not approved yet (issue 18 point 2). */
import type { ValueFormatterParams } from 'ag-grid-community';
import { describe, expect, it } from 'vitest';
import type { DeviationRow } from '../../electron/api/features/followup';
import { deviationColumns } from '../../renderer/pages/followup/deviation-columns';

const widths = { name: 200, money: 100, share: 80, status: 100, plan: 100, rollup: 100, comment: 200 };
const column = deviationColumns({ unit: 'kr', widths, flat: false, treeCell: undefined, statusCell: undefined }).find((c) => c.colId === 'forecastYear')!;

function shown(row: Partial<DeviationRow>) {
  const p = { value: row.forecastYear, data: row } as unknown as ValueFormatterParams<DeviationRow>;
  const format = column.valueFormatter as (p: ValueFormatterParams<DeviationRow>) => string;
  const tooltip = column.tooltipValueGetter as (p: unknown) => string | undefined;
  return { text: format(p), tooltip: tooltip(p) };
}

describe('the prognos column', () => {
  it('shows the counted prognos, marked "(ej godkänd)" with the working prognos in the tooltip, only where a chef’s prognos waits', () => {
    const plain = shown({ forecastYear: 1_000_00, forecastPending: null });
    expect(plain.text).not.toMatch(/ej godkänd/);
    expect(plain.tooltip).toBeUndefined();
    const waiting = shown({ forecastYear: 1_000_00, forecastPending: { counted: 'earlier', workingOre: 2_500_00 } });
    expect(waiting.text).toMatch(/^1\s000 \(ej godkänd\)$/);
    expect(waiting.tooltip).toMatch(/inte godkänd än: räknas som controllerns tidigare prognos\. Arbetsprognos 2\s500\./);
  });
});
