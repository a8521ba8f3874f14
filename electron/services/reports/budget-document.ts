import type { BudgetDocumentModel, BudgetDocumentUnit, GoalEntry } from './budget-document-model';
import type { AmountCell, Block, Cell, DocSection, ReportDocument, TableColumn, TableRow } from './document-types';
import { formatNumber, roundDiv } from './present';
import { fileSlug } from './file-stem';

/**
 * The budget document as the neutral report document (document-types.ts), so
 * that the PDF, Excel and Word writers of the follow-up reports render it.
 * Every amount is rounded here, once, half away from zero from the exact öre.
 * Drift figures (ramar, budget, changes, interna köp) follow the report's
 * sign presentation; investment, capital and personnel amounts are what
 * they cost and are shown positive.
 */

const DIVISOR: Record<BudgetDocumentUnit, number> = { kr: 100, tkr: 100_000, mnkr: 100_000_000 };
const DECIMALS: Record<BudgetDocumentUnit, number> = { kr: 0, tkr: 0, mnkr: 1 };

const text = (t: string): Cell => ({ kind: 'text', text: t });

/** öre in the unit, half away from zero, exact for integers. */
export function budgetDocumentValue(ore: number, unit: BudgetDocumentUnit): number {
  const d = DECIMALS[unit];
  const v = roundDiv(ore, DIVISOR[unit] / 10 ** d) / 10 ** d;
  return v === 0 ? 0 : v;
}

class Amounts {
  constructor(private readonly m: BudgetDocumentModel) {}
  private cell(ore: number | null, sign: 1 | -1): AmountCell {
    if (ore === null) return { kind: 'amount', value: null, decimals: DECIMALS[this.m.unit], text: '–' };
    const v = budgetDocumentValue(ore * sign, this.m.unit);
    return { kind: 'amount', value: v, decimals: DECIMALS[this.m.unit], text: formatNumber(v, DECIMALS[this.m.unit]) };
  }
  /** A drift figure (net cost positive in the ledger) in the report's sign presentation. */
  drift(ore: number | null): AmountCell {
    return this.cell(ore, this.m.sign === 'costs-negative' ? -1 : 1);
  }
  /** An expenditure or a cost shown as what it is. */
  cost(ore: number | null): AmountCell {
    return this.cell(ore, 1);
  }
}

const col = (title: string, numeric: boolean, width: number): TableColumn => ({ title, numeric, width });
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
// A non-breaking space: "3,20 %" never breaks before its sign.
const pct = (bp: number) => `${formatNumber(bp / 100, 2)}\u00a0%`;
/** A period ÅÅÅÅMM as ÅÅÅÅ-MM, as Investeringar shows it. */
const month = (period: number) => `${Math.floor(period / 100)}-${String(period % 100).padStart(2, '0')}`;
const label = (code: string, name: string) => (code ? `${code} ${name}` : name);

function framesSection(m: BudgetDocumentModel, a: Amounts): DocSection {
  const [y0, y1, y2] = m.years as [number, number, number];
  const rows: TableRow[] = m.frames.map((f) => ({
    cells: [text(label(f.code, f.name)), ...m.years.flatMap((_, i) => [a.drift(f.frameInForceOre[i] ?? null), a.drift(f.plannedOre[i]!)])],
    ...(f.depth === 0 ? { emphasis: 'total' as const } : { indent: f.depth }),
  }));
  const groupRows: TableRow[] = [
    ...m.groups.map((g) => ({ cells: [text(g.name), ...g.yearsOre.map((v) => a.drift(v))] })),
    { cells: [text('Nettokostnad'), ...m.years.map((_, i) => a.drift(sum(m.groups.map((g) => g.yearsOre[i]!))))], emphasis: 'total' as const },
  ];
  const assumptions = m.assumptions.map((x) => `${x.year}: löneökning ${pct(x.salaryBp)}, prisindex ${pct(x.priceBp)}, volym ${pct(x.volumeBp)}`).join('; ');
  return {
    id: 'ramar',
    title: 'Ramar och flerårsplan',
    sheet: 'Ramar och flerårsplan',
    blocks: [
      {
        kind: 'paragraph',
        text: `Ram i kraft är ramen från KF med de budgetändringar (tilläggsanslag, lönekompensation m.m.) som beslutats för året. Budget ${y0} är detaljbudgetens rader; planåren ${y1} och ${y2} är flerårsplanen, räknad ur budgetåret med planårens antaganden och de beslutade verksamhetsförändringarnas effekt.`,
        tone: 'note',
      },
      {
        kind: 'table',
        caption: `Ram och budget per sektor ${y0}–${y2} (${m.unit})`,
        columns: [col('Ansvar', false, 36), col(`Ram i kraft ${y0}`, true, 12), col(`Budget ${y0}`, true, 12), col(`Ram i kraft ${y1}`, true, 12), col(`Plan ${y1}`, true, 12), col(`Ram i kraft ${y2}`, true, 12), col(`Plan ${y2}`, true, 12)],
        rows,
      },
      { kind: 'table', caption: `Förvaltningen per kontogrupp ${y0}–${y2} (${m.unit})`, columns: [col('Kontogrupp', false, 34), col(`Budget ${y0}`, true, 14), col(`Plan ${y1}`, true, 14), col(`Plan ${y2}`, true, 14)], rows: groupRows },
      { kind: 'labelled', label: 'Planårens antaganden', text: assumptions },
    ],
  };
}

function changesSection(m: BudgetDocumentModel, a: Amounts): DocSection {
  const [y0, y1, y2] = m.years as [number, number, number];
  const last = m.lastYearVersion;
  const change = (from: number | null, to: number) => (from === null ? null : to - from);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: last
        ? `Årets budget (${m.version.name}) jämförd med föregående års budget i kraft vid årets slut (${last.name}).`
        : `Det finns ingen budget för ${y0 - 1} att jämföra med.`,
      tone: 'note',
    },
    ...(m.lastYearAssumption
      ? [
          {
            kind: 'labelled' as const,
            label: `Antaganden för ${y0} i föregående års flerårsplan`,
            text: `löneökning ${pct(m.lastYearAssumption.salaryBp)}, prisindex ${pct(m.lastYearAssumption.priceBp)}, volym ${pct(m.lastYearAssumption.volumeBp)}`,
          },
        ]
      : []),
    {
      kind: 'table',
      caption: `Budget per sektor mot föregående år (${m.unit})`,
      columns: [col('Ansvar', false, 34), col(`Budget ${y0 - 1}`, true, 15), col(`Budget ${y0}`, true, 15), col('Förändring', true, 15)],
      rows: m.changes.map((c) => ({ cells: [text(label(c.code, c.name)), a.drift(c.lastYearOre), a.drift(c.thisYearOre), a.drift(change(c.lastYearOre, c.thisYearOre))], ...(c.depth === 0 ? { emphasis: 'total' as const } : { indent: c.depth }) })),
    },
    {
      kind: 'table',
      caption: `Budget per kontogrupp mot föregående år (${m.unit})`,
      columns: [col('Kontogrupp', false, 34), col(`Budget ${y0 - 1}`, true, 15), col(`Budget ${y0}`, true, 15), col('Förändring', true, 15)],
      rows: m.groupChanges.map((g) => ({ cells: [text(g.name), a.drift(g.lastYearOre), a.drift(g.thisYearOre), a.drift(change(g.lastYearOre, g.thisYearOre))] })),
    },
    { kind: 'heading', level: 3, text: 'Beslutade verksamhetsförändringar' },
  ];
  if (m.measures.length === 0) blocks.push({ kind: 'paragraph', text: 'Inga beslutade verksamhetsförändringar i budgetversionen.', tone: 'note' });
  else {
    const v = m.version;
    blocks.push({
      kind: 'paragraph',
      text: `Verksamhetsförändringarna på VF-listan med status beslutad, ${v.locked ? `beslutade med budgeten ${v.name}${v.decisionRef ? ` (${v.decisionRef}${v.decidedOn ? `, ${v.decidedOn}` : ''})` : ''}` : `i budgetversionen ${v.name}, som ännu inte är beslutad`}. Negativ effekt är en besparing.`,
      tone: 'note',
    });
    blocks.push({
      kind: 'table',
      caption: `Beslutade verksamhetsförändringar, effekt på nettokostnaden (${m.unit})`,
      columns: [col('Ansvar', false, 22), col('Åtgärd', false, 40), col(`${y0}`, true, 12), col(`${y1}`, true, 12), col(`${y2}`, true, 12)],
      rows: [
        ...m.measures.map((c) => ({ cells: [text(c.responsibilityCode ? label(c.responsibilityCode, c.responsibilityName ?? '') : 'Förvaltningen'), text(c.description), a.drift(c.amountOre), ...c.planOre.map((v) => a.drift(v))] })),
        {
          cells: [text('Summa'), text(''), a.drift(sum(m.measures.map((c) => c.amountOre))), ...[0, 1].map((k) => a.drift(sum(m.measures.map((c) => c.planOre[k] ?? 0))))],
          emphasis: 'total' as const,
        },
      ],
    });
  }
  blocks.push({ kind: 'heading', level: 3, text: 'Budgetändringar under året (KF/KS)' });
  if (m.budgetChanges.length === 0) blocks.push({ kind: 'paragraph', text: `Inga budgetändringar för ${y0}.`, tone: 'note' });
  else {
    const perYear = (c: BudgetDocumentModel['budgetChanges'][number], y: number) => sum(c.amounts.filter((x) => x.year === y).map((x) => x.amountOre));
    blocks.push({
      kind: 'table',
      caption: `Budgetändringar: tilläggsanslag, lönekompensation m.m. (${m.unit})`,
      columns: [col('Slag', false, 22), col('Beslut', false, 24), col('Avser', false, 28), col(`${y0}`, true, 12), col(`${y1}`, true, 12), col(`${y2}`, true, 12)],
      rows: [
        ...m.budgetChanges.map((c) => ({ cells: [text(c.kindName), text(`${c.decisionRef}, ${c.decidedOn}`), text(c.text), ...m.years.map((y) => a.drift(perYear(c, y)))] })),
        { cells: [text('Summa'), text(''), text(''), ...m.years.map((y) => a.drift(sum(m.budgetChanges.map((c) => perYear(c, y)))))], emphasis: 'total' as const },
      ],
    });
  }
  return { id: 'forandringar', title: 'Förändringar mot föregående år', sheet: 'Förändringar', blocks };
}

function investmentsSection(m: BudgetDocumentModel, a: Amounts): DocSection {
  const [y0, y1, y2] = m.years as [number, number, number];
  const ps = m.investments.projects;
  const budgetIn = (p: (typeof ps)[number], y: number) => p.years.find((x) => x.year === y)?.budgetOre ?? 0;
  const capital = (p: (typeof ps)[number]) => p.capital.depreciationOre + p.capital.interestOre;
  const rate = m.investments.rateBp === null ? 'ingen internränta är angiven för året' : `internräntan ${pct(m.investments.rateBp)}${m.investments.rateSource ? ` (${m.investments.rateSource})` : ''}`;
  return {
    id: 'investeringar',
    title: 'Investeringsbudget',
    sheet: 'Investeringsbudget',
    blocks: [
      {
        kind: 'paragraph',
        text: `Investeringsutgifter per projekt och år, för hela projektet, och kapitaltjänsten (avskrivning och internränta) projektet ger driftbudgeten ${y0}: linjär avskrivning per komponent från månaden efter aktiveringen, ${rate}.`,
        tone: 'note',
      },
      {
        kind: 'table',
        caption: `Investeringsbudget per projekt (${m.unit})`,
        columns: [col('Projekt', false, 38), col('Kategori', false, 14), col('Ansvar', false, 8), col('Aktivering', false, 11), col(`Budget ${y0}`, true, 12), col(`Budget ${y1}`, true, 12), col(`Budget ${y2}`, true, 12), col('Hela projektet', true, 13), col(`Kapitaltjänst ${y0}`, true, 13)],
        rows: [
          ...ps.map((p) => ({
            cells: [
              text(`${p.code} ${p.name}`),
              text(p.categoryName),
              text(p.responsibilityCode),
              text(p.activated !== null ? month(p.activated) : `${month(p.plannedActivation)} plan.`),
              a.cost(budgetIn(p, y0)),
              a.cost(budgetIn(p, y1)),
              a.cost(budgetIn(p, y2)),
              a.cost(p.wholeProject.budgetOre),
              a.cost(capital(p)),
            ],
          })),
          {
            cells: [text('Summa'), text(''), text(''), text(''), ...[y0, y1, y2].map((y) => a.cost(sum(ps.map((p) => budgetIn(p, y))))), a.cost(sum(ps.map((p) => p.wholeProject.budgetOre))), a.cost(m.investments.capitalOre)],
            emphasis: 'total' as const,
          },
        ],
      },
    ],
  };
}

function personnelSection(m: BudgetDocumentModel, a: Amounts): DocSection {
  const fte = (v: number): AmountCell => ({ kind: 'amount', value: v, decimals: 2, text: formatNumber(v, 2) });
  const count = (v: number): AmountCell => ({ kind: 'amount', value: v, decimals: 0, text: String(v) });
  const row = (r: BudgetDocumentModel['personnel']['total'], total = false): TableRow => ({
    cells: [text(label(r.code, r.name)), count(r.positions), fte(r.fte), a.cost(r.salaryOre), a.cost(r.poOre), a.cost(r.totalOre)],
    ...(total ? { emphasis: 'total' as const } : {}),
  });
  return {
    id: 'personal',
    title: 'Personal',
    sheet: 'Personal',
    blocks: [
      { kind: 'paragraph', text: `Personalbudgeten ${m.year} per sektor: tjänster, årsarbetare och kostnad (lön och PO-pålägg) enligt budgetversionens tjänster.`, tone: 'note' },
      {
        kind: 'table',
        caption: `Årsarbetare och personalkostnad per sektor (${m.unit})`,
        columns: [col('Sektor', false, 32), col('Tjänster', true, 10), col('Årsarbetare', true, 12), col('Lön', true, 14), col('PO-pålägg', true, 14), col('Personalkostnad', true, 15)],
        rows: [...m.personnel.perSector.map((r) => row(r)), row(m.personnel.total, true)],
      },
    ],
  };
}

function internalSection(m: BudgetDocumentModel, a: Amounts): DocSection {
  const i = m.internal;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: 'Interna köp och försäljningar mellan förvaltningens enheter (konton markerade som interna, med motpart). Köparens och säljarens rader ska ta ut varandra: skillnaden ska vara noll.',
      tone: 'note',
    },
    {
      kind: 'facts',
      items: [
        { label: `Interna försäljningar (${m.unit})`, value: a.drift(i.salesOre).text },
        { label: `Interna köp (${m.unit})`, value: a.drift(i.purchasesOre).text },
        { label: `Skillnad inom förvaltningen (${m.unit})`, value: a.drift(i.imbalanceOre).text },
      ],
    },
  ];
  if (i.pairs.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Interna köp per par av enheter (${m.unit})`,
      columns: [col('Enhet A', false, 26), col('Enhet B', false, 26), col('A:s rader', true, 13), col('B:s rader', true, 13), col('Skillnad', true, 13)],
      rows: i.pairs.map((p) => ({ cells: [text(label(p.aCode, p.aName)), text(label(p.bCode, p.bName)), a.drift(p.aOre), a.drift(p.bOre), a.drift(p.imbalanceOre)] })),
    });
  }
  if (i.external.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Köp från och försäljning till andra förvaltningar (${m.unit})`,
      columns: [col('Motpart', false, 30), col(`Budget ${m.year}`, true, 14)],
      rows: i.external.map((e) => ({ cells: [text(e.counterparty), a.drift(e.yearOre)] })),
    });
  }
  return { id: 'interna', title: 'Interna köp och försäljningar', sheet: 'Interna köp', blocks };
}

function goalsSection(m: BudgetDocumentModel): DocSection {
  const blocks: Block[] = [];
  if (m.goals.length === 0) blocks.push({ kind: 'paragraph', text: `Inga nämndmål gäller för ${m.year}.`, tone: 'note' });
  const goal = (g: GoalEntry): Block[] => [
    { kind: 'heading', level: g.level === 'board' ? 3 : 4, text: `${g.level === 'board' ? 'Nämndmål' : 'Delmål'} ${g.code} ${g.title}`.replace(/\s+/g, ' ') },
    { kind: 'facts', items: [{ label: 'Ansvar', value: g.owner }] },
    ...(g.indicators.length === 0
      ? []
      : [
          {
            kind: 'table' as const,
            caption: `Styrtal för ${g.level === 'board' ? 'nämndmål' : 'delmål'} ${g.code}`,
            columns: [col('Styrtal', false, 44), col('Startvärde', false, 18), col('Mål', false, 18)],
            rows: g.indicators.map((x) => ({ cells: [text(`${x.name}${x.direction === 'higher' ? ' (högre är bättre)' : ' (lägre är bättre)'}`), text(x.start ?? '–'), text(x.target)] })),
          },
        ]),
  ];
  for (const g of m.goals) blocks.push(...goal(g));
  return { id: 'mal', title: `Nämndmål ${m.year}`, sheet: 'Nämndmål', blocks };
}

function fileStem(m: BudgetDocumentModel): string {
  return `budgetdokument-${m.year}-${fileSlug(m.administration)}`.replace(/-$/, '').slice(0, 100);
}

const KIND_NAMES: Record<string, string> = { adopted: 'beslutad budget', revision: 'revidering', draft: 'arbetsversion' };

export function budgetDocument(m: BudgetDocumentModel): ReportDocument {
  const a = new Amounts(m);
  const v = m.version;
  const decision = v.decidedOn || v.decisionRef ? `, beslut ${[v.decisionRef, v.decidedOn].filter((x) => x).join(' ')}` : '';
  const sign =
    m.sign === 'costs-negative'
      ? 'Driftens kostnader visas med minustecken och intäkter med plustecken.'
      : 'Driftens kostnader visas med plustecken och intäkter med minustecken, som i redovisningen.';
  const sections = [framesSection(m, a), changesSection(m, a), investmentsSection(m, a), personnelSection(m, a), internalSection(m, a), goalsSection(m)];
  return {
    title: `Mål och budget ${m.year}`,
    subtitle: `${m.administration}, detaljbudget ${m.year} och plan ${m.years[1]}–${m.years[2]}`,
    kommun: m.kommun,
    logo: m.logo,
    front: [
      { label: 'Kommun', value: m.kommun },
      { label: 'Nämnd', value: m.board },
      { label: 'Förvaltning', value: m.administration },
      { label: 'Budgetår', value: `${m.year} med plan för ${m.years[1]} och ${m.years[2]}` },
      { label: 'Budgetversion', value: `${v.name} (${KIND_NAMES[v.kind] ?? v.kind}${decision})` },
      { label: 'Status', value: v.locked ? 'beslutad' : 'utkast' },
      { label: 'Datum', value: m.date },
    ],
    notice: null,
    unitNote: `Belopp i ${m.unit} om inget annat anges, avrundade var för sig från exakta ören: summor kan skilja sig något från summan av raderna. ${sign} Investeringsutgifter, kapitaltjänst och personalkostnader visas positiva.`,
    sections,
    fileStem: fileStem(m),
  };
}
