import type { Figures } from '../followup/figures';
import { countedSum } from './actions';
import { barGeometry } from './bar-geometry';
import { monthGeometry, monthSeries } from './month-geometry';
import { monthsShort, monthsText, shownFigures } from './coverage';
import { goalsSection } from './document-goals';
import { investmentsSection } from './document-investments';
import { textSections } from './document-texts';
import { actionPlanSection } from './document-action-plans';
import type { AmountCell, BarChartBlock, Block, Cell, DocSection, MonthChartBlock, ReportDocument, TableColumn, TableRow } from './document-types';
import { chartSign, formatNumber, kronor, presentValue, signText, UNIT_DECIMALS, type AmountKind } from './present';
import type { CoveredFigures, Presentation, ReportModel } from './types';
import { fileSlug } from './file-stem';
import { inTemplateOrder, templateFacts, templateTitle } from './document-template';

/**
 * The report as a neutral document (its types in document-types.ts), built
 * once from the model: every format walks it, so they show the same figures,
 * rounded and signed once here.
 */
export type { AmountCell, BarChartBlock, Block, Cell, DocSection, MonthChartBlock, ReportDocument, TableBlock, TableColumn, TableRow } from './document-types';

const text = (t: string): Cell => ({ kind: 'text', text: t });
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

function withTone(c: AmountCell, when: 'negative' | 'positive'): AmountCell {
  const bad = c.value !== null && (when === 'negative' ? c.value < 0 : c.value > 0);
  return { ...c, unfavourableWhen: when, ...(bad ? { unfavourable: true } : {}) };
}

function amount(p: Presentation, ore: number | null, kind: AmountKind = 'amount'): AmountCell {
  const decimals = UNIT_DECIMALS[p.unit];
  const value = ore === null ? null : presentValue(ore, p, kind);
  const cell: AmountCell = { kind: 'amount', value, decimals, text: value === null ? '–' : formatNumber(value, decimals) };
  // A deviation is budget − utfall/prognos in either sign presentation: negative is unfavourable.
  return kind === 'deviation' ? withTone(cell, 'negative') : cell;
}

/** A change of a cost figure in the ledger's sign (later − earlier): an increase of the net cost is unfavourable, shown in the presentation's sign. */
function costChange(p: Presentation, ore: number | null): AmountCell {
  return withTone(amount(p, ore), p.sign === 'costs-negative' ? 'negative' : 'positive');
}

function krCell(ore: number): AmountCell {
  const value = kronor(ore);
  return { kind: 'amount', value, decimals: 0, text: formatNumber(value, 0) };
}

const blank = (): AmountCell => ({ kind: 'amount', value: null, decimals: 0, text: '' });

/** The months the accumulated columns cover: "ack", or in a preliminary report the months with outcome ("jan–okt"). */
function accName(m: ReportModel): string {
  if (m.coverage.missing.length === 0) return 'ack';
  return m.coverage.months.length === 0 ? '(inga månader med utfall)' : monthsShort(m.coverage.months);
}
const devAcc = (f: Figures) => f.budgetAcc - f.actualAcc;
const devForecast = (f: Figures) => (f.forecastYear === null ? null : f.budgetYear - f.forecastYear);

function fileStem(m: ReportModel): string {
  return [fileSlug(m.front.occasionName), m.front.scope ? fileSlug(`${m.front.scope.code}-${m.front.scope.name}`) : fileSlug(m.front.sources.length > 0 ? 'kommuntotal' : m.front.administration)]
    .filter((s) => s !== '')
    .join('-')
    .slice(0, 100);
}

/** Said at the top of "Resultat och prognos" when months lack outcome: what the accumulated columns cover. */
function preliminaryText(m: ReportModel): string | null {
  if (!m.front.notice) return null;
  const year = Math.floor(m.front.period / 100);
  const covered = m.coverage.months.length === 0 ? 'Ingen månad har utfall ännu.' : `Kolumnerna för utfall, budget och avvikelse hittills avser ${monthsText(m.coverage.months)} ${year}, månaderna med utfall.`;
  return `${m.front.notice} ${covered} Helårsprognosen och budget helår gäller hela året.`;
}

function resultSection(m: ReportModel): DocSection {
  const p = m.presentation;
  const f = m.hasForecast;
  const acc = accName(m);
  const columns: TableColumn[] = [
    { title: '', numeric: false, width: 26 },
    { title: 'Budget helår', numeric: true, width: 13 },
    { title: `Budget ${acc}`, numeric: true, width: 13 },
    { title: `Utfall ${acc}`, numeric: true, width: 13 },
    { title: `Utfall ${acc} fg år`, numeric: true, width: 13 },
    ...(f ? [{ title: 'Prognos helår', numeric: true, width: 13 }] : []),
    { title: `Avvikelse ${acc}`, numeric: true, width: 13 },
    ...(f ? [{ title: 'Avvikelse prognos', numeric: true, width: 13 }] : []),
  ];
  const row = (label: string, g: Figures, emphasis?: 'total'): TableRow => ({
    cells: [
      text(label),
      amount(p, g.budgetYear),
      amount(p, g.budgetAcc),
      amount(p, g.actualAcc),
      amount(p, g.actualAccLastYear),
      ...(f ? [amount(p, g.forecastYear)] : []),
      amount(p, devAcc(g), 'deviation'),
      ...(f ? [amount(p, devForecast(g), 'deviation')] : []),
    ],
    ...(emphasis ? { emphasis } : {}),
  });
  const t = shownFigures(m.total, m.totalCovered);
  const rows: TableRow[] = [
    ...m.groups.map((g) => row(g.name, shownFigures(g.figures, g.covered))),
    row('Nettokostnad', t, 'total'),
    {
      cells: [text('Budget nettokostnad'), amount(p, t.budgetYear), amount(p, t.budgetAcc), amount(p, t.budgetAcc), blank(), ...(f ? [amount(p, t.budgetYear)] : []), blank(), ...(f ? [blank()] : [])],
    },
    {
      cells: [
        text('Budgetavvikelse'),
        blank(),
        blank(),
        amount(p, devAcc(t), 'deviation'),
        blank(),
        ...(f ? [amount(p, devForecast(t), 'deviation')] : []),
        blank(),
        ...(f ? [blank()] : []),
      ],
      emphasis: 'sum',
    },
  ];
  const fmt = (ore: number | null, kind: AmountKind = 'amount') => `${amount(p, ore, kind).text} ${p.unit}`;
  const preliminary = preliminaryText(m);
  const outcomeFor = preliminary ? `${monthsText(m.coverage.months)} ${Math.floor(m.front.period / 100)}` : m.front.periodText;
  const lead = `Utfallet för ${outcomeFor} är ${fmt(t.actualAcc)} mot en budget ${preliminary ? 'för samma månader ' : ''}på ${fmt(t.budgetAcc)}, en avvikelse på ${fmt(devAcc(t), 'deviation')}.${
    f && t.forecastYear !== null
      ? ` Helårsprognosen${m.forecastOccasionName ? ` (${m.forecastOccasionName})` : ''} är ${fmt(t.forecastYear)} mot en budget på ${fmt(t.budgetYear)}, en avvikelse på ${fmt(devForecast(t), 'deviation')}.`
      : ''
  }`;
  const c = m.cumulative.series;
  const perMonth = monthSeries(c);
  const s = chartSign(p);
  const scale = (v: number | null, sign: 1 | -1 = s) => (v === null ? null : presentValue(v * sign, p, 'amount'));
  const chart: MonthChartBlock = {
    kind: 'month-chart',
    title: `Nettokostnad per månad: budget och utfall${f ? ' (prognos efter perioden)' : ''}, med avvikelsen ackumulerad`,
    categories: MONTHS,
    series: [
      { name: 'Budget', role: 'budget', values: perMonth.budget.map((v) => scale(v)) },
      { name: 'Utfall', role: 'actual', values: perMonth.actual.map((v) => scale(v)) },
      ...(f ? [{ name: 'Prognos', role: 'forecast' as const, values: perMonth.forecast.map((v) => scale(v)) }] : []),
      // Budget − utfall (or prognos): positive is favourable whatever sign the report shows costs with.
      { name: 'Avvikelse ack (budget − utfall/prognos)', role: 'deviation', values: perMonth.deviation.map((v) => scale(v, 1)) },
    ],
    geometry: monthGeometry(f ? c : { ...c, forecast: c.forecast.map(() => null) }, s),
    unit: p.unit,
  };
  return {
    id: 'resultat',
    title: 'Resultat och prognos',
    sheet: 'Resultat och prognos',
    blocks: [
      ...(preliminary ? [{ kind: 'paragraph' as const, text: preliminary, tone: 'warning' as const }] : []),
      { kind: 'paragraph', text: lead, tone: 'lead' },
      { kind: 'table', caption: `Resultat och prognos (${p.unit})`, columns, rows },
      ...budgetChangeBlocks(m),
      chart,
    ],
  };
}

/** "Ursprunglig budget" → "Budgetändringar" (their sum) with each decision below it → "Budget i kraft" (budget helår, the figure the tables use), when the budget has changed. */
function budgetChangeBlocks(m: ReportModel): Block[] {
  const b = m.budgetChanges;
  if (!b) return [];
  const p = m.presentation;
  const decision = (ref: string | null, on: string | null) => [ref, on].filter((x): x is string => x !== null && x !== '').join(', ');
  const rows: TableRow[] = [
    { cells: [text(`Ursprunglig budget${b.originalVersion ? ` (${b.originalVersion})` : ''}`), text(''), amount(p, b.originalOre)] },
    { cells: [text('Budgetändringar'), text(''), amount(p, b.inForceOre - b.originalOre)] },
    ...b.changes.map((c) => ({ cells: [text(c.text), text(decision(c.decisionRef, c.decidedOn)), amount(p, c.amountOre)], indent: 1 })),
    { cells: [text('Budget i kraft'), text(''), amount(p, b.inForceOre)], emphasis: 'total' as const },
  ];
  return [
    {
      kind: 'paragraph',
      text: 'Budgeten i rapporten är budgeten i kraft vid periodens slut: den ursprungliga budgeten med de ändringar (revidering, omfördelningar, budgetändringar från KF/KS som tilläggsanslag och lönekompensation) som beslutats till och med periodens sista dag.',
      tone: 'note',
    },
    {
      kind: 'table',
      caption: `Budget i kraft, helår (${p.unit})`,
      columns: [
        { title: '', numeric: false, width: 40 },
        { title: 'Beslut', numeric: false, width: 26 },
        { title: 'Budget helår', numeric: true, width: 14 },
      ],
      rows,
    },
  ];
}

function unitsSection(m: ReportModel): DocSection {
  const p = m.presentation;
  const f = m.hasForecast;
  const level = m.unitLevelName;
  const acc = accName(m);
  const columns: TableColumn[] = [
    { title: level[0]!.toUpperCase() + level.slice(1), numeric: false, width: 34 },
    { title: 'Budget helår', numeric: true, width: 13 },
    { title: `Budget ${acc}`, numeric: true, width: 13 },
    { title: `Utfall ${acc}`, numeric: true, width: 13 },
    { title: `Avvikelse ${acc}`, numeric: true, width: 13 },
    ...(f ? [{ title: 'Prognos helår', numeric: true, width: 13 }, { title: 'Avvikelse budget–prognos', numeric: true, width: 14 }] : []),
  ];
  const row = (label: string, g: Figures, emphasis?: 'total'): TableRow => ({
    cells: [
      text(label),
      amount(p, g.budgetYear),
      amount(p, g.budgetAcc),
      amount(p, g.actualAcc),
      amount(p, devAcc(g), 'deviation'),
      ...(f ? [amount(p, g.forecastYear), amount(p, devForecast(g), 'deviation')] : []),
    ],
    ...(emphasis ? { emphasis } : {}),
  });
  const rows = [...m.units.map((u) => row(u.kind === 'node' && u.code !== '' ? `${u.code} ${u.name}` : u.name, shownFigures(u.figures, u.covered))), row('Totalt', shownFigures(m.total, m.totalCovered), 'total')];
  const nodes = m.units.filter((u) => u.kind === 'node');
  const series = [{ name: `Avvikelse ${acc}`, values: nodes.map((u) => presentValue(devAcc(shownFigures(u.figures, u.covered)), p, 'deviation')) }];
  if (f) series.push({ name: 'Avvikelse budget–prognos', values: nodes.map((u) => presentValue(devForecast(u.figures) ?? 0, p, 'deviation')) });
  const decimals = UNIT_DECIMALS[p.unit];
  const categories = nodes.map((u) => (u.code ? `${u.code} ${u.name}` : u.name));
  const chart: BarChartBlock = {
    kind: 'bar-chart',
    title: `Avvikelse per ${level} (${p.unit}, positiv är gynnsam)`,
    categories,
    series,
    geometry: barGeometry({ categories, series: series.map((s) => s.values), format: (v) => formatNumber(v, decimals) }),
    unit: p.unit,
  };
  return {
    id: 'verksamhet',
    title: `Resultat och prognos per ${level}`,
    sheet: `Per ${level}`.slice(0, 31),
    blocks: [{ kind: 'table', caption: `Resultat och prognos per ${level} (${p.unit})`, columns, rows }, ...(nodes.length > 0 ? [chart] : [])],
  };
}

function figureLine(m: ReportModel, figures: Figures, covered: CoveredFigures | null): string {
  const p = m.presentation;
  const g = shownFigures(figures, covered);
  const acc = accName(m);
  const parts = [
    `Budget ${acc} ${amount(p, g.budgetAcc).text}`,
    `utfall ${acc} ${amount(p, g.actualAcc).text}`,
    `avvikelse ${acc} ${amount(p, devAcc(g), 'deviation').text}`,
  ];
  if (m.hasForecast && g.forecastYear !== null) parts.push(`prognos helår ${amount(p, g.forecastYear).text}`, `avvikelse budget–prognos ${amount(p, devForecast(g), 'deviation').text}`);
  return `${parts.join(', ')} ${p.unit}.`;
}

function analysisSection(m: ReportModel): DocSection {
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'Orsaker och åtgärder som de godkänts i kommentarsrundan, per ansvar. Belopp i ' + m.presentation.unit + '; avvikelse = budget − utfall (positiv är gynnsam).', tone: 'note' },
  ];
  for (const s of m.analysis) {
    blocks.push({ kind: 'heading', level: 3, text: s.code ? `${s.code} ${s.name}` : s.name });
    blocks.push({ kind: 'paragraph', text: figureLine(m, s.figures, s.covered), tone: 'note' });
    if (s.entries.length === 0) blocks.push({ kind: 'paragraph', text: 'Ingen godkänd kommentar.', tone: 'note' });
    for (const e of s.entries) {
      if (!(e.code === s.code && s.entries[0] === e)) {
        blocks.push({ kind: 'heading', level: 4, text: `${e.code} ${e.name} (${e.levelName})` });
        blocks.push({ kind: 'paragraph', text: figureLine(m, e.figures, e.covered), tone: 'note' });
      }
      if (e.cause.trim() !== '') blocks.push({ kind: 'labelled', label: 'Orsak', text: e.cause });
      if (e.action.trim() !== '') blocks.push({ kind: 'labelled', label: 'Åtgärd', text: e.action });
      if (e.effectOre !== null) blocks.push({ kind: 'labelled', label: 'Förväntad effekt', text: `${formatNumber(kronor(e.effectOre), 0)} kr` });
    }
  }
  return { id: 'analys', title: 'Ekonomisk analys', sheet: 'Ekonomisk analys', blocks };
}

function actionsSection(m: ReportModel): DocSection {
  const columns: TableColumn[] = [
    { title: 'Ansvar', numeric: false, width: 28 },
    { title: 'Åtgärd', numeric: false, width: 60 },
    { title: 'Förväntad effekt (kr)', numeric: true, width: 15 },
    { title: 'Varav redan i åtgärderna under (kr)', numeric: true, width: 16 },
    { title: 'Räknas i summan (kr)', numeric: true, width: 15 },
  ];
  const rows: TableRow[] = [
    ...m.actions.map((a) => ({
      cells: [text(`${a.code} ${a.name} (${a.levelName})`.replace(/^ /, '')), text(a.action), krCell(a.effectOre), a.summarisedOre === 0 ? blank() : krCell(a.summarisedOre), krCell(a.countedOre)],
      ...(a.depth > 0 ? { indent: a.depth } : {}),
    })),
    { cells: [text('Summa'), text(''), blank(), blank(), krCell(countedSum(m.actions))], emphasis: 'total' as const },
  ];
  const summarising = m.actions.some((a) => a.summarisedOre !== 0);
  return {
    id: 'atgarder',
    title: 'Åtgärder för budget i balans',
    sheet: 'Åtgärder',
    blocks: [
      {
        kind: 'paragraph',
        text:
          m.actions.length === 0
            ? 'Inga godkända åtgärder med förväntad effekt.'
            : 'Åtgärder i de godkända kommentarerna med förväntad effekt på årets resultat, i kronor, uppifrån och ned i organisationen (indraget under den nivå det hör till).',
        tone: 'note',
      },
      ...(m.actions.length === 0
        ? []
        : [
            {
              kind: 'paragraph' as const,
              text: `Varje effekt räknas en gång. En nivås effekt gäller hela dess område och kan sammanfatta åtgärderna under den: summan räknar effekterna på den lägsta nivån som har dem i varje gren, och från en högre nivå bara det som dess effekt går utöver effekterna under den. "Varav redan i åtgärderna under" är den del som redan räknats där.${
                summarising ? '' : ' Ingen nivå sammanfattar här åtgärder under sig.'
              }`,
              tone: 'note' as const,
            },
          ]),
      { kind: 'table', caption: 'Åtgärder för budget i balans (kr)', columns, rows },
    ],
  };
}

function accuracySection(m: ReportModel): DocSection | null {
  const a = m.accuracy;
  if (!a) return null;
  const p = m.presentation;
  const outcomeMissing = a.reference === 'outcome' && m.coverage.missing.length > 0;
  const refTitle = a.reference === 'outcome' ? 'Utfall helår' : 'Aktuell prognos';
  const columns: TableColumn[] = [
    { title: '', numeric: false, width: 30 },
    ...a.occasions.map((o) => ({ title: `Prognos ${o.name.replace(/ med prognos$/, '')}`, numeric: true, width: 15 })),
    { title: refTitle, numeric: true, width: 14 },
    { title: `Förändring sedan ${a.occasions[0]!.name.replace(/ med prognos$/, '')}`, numeric: true, width: 16 },
  ];
  const rows: TableRow[] = a.rows.map((r, i) => {
    const first = r.forecasts[0] ?? null;
    return {
      cells: [
        text(r.code ? `${r.code} ${r.name}` : r.name),
        ...r.forecasts.map((v) => amount(p, v)),
        amount(p, r.reference),
        costChange(p, first === null || r.reference === null ? null : r.reference - first),
      ],
      ...(i === 0 ? { emphasis: 'total' as const } : {}),
    };
  });
  return {
    id: 'prognossakerhet',
    title: 'Prognossäkerhet',
    sheet: 'Prognossäkerhet',
    blocks: [
      {
        kind: 'paragraph',
        text:
          (a.reference === 'outcome'
            ? 'Helårsprognoserna vid årets prognostillfällen jämförda med årets utfall. Förändringen är utfall minus den första prognosen.'
            : 'Helårsprognosen vid årets tidigare prognostillfällen jämförd med den aktuella. Förändringen är aktuell prognos minus den första.') +
          ' En förändring mot högre nettokostnad är ogynnsam (rött).' +
          (outcomeMissing ? ` Årets utfall är inte komplett (utfall saknas för ${monthsText(m.coverage.missing)}): utfall helår visas när hela året har utfall.` : ''),
        tone: 'note',
      },
      { kind: 'table', caption: `Prognossäkerhet (${p.unit})`, columns, rows },
    ],
  };
}

export function reportDocument(m: ReportModel): ReportDocument {
  const f = m.front;
  const p = m.presentation;
  const built = [...textSections(m.texts, m.personnel ?? null, m.presentation.unit, m.internalControl ?? null), resultSection(m), unitsSection(m), analysisSection(m), actionsSection(m), actionPlanSection(m.actionPlans), accuracySection(m), goalsSection(m), investmentsSection(m)].filter((s): s is DocSection => s !== null);
  const sections = inTemplateOrder(built, m);
  return {
    title: templateTitle(m),
    subtitle: f.scope ? `${f.administration}, ${f.scopeText[0]!.toLowerCase()}${f.scopeText.slice(1)}` : f.sources.length > 0 ? `${f.kommun}, kommuntotal` : f.administration,
    kommun: f.kommun,
    logo: f.logo,
    front: [
      { label: 'Kommun', value: f.kommun },
      { label: 'Nämnd', value: f.board },
      { label: f.sources.length > 0 ? 'Förvaltningar' : 'Förvaltning', value: f.sources.length > 0 ? f.sources.join(', ') : f.administration },
      { label: 'Omfattning', value: f.scopeText },
      { label: 'Tillfälle', value: `${f.occasionName} (${f.kindName.toLowerCase()})` },
      { label: 'Period', value: f.periodText },
      ...(f.notice ? [{ label: 'Utfall', value: m.coverage.months.length === 0 ? 'inget ännu' : `${monthsText(m.coverage.months)} ${Math.floor(f.period / 100)}` }] : []),
      { label: 'Datum', value: f.date },
      { label: 'Status', value: f.status },
      { label: 'Version', value: f.version },
      ...templateFacts(m),
    ],
    notice: f.notice,
    unitNote: `Belopp i ${p.unit} om inget annat anges. ${signText(p)} Avvikelse = budget − utfall eller budget − prognos: positiv är gynnsam, och bara det ogynnsamma visas i rött. Beloppen är avrundade var för sig, så summor kan skilja sig något från summan av raderna.`,
    sections,
    fileStem: fileStem(m),
  };
}
