import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ColGroupDef, ValueFormatterParams } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import type { InvestmentOverview, ProjectOverview } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { UnitSwitch } from '../../components/UnitSwitch';
import { formatMoney, type MoneyUnit } from '../../format';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../../grid/setup';
import { leaveGridOnTab } from '../../grid/tab-out';
import { useApi } from '../../useApi';
import { InvestmentSettingsForm, ProjectForm } from './InvestmentForms';
import { ActionStatus, editKr, formatKr, formatPercent, formError, NodeSelect, parseKronor, signClass } from './planning-ui';
import type { BudgetTabProps } from './types';
import { useAction } from '../../use-action';

type Row = ProjectOverview;

function activationText(p: Row): string {
  const f = (x: number) => `${String(x).slice(0, 4)}-${String(x).slice(4)}`;
  return p.activated !== null ? f(p.activated) : `${f(p.plannedActivation)} plan.`;
}

/** Investeringar: the projects with budget, outcome, prognos and deviation for the year and the whole project, the investment ramar, the internränta and the kapitaltjänst lines. */
export function InvestmentsTab({ year, version, reloadVersions }: BudgetTabProps) {
  const [unit, setUnit] = useState<MoneyUnit>('tkr');
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);
  const state = useApi('investments.get', { year }, `${year}:${reload}`);
  const lookups = useApi('planning.lookups', {}, 'lookups');
  const [data, setData] = useState<InvestmentOverview | null>(state.data);
  const action = useAction();
  useEffect(() => setData(state.data), [state.data]);

  const columns = useMemo<(ColDef<Row> | ColGroupDef<Row>)[]>(() => {
    const money = (colId: string, headerName: string, get: (p: Row) => number, deviation = false): ColDef<Row> => ({
      colId,
      headerName,
      type: 'rightAligned',
      flex: 1,
      // Every column fits 1366 px without scrolling sideways (checked in test/e2e/investments.test.ts).
      minWidth: deviation ? 100 : 92,
      wrapHeaderText: true,
      autoHeaderHeight: true,
      valueGetter: (p) => (p.data ? get(p.data) : null),
      cellClass: (p) => (deviation ? signClass(p.value as number) : 'num'),
      valueFormatter: (p: ValueFormatterParams<Row>) => (p.value === null || p.value === undefined ? '' : formatMoney(p.value as number, unit)),
    });
    const figures = (prefix: string, get: (p: Row) => ProjectOverview['year']): ColDef<Row>[] => [
      money(`${prefix}Budget`, 'Budget', (p) => get(p).budgetOre),
      money(`${prefix}Actual`, 'Utfall', (p) => get(p).actualOre),
      money(`${prefix}Forecast`, 'Prognos', (p) => get(p).forecastOre),
      money(`${prefix}Deviation`, 'Avvikelse', (p) => get(p).deviationOre, true),
    ];
    return [
      // The ansvar is in the tooltip and the project's form: a column of its own would push the figures off a 1366 px screen.
      {
        colId: 'project',
        headerName: 'Projekt',
        flex: 3,
        minWidth: 164,
        valueGetter: (p) => (p.data ? `${p.data.code} ${p.data.name}` : ''),
        tooltipValueGetter: (p) => (p.data ? `${p.data.code} ${p.data.name} (${p.data.categoryName}), ansvar ${p.data.responsibilityCode} ${p.data.responsibilityName}` : ''),
      },
      {
        colId: 'activation',
        headerName: 'Aktivering',
        flex: 1,
        minWidth: 132,
        valueGetter: (p) => (p.data ? activationText(p.data) : ''),
        tooltipValueGetter: (p) => (p.data && p.data.activated === null ? 'Inte aktiverat: planerad aktivering' : ''),
      },
      { headerName: String(year), groupId: 'year', children: figures('year', (p) => p.year) },
      { headerName: 'Hela projektet', groupId: 'whole', children: figures('whole', (p) => p.wholeProject) },
      money('capital', `Kapital\u00adtjänst ${year}`, (p) => p.capital.depreciationOre + p.capital.interestOre),
    ];
  }, [unit, year]);

  if (state.error) return <ErrorBanner error={state.error} />;
  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (!data || !lookups.data) return <Loading />;
  const project = data.projects.find((p) => p.id === selected) ?? null;
  const locked = version !== null && version.lockedAt !== null;
  const refresh = () => setReload((r) => r + 1);

  return (
    <div>
      <dl className="facts">
        <div>
          <dt>Internränta {year}</dt>
          <dd data-testid="inv-rate">{data.settings.rateBp === null ? 'inte angiven' : formatPercent(data.settings.rateBp)}</dd>
        </div>
        <div>
          <dt>Budget {year}</dt>
          <dd data-testid="inv-budget">{formatKr(data.total.year.budgetOre)} kr</dd>
        </div>
        <div>
          <dt>Utfall {year}</dt>
          <dd data-testid="inv-actual">{formatKr(data.total.year.actualOre)} kr</dd>
        </div>
        <div>
          <dt>Prognos {year}</dt>
          <dd data-testid="inv-forecast">{formatKr(data.total.year.forecastOre)} kr</dd>
        </div>
        <div>
          <dt>Kapitaltjänst {year}</dt>
          <dd data-testid="inv-capital">{formatKr(data.total.depreciationOre + data.total.interestOre)} kr</dd>
        </div>
      </dl>
      <div className="pl-toolbar">
        <button
          type="button"
          className="pl-button pl-primary"
          onClick={() => {
            setSelected(null);
            setCreating(true);
          }}
        >
          Nytt investeringsprojekt
        </button>
        <button
          type="button"
          className="pl-button"
          disabled={!version || locked || action.busy}
          title={locked ? 'Versionen är låst: skapa raderna i en revidering eller arbetsversion.' : undefined}
          onClick={() =>
            version &&
            void action
              .run(
                () => call('investments.generate', { versionId: version.id }),
                (r) => `Kapitaltjänsten i ${version.name}: ${r.lines} rader, avskrivning ${formatKr(r.depreciationOre)} kr och internränta ${formatKr(r.interestOre)} kr (${r.replacedLines} tidigare rader ersatta).`,
              )
              .then(() => reloadVersions())
          }
        >
          Skapa kapitaltjänstrader i {version ? version.name : 'budgetversionen'}
        </button>
        <UnitSwitch unit={unit} onChange={setUnit} />
      </div>
      <p className="hint">
        Prognos: den angivna, annars budgeten. Avvikelse = budget − prognos (positivt: pengar kvar). Utfall: ekonomisystemets rader i kontoklass 1 på projektets kod. Kapitaltjänst: avskrivning per komponent från månaden efter
        aktiveringen och internränta på bokfört värde; den går in i driftbudgeten som genererade rader på projektets ansvar. Välj ett projekt för att ändra det.
      </p>
      <ActionStatus error={action.error} message={action.message} />
      <div className={`${GRID_CLASS} pl-grid`} data-testid="investments-grid" onKeyDownCapture={leaveGridOnTab}>
        <AgGridReact<Row>
          {...TAB_LEAVES_GRID}
          theme={GRID_THEME}
          rowData={data.projects}
          columnDefs={columns}
          getRowId={(p) => p.data.id}
          domLayout="autoHeight"
          localeText={SWEDISH_GRID_TEXT}
          suppressMovableColumns
          enableBrowserTooltips
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onSelectionChanged={(e) => {
            const id = e.api.getSelectedRows()[0]?.id ?? null;
            setSelected(id);
            if (id) setCreating(false);
          }}
          onCellKeyDown={(e) => {
            const k = (e.event as globalThis.KeyboardEvent | undefined)?.key;
            if ((k === 'Enter' || k === ' ') && e.node) e.node.setSelected(true);
          }}
        />
      </div>
      {(creating || project) && (
        <ProjectForm
          key={project?.id ?? 'new'}
          project={project}
          year={year}
          nodes={lookups.data.nodes}
          onSaved={() => {
            setCreating(false);
            refresh();
          }}
          onClose={() => {
            setCreating(false);
            setSelected(null);
          }}
        />
      )}
      <InvestmentFrames data={data} year={year} nodes={lookups.data.nodes} onData={setData} />
      <InvestmentSettingsForm settings={data.settings} accounts={lookups.data.accounts} onData={setData} />
    </div>
  );
}

function InvestmentFrames({ data, year, nodes, onData }: { data: InvestmentOverview; year: number; nodes: Parameters<typeof NodeSelect>[0]['nodes']; onData(d: InvestmentOverview): void }) {
  const [code, setCode] = useState(nodes[0]?.code ?? '');
  const [amount, setAmount] = useState('');
  const action = useAction();
  const current = data.frames.find((f) => f.responsibilityCode === code);
  useEffect(() => setAmount(editKr(current?.amountOre ?? null)), [code, current?.amountOre]);
  const save = (amountOre: number | null) =>
    void action
      .run(
        () => call('investments.frame.set', { responsibilityCode: code, year, amountOre }),
        () => (amountOre === null ? `Investeringsramen för ${code} ${year} är borttagen.` : `Investeringsramen för ${code} ${year} är ${formatKr(amountOre)} kr.`),
      )
      .then((d) => d && onData(d));
  return (
    <section aria-labelledby="inv-frames-title">
      <h3 id="inv-frames-title">Investeringsramar {year}</h3>
      {data.frames.length === 0 ? (
        <p className="hint">Inga investeringsramar för {year}. Ekonomi skickar nämndens; fördela den här.</p>
      ) : (
        <table className="pl-table" data-testid="inv-frames">
          <thead>
            <tr>
              <th scope="col">Ansvar</th>
              <th scope="col" className="num">
                Ram
              </th>
              <th scope="col" className="num">
                Budgeterat
              </th>
              <th scope="col" className="num">
                Kvar
              </th>
            </tr>
          </thead>
          <tbody>
            {data.frames.map((f) => (
              <tr key={f.responsibilityCode}>
                <td>
                  {f.responsibilityCode} {f.responsibilityName}
                </td>
                <td className="num">{formatKr(f.amountOre)}</td>
                <td className="num">{formatKr(f.budgetOre)}</td>
                <td className={signClass(f.leftOre)}>{formatKr(f.leftOre)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="pl-form"
        aria-label="Investeringsram"
        onSubmit={(e) => {
          e.preventDefault();
          const ore = parseKronor(amount);
          if (ore === null || Number.isNaN(ore) || ore < 0) return action.setError(formError(`"${amount}" är inget belopp. Skriv t.ex. 12 000 000.`));
          save(ore);
        }}
      >
        <NodeSelect id="inv-frame-node" label="Ansvar" nodes={nodes} value={code} onChange={setCode} maxDepth={2} />
        <div className="pl-field">
          <label htmlFor="inv-frame-amount">Investeringsram {year} (kr)</label>
          <input id="inv-frame-amount" type="text" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
        <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
          Spara investeringsram
        </button>
        <button type="button" className="pl-button" disabled={action.busy || !current} onClick={() => save(null)}>
          Ta bort
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}
