import { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { Overview, SectorFigures } from '../../electron/api/contract/index';
import { ErrorBanner, Loading } from '../components/Status';
import { UnitSwitch } from '../components/UnitSwitch';
import { formatMoney, formatPeriod, formatShare, type MoneyUnit } from '../format';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../grid/setup';
import { leaveGridOnTab } from '../grid/tab-out';
import { useApi } from '../useApi';
import { OverduePanel } from './followup/OverduePanel';
import { PlanningDuePanel } from './followup/PlanningDuePanel';
import { openFollowupAt } from './followup/goto';

type Row = SectorFigures;

/** From "Ursprunglig budget" to "Budget i kraft", per row: the decided revision and each omfördelning, with its other end named. */
function BudgetChangesTable({ changes, asOf, unit, scoped }: { changes: Overview['budgetChanges']; asOf: string; unit: MoneyUnit; scoped: boolean }) {
  return (
    <>
      <h2 id="overview-changes">Budgetändringar till och med {asOf}</h2>
      <p className="hint">
        {scoped
          ? 'Vad som skiljer sektorns budget i kraft från den ursprungliga budgeten. En omfördelning med en annan del av förvaltningen är en ändring av sektorns egen budget; motparten anges.'
          : 'Vad som skiljer budgeten i kraft från den ursprungliga budgeten, per sektor. En omfördelning mellan två sektorer syns hos båda, med motparten angiven. Budgetändringar från KF/KS (tilläggsanslag, lönekompensation m.m.) räknas från beslutsmånaden.'}
      </p>
      <table className="data-table" aria-labelledby="overview-changes" data-testid="overview-changes">
        <thead>
          <tr>
            <th>Sektor</th>
            <th>Ändring</th>
            <th>Beslut</th>
            <th>Beslutsdatum</th>
            <th className="num">Belopp ({unit})</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i} data-row={c.rowCode} data-kind={c.kind}>
              <td>{c.rowCode ? `${c.rowCode} ${c.rowName}` : c.rowName}</td>
              <td>{c.text}</td>
              <td>{c.decisionRef ?? ''}</td>
              <td>{c.decidedOn ?? ''}</td>
              <td className="num">{formatMoney(c.amountOre, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function deviationClass(p: CellClassParams<Row>): string {
  const v = p.value as number | null;
  if (!v) return 'num';
  return v > 0 ? 'num favourable' : 'num unfavourable';
}

/**
 * A sektor's name as a link to Uppföljning at that sektor, in the period the
 * figures are accumulated to (the unknown coding has no node to open).
 */
function SectorLink(p: ICellRendererParams<Row, unknown, { period: number | null }>) {
  const r = p.data;
  if (!r) return null;
  const text = r.code && r.kind === 'sector' ? `${r.code} ${r.name}` : r.name;
  if (r.kind === 'unknown' || r.code === '') return <span>{text}</span>;
  return (
    <a
      href="#/uppfoljning"
      className="grid-link"
      title={`Öppna ${text} i Uppföljning`}
      onClick={(e) => {
        e.preventDefault();
        openFollowupAt({ code: r.code, period: p.context.period });
      }}
    >
      {text}
    </a>
  );
}

export function OverviewPage() {
  const [unit, setUnit] = useState<MoneyUnit>('tkr');
  const { data, error, loading } = useApi('overview.get', {}, 'overview');
  // The original budget is shown beside the budget in force only when something changed it.
  const changed = (data?.budgetChanges.length ?? 0) > 0;
  // The prognos column is shown once the year has a forecast occasion.
  const forecast = (data?.forecastOccasion ?? null) !== null;
  const info = useApi('app.info', {}, 'app-info');

  const columns = useMemo<ColDef<Row>[]>(() => {
    const money = (field: keyof Row, headerName: string, extra: Partial<ColDef<Row>> = {}): ColDef<Row> => ({
      field,
      headerName,
      colId: field,
      type: 'rightAligned',
      cellClass: 'num',
      valueFormatter: (p: ValueFormatterParams<Row>) => formatMoney(p.value as number, unit),
      ...extra,
    });
    return [
      {
        field: 'name',
        headerName: 'Sektor',
        colId: 'name',
        flex: 2,
        minWidth: 220,
        valueGetter: (p) => (p.data?.code && p.data.kind === 'sector' ? `${p.data.code} ${p.data.name}` : p.data?.name),
        cellRenderer: SectorLink,
        tooltipValueGetter: (p) => (typeof p.value === 'string' ? p.value : undefined),
      },
      money('originalYear', 'Ursprunglig budget helår', { flex: 1, hide: !changed }),
      money('budgetYear', 'Budget i kraft helår', { flex: 1 }),
      money('budgetAcc', 'Budget ack', { flex: 1 }),
      money('actualAcc', 'Utfall ack', { flex: 1 }),
      money('deviationAcc', 'Avvikelse ack', { flex: 1, cellClass: deviationClass }),
      {
        colId: 'deviationShare',
        headerName: 'Avvikelse %',
        type: 'rightAligned',
        flex: 1,
        valueGetter: (p) => (p.data ? formatShare(p.data.deviationAcc, p.data.budgetAcc) : ''),
        cellClass: (p: CellClassParams<Row>) => deviationClass({ ...p, value: p.data?.deviationAcc ?? 0 }),
      },
      money('forecastYear', 'Prognos helår', {
        flex: 1,
        hide: !forecast,
        headerTooltip: 'Helårsprognos som i Uppföljning: satt, summan av raderna under, eller utfall ack + återstående budget. En chefs prognos räknas när den är godkänd.',
        valueFormatter: (p: ValueFormatterParams<Row>) =>
          p.value === null || p.value === undefined ? '' : `${formatMoney(p.value as number, unit)}${p.data?.forecastNotApproved ? ' (ej godkänd)' : ''}`,
        tooltipValueGetter: (p) =>
          p.data?.forecastNotApproved
            ? `Prognos från en chef som inte är godkänd än räknas inte (${p.data.forecastNotApproved} ansvar); se Uppföljning › Prognosomgång.`
            : undefined,
      }),
    ];
  }, [unit, changed, forecast]);

  if (error) return <ErrorBanner error={error} />;
  if (loading || !data) return <Loading />;

  return (
    <section aria-labelledby="overview-title">
      <header className="page-header">
        <h1 id="overview-title">Översikt</h1>
        <UnitSwitch unit={unit} onChange={setUnit} />
      </header>
      {info.data?.demo && (
        <div className="banner banner-info" role="note" data-testid="demo-notice">
          <p>
            <strong>Det här är demoförvaltningen</strong> (Socialförvaltningen, Exempelby kommun), byggd som den ser ut {info.data.demo.asOf}. Alla belopp, namn och kommentarer är påhittade.
            Skapa en ny databas (Arkiv › Ny databas) och läs in er egen organisation, kontoplan och ert utfall för att arbeta på riktigt.
          </p>
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>Förvaltning</dt>
          <dd>
            {data.administration}, {data.kommun}
          </dd>
        </div>
        <div>
          <dt>Budgetår</dt>
          <dd data-testid="year">{data.year}</dd>
        </div>
        <div>
          <dt>Senaste period med utfall</dt>
          <dd data-testid="latest-period">{formatPeriod(data.latestPeriod)}</dd>
        </div>
        <div>
          <dt>Budget i kraft {data.budgetAsOf}</dt>
          <dd data-testid="budget-in-force">
            {data.budgetVersion ? data.budgetVersion.name : 'ingen budget för året'}
            {changed ? ' med ändringar (se nedan)' : ''}
          </dd>
        </div>
        {data.originalVersion && data.budgetVersion && data.originalVersion.id !== data.budgetVersion.id && (
          <div>
            <dt>Ursprunglig budget</dt>
            <dd>{data.originalVersion.name}</dd>
          </div>
        )}
      </dl>
      {data.sectors.length === 0 && (
        <div className="banner banner-info" role="note" data-testid="overview-empty">
          <p>
            Databasen har ingen organisation ännu. Läs in organisation och kontoplan, eller skapa demoförvaltningen, under{' '}
            <a href="#/import">Import › Grunddata</a>.
          </p>
        </div>
      )}
      <h2>
        {data.scope ? `Budget och utfall för ${data.scope.code} ${data.scope.name}` : 'Budget och utfall per sektor'}, ackumulerat till och med {formatPeriod(data.latestPeriod)}
      </h2>
      {data.scope && <p className="hint">Den här installationen är en chefs och har bara siffrorna för sitt ansvar och ansvaren under det; hela förvaltningen finns hos controllern.</p>}
      <p className="hint">
        Avvikelse = budget − utfall. Positiv avvikelse (grön) är gynnsam, negativ (röd) ogynnsam, för både kostnader och intäkter. Belopp i {unit}.
        {data.forecastOccasion ? ` Prognos helår från ${data.forecastOccasion.name}.` : ''} Välj en sektor för att öppna den i Uppföljning.
      </p>
      <div className={`${GRID_CLASS} grid-auto`} data-testid="overview-grid" onKeyDownCapture={leaveGridOnTab}>
        <AgGridReact<Row>
          theme={GRID_THEME}
          rowData={data.sectors}
          pinnedBottomRowData={[data.total]}
          columnDefs={columns}
          getRowId={(p) => (p.data.kind === 'unknown' ? 'unknown' : p.data.code)}
          context={{ period: data.latestPeriod }}
          defaultColDef={{ wrapHeaderText: true, autoHeaderHeight: true }}
          tooltipShowDelay={400}
          domLayout="autoHeight"
          localeText={SWEDISH_GRID_TEXT}
          suppressMovableColumns
          enableCellTextSelection
          {...TAB_LEAVES_GRID}
        />
      </div>
      {changed && <BudgetChangesTable changes={data.budgetChanges} asOf={data.budgetAsOf} unit={unit} scoped={data.scope !== null} />}
      <h2>Kommentarsomgång: saknade och försenade kommentarer</h2>
      <OverduePanel />
      <h2>Budgetprocessen: försenade och kommande steg</h2>
      <PlanningDuePanel />
    </section>
  );
}
