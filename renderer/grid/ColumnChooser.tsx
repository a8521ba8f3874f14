import type { ColDef } from 'ag-grid-community';
import type { GridColumnPref } from '../../electron/api/contract/index';

interface Props<R> {
  /** The grid's columns in the order shown now (arrangeColumns). */
  columns: readonly (ColDef<R> & { colId: string })[];
  prefs: readonly GridColumnPref[] | null | undefined;
  onChange(prefs: GridColumnPref[] | null): void;
  /** What the list is called for a screen reader ("Kolumner i budgetraderna"). */
  label: string;
}

function title<R>(c: ColDef<R> & { colId: string }): string {
  const name = typeof c.headerName === 'string' && c.headerName !== '' ? c.headerName : c.colId;
  return typeof c.headerTooltip === 'string' && c.headerTooltip.length <= 20 ? `${name} (${c.headerTooltip})` : name;
}

/**
 * Which columns a grid shows and in which order, with the keyboard as well
 * as the mouse (the grid's headers can also be dragged): a checkbox per
 * column and buttons that move it one step left or right. Columns pinned to
 * the left (what identifies a row, and the key figures) stay where they are
 * and cannot be hidden. The choice is saved at once (renderer/grid/layout.ts).
 */
export function ColumnChooser<R>({ columns, prefs, onChange, label }: Props<R>) {
  const movable = columns.filter((c) => !c.pinned);
  const save = (list: readonly (ColDef<R> & { colId: string })[], hidden: (c: ColDef<R> & { colId: string }) => boolean) => {
    const widths = new Map((prefs ?? []).map((p) => [p.id, p.width]));
    onChange(
      list.map((c) => {
        const width = widths.get(c.colId);
        return { id: c.colId, hidden: hidden(c), ...(width === undefined ? {} : { width }) };
      }),
    );
  };
  const pinned = columns.filter((c) => c.pinned);
  const move = (id: string, step: -1 | 1) => {
    const list = [...movable];
    const i = list.findIndex((c) => c.colId === id);
    const j = i + step;
    if (i < 0 || j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    save([...pinned, ...list], (c) => c.hide === true);
    // The button moved with its column: keep the focus on it.
    requestAnimationFrame(() => {
      const same = document.getElementById(`col-${step < 0 ? 'left' : 'right'}-${id}`) as HTMLButtonElement | null;
      (same && !same.disabled ? same : document.getElementById(`col-${step < 0 ? 'right' : 'left'}-${id}`))?.focus();
    });
  };
  return (
    <div className="column-chooser">
      <ul aria-label={label}>
        {pinned.map((c) => (
          <li key={c.colId}>
            <label title="Låst till vänster: identifierar raden eller är en nyckelsiffra">
              <input type="checkbox" checked disabled /> {title(c)} (låst)
            </label>
          </li>
        ))}
        {movable.map((c, i) => (
          <li key={c.colId}>
            <label>
              <input type="checkbox" checked={c.hide !== true} onChange={(e) => save(columns, (x) => (x.colId === c.colId ? !e.target.checked : x.hide === true))} /> {title(c)}
            </label>
            <button type="button" id={`col-left-${c.colId}`} className="icon-button" aria-label={`Flytta ${title(c)} åt vänster`} title="Flytta åt vänster" disabled={i === 0} onClick={() => move(c.colId, -1)}>
              ◀
            </button>
            <button
              type="button"
              id={`col-right-${c.colId}`}
              className="icon-button"
              aria-label={`Flytta ${title(c)} åt höger`}
              title="Flytta åt höger"
              disabled={i === movable.length - 1}
              onClick={() => move(c.colId, 1)}
            >
              ▶
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => onChange(null)} disabled={!prefs}>
        Återställ kolumnerna
      </button>
    </div>
  );
}
