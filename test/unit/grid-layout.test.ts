import { describe, expect, it } from 'vitest';
import { arrangeColumns } from '../../renderer/grid/layout';

type Col = { colId: string; headerName: string; pinned?: 'left'; lockVisible?: boolean; width?: number; flex?: number; hide?: boolean };
const cols: Col[] = [
  { colId: 'name', headerName: 'Ansvar', pinned: 'left', lockVisible: true, width: 200 },
  { colId: 'a', headerName: 'A', width: 100 },
  { colId: 'b', headerName: 'B', width: 100 },
  { colId: 'c', headerName: 'C', width: 100 },
  { colId: 'comment', headerName: 'Kommentar', flex: 1 },
];

describe('the columns a user chose for a grid', () => {
  it('shows the grid’s own columns when nothing is chosen', () => {
    expect(arrangeColumns(cols, null).map((c) => c.colId)).toEqual(['name', 'a', 'b', 'c', 'comment']);
  });

  it('puts the chosen order, hidden columns and widths on the grid’s columns, never hiding a locked column or sizing a flexible one', () => {
    const out = arrangeColumns(cols, [
      { id: 'name', hidden: true, width: 50 },
      { id: 'c', hidden: false, width: 140 },
      { id: 'a', hidden: true },
      { id: 'comment', hidden: false, width: 300 },
      { id: 'b', hidden: false },
    ]);
    expect(out.map((c) => c.colId)).toEqual(['name', 'c', 'a', 'comment', 'b']);
    expect(out.find((c) => c.colId === 'name')).toMatchObject({ hide: false, width: 50 });
    expect(out.find((c) => c.colId === 'a')!.hide).toBe(true);
    expect(out.find((c) => c.colId === 'c')!.width).toBe(140);
    expect(out.find((c) => c.colId === 'comment')!.width).toBeUndefined();
  });

  it('keeps a column the choice does not know after the column it follows in the grid’s own order, and drops chosen columns the grid no longer has', () => {
    const out = arrangeColumns(cols, [
      { id: 'c', hidden: false },
      { id: 'gone', hidden: false },
      { id: 'name', hidden: false },
      { id: 'a', hidden: false },
    ]);
    // b follows a, comment follows c in the grid's own order.
    expect(out.map((c) => c.colId)).toEqual(['c', 'comment', 'name', 'a', 'b']);
  });
});
