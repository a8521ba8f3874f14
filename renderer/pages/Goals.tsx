import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { GoalLevel, GoalRow } from '../../electron/api/contract/index';
import { ErrorBanner, Loading } from '../components/Status';
import { useApi } from '../useApi';
import { periodOf, useToday } from '../today';
import { AssessmentEditor, type EditorHandle } from './goals/AssessmentEditor';
import { DeadlinePanel } from './goals/DeadlinePanel';
import { KfIndicatorSection } from './goals/KfIndicatorSection';
import { UppdragSection } from './goals/UppdragSection';
import { ComparisonPanel } from './goals/ComparisonPanel';
import { ComparisonSettings } from './goals/ComparisonSettings';
import { GoalAdmin } from './goals/GoalAdmin';
import { GoalGrid, type GridHandle, type GridRow } from './goals/GoalGrid';
import { ImportSection } from './goals/ImportSection';
import { LEVEL_PLURAL } from './goals/names';
import { StatusSummary } from './goals/StatusSummary';
import './goals/goals.css';

type LevelFilter = GoalLevel | 'all';

/** Rows to show: filtered by level and owner (with the ancestors of matches kept for context), and collapsed levels left out. */
function visibleRows(rows: GoalRow[], level: LevelFilter, owner: string, collapsed: Set<string>, selectedId: string | null): GridRow[] {
  const matches = (r: GoalRow) => owner === '' || r.ownerPath.includes(owner);
  if (level !== 'all') {
    return rows.filter((r) => r.level === level && matches(r)).map((r) => ({ ...r, shownDepth: 0, context: false, expanded: true, selected: r.id === selectedId }));
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<string>();
  for (const r of rows) {
    if (!matches(r)) continue;
    for (let p: GoalRow | undefined = r; p && !keep.has(p.id); p = p.parentId === null ? undefined : byId.get(p.parentId)) keep.add(p.id);
  }
  const hidden = new Set<string>();
  const out: GridRow[] = [];
  for (const r of rows) {
    if (!keep.has(r.id)) continue;
    if (r.parentId !== null && (hidden.has(r.parentId) || collapsed.has(r.parentId))) {
      hidden.add(r.id);
      continue;
    }
    out.push({ ...r, shownDepth: r.depth, context: !matches(r), expanded: !collapsed.has(r.id), selected: r.id === selectedId });
  }
  return out;
}

/** The goal tree, counts and editor at one occasion. */
function OccasionView({ period, editor }: { period: number; editor: RefObject<EditorHandle | null> }) {
  const tree = useApi('goals.tree', { period }, `tree-${period}`);
  const [level, setLevel] = useState<LevelFilter>('all');
  const [owner, setOwner] = useState('');
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [focusEditor, setFocusEditor] = useState(false);
  // Bumped by every change (an import, the comparison group): the comparisons are read again.
  const [changes, setChanges] = useState(0);
  const grid = useRef<GridHandle | null>(null);

  const rows = useMemo(() => tree.data?.rows ?? [], [tree.data]);
  const shown = useMemo(() => visibleRows(rows, level, owner, collapsed, selectedId), [rows, level, owner, collapsed, selectedId]);
  const selected = rows.find((r) => r.id === selectedId) ?? null;

  const onToggle = useCallback((id: string) => {
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const onSelect = useCallback(
    async (id: string, focus: boolean) => {
      if (id !== selectedId && editor.current && !(await editor.current.flush())) return;
      setSelectedId(id);
      setFocusEditor(focus);
      if (focus && id === selectedId) editor.current?.focus();
    },
    [selectedId, editor],
  );

  const onChanged = useCallback(
    (text: string) => {
      setMessage(text);
      setChanges((n) => n + 1);
      tree.reload();
    },
    [tree],
  );

  if (tree.error) return <ErrorBanner error={tree.error} />;
  if (!tree.data) return <Loading />;
  const occasion = tree.data.occasion;

  return (
    <>
      <DeadlinePanel key={JSON.stringify(tree.data.deadlines)} period={occasion.period} deadlines={tree.data.deadlines} editable={tree.data.mayEditDeadlines} locked={occasion.locked} onChanged={onChanged} />
      <StatusSummary counts={tree.data.counts} />
      <p className="sr-status" role="status" aria-live="polite" data-testid="goal-message">
        {message}
      </p>
      <div className="goal-filters" role="group" aria-label="Filter">
        <label>
          Nivå{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value as LevelFilter)}>
            <option value="all">alla nivåer (träd)</option>
            {(['council', 'board', 'sub', 'activity'] as const).map((l) => (
              <option key={l} value={l}>
                {LEVEL_PLURAL[l].toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ansvar{' '}
          <select value={owner} onChange={(e) => setOwner(e.target.value)} data-find>
            <option value="">hela förvaltningen</option>
            {tree.data.owners.map((o) => (
              <option key={o.code} value={o.code}>
                {'\u00a0\u00a0'.repeat(o.depth)}
                {o.code} {o.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={level !== 'all'} onClick={() => setCollapsed(new Set(rows.filter((r) => r.childCount > 0 && r.level !== 'council').map((r) => r.id)))}>
          Fäll ihop alla
        </button>
        <button type="button" disabled={level !== 'all'} onClick={() => setCollapsed(new Set())}>
          Fäll ut alla
        </button>
      </div>
      <p className="hint">Pilar flyttar i tabellen, + och − fäller ut och ihop, Enter öppnar målets bedömning och Esc går tillbaka till tabellen. Ctrl+S sparar. Status: grön uppfyllt/genomförd, gul delvis/pågår, röd ej uppfyllt, grå ej påbörjat.</p>
      <div className="goal-layout">
        <GoalGrid ref={grid} rows={shown} treeMode={level === 'all'} onToggle={onToggle} onSelect={(id, f) => void onSelect(id, f)} />
        {selected ? (
          <AssessmentEditor key={selected.id} ref={editor} goal={selected} occasion={occasion} onChanged={onChanged} autoFocus={focusEditor} onLeave={() => grid.current?.focusRow(selected.code)} comparison={<ComparisonPanel indicators={selected.indicators} version={changes} />}>
            <GoalAdmin goal={selected} parent={rows.find((r) => r.id === selected.parentId) ?? null} year={occasion.year} onChanged={onChanged} />
          </AssessmentEditor>
        ) : (
          <p className="hint goal-editor-empty">Välj ett mål i tabellen för att se dess styrtal och skriva eller godkänna bedömningen.</p>
        )}
      </div>
      <KfIndicatorSection period={occasion.period} locked={occasion.locked} onChanged={setMessage} />
      <UppdragSection period={occasion.period} year={occasion.year} locked={occasion.locked} onChanged={setMessage} />
      <ImportSection onImported={onChanged} />
      <ComparisonSettings version={changes} onSaved={onChanged} />
    </>
  );
}

/** The occasion to open: the latest one that has begun by the app's today, else the first. */
function defaultPeriod(periods: number[], today: string): number {
  const current = periodOf(today);
  const begun = periods.filter((p) => p <= current);
  return begun.length > 0 ? begun[begun.length - 1]! : periods[0]!;
}

/** Mål: the goal chain at a reporting occasion, its statuses and styrtal, and the assessment round. */
export function GoalsPage() {
  const occasions = useApi('goals.occasions', {}, 'occasions');
  const today = useToday();
  const [period, setPeriod] = useState<number | null>(null);
  const list = useMemo(() => occasions.data ?? [], [occasions.data]);
  const editor = useRef<EditorHandle | null>(null);
  const todayDate = today.data?.today ?? null;
  useEffect(() => {
    if (todayDate !== null && list.length > 0 && !list.some((o) => o.period === period)) setPeriod(defaultPeriod(list.map((o) => o.period), todayDate));
  }, [list, period, todayDate]);

  if (occasions.error) return <ErrorBanner error={occasions.error} />;
  if (today.error) return <ErrorBanner error={today.error} />;
  if (!occasions.data || !today.data) return <Loading />;

  return (
    <section aria-labelledby="goals-title">
      <header className="page-header">
        <h1 id="goals-title">Mål</h1>
        <label className="version-select">
          Uppföljningstillfälle{' '}
          <select
            value={period ?? ''}
            disabled={list.length === 0}
            // Unsaved text is saved before another occasion is opened.
            onChange={(e) => {
              const next = Number(e.target.value);
              void (editor.current?.flush() ?? Promise.resolve(true)).then((ok) => ok && setPeriod(next));
            }}
          >
            {list.length === 0 && <option value="">inga tillfällen</option>}
            {list.map((o) => (
              <option key={o.id} value={o.period}>
                {o.name} ({o.periodName})
              </option>
            ))}
          </select>
        </label>
      </header>
      {list.length === 0 ? (
        <div className="banner banner-info" role="note">
          <p>Det finns inga uppföljningstillfällen för mål (tertial, delårsrapport, årsbokslut) i år. Lägg in årets kalender under Uppföljning; målen följs upp vid de tillfällena.</p>
        </div>
      ) : period === null ? (
        <Loading />
      ) : (
        <OccasionView key={period} period={period} editor={editor} />
      )}
    </section>
  );
}
