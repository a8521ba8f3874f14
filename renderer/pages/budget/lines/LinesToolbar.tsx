import type { ColDef } from 'ag-grid-community';
import type { ReactNode } from 'react';
import type { GridColumnPref } from '../../../../electron/api/contract/index';
import { formatOre } from '../../../amount';
import { count, formatCount } from '../../../format';
import { ColumnChooser } from '../../../grid/ColumnChooser';
import { useSessionState } from '../../../state/session';
import { useLinesFilter } from './Filters';
import type { GridRow, SumRow } from './model';

/** The toolbar's panels and whether each is open (kept for the session, so a tab switch finds them as they were). */
export interface LinesPanels {
  newLine?: boolean;
  filter?: boolean;
  bulk?: boolean;
  columns?: boolean;
  profiles?: boolean;
  keys?: boolean;
}

export function useLinesPanels() {
  return useSessionState<LinesPanels>('budget.lines.panels', {});
}

interface Props {
  panels: LinesPanels;
  onPanels(update: (p: LinesPanels) => LinesPanels): void;
  editable: boolean;
  undo: { undo: string | null; redo: string | null };
  onUndo(): void;
  onRedo(): void;
  busy: boolean;
  selectedCount: number;
  totals: { shown: SumRow; version: { year: number }; filtered: boolean };
  columns: readonly (ColDef<GridRow> & { colId: string })[];
  prefs: readonly GridColumnPref[] | null | undefined;
  onColumns(prefs: GridColumnPref[] | null): void;
  newLine: ReactNode;
  filters: ReactNode;
  bulkBar: ReactNode;
  profiles?: ReactNode;
  /** What the last step did ("Ny rad: sparat."), read out by screen readers. */
  status: string;
}

/** A button that opens and closes a panel under the toolbar. */
function Toggle({ id, open, onClick, children, title }: { id: string; open: boolean; onClick(): void; children: ReactNode; title?: string }) {
  return (
    <button type="button" className={`panel-toggle${open ? ' open' : ''}`} aria-expanded={open} aria-controls={id} onClick={onClick} title={title}>
      {children}
    </button>
  );
}

/**
 * Budgetrader's one-line toolbar: undo and redo, the totals, and buttons
 * that open the forms and tools as panels above the grid (a new line, the
 * filter, actions on marked lines, the columns, the profiles, the keys), so
 * that the grid has the window's height when they are closed. Closed panels
 * stay in the page (hidden), so what is typed in them is kept.
 */
export function LinesToolbar(p: Props) {
  const { panels } = p;
  const toggle = (k: keyof LinesPanels) => () => p.onPanels((x) => ({ ...x, [k]: !x[k] }));
  const [filter] = useLinesFilter();
  const activeFilters = [filter.sector || filter.operation || filter.unit, filter.group, filter.text.trim(), filter.grouping !== 'none' ? 'x' : ''].filter(Boolean).length;
  return (
    <>
      <div className="toolbar lines-toolbar" role="toolbar" aria-label="Budgetrader">
        <button type="button" onClick={p.onUndo} disabled={!p.undo.undo || !p.editable} title={p.undo.undo ? `Ångra: ${p.undo.undo} (Ctrl+Z)` : 'Ctrl+Z'} aria-keyshortcuts="Control+Z">
          Ångra{p.undo.undo ? `: ${p.undo.undo}` : ''}
        </button>
        <button type="button" onClick={p.onRedo} disabled={!p.undo.redo || !p.editable} title={p.undo.redo ? `Gör om: ${p.undo.redo} (Ctrl+Y)` : 'Ctrl+Y'} aria-keyshortcuts="Control+Y">
          Gör om{p.undo.redo ? `: ${p.undo.redo}` : ''}
        </button>
        <span className="toolbar-sep" aria-hidden="true" />
        {p.editable && (
          <Toggle id="lines-panel-new" open={!!panels.newLine} onClick={toggle('newLine')}>
            Ny rad
          </Toggle>
        )}
        <Toggle id="lines-panel-filter" open={!!panels.filter} onClick={toggle('filter')}>
          Urval{activeFilters > 0 ? ` (${activeFilters})` : ''}
        </Toggle>
        {p.editable && (
          <Toggle id="lines-panel-bulk" open={!!panels.bulk} onClick={toggle('bulk')} title="Höj/sänk, sätt profil, kopiera eller ta bort markerade rader">
            Åtgärder{p.selectedCount > 0 ? ` (${formatCount(p.selectedCount)})` : ''}
          </Toggle>
        )}
        <Toggle id="lines-panel-columns" open={!!panels.columns} onClick={toggle('columns')}>
          Kolumner
        </Toggle>
        {p.profiles && (
          <Toggle id="lines-panel-profiles" open={!!panels.profiles} onClick={toggle('profiles')}>
            Periodiseringsprofiler
          </Toggle>
        )}
        <Toggle id="lines-panel-keys" open={!!panels.keys} onClick={toggle('keys')} title="Tangentbordet i tabellen">
          Tangenter
        </Toggle>
        <span className="lines-status" role="status" aria-live="polite" data-testid="lines-status">
          {p.status}
        </span>
        <span className="totals-line" data-testid="lines-totals">
          {p.totals.filtered ? 'Urval' : 'Totalt'} {count(p.totals.shown.count, 'rad', 'rader')}, årsbelopp <span data-testid="total-year">{formatOre(p.totals.shown.year)}</span>&nbsp;kr
          {p.totals.filtered && <> (hela versionen {formatOre(p.totals.version.year)}&nbsp;kr)</>}
        </span>
        <span className="busy" aria-hidden={!p.busy}>
          {p.busy ? 'Sparar …' : ''}
        </span>
      </div>
      {p.editable && (
        <div id="lines-panel-new" className="tool-panel" role="region" aria-label="Ny budgetrad" hidden={!panels.newLine}>
          {p.newLine}
        </div>
      )}
      <div id="lines-panel-filter" className="tool-panel" role="region" aria-label="Urval av rader" hidden={!panels.filter}>
        {p.filters}
      </div>
      {p.editable && (
        <div id="lines-panel-bulk" className="tool-panel" role="region" aria-label="Åtgärder på rader" hidden={!panels.bulk}>
          {p.bulkBar}
        </div>
      )}
      <div id="lines-panel-columns" className="tool-panel" role="region" aria-label="Kolumner" hidden={!panels.columns}>
        <p className="hint">Välj vilka kolumner som visas och i vilken ordning (du kan också dra i kolumnrubrikerna). Valet sparas i databasen på den här datorn.</p>
        <ColumnChooser columns={p.columns} prefs={p.prefs} onChange={p.onColumns} label="Kolumner i budgetraderna" />
      </div>
      {p.profiles && (
        <div id="lines-panel-profiles" className="tool-panel" role="region" aria-label="Periodiseringsprofiler" hidden={!panels.profiles}>
          {p.profiles}
        </div>
      )}
      <div id="lines-panel-keys" className="tool-panel" role="region" aria-label="Tangenter i tabellen" hidden={!panels.keys}>
        <p className="hint">
          Skriv i en cell för att ersätta värdet (F2 ändrar i värdet, eller väljer profil), Enter eller Tab sparar (Tab går vidare till nästa cell), Esc ångrar skrivningen. Utan pågående skrivning flyttar Tab fokus ut ur tabellen; piltangenterna flyttar
          mellan cellerna, Ctrl+Home och Ctrl+End till första och sista cellen, Ctrl+pil till kanten. Shift+pil eller Shift+klick markerar ett block (Ctrl+Shift+pil till kanten); Ctrl+C kopierar och Ctrl+V klistrar in block från Excel. Delsummerader
          hoppas över vid kopiering och inklistring. Ctrl+Z ångrar, Ctrl+Y gör om.
        </p>
      </div>
    </>
  );
}
