import { AgGridReact } from 'ag-grid-react';
import type { CellKeyDownEvent, ColDef, RowClickedEvent } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import type { BudgetVersionInfo, CompareLevel, CompareLineRow, CompareRow, GroupKey, VersionComparison } from '../../../../electron/api/contract/index';
import { ApiError, call } from '../../../api';
import { formatOre } from '../../../amount';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../../../grid/setup';
import { leaveGridOnTab } from '../../../grid/tab-out';
import { GROUP_NAMES } from '../lines/model';
import { count } from '../../../format';

interface Props {
  versions: BudgetVersionInfo[];
  defaultB: string | null;
}

type Row = CompareRow & { id: string; total?: boolean };
type LineRow = CompareLineRow & { id: string };

const LEVELS: [CompareLevel, string][] = [
  ['sector', 'sektor'],
  ['operation', 'verksamhet'],
  ['unit', 'enhet'],
];

function money<T>(field: keyof T & string, headerName: string): ColDef<T> {
  // A version's name in the header wraps (the header grows) rather than being cut; the figures keep their width.
  return { field: field as never, colId: field, headerName, type: 'rightAligned', cellClass: 'num', valueFormatter: (p) => formatOre(p.value as number), flex: 1, minWidth: 130, wrapHeaderText: true, autoHeaderHeight: true };
}

/** Two versions side by side per ansvar node and account group (A, B, B − A); Enter or a click on a row shows its kodsträngar. */
export function CompareVersions({ versions, defaultB }: Props) {
  const current = versions.find((v) => v.current) ?? versions[0]!;
  const [a, setA] = useState(current.id);
  const [b, setB] = useState(defaultB && defaultB !== current.id ? defaultB : (versions.find((v) => v.id !== current.id)?.id ?? current.id));
  const [level, setLevel] = useState<CompareLevel>('sector');
  const [data, setData] = useState<VersionComparison | null>(null);
  const [drill, setDrill] = useState<{ row: Row; lines: LineRow[] } | null>(null);
  const [error, setError] = useState('');
  const [onlyDiff, setOnlyDiff] = useState(true);

  useEffect(() => {
    let live = true;
    setDrill(null);
    call('budget.versions.compare', { a, b, level }).then(
      (d) => live && (setData(d), setError('')),
      (e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [a, b, level]);

  const rows = useMemo<Row[]>(() => (data ? data.rows.map((r) => ({ ...r, id: `${r.node}|${r.group}` })) : []), [data]);
  const total = useMemo<Row[]>(() => (data ? [{ id: 'total', node: '', nodeName: 'Summa', group: 'unknown', aOre: data.total.aOre, bOre: data.total.bOre, diffOre: data.total.diffOre, total: true }] : []), [data]);
  const name = (id: string) => versions.find((v) => v.id === id)?.name ?? '';

  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { colId: 'node', headerName: 'Ansvar', valueGetter: (p) => (p.data?.total ? 'Summa' : `${p.data?.node} ${p.data?.nodeName}`), flex: 2 },
      { colId: 'group', headerName: 'Kontogrupp', valueGetter: (p) => (p.data?.total ? '' : GROUP_NAMES[p.data!.group as GroupKey]), flex: 1.3 },
      money<Row>('aOre', `A: ${name(a)}`),
      money<Row>('bOre', `B: ${name(b)}`),
      money<Row>('diffOre', 'Skillnad B − A'),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [a, b, versions],
  );
  const lineColumns = useMemo<ColDef<LineRow>[]>(
    () => [
      { colId: 'responsibility', headerName: 'Ansvar', valueGetter: (p) => `${p.data?.responsibility} ${p.data?.responsibilityName}`, flex: 2 },
      { colId: 'account', headerName: 'Konto', valueGetter: (p) => `${p.data?.account} ${p.data?.accountName}`, flex: 2 },
      { colId: 'dims', headerName: 'Övriga dimensioner', valueGetter: (p) => p.data?.dims.replace(/\|/g, ', ') ?? '', flex: 1 },
      money<LineRow>('aOre', 'A'),
      money<LineRow>('bOre', 'B'),
      money<LineRow>('diffOre', 'Skillnad B − A'),
    ],
    [],
  );

  const open = (row: Row | undefined) => {
    if (!row || row.total) return;
    call('budget.versions.compareLines', { a, b, level, node: row.node, group: row.group }).then(
      (lines) => setDrill({ row, lines: lines.map((l, i) => ({ ...l, id: String(i) })) }),
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  };

  const select = (value: string, set: (v: string) => void, label: string) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set(e.target.value)}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Jämför två versioner</h2>
      <div className="compare-controls">
        {select(a, setA, 'Version A')}
        {select(b, setB, 'Version B')}
        <label>
          Per
          <select value={level} onChange={(e) => setLevel(e.target.value as CompareLevel)}>
            {LEVELS.map(([l, n]) => (
              <option key={l} value={l}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <p className="hint">Belopp i kr för helåret. Välj en rad och tryck Enter (eller klicka) för att se kodsträngarna bakom den.</p>
      <div className={`${GRID_CLASS} grid-compare`} data-testid="compare-grid" onKeyDownCapture={leaveGridOnTab}>
        <AgGridReact<Row>
          {...TAB_LEAVES_GRID}
          theme={GRID_THEME}
          rowData={rows}
          pinnedBottomRowData={total}
          columnDefs={columns}
          getRowId={(p) => p.data.id}
          rowHeight={30}
          localeText={SWEDISH_GRID_TEXT}
          suppressMovableColumns
          onRowClicked={(e: RowClickedEvent<Row>) => open(e.data)}
          onCellKeyDown={(e: CellKeyDownEvent<Row>) => {
            if ((e.event as KeyboardEvent | undefined)?.key === 'Enter') open(e.data);
          }}
        />
      </div>
      {drill && (
        <section aria-labelledby="drill-title">
          <h3 id="drill-title">
            {drill.row.node} {drill.row.nodeName}, {GROUP_NAMES[drill.row.group].toLocaleLowerCase('sv')}: {count(drill.lines.length, 'kodsträng', 'kodsträngar')}, {drill.lines.filter((l) => l.diffOre !== 0).length} med skillnad
          </h3>
          <label>
            <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} /> Visa bara kodsträngar med skillnad
          </label>
          <div className={`${GRID_CLASS} grid-compare`} data-testid="compare-lines-grid" onKeyDownCapture={leaveGridOnTab}>
            <AgGridReact<LineRow>
              {...TAB_LEAVES_GRID}
              theme={GRID_THEME}
              rowData={onlyDiff ? drill.lines.filter((l) => l.diffOre !== 0) : drill.lines}
              columnDefs={lineColumns}
              getRowId={(p) => p.data.id}
              rowHeight={30}
              localeText={SWEDISH_GRID_TEXT}
              suppressMovableColumns
            />
          </div>
        </section>
      )}
    </section>
  );
}
