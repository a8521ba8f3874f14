import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DeviationRow, DeviationView } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import type { MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { ColumnChooser } from '../../grid/ColumnChooser';
import { arrangeColumns, useGridLayout } from '../../grid/layout';
import { peekSession, setSessionValue, useSessionState } from '../../state/session';
import { DeviationGrid, type GridHandle } from './DeviationGrid';
import { deviationColumns, fitDeviationColumns } from './deviation-columns';
import { GOTO_KEY, type FollowupTarget } from './goto';
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

/** What the deviations are filtered by, kept for the session. */
interface DeviationFilters {
  groups: boolean;
  overThreshold: boolean;
  missing: boolean;
  mine: boolean;
  search: string;
}

/** The levels of the tree sent first: the förvaltning, its sektorer and their verksamheter (so that opening a sektor needs no wait). */
const TOP_LEVELS = 3;

const NO_FILTERS: DeviationFilters = { groups: false, overThreshold: false, missing: false, mine: false, search: '' };
const EXPANDED_KEY = 'followup.expanded';

/** The tree rows a flat list ranks: the organisation's nodes without nodes below them (the enheter), and the direct and unknown rows. */
function flatRows(rows: readonly DeviationRow[]): DeviationRow[] {
  return rows.filter((r) => r.kind !== 'group' && r.kind !== 'account' && (r.kind !== 'node' || !rows.some((c) => c.parentKey === r.key && c.kind === 'node')));
}

/**
 * Deviations per period: the grid with its filters, search and tools, and
 * the panel of the chosen row. The filters, the open nodes, the view (tree
 * or Största avvikelser), the sort and the scroll are kept for the session.
 */
export function DeviationsTab({ period, unit }: Props) {
  const [filterState, setFilters] = useSessionState<DeviationFilters>('followup.filters', NO_FILTERS);
  const { groups, overThreshold, missing, mine, search } = filterState;
  const set = (change: Partial<DeviationFilters>) => setFilters((x) => ({ ...x, ...change }));
  // The top levels first (förvaltning, sektorer, verksamheter: what the grid opens on), the whole tree after:
  // the grid shows its first rows without waiting for thousands of enheter to cross and be indexed.
  // The whole tree is asked for only once the first rows are drawn: asked at the same time, it held up
  // the first answer (the main process answers one call at a time) and then the page's own work.
  const top = useApi('followup.deviations.get', { period, groups, levels: TOP_LEVELS }, `${period}:${groups}:top`);
  const [askWhole, setAskWhole] = useState(false);
  const view = useApi('followup.deviations.get', { period, groups, levels: null }, `${period}:${groups}`, askWhole);
  const [data, setData] = useState<DeviationView | null>(null);
  const [accounts, setAccounts] = useState<Map<string, DeviationRow[]>>(new Map());
  const [expanded, setExpanded] = useSessionState<Set<string>>(EXPANDED_KEY, () => new Set());
  const [flat, setFlat] = useSessionState('followup.flat', false);
  const [showColumns, setShowColumns] = useSessionState('followup.columnsPanel', false);
  const [prefs, savePrefs] = useGridLayout('followup.deviations');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const grid = useRef<GridHandle | null>(null);
  const firstLoad = useRef(true);

  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  const wholeLoading = useRef(view.loading);
  wholeLoading.current = view.loading;

  // The first time in the session: open on the förvaltning and its sektorer.
  const firstOpen = useCallback(
    (v: DeviationView) => {
      if (!firstLoad.current) return;
      firstLoad.current = false;
      if (!peekSession<{ seen: boolean }>('followup.seen')) {
        setSessionValue('followup.seen', { seen: true });
        setExpanded(new Set(v.rows.filter((r) => r.parentKey === null && r.hasChildren).map((r) => r.key)));
        // A sektorchef's installation opens on its own sektor (its package holds only that part of the figures).
        if (v.site.scopeKey) setFilters((x) => ({ ...x, mine: true }));
      }
    },
    [setExpanded, setFilters],
  );

  // The top levels, shown while the whole tree is on its way (never over a whole tree that came first).
  useEffect(() => {
    if (!top.data || !wholeLoading.current) return;
    setData(top.data);
    setAccounts(new Map());
    firstOpen(top.data);
  }, [top.data, firstOpen]);

  // The whole tree after the first rows are on the screen (or at once if the top levels failed): the next
  // frame lets the browser paint the grid first; the timer asks anyway where no frame comes (a hidden window).
  const topDone = top.data !== null || top.error !== null;
  useEffect(() => {
    if (askWhole || !topDone) return;
    const ask = () => setAskWhole(true);
    let timer = 0;
    const frame = requestAnimationFrame(() => (timer = window.setTimeout(ask, 0)));
    const backup = window.setTimeout(ask, 250);
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
      window.clearTimeout(backup);
    };
  }, [askWhole, topDone]);

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
    firstOpen(view.data);
    // Opened from Översikt at a node: the tree opened down to it, filters that could hide it off, and its panel open.
    const target = peekSession<FollowupTarget | null>(GOTO_KEY);
    if (target) {
      setSessionValue<FollowupTarget | null>(GOTO_KEY, null);
      const byKey = new Map(view.data.rows.map((r) => [r.key, r]));
      const row = view.data.rows.find((r) => r.kind === 'node' && r.code === target.code);
      if (row) {
        const open: string[] = [];
        for (let p = row.parentKey; p !== null; p = byKey.get(p)?.parentKey ?? null) open.push(p);
        setExpanded((prev) => new Set([...prev, ...open]));
        setFilters((x) => ({ ...x, overThreshold: false, missing: false, search: '' }));
        setFlat(false);
        setSelectedKey(row.key);
      }
    }
  }, [view.data, period, firstOpen, setExpanded, setFilters, setFlat]);

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
  }, [filters, setExpanded]);

  const visible = useMemo(() => {
    if (!flat) return visibleKeys(index, expanded, filters.map((x) => x.keep));
    // Största avvikelser: every enhet (and direct row) the filters keep, whatever is open in the tree
    // (none while only the top levels are here: their lowest rows are not enheter).
    if (data?.partial) return new Set<string>();
    return new Set(flatRows(rows).filter((r) => filters.every((x) => x.keep.has(r.key))).map((r) => r.key));
  }, [index, expanded, filters, flat, rows, data]);

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
    [index, expanded, accounts, loadAccounts, setExpanded],
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

  // The chooser lists the columns in the user's order; widths do not matter to it.
  const chooserColumns = useMemo(
    () =>
      arrangeColumns(
        deviationColumns({ unit, widths: fitDeviationColumns({ width: 0, font: () => '13px sans-serif', moneyTexts: ['0'], names: [], panelOpen: false }), flat, treeCell: null, statusCell: null }),
        prefs,
      ),
    [unit, flat, prefs],
  );
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
  const info = `${data.occasion ? `${data.occasion.name}${data.occasion.lockedAt ? ` – låst ${formatDate(data.occasion.lockedAt)}, siffrorna som de rapporterades` : ''}. ` : 'Perioden har inget uppföljningstillfälle (inga kommentarer). '}Budget i kraft vid periodens slut: ${data.budgetVersion?.name ?? 'ingen'}, med omfördelningar och budgetändringar (KF/KS) beslutade till och med den dagen. Prognos: ${data.forecastOccasion ? `från ${data.forecastOccasion.name}` : 'ingen prognos ännu i år'}. Avvikelse = budget − utfall, positiv (grön) är gynnsam.`;
  return (
    <div className="fill deviations-tab">
      <p className="hint view-info" data-testid="view-info" title={info}>
        {info}
      </p>
      <div className="followup-toolbar" role="toolbar" aria-label="Filter och verktyg för avvikelser">
        <div className="view-switch" role="radiogroup" aria-label="Visa som">
          <label>
            <input type="radio" name="deviation-view" checked={!flat} onChange={() => setFlat(false)} /> Träd
          </label>
          <label title="Alla enheter i en lista, sorterade efter avvikelse över hela trädet">
            <input type="radio" name="deviation-view" checked={flat} onChange={() => setFlat(true)} /> Största avvikelser
          </label>
        </div>
        <fieldset className="filters">
          <legend>Visa</legend>
          <label>
            <input type="checkbox" checked={overThreshold} onChange={(e) => set({ overThreshold: e.target.checked })} /> Endast avvikelser över tröskeln
          </label>
          <label>
            <input type="checkbox" checked={missing} onChange={(e) => set({ missing: e.target.checked })} /> Saknar kommentar
          </label>
          <label title={data.site.scopeKey ? undefined : 'Installationen har ingen egen sektor (rollen controller ser hela förvaltningen).'}>
            <input type="checkbox" checked={mine} disabled={!data.site.scopeKey} onChange={(e) => set({ mine: e.target.checked })} /> {scopeText}
          </label>
          <label>
            <input type="checkbox" checked={groups} onChange={(e) => set({ groups: e.target.checked })} /> Kontogrupper
          </label>
        </fieldset>
        <label>
          <span className="visually-hidden">Sök ansvar</span>
          <input type="search" data-find placeholder="Sök ansvar (kod eller namn)" value={search} onChange={(e) => set({ search: e.target.value })} aria-label="Sök ansvar" />
        </label>
        <button type="button" onClick={expandAll} disabled={flat || data.partial} title={data.partial ? 'Hela trädet läses in…' : undefined}>
          Fäll ut alla
        </button>
        <button type="button" onClick={collapseAll} disabled={flat}>
          Fäll ihop alla
        </button>
        <button type="button" onClick={() => grid.current?.copy()} title="Markera celler med Skift+piltangenter eller Skift+klick; Ctrl+C kopierar också">
          Kopiera markering
        </button>
        <button type="button" onClick={() => void exportXlsx()}>
          Exportera till Excel
        </button>
        <button type="button" className="panel-toggle" aria-expanded={showColumns} aria-controls="followup-panel-columns" onClick={() => setShowColumns(!showColumns)}>
          Kolumner
        </button>
        <span role="status" data-testid="visible-count">
          {visible.size.toLocaleString('sv-SE')} rader visas
        </span>
      </div>
      <div id="followup-panel-columns" className="tool-panel" role="region" aria-label="Kolumner" hidden={!showColumns}>
        <p className="hint">Välj vilka kolumner som visas och i vilken ordning (du kan också dra i kolumnrubrikerna). Ansvar och de ackumulerade siffrorna är låsta till vänster. Valet sparas i databasen på den här datorn.</p>
        <ColumnChooser columns={chooserColumns} prefs={prefs} onChange={savePrefs} label="Kolumner i avvikelsetabellen" />
      </div>
      {message && (
        <p className="message-ok" role="status">
          {message}
        </p>
      )}
      {actionError && <ErrorBanner error={actionError} />}
      <div className={`followup-layout${selected ? ' panel-open' : ''}`}>
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
          flat={flat}
          prefs={prefs}
          onPrefs={savePrefs}
          panelOpen={selected !== null}
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
