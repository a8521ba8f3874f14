import { AgGridReact } from 'ag-grid-react';
import type { CellKeyDownEvent, ColDef, GridApi, ICellRendererParams, RowClassParams } from 'ag-grid-community';
import { useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { GoalRow } from '../../../electron/api/contract/index';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../../grid/setup';
import { leaveGridOnTab } from '../../grid/tab-out';
import { LEVEL_NAME, ROUND_NAME, formatValueDate, statusClass, statusName, withUnit } from './names';
import { Sparkline } from './Sparkline';

/** A row as the grid shows it: the goal, how deep it is drawn, whether it is only there to give context to a filtered row. */
export interface GridRow extends GoalRow {
  shownDepth: number;
  context: boolean;
  expanded: boolean;
  selected: boolean;
}

export interface GridHandle {
  /** Puts the keyboard focus back on a goal's row (Escape in the editor). */
  focusRow(code: string): void;
}

interface Props {
  ref?: Ref<GridHandle>;
  rows: GridRow[];
  treeMode: boolean;
  onToggle(id: string): void;
  onSelect(id: string, focusEditor: boolean): void;
}

const ROW_CLASS_RULES = {
  'goal-selected': (p: RowClassParams<GridRow>) => p.data?.selected === true,
  'goal-context': (p: RowClassParams<GridRow>) => p.data?.context === true,
};

function TreeCell({ data, treeMode, onToggle }: { data: GridRow; treeMode: boolean; onToggle(id: string): void }) {
  const canToggle = treeMode && data.childCount > 0;
  return (
    <span className="tree-cell" style={{ paddingLeft: `${data.shownDepth * 18}px` }}>
      {canToggle ? (
        <button
          type="button"
          className="tree-toggle"
          aria-expanded={data.expanded}
          aria-label={`${data.expanded ? 'Fäll ihop' : 'Fäll ut'} ${data.code}`}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(data.id);
          }}
        >
          {data.expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="tree-spacer" aria-hidden="true" />
      )}
      <span className="goal-code">{data.code}</span> <span className="goal-title">{data.title}</span>
    </span>
  );
}

/**
 * The goal chain as a grid: flat rows with parent links (the free grid has
 * no tree data) and our own expand/collapse cell. Keyboard: arrows move,
 * + and − (or Space) open and close a level, Enter opens the goal in the
 * editor and Escape there comes back.
 */
export function GoalGrid({ rows, treeMode, onToggle, onSelect, ref }: Props) {
  const api = useRef<GridApi<GridRow> | null>(null);
  useImperativeHandle(ref, () => ({
    focusRow(code) {
      const node = api.current?.getRowNode(code);
      if (node?.rowIndex !== null && node?.rowIndex !== undefined) {
        api.current!.ensureIndexVisible(node.rowIndex);
        api.current!.setFocusedCell(node.rowIndex, 'goal');
      }
    },
  }));
  const columns = useMemo<ColDef<GridRow>[]>(
    () => [
      {
        colId: 'goal',
        headerName: 'Mål',
        flex: 1,
        minWidth: 300,
        wrapText: true,
        autoHeight: true,
        valueGetter: (p) => (p.data ? `${p.data.code} ${p.data.title}` : ''),
        // The title wraps in the cell; the tooltip holds it whole as well, with its level.
        tooltipValueGetter: (p) => (p.data ? `${p.data.code} ${p.data.title} (${LEVEL_NAME[p.data.level]})` : ''),
        cellRenderer: (p: ICellRendererParams<GridRow>) => (p.data ? <TreeCell data={p.data} treeMode={treeMode} onToggle={onToggle} /> : null),
      },
      {
        colId: 'owner',
        headerName: 'Ansvar',
        width: 150,
        valueGetter: (p) => (p.data ? `${p.data.owner.code} ${p.data.owner.name}` : ''),
        tooltipValueGetter: (p) => (p.data ? `${LEVEL_NAME[p.data.level]}, ansvar ${p.data.owner.code} ${p.data.owner.name}` : ''),
      },
      {
        colId: 'status',
        headerName: 'Status',
        width: 150,
        valueGetter: (p) => (!p.data || p.data.level === 'council' ? '' : statusName(p.data.assessment?.status ?? 'unassessed', p.data.level)),
        cellRenderer: (p: ICellRendererParams<GridRow>) => {
          const d = p.data;
          if (!d || d.level === 'council') return null;
          const s = d.assessment?.status ?? 'unassessed';
          return <span className={statusClass(s)}>{statusName(s, d.level)}</span>;
        },
      },
      {
        colId: 'forecast',
        headerName: 'Prognos helår',
        width: 140,
        valueGetter: (p) => (p.data?.assessment?.forecast ? statusName(p.data.assessment.forecast, p.data.level) : ''),
      },
      {
        colId: 'round',
        headerName: 'Omgång',
        width: 125,
        valueGetter: (p) => (!p.data || p.data.level === 'council' ? '' : p.data.assessment ? ROUND_NAME[p.data.assessment.roundStatus] : '–'),
        cellRenderer: (p: ICellRendererParams<GridRow>) => {
          const d = p.data;
          if (!d || d.level === 'council') return null;
          return (
            <span>
              <span className={`round round-${d.assessment?.roundStatus ?? 'none'}`}>{d.assessment ? ROUND_NAME[d.assessment.roundStatus] : '–'}</span>
              {d.overdue && <span className="overdue"> försenad</span>}
            </span>
          );
        },
      },
      {
        colId: 'trend',
        headerName: 'Styrtal',
        // The sparkline (110 px) and "+2" beside it.
        width: 170,
        sortable: false,
        valueGetter: (p) => p.data?.indicators[0]?.name ?? '',
        tooltipValueGetter: (p) => (p.data?.indicators ?? []).map((i) => i.name).join(', '),
        cellRenderer: (p: ICellRendererParams<GridRow>) => {
          const ind = p.data?.indicators[0];
          if (!ind) return null;
          const more = p.data!.indicators.length - 1;
          return (
            <span className="trend-cell">
              <Sparkline indicator={ind} />
              {more > 0 && <span className="more">+{more}</span>}
            </span>
          );
        },
      },
      {
        colId: 'latest',
        headerName: 'Senast / mål',
        width: 165,
        wrapText: true,
        autoHeight: true,
        valueGetter: (p) => {
          const ind = p.data?.indicators[0];
          if (!ind) return '';
          const latest = ind.latest ? `${withUnit(ind.latest.value, ind.unit)} (${formatValueDate(ind, ind.latest.date)})` : 'inget värde';
          return `${latest} / ${withUnit(ind.target.value, ind.unit)}`;
        },
      },
    ],
    [treeMode, onToggle],
  );

  const onKey = (e: CellKeyDownEvent<GridRow>) => {
    const key = (e.event as KeyboardEvent | null)?.key;
    const d = e.data;
    if (!d || !key) return;
    if (key === 'Enter') {
      e.event?.preventDefault();
      // The grid would take the focus back when it redraws the selected row.
      e.api.clearFocusedCell();
      onSelect(d.id, true);
    } else if (treeMode && d.childCount > 0 && ((key === '+' && !d.expanded) || (key === '-' && d.expanded) || key === ' ')) {
      e.event?.preventDefault();
      onToggle(d.id);
    }
  };

  return (
    <div className={`${GRID_CLASS} goal-grid`} data-testid="goal-grid" onKeyDownCapture={leaveGridOnTab}>
      <AgGridReact<GridRow>
        theme={GRID_THEME}
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => p.data.code}
        // A few hundred goals at most: every row and column in the DOM keeps keyboard and screen readers simple.
        suppressRowVirtualisation
        suppressColumnVirtualisation
        localeText={SWEDISH_GRID_TEXT}
        suppressMovableColumns
        enableCellTextSelection
        // Tooltips as the element's title: what a cell cannot show whole is read by hovering, and is in the DOM.
        enableBrowserTooltips
        getRowClass={(p: RowClassParams<GridRow>) => `goal-level-${p.data?.level ?? ''}`}
        // Rules, unlike getRowClass, are applied again when a row's data changes (selection, filter context).
        rowClassRules={ROW_CLASS_RULES}
        onGridReady={(e) => (api.current = e.api)}
        onRowClicked={(e) => e.data && onSelect(e.data.id, false)}
        onCellKeyDown={onKey}
        {...TAB_LEAVES_GRID}
      />
    </div>
  );
}
