import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DeviationRow, DeviationView } from '../../../electron/api/contract/followup';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import type { MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { DeviationGrid, type GridHandle } from './DeviationGrid';
import { NodePanel } from './NodePanel';
import { indexRows, keepSet, searchMatches, visibleKeys, type TreeIndex } from './tree';
import { formatDate } from '../../../shared/dates';
import { count } from '../../format';

interface Props {
  period: number;
  unit: MoneyUnit;
}

const DETAIL = new Set(['group', 'account']);

/** The rows a filter keeps: the matches, their ancestors, and the detail rows (account groups, accounts) of kept rows. */
function withDetail(rows: readonly DeviationRow[], keep: Set<string>): Set<string> {
  for (const r of rows) if (DETAIL.has(r.kind) && r.parentKey !== null && keep.has(r.parentKey)) keep.add(r.key);
  return keep;
}

function mergeAccounts(rows: readonly DeviationRow[], accounts: ReadonlyMap<string, DeviationRow[]>): DeviationRow[] {
  if (accounts.size === 0) return rows as DeviationRow[];
  const out: DeviationRow[] = [];
  for (const r of rows) {
    out.push(r);
    const extra = accounts.get(r.key);
    if (extra) out.push(...extra);
  }
  return out;
}

/** Deviations per period: the grid with its filters, search and tools, and the panel of the chosen row. */
export function DeviationsTab({ period, unit }: Props) {
  const [groups, setGroups] = useState(false);
  const view = useApi('followup.deviations.get', { period, groups }, `${period}:${groups}`);
  const [data, setData] = useState<DeviationView | null>(null);
  const [accounts, setAccounts] = useState<Map<string, DeviationRow[]>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [overThreshold, setOverThreshold] = useState(false);
  const [missing, setMissing] = useState(false);
  const [mine, setMine] = useState(false);
  const [search, setSearch] = useState('');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const grid = useRef<GridHandle | null>(null);
  const firstLoad = useRef(true);

  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  useEffect(() => {
    if (!view.data) return;
    setData(view.data);
    setAccounts(new Map());
    // Accounts under open account groups are fetched again with the new figures.
    const open = view.data.rows.filter((r) => r.kind === 'group' && expandedRef.current.has(r.key));
    for (const g of open) {
      call('followup.deviations.accounts', { period, key: g.key }).then(
        (list) => setAccounts((prev) => new Map(prev).set(g.key, list)),
        (e: Error) => setActionError(e),
      );
    }
    if (firstLoad.current) {
      firstLoad.current = false;
      // Open on the förvaltning and its sektorer.
      setExpanded(new Set(view.data.rows.filter((r) => r.parentKey === null && r.hasChildren).map((r) => r.key)));
      // A sektorchef's installation opens on its own sektor (its package holds only that part of the figures).
      if (view.data.site.scopeKey) setMine(true);
    }
  }, [view.data, period]);

  const rows = useMemo(() => (data ? mergeAccounts(data.rows, accounts) : []), [data, accounts]);
  const index: TreeIndex<DeviationRow> = useMemo(() => indexRows(rows), [rows]);

  const filters = useMemo(() => {
    const list: { keep: Set<string>; open: Set<string> }[] = [];
    if (overThreshold) list.push(keepSet(index, rows.filter((r) => r.kind === 'node' && r.commentRequired).map((r) => r.key), false));
    if (missing) {
      const m = rows.filter((r) => r.kind === 'node' && r.commentRequired && (r.commentStatus === 'missing' || r.commentStatus === 'draft' || r.commentStatus === 'returned'));
      list.push(keepSet(index, m.map((r) => r.key), false));
    }
    if (mine && data?.site.scopeKey) list.push(keepSet(index, [data.site.scopeKey], true));
    if (search.trim() !== '') list.push(keepSet(index, searchMatches(rows, search), true));
    for (const f of list) withDetail(rows, f.keep);
    return list;
  }, [overThreshold, missing, mine, search, index, rows, data]);

  // A filter or search opens the way to what it found.
  useEffect(() => {
    if (filters.length === 0) return;
    setExpanded((prev) => {
      const next = new Set(prev);
      let changed = false;
      for (const f of filters)
        for (const k of f.open)
          if (!next.has(k)) {
            next.add(k);
            changed = true;
          }
      return changed ? next : prev;
    });
  }, [filters]);

  const visible = useMemo(() => visibleKeys(index, expanded, filters.map((f) => f.keep)), [index, expanded, filters]);

  const loadAccounts = useCallback(
    async (key: string) => {
      try {
        const list = await call('followup.deviations.accounts', { period, key });
        setAccounts((prev) => new Map(prev).set(key, list));
      } catch (e) {
        setActionError(e as Error);
      }
    },
    [period],
  );

  const toggle = useCallback(
    (key: string, open?: boolean) => {
      const row = index.byKey.get(key);
      const willOpen = open ?? !expanded.has(key);
      if (willOpen && row?.kind === 'group' && !accounts.has(key)) void loadAccounts(key);
      setExpanded((prev) => {
        if (prev.has(key) === willOpen) return prev;
        const next = new Set(prev);
        if (willOpen) next.add(key);
        else next.delete(key);
        return next;
      });
    },
    [index, expanded, accounts, loadAccounts],
  );

  const expandAll = () => setExpanded(new Set(rows.filter((r) => r.hasChildren && r.kind !== 'group').map((r) => r.key)));
  const collapseAll = () => setExpanded(new Set());

  const exportXlsx = async () => {
    setMessage(null);
    setActionError(null);
    try {
      const file = await call('files.save', { title: 'Exportera avvikelser till Excel', defaultName: `avvikelser-${period}.xlsx`, filters: [{ name: 'Excel', extensions: ['xlsx'] }] });
      if (!file) return;
      const keys = grid.current?.displayedKeys() ?? null;
      const r = await call('followup.deviations.export', { period, unit, keys, file: file.ref });
      setMessage(`${count(r.rows, 'rad exporterad', 'rader exporterade')} till ${r.file}.`);
    } catch (e) {
      setActionError(e as Error);
    }
  };

  const reload = view.reload;
  const selected = selectedKey ? (index.byKey.get(selectedKey) ?? null) : null;

  if (view.error && !data) return <ErrorBanner error={view.error} />;
  if (!data) return <Loading />;
  if (data.rows.length === 0) {
    return (
      <div className="banner banner-info" role="note">
        <p>Det finns ingen organisation eller budget att följa upp ännu. Läs in organisation och kontoplan under Import, eller skapa demoförvaltningen.</p>
      </div>
    );
  }

  const scopeText = data.site.scopeCode ? `Min sektor (${data.site.scopeCode})` : 'Min sektor';
  return (
    <div>
      <p className="hint" data-testid="view-info">
        {data.occasion ? `${data.occasion.name}${data.occasion.lockedAt ? ` – låst ${formatDate(data.occasion.lockedAt)}, siffrorna som de rapporterades` : ''}. ` : 'Perioden har inget uppföljningstillfälle (inga kommentarer). '}
        Budget i kraft vid periodens slut: {data.budgetVersion?.name ?? 'ingen'}, med omfördelningar beslutade till och med den dagen. Prognos: {data.forecastOccasion ? `från ${data.forecastOccasion.name}` : 'ingen prognos ännu i år'}. Avvikelse = budget − utfall, positiv (grön) är gynnsam.
      </p>
      <div className="followup-toolbar" role="toolbar" aria-label="Filter och verktyg för avvikelser">
        <fieldset className="filters">
          <legend>Visa</legend>
          <label>
            <input type="checkbox" checked={overThreshold} onChange={(e) => setOverThreshold(e.target.checked)} /> Endast avvikelser över tröskeln
          </label>
          <label>
            <input type="checkbox" checked={missing} onChange={(e) => setMissing(e.target.checked)} /> Saknar kommentar
          </label>
          <label title={data.site.scopeKey ? undefined : 'Installationen har ingen egen sektor (rollen controller ser hela förvaltningen).'}>
            <input type="checkbox" checked={mine} disabled={!data.site.scopeKey} onChange={(e) => setMine(e.target.checked)} /> {scopeText}
          </label>
          <label>
            <input type="checkbox" checked={groups} onChange={(e) => setGroups(e.target.checked)} /> Kontogrupper
          </label>
        </fieldset>
        <label>
          <span className="visually-hidden">Sök ansvar</span>
          <input type="search" data-find placeholder="Sök ansvar (kod eller namn)" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Sök ansvar" />
        </label>
        <button type="button" onClick={expandAll}>
          Fäll ut alla
        </button>
        <button type="button" onClick={collapseAll}>
          Fäll ihop alla
        </button>
        <button type="button" onClick={() => grid.current?.copy()} title="Markera celler med Skift+piltangenter eller Skift+klick; Ctrl+C kopierar också">
          Kopiera markering
        </button>
        <button type="button" onClick={() => void exportXlsx()}>
          Exportera till Excel
        </button>
        <span role="status" data-testid="visible-count">
          {visible.size.toLocaleString('sv-SE')} rader visas
        </span>
      </div>
      {message && (
        <p className="message-ok" role="status">
          {message}
        </p>
      )}
      {actionError && <ErrorBanner error={actionError} />}
      <div className="followup-layout">
        <DeviationGrid
          rows={rows}
          total={data.total}
          visible={visible}
          expanded={expanded}
          unit={unit}
          selectedKey={selectedKey}
          onToggle={toggle}
          onSelect={setSelectedKey}
          handleRef={grid}
        />
        {selected && (
          <NodePanel
            key={selected.key}
            period={period}
            view={data}
            row={selected}
            unit={unit}
            onChanged={reload}
            onClose={() => {
              setSelectedKey(null);
              grid.current?.focusRow(selected.key);
            }}
          />
        )}
      </div>
    </div>
  );
}
