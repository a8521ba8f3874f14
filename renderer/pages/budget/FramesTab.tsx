import { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, ColGroupDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { FrameNode } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { UnitSwitch } from '../../components/UnitSwitch';
import { formatMoney, type MoneyUnit } from '../../format';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../../grid/setup';
import { leaveGridOnTab } from '../../grid/tab-out';
import { useApi } from '../../useApi';
import { ActionStatus, editKr, formatKr, formError, LockedNote, NeedsVersion, parseKronor, signClass } from './planning-ui';
import type { BudgetTabProps } from './types';
import { MultiyearPanel, planYearTooltip } from './MultiyearPanel';
import { WriteSettingsGrid } from '../../components/WriteSettingsGrid';
import { useAction } from '../../use-action';

const LEVEL_NAME = { administration: 'förvaltning', sector: 'sektor', operation: 'verksamhet', unit: 'enhet' } as const;

function NameCell(p: ICellRendererParams<FrameNode>) {
  const n = p.data;
  if (!n) return null;
  return (
    <span style={{ paddingLeft: `${n.depth * 18}px` }} className={n.depth < 2 ? 'pl-strong' : undefined}>
      {n.code} {n.name}
    </span>
  );
}

/** The Kontroll cell: over the ram is a warning; room left within it is plain information. */
function checkText(n: FrameNode): string {
  if (n.warnings.length > 0) return `⚠ ${n.warnings.join(' ')}`;
  if (n.frameOre === null) return '';
  return n.notes.length > 0 ? `Inom ramen: ${n.notes.join(' ')}` : 'Går ihop';
}

/** Ramar: the nämnd's ram and its distribution down the tree, with what is budgeted and what remains at every node. */
export function FramesTab({ version }: BudgetTabProps) {
  if (!version) return <NeedsVersion />;
  return <Frames versionId={version.id} versionName={version.name} locked={version.lockedAt !== null} />;
}

function Frames({ versionId, versionName, locked }: { versionId: string; versionName: string; locked: boolean }) {
  const info = useApi('app.info', {}, 'app-info');
  const isController = info.data?.site.role === 'controller';
  const [unit, setUnit] = useState<MoneyUnit>('tkr');
  const [maxDepth, setMaxDepth] = useState(2);
  const [onlyWarnings, setOnlyWarnings] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  // The flerårsplan's three years side by side, or the budget year's distribution and checks.
  const [view, setView] = useState<'years' | 'budget'>('years');
  const [amountText, setAmountText] = useState('');
  const [planText, setPlanText] = useState<[string, string]>(['', '']);
  const [undo, setUndo] = useState<{ code: string; before: number | null; plan: (number | null)[] }[]>([]);
  const [planVersion, setPlanVersion] = useState(0);
  const state = useApi('planning.frames.get', { versionId }, versionId);
  const [data, setData] = useState(state.data);
  const action = useAction();
  useEffect(() => setData(state.data), [state.data]);

  const node = data?.nodes.find((n) => n.code === selected) ?? null;
  useEffect(() => setAmountText(editKr(node?.frameOre ?? null)), [node?.code, node?.frameOre]);
  const p1 = node?.planYears[0]?.frameOre ?? null;
  const p2 = node?.planYears[1]?.frameOre ?? null;
  useEffect(() => setPlanText([editKr(p1), editKr(p2)]), [node?.code, p1, p2]);

  const rows = useMemo(() => (data?.nodes ?? []).filter((n) => n.depth <= maxDepth && (!onlyWarnings || n.warnings.length > 0)), [data, maxDepth, onlyWarnings]);

  const years = useMemo(() => data?.years ?? [], [data?.years]);
  const columns = useMemo<(ColDef<FrameNode> | ColGroupDef<FrameNode>)[]>(() => {
    const money = (colId: keyof FrameNode, headerName: string, cellClass?: (p: CellClassParams<FrameNode>) => string): ColDef<FrameNode> => ({
      colId,
      headerName,
      field: colId,
      type: 'rightAligned',
      flex: 1,
      // As wide as "Budgeterat" and "Omfördelat" in the header; every column fits 1366 px without scrolling.
      minWidth: 112,
      // "Kvar att fördela" and "Ram − budget" on two lines rather than cut.
      wrapHeaderText: true,
      autoHeaderHeight: true,
      cellClass: cellClass ?? 'num',
      valueFormatter: (p: ValueFormatterParams<FrameNode>) => (p.value === null || p.value === undefined ? '–' : formatMoney(p.value as number, unit)),
    });
    const frameTooltip = (n: FrameNode | undefined) =>
      n && n.changedOre !== 0 ? `Budgetändringar (KF/KS) ${formatMoney(n.changedOre, unit)}${n.frameInForceOre !== null ? `, ram i kraft ${formatMoney(n.frameInForceOre, unit)}` : ''}` : '';
    if (view === 'years') {
      // One group per year: the budget year against its lines, each plan year against the flerårsplan.
      const planMoney = (k: number, field: 'frameOre' | 'plannedOre' | 'differenceOre', headerName: string): ColDef<FrameNode> => ({
        ...money('frameOre', headerName, field === 'differenceOre' ? (p) => signClass(p.value as number | null) : undefined),
        colId: `plan${k + 1}.${field}`,
        field: undefined,
        valueGetter: (p) => p.data?.planYears[k]?.[field] ?? null,
        minWidth: 96,
        ...(field === 'frameOre' ? { tooltipValueGetter: (p) => (p.data ? planYearTooltip(p.data.planYears[k]!, unit) : '') } : {}),
      });
      return [
        { colId: 'name', headerName: 'Ansvar', flex: 3, minWidth: 170, cellRenderer: NameCell, tooltipValueGetter: (p) => (p.data?.level ? `${p.data.code} ${p.data.name} (${LEVEL_NAME[p.data.level]})` : '') },
        {
          headerName: `${years[0] ?? ''} budgetår`,
          children: [
            { ...money('frameOre', 'Ram'), minWidth: 96, tooltipValueGetter: (p) => frameTooltip(p.data) },
            { ...money('budgetedOre', 'Budget'), minWidth: 96 },
            { ...money('differenceOre', 'Ram − budget', (p) => signClass(p.value as number | null)), minWidth: 96 },
          ],
        },
        ...[0, 1].map((k) => ({
          headerName: `${years[k + 1] ?? ''} planår ${k + 1}`,
          children: [planMoney(k, 'frameOre', 'Ram'), planMoney(k, 'plannedOre', 'Plan'), planMoney(k, 'differenceOre', 'Ram i kraft − plan')],
        })),
      ];
    }
    return [
      { colId: 'name', headerName: 'Ansvar', flex: 3, minWidth: 200, cellRenderer: NameCell, tooltipValueGetter: (p) => (p.data?.level ? `${p.data.code} ${p.data.name} (${LEVEL_NAME[p.data.level]})` : '') },
      {
        ...money('frameOre', 'Ram'),
        // KF/KS's budget changes during the year move the ram in force; the grid keeps its columns within 1366 px, so they show here and in the panel.
        tooltipValueGetter: (p) => frameTooltip(p.data),
      },
      money('distributedOre', 'Fördelat'),
      money('remainingOre', 'Kvar att fördela', (p) => signClass(p.value as number | null)),
      money('budgetedOre', 'Budgeterat'),
      money('differenceOre', 'Ram − budget', (p) => signClass(p.value as number | null)),
      money('reallocatedOre', 'Omfördelat'),
      {
        colId: 'warnings',
        headerName: 'Kontroll',
        flex: 4,
        minWidth: 220,
        // A warning is read whole: it wraps and the row grows.
        wrapText: true,
        autoHeight: true,
        valueGetter: (p) => (p.data ? checkText(p.data) : ''),
        cellClass: (p) => (p.data && p.data.warnings.length > 0 ? 'pl-cell-warning' : ''),
        tooltipValueGetter: (p) => (p.data ? checkText(p.data) : ''),
      },
    ];
  }, [unit, view, years]);

  const save = useCallback(
    async (code: string, amountOre: number | null, plan: (number | null)[] | undefined, remember = true) => {
      const was = data?.nodes.find((n) => n.code === code);
      const before = was?.frameOre ?? null;
      const beforePlan = was?.planYears.map((y) => y.frameOre) ?? [null, null];
      const next = await action.run(
        () => call('planning.frames.set', { versionId, responsibilityCode: code, amountOre, ...(plan && amountOre !== null ? { planOre: plan } : {}) }),
        () =>
          amountOre === null
            ? `Ramen för ${code} är borttagen.`
            : `Ramen för ${code} är ${formatKr(amountOre)} kr${plan ? plan.map((p, k) => `, ${data?.years[k + 1] ?? ''}: ${p === null ? 'ingen ram' : `${formatKr(p)} kr`}`).join('') : ''}.`,
      );
      if (next) {
        setData(next);
        setPlanVersion((v) => v + 1);
        if (remember) setUndo((u) => [...u.slice(-49), { code, before, plan: beforePlan }]);
      }
    },
    [action, data, versionId],
  );

  const onSave = () => {
    if (!node) return;
    const ore = parseKronor(amountText);
    if (Number.isNaN(ore)) {
      action.setError(formError(`"${amountText}" är inget belopp. Skriv t.ex. 1 234 500 eller 1234500,50.`));
      return;
    }
    const plan = planText.map((t) => parseKronor(t));
    const bad = plan.findIndex((p) => Number.isNaN(p));
    if (bad >= 0) {
      action.setError(formError(`Ramen för ${data?.years[bad + 1] ?? ''}: "${planText[bad]}" är inget belopp. Skriv t.ex. 1 234 500, eller lämna tomt för ingen ram.`));
      return;
    }
    if (ore === null && plan.some((p) => p !== null)) {
      action.setError(formError('Ange budgetårets ram först: planårens ramar hör till den.'));
      return;
    }
    void save(node.code, ore, plan);
  };

  const onUndo = useCallback(() => {
    const last = undo[undo.length - 1];
    if (!last) return;
    setUndo((u) => u.slice(0, -1));
    void save(last.code, last.before, last.plan, false);
  }, [save, undo]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      onUndo();
    }
  };

  if (state.error) return <ErrorBanner error={state.error} />;
  if (!data) return <Loading />;
  const root = data.nodes[0];

  return (
    <div onKeyDown={onKey}>
      {locked && <LockedNote name={versionName} />}
      <dl className="facts">
        <div>
          <dt>Ram, {root ? `${root.code} ${root.name}` : 'förvaltningen'}</dt>
          <dd data-testid="frame-root">{root?.frameOre === null || !root ? 'ingen ram' : `${formatKr(root.frameOre)} kr`}</dd>
        </div>
        {root && root.changedOre !== 0 && (
          <div>
            <dt>Budgetändringar (KF/KS)</dt>
            <dd data-testid="frame-changes">
              {formatKr(root.changedOre)} kr{root.frameInForceOre !== null ? `, ram i kraft ${formatKr(root.frameInForceOre)} kr` : ''}
            </dd>
          </div>
        )}
        <div>
          <dt>Budgeterat</dt>
          <dd data-testid="frame-budgeted">{formatKr(data.totalBudgetedOre)} kr</dd>
        </div>
        {root?.planYears.map((y) => (
          <div key={y.year}>
            <dt>Ram i kraft {y.year}</dt>
            <dd data-testid={`frame-root-${y.year}`}>
              {y.frameInForceOre === null ? 'ingen ram' : `${formatKr(y.frameInForceOre)} kr`}
              {y.changedOre !== 0 ? ` (varav budgetändringar ${formatKr(y.changedOre)} kr)` : ''}
            </dd>
          </div>
        ))}
        <div>
          <dt>Noder över ramen</dt>
          <dd data-testid="frame-warnings" className={data.warningCount > 0 ? 'pl-warning' : undefined}>
            {data.warningCount}
          </dd>
        </div>
      </dl>
      {data.unknown.codes.length > 0 && (
        <p className="pl-warning" role="note">
          {formatKr(data.unknown.budgetedOre)} kr ligger på ansvar som saknas i organisationen ({data.unknown.codes.join(', ')}); de räknas bara i förvaltningens total.
        </p>
      )}
      <div className="pl-toolbar">
        <div className="pl-field">
          <label htmlFor="frames-view">Visa</label>
          <select id="frames-view" value={view} onChange={(e) => setView(e.target.value as 'years' | 'budget')}>
            <option value="years">Flerårsplan: {years.join(', ')}</option>
            <option value="budget">Budgetåret {data.year}: fördelning och kontroll</option>
          </select>
        </div>
        <div className="pl-field">
          <label htmlFor="frames-depth">Visa ned till</label>
          <select id="frames-depth" value={maxDepth} onChange={(e) => setMaxDepth(Number(e.target.value))}>
            <option value={1}>sektor</option>
            <option value={2}>verksamhet</option>
            <option value={3}>enhet</option>
          </select>
        </div>
        <label className="pl-check">
          <input type="checkbox" checked={onlyWarnings} onChange={(e) => setOnlyWarnings(e.target.checked)} />
          Bara noder över ramen
        </label>
        <UnitSwitch unit={unit} onChange={setUnit} />
      </div>
      <p className="hint">
        Flerårsplanen visar budgetåret och de två planåren sida vid sida: planåren räknas fram ur budgetårets rader med planårens antaganden och de beslutade verksamhetsförändringarnas effekt (se Flerårsplan nedan). Ram i kraft − plan: positivt är utrymme kvar.
        Kvar att fördela = ram − underliggande noders ramar. Ram − budget = ram − budgetraderna under noden (positivt: utrymme kvar). Omfördelat = årets beslutade omfördelningar till (+) eller från (−) noden. Budgetändringar (KF/KS-beslut under året, fliken Budgetändringar) ändrar ramen: ram i kraft = ram + budgetändringar; de visas ovan, i ramens verktygstips och för den valda raden. Välj en rad för att ändra
        dess ram.
      </p>
      <div className={`${GRID_CLASS} pl-grid`} data-testid="frames-grid" onKeyDownCapture={leaveGridOnTab}>
        <AgGridReact<FrameNode>
          {...TAB_LEAVES_GRID}
          theme={GRID_THEME}
          rowData={rows}
          columnDefs={columns}
          getRowId={(p) => p.data.code}
          domLayout="autoHeight"
          localeText={SWEDISH_GRID_TEXT}
          suppressMovableColumns
          // Tooltips as the element's title: a long ansvar name is read by hovering.
          enableBrowserTooltips
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0]?.code ?? null)}
          onCellKeyDown={(e) => {
            const k = (e.event as globalThis.KeyboardEvent | undefined)?.key;
            if ((k === 'Enter' || k === ' ') && e.node) e.node.setSelected(true);
          }}
        />
      </div>
      {node && (
        <form
          className="pl-form"
          aria-label={`Ram för ${node.code} ${node.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          <strong>
            {node.code} {node.name}
          </strong>
          <div className="pl-field">
            <label htmlFor="frame-amount">Ram (kr)</label>
            <input id="frame-amount" type="text" inputMode="decimal" value={amountText} disabled={locked} onChange={(e) => setAmountText(e.target.value)} />
          </div>
          {[0, 1].map((k) => (
            <div className="pl-field" key={k}>
              <label htmlFor={`frame-plan${k + 1}`}>Ram {data.years[k + 1]} (kr)</label>
              <input
                id={`frame-plan${k + 1}`}
                type="text"
                inputMode="decimal"
                value={planText[k]}
                disabled={locked}
                onChange={(e) => setPlanText((t) => (k === 0 ? [e.target.value, t[1]] : [t[0], e.target.value]))}
              />
            </div>
          ))}
          <button type="submit" className="pl-button pl-primary" disabled={locked || action.busy}>
            Spara ram
          </button>
          <button type="button" className="pl-button" disabled={locked || action.busy || node.frameOre === null} onClick={() => void save(node.code, null, undefined)}>
            Ta bort ram
          </button>
          <button
            type="button"
            className="pl-button"
            disabled={locked || action.busy || node.frameOre === null || !node.hasChildren}
            onClick={() =>
              void action
                .run(
                  () => call('planning.frames.distribute', { versionId, responsibilityCode: node.code }),
                  () => `Ramen för ${node.code} är fördelad på de underliggande ansvaren i proportion till deras budget.`,
                )
                .then((next) => next && setData(next))
            }
          >
            Fördela på underliggande efter budget
          </button>
          {node.changedOre !== 0 && (
            <p className="hint" data-testid="frame-in-force">
              Budgetändringar under året: {formatKr(node.changedOre)} kr.{node.frameInForceOre !== null ? ` Ram i kraft: ${formatKr(node.frameInForceOre)} kr.` : ''}
            </p>
          )}
          {node.planYears.some((y) => y.changedOre !== 0) && (
            <p className="hint" data-testid="frame-plan-in-force">
              {node.planYears
                .filter((y) => y.changedOre !== 0)
                .map((y) => `${y.year}: budgetändringar ${formatKr(y.changedOre)} kr${y.frameInForceOre !== null ? `, ram i kraft ${formatKr(y.frameInForceOre)} kr` : ''}.`)
                .join(' ')}
            </p>
          )}
          {node.warnings.length > 0 && <p className="pl-warning">{node.warnings.join(' ')}</p>}
          {node.warnings.length === 0 && node.notes.length > 0 && <p className="hint">{node.notes.join(' ')}</p>}
        </form>
      )}
      <div className="pl-toolbar">
        <button type="button" className="pl-button" disabled={undo.length === 0 || action.busy || locked} onClick={onUndo} title="Ctrl+Z">
          Ångra senaste ramändring
        </button>
      </div>
      <ActionStatus error={action.error} message={action.message} />
      <MultiyearPanel versionId={versionId} locked={locked} nodeCode={node?.code ?? root?.code ?? null} unit={unit} refresh={planVersion} onChanged={() => void state.reload()} />
      {isController && (
        <details>
          <summary>Vilka chefer får skriva budgetrader och VF-förslag i {versionName}</summary>
          <p className="hint">Stäng ett ansvar för att cheferna där och under det inte ska kunna skriva i versionen just nu; controllern skriver alltid.</p>
          <WriteSettingsGrid kind="budget" refId={versionId} disabled={locked} />
        </details>
      )}
    </div>
  );
}
