import { chartGeometry, type ChartGeometry } from '../followup/chart-geometry';
import type { Figures } from '../followup/figures';
import type { GoalReportSection, ReportGoal, ReportIndicator } from '../goals/report';
import { barGeometry, type BarGeometry } from './bar-geometry';
import { chartSign, formatNumber, kronor, presentValue, signText, UNIT_DECIMALS, type AmountKind } from './present';
import type { Presentation, ReportModel } from './types';

/**
 * The report as a neutral document: sections of headings, paragraphs,
 * tables with typed cells and charts. Every format (HTML for the PDF, the
 * Excel workbook, the Word document, the app's preview) walks the same
 * document, so they show the same figures, rounded and signed once here.
 */
export type Cell = { kind: 'text'; text: string } | { kind: 'amount'; value: number | null; decimals: number; text: string };

export interface TableColumn {
  title: string;
  numeric: boolean;
  /** Relative width, in characters. */
  width: number;
}

export interface TableRow {
  cells: Cell[];
  emphasis?: 'total' | 'sum';
  indent?: number;
}

export interface TableBlock {
  kind: 'table';
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
}

export interface LineChartBlock {
  kind: 'line-chart';
  title: string;
  categories: string[];
  /** Values in the display unit, with the presentation's sign. */
  series: { name: string; role: 'budget' | 'actual' | 'forecast'; values: (number | null)[] }[];
  /** The drawing (its y labels are in geometry.unit, chosen for the scale). */
  geometry: ChartGeometry;
  unit: string;
}

export interface BarChartBlock {
  kind: 'bar-chart';
  title: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  geometry: BarGeometry;
  unit: string;
}

export type Block =
  | { kind: 'heading'; level: 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'note' | 'lead' }
  | { kind: 'labelled'; label: string; text: string }
  | { kind: 'facts'; items: { label: string; value: string }[] }
  | TableBlock
  | LineChartBlock
  | BarChartBlock;

export interface DocSection {
  id: string;
  title: string;
  /** Excel sheet name (31 characters at most, no []:*?/\). */
  sheet: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  kommun: string;
  logo: string | null;
  front: { label: string; value: string }[];
  /** "Belopp i tkr. …" */
  unitNote: string;
  sections: DocSection[];
  /** File name without extension, e.g. "delarsrapport-augusti-2026-socialforvaltningen". */
  fileStem: string;
}

const text = (t: string): Cell => ({ kind: 'text', text: t });
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

function amount(p: Presentation, ore: number | null, kind: AmountKind = 'amount'): Cell {
  const decimals = UNIT_DECIMALS[p.unit];
  if (ore === null) return { kind: 'amount', value: null, decimals, text: '–' };
  const value = presentValue(ore, p, kind);
  return { kind: 'amount', value, decimals, text: formatNumber(value, decimals) };
}

function krCell(ore: number): Cell {
  const value = kronor(ore);
  return { kind: 'amount', value, decimals: 0, text: formatNumber(value, 0) };
}

const blank = (): Cell => ({ kind: 'amount', value: null, decimals: 0, text: '' });
const devAcc = (f: Figures) => f.budgetAcc - f.actualAcc;
const devForecast = (f: Figures) => (f.forecastYear === null ? null : f.budgetYear - f.forecastYear);

function fileStem(m: ReportModel): string {
  const clean = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
  return [clean(m.front.occasionName), m.front.scope ? clean(`${m.front.scope.code}-${m.front.scope.name}`) : clean(m.front.sources.length > 0 ? 'kommuntotal' : m.front.administration)]
    .filter((s) => s !== '')
    .join('-')
    .slice(0, 100);
}

function resultSection(m: ReportModel): DocSection {
  const p = m.presentation;
  const f = m.hasForecast;
  const columns: TableColumn[] = [
    { title: '', numeric: false, width: 26 },
    { title: 'Budget helår', numeric: true, width: 13 },
    { title: 'Budget ack', numeric: true, width: 13 },
    { title: 'Utfall ack', numeric: true, width: 13 },
    { title: 'Utfall ack fg år', numeric: true, width: 13 },
    ...(f ? [{ title: 'Prognos helår', numeric: true, width: 13 }] : []),
    { title: 'Avvikelse ack', numeric: true, width: 13 },
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
  const t = m.total;
  const rows: TableRow[] = [
    ...m.groups.map((g) => row(g.name, g.figures)),
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
  const lead = `Utfallet för ${m.front.periodText} är ${fmt(t.actualAcc)} mot en budget på ${fmt(t.budgetAcc)}, en avvikelse på ${fmt(devAcc(t), 'deviation')}.${
    f && t.forecastYear !== null
      ? ` Helårsprognosen${m.forecastOccasionName ? ` (${m.forecastOccasionName})` : ''} är ${fmt(t.forecastYear)} mot en budget på ${fmt(t.budgetYear)}, en avvikelse på ${fmt(devForecast(t), 'deviation')}.`
      : ''
  }`;
  const s = chartSign(p);
  const scale = (v: number | null) => (v === null ? null : presentValue(v, p, 'amount'));
  const c = m.cumulative.series;
  const signed = { budget: c.budget.map((v) => v * s), actual: c.actual.map((v) => (v === null ? null : v * s)), forecast: c.forecast.map((v) => (v === null ? null : v * s)) };
  const geometry = chartGeometry(signed);
  const chart: LineChartBlock = {
    kind: 'line-chart',
    title: `Nettokostnad ackumulerat: budget, utfall${f ? ' och prognos' : ''}`,
    categories: MONTHS,
    series: [
      { name: 'Budget', role: 'budget', values: c.budget.map(scale) },
      { name: 'Utfall', role: 'actual', values: c.actual.map(scale) },
      ...(f ? [{ name: 'Prognos', role: 'forecast' as const, values: c.forecast.map(scale) }] : []),
    ],
    geometry,
    unit: p.unit,
  };
  return {
    id: 'resultat',
    title: 'Resultat och prognos',
    sheet: 'Resultat och prognos',
    blocks: [{ kind: 'paragraph', text: lead, tone: 'lead' }, { kind: 'table', caption: `Resultat och prognos (${p.unit})`, columns, rows }, ...budgetChangeBlocks(m), chart],
  };
}

/** "Ursprunglig budget" → each decision → "Budget i kraft" (budget helår, the figure the tables use), when the budget has changed. */
function budgetChangeBlocks(m: ReportModel): Block[] {
  const b = m.budgetChanges;
  if (!b) return [];
  const p = m.presentation;
  const decision = (ref: string | null, on: string | null) => [ref, on].filter((x): x is string => x !== null && x !== '').join(', ');
  const rows: TableRow[] = [
    { cells: [text(`Ursprunglig budget${b.originalVersion ? ` (${b.originalVersion})` : ''}`), text(''), amount(p, b.originalOre)] },
    ...b.changes.map((c) => ({ cells: [text(c.text), text(decision(c.decisionRef, c.decidedOn)), amount(p, c.amountOre)], indent: 1 })),
    { cells: [text('Budget i kraft'), text(''), amount(p, b.inForceOre)], emphasis: 'total' as const },
  ];
  return [
    {
      kind: 'paragraph',
      text: 'Budgeten i rapporten är budgeten i kraft vid periodens slut: den ursprungliga budgeten med de ändringar (revidering, omfördelningar) som beslutats till och med periodens sista dag.',
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
  const columns: TableColumn[] = [
    { title: level[0]!.toUpperCase() + level.slice(1), numeric: false, width: 34 },
    { title: 'Budget helår', numeric: true, width: 13 },
    { title: 'Budget ack', numeric: true, width: 13 },
    { title: 'Utfall ack', numeric: true, width: 13 },
    { title: 'Avvikelse ack', numeric: true, width: 13 },
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
  const rows = [...m.units.map((u) => row(u.kind === 'node' && u.code !== '' ? `${u.code} ${u.name}` : u.name, u.figures)), row('Totalt', m.total, 'total')];
  const nodes = m.units.filter((u) => u.kind === 'node');
  const series = [{ name: 'Avvikelse ack', values: nodes.map((u) => presentValue(devAcc(u.figures), p, 'deviation')) }];
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

function figureLine(m: ReportModel, g: Figures): string {
  const p = m.presentation;
  const parts = [
    `Budget ack ${amount(p, g.budgetAcc).text}`,
    `utfall ack ${amount(p, g.actualAcc).text}`,
    `avvikelse ack ${amount(p, devAcc(g), 'deviation').text}`,
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
    blocks.push({ kind: 'paragraph', text: figureLine(m, s.figures), tone: 'note' });
    if (s.entries.length === 0) blocks.push({ kind: 'paragraph', text: 'Ingen godkänd kommentar.', tone: 'note' });
    for (const e of s.entries) {
      if (!(e.code === s.code && s.entries[0] === e)) {
        blocks.push({ kind: 'heading', level: 4, text: `${e.code} ${e.name} (${e.levelName})` });
        blocks.push({ kind: 'paragraph', text: figureLine(m, e.figures), tone: 'note' });
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
    { title: 'Ansvar', numeric: false, width: 30 },
    { title: 'Åtgärd', numeric: false, width: 70 },
    { title: 'Förväntad effekt (kr)', numeric: true, width: 16 },
  ];
  const sum = m.actions.reduce((s, a) => s + a.effectOre, 0);
  const rows: TableRow[] = [
    ...m.actions.map((a) => ({ cells: [text(`${a.code} ${a.name}`), text(a.action), krCell(a.effectOre)] })),
    { cells: [text('Summa'), text(''), krCell(sum)], emphasis: 'total' as const },
  ];
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
            : 'Åtgärder i de godkända kommentarerna med förväntad effekt på årets resultat, i kronor.',
        tone: 'note',
      },
      { kind: 'table', caption: 'Åtgärder för budget i balans (kr)', columns, rows },
    ],
  };
}

function accuracySection(m: ReportModel): DocSection | null {
  const a = m.accuracy;
  if (!a) return null;
  const p = m.presentation;
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
        amount(p, first === null || r.reference === null ? null : r.reference - first),
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
          a.reference === 'outcome'
            ? 'Helårsprognoserna vid årets prognostillfällen jämförda med årets utfall. Förändringen är utfall minus den första prognosen.'
            : 'Helårsprognosen vid årets tidigare prognostillfällen jämförd med den aktuella. Förändringen är aktuell prognos minus den första.',
        tone: 'note',
      },
      { kind: 'table', caption: `Prognossäkerhet (${p.unit})`, columns, rows },
    ],
  };
}

function indicatorTable(caption: string, list: readonly ReportIndicator[]): TableBlock {
  return {
    kind: 'table',
    caption,
    columns: [
      { title: 'Styrtal', numeric: false, width: 40 },
      { title: 'Start', numeric: false, width: 14 },
      { title: 'Mål', numeric: false, width: 14 },
      { title: 'Senaste', numeric: false, width: 18 },
      { title: 'Källa', numeric: false, width: 20 },
    ],
    rows: list.map((i) => {
      const u = i.unit ? ` ${i.unit}` : '';
      const dec = (v: string) => v.replace('.', ',');
      return {
        cells: [
          text(`${i.name}${i.direction === 'higher' ? ' (högre är bättre)' : ' (lägre är bättre)'}`),
          text(i.start ? `${dec(i.start.value)}${u} (${i.start.year})` : '–'),
          text(`${dec(i.target.value)}${u} (${i.target.year})`),
          text(i.latest ? `${dec(i.latest.value)}${u} (${i.latest.date})${i.targetReached ? ', målet nått' : ''}` : '–'),
          text(i.source),
        ],
      };
    }),
  };
}

function goalBlocks(kind: 'Nämndmål' | 'Delmål', g: ReportGoal, level: 3 | 4): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level, text: `${kind} ${g.code} ${g.title}`.replace(/\s+/g, ' ') },
    {
      kind: 'facts',
      items: [
        { label: 'Status', value: g.statusText },
        ...(g.forecastText ? [{ label: 'Prognos vid årets slut', value: g.forecastText }] : []),
        { label: 'Ansvar', value: g.owner },
        { label: 'Bedömningen', value: g.roundStatusText },
      ],
    },
  ];
  if (g.roundStatus === 'approved' && g.assessment.trim() !== '') blocks.push({ kind: 'labelled', label: 'Bedömning', text: g.assessment });
  else if (g.roundStatus !== null && g.roundStatus !== 'approved') blocks.push({ kind: 'paragraph', text: `Bedömningen är inte godkänd (${g.roundStatusText}) och visas inte.`, tone: 'note' });
  if (g.indicators.length > 0) blocks.push(indicatorTable(`Styrtal för ${kind.toLowerCase()} ${g.code}`, g.indicators));
  return blocks;
}

function countTables(s: GoalReportSection): TableBlock[] {
  const LEVEL: Record<string, string> = { board: 'Nämndmål', sub: 'Delmål', activity: 'Aktiviteter' };
  const tables: TableBlock[] = [];
  for (const group of [['board', 'sub'], ['activity']] as const) {
    const order = s.statusOrder.find((o) => o.level === group[0])!;
    tables.push({
      kind: 'table',
      caption: group[0] === 'activity' ? 'Aktiviteter per status' : 'Nämndmål och delmål per status',
      columns: [{ title: '', numeric: false, width: 16 }, ...order.statuses.map((st) => ({ title: st.name[0]!.toUpperCase() + st.name.slice(1), numeric: true, width: 12 })), { title: 'Totalt', numeric: true, width: 10 }],
      rows: group.map((level) => {
        const c = s.counts.find((x) => x.level === level);
        const n = (v: number) => ({ kind: 'amount' as const, value: v, decimals: 0, text: String(v) });
        return { cells: [text(LEVEL[level]!), ...order.statuses.map((st) => n(c?.byStatus[st.key] ?? 0)), n(c?.total ?? 0)] };
      }),
    });
  }
  return tables;
}

function goalsSection(m: ReportModel): DocSection | null {
  if (!m.goals) return null;
  const blocks: Block[] = [];
  for (const part of m.goals) {
    if (m.goals.length > 1) blocks.push({ kind: 'heading', level: 2, text: part.name });
    const s = part.section;
    blocks.push(...countTables(s));
    if (s.councilGoals.length === 0) blocks.push({ kind: 'paragraph', text: 'Inga mål gäller för året.', tone: 'note' });
    for (const c of s.councilGoals) {
      blocks.push({ kind: 'heading', level: 3, text: c.code ? `Inriktningsmål ${c.code} ${c.title}` : c.title });
      for (const b of c.boardGoals) {
        blocks.push(...goalBlocks('Nämndmål', b, 4));
        for (const sub of b.subGoals) blocks.push(...goalBlocks('Delmål', sub, 4));
      }
    }
  }
  return { id: 'mal', title: 'Mål- och resultatuppföljning', sheet: 'Mål', blocks };
}

export function reportDocument(m: ReportModel): ReportDocument {
  const f = m.front;
  const p = m.presentation;
  const sections = [resultSection(m), unitsSection(m), analysisSection(m), actionsSection(m), accuracySection(m), goalsSection(m)].filter((s): s is DocSection => s !== null);
  return {
    title: f.occasionName,
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
      { label: 'Datum', value: f.date },
      { label: 'Status', value: f.status },
      { label: 'Version', value: f.version },
    ],
    unitNote: `Belopp i ${p.unit} om inget annat anges. ${signText(p)} Avvikelse = budget − utfall eller budget − prognos: positiv är gynnsam. Beloppen är avrundade var för sig, så summor kan skilja sig något från summan av raderna.`,
    sections,
    fileStem: fileStem(m),
  };
}
