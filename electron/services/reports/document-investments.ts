import type { Db } from '../../../db/index';
import type { OccasionKind } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import type { Actor } from '../followup/model';
import { isWithin } from '../followup/permissions';
import { investmentRound } from '../investments/comments';
import type { Figures } from '../investments/overview';
import type { AmountCell, Block, Cell, DocSection, TableBlock, TableRow } from './document-types';
import { formatNumber, presentValue, UNIT_DECIMALS, type AmountKind } from './present';
import type { InvestmentReportPart, InvestmentReportProject, Presentation, ReportModel } from './types';

/**
 * "Investeringsredovisning" in the delårsrapport and the årsbokslut (issue
 * 17 point 2): per project, grouped by category, budget, utfall, prognos and
 * avvikelse (budget − prognos) for the year and for the whole project, with
 * totals per category and for all; then the approved comments of the
 * occasion's round (investments/comments.ts). The figures are the
 * investment overview's (those of `ramkoll investments --json`) up to the
 * occasion's period, as kept in its snapshot once it is locked
 * (investments/occasion-figures.ts).
 */

export const INVESTMENT_REPORT_KINDS: readonly OccasionKind[] = ['interim', 'annual'];

const STATUS_TEXT = { draft: 'utkast', ready: 'klar, inte godkänd', returned: 'återskickad', approved: 'godkänd' } as const;

function add(a: Figures, b: Figures): Figures {
  return {
    budgetOre: a.budgetOre + b.budgetOre,
    actualOre: a.actualOre + b.actualOre,
    forecastOre: a.forecastOre + b.forecastOre,
    deviationOre: a.deviationOre + b.deviationOre,
  };
}
const ZERO: Figures = { budgetOre: 0, actualOre: 0, forecastOre: 0, deviationOre: 0 };

/** The section's figures for an occasion, within an ansvar scope (null: the whole förvaltning); null for other kinds of occasion. */
export function investmentReportPart(db: Db, occasion: { id: string; kind: OccasionKind }, scope: string | null, now: Date): InvestmentReportPart | null {
  if (!INVESTMENT_REPORT_KINDS.includes(occasion.kind)) return null;
  // Read as the controller: the report shows every project of the scope, and only approved comments.
  const reader: Actor = { siteId: '', user: '', role: 'controller', scopeCode: null, now };
  const round = investmentRound(db, reader, occasion.id);
  const tree = scope ? OrgTree.load(db) : null;
  const projects: InvestmentReportProject[] = round.projects
    .filter((p) => !tree || !scope || isWithin(tree, p.responsibilityCode, scope))
    .map((p) => ({
      code: p.code,
      name: p.name,
      categoryName: p.categoryName,
      responsibility: `${p.responsibilityCode} ${p.responsibilityName}`,
      year: p.year,
      wholeProject: p.wholeProject,
      required: p.required,
      comment: p.comment?.status === 'approved' ? { cause: p.comment.cause, action: p.comment.action } : null,
      commentMissing: p.required && p.comment?.status !== 'approved' ? (p.comment ? STATUS_TEXT[p.comment.status] : 'saknas') : null,
    }));
  const categories = new Map<string, { name: string; year: Figures; wholeProject: Figures }>();
  for (const p of projects) {
    const c = categories.get(p.categoryName) ?? { name: p.categoryName, year: ZERO, wholeProject: ZERO };
    categories.set(p.categoryName, { name: c.name, year: add(c.year, p.year), wholeProject: add(c.wholeProject, p.wholeProject) });
  }
  return {
    year: round.year,
    projects,
    categories: [...categories.values()],
    total: { year: projects.reduce((a, p) => add(a, p.year), ZERO), wholeProject: projects.reduce((a, p) => add(a, p.wholeProject), ZERO) },
  };
}

const text = (t: string): Cell => ({ kind: 'text', text: t });

/** Investment amounts are expenditure: shown in the presentation's sign for costs; an avvikelse is budget − prognos, negative unfavourable. */
function amount(p: Presentation, ore: number, kind: AmountKind): AmountCell {
  const decimals = UNIT_DECIMALS[p.unit];
  const value = presentValue(ore, p, kind);
  const cell: AmountCell = { kind: 'amount', value, decimals, text: formatNumber(value, decimals) };
  if (kind !== 'deviation') return cell;
  return { ...cell, unfavourableWhen: 'negative', ...(value < 0 ? { unfavourable: true } : {}) };
}

function figureCells(p: Presentation, f: Figures): Cell[] {
  return [amount(p, f.budgetOre, 'amount'), amount(p, f.actualOre, 'amount'), amount(p, f.forecastOre, 'amount'), amount(p, f.deviationOre, 'deviation')];
}

function table(m: ReportModel, part: InvestmentReportPart, which: 'year' | 'wholeProject'): TableBlock {
  const p = m.presentation;
  const rows: TableRow[] = [];
  for (const c of part.categories) {
    for (const pr of part.projects.filter((x) => x.categoryName === c.name)) rows.push({ cells: [text(`${pr.code} ${pr.name}`), ...figureCells(p, pr[which])], indent: 1 });
    rows.push({ cells: [text(`Summa ${c.name.toLowerCase()}`), ...figureCells(p, c[which])], emphasis: 'sum' });
  }
  rows.push({ cells: [text('Summa investeringar'), ...figureCells(p, part.total[which])], emphasis: 'total' });
  const label = which === 'year' ? `år ${part.year}` : 'hela projektet';
  return {
    kind: 'table',
    caption: `Investeringar ${label} (${p.unit})`,
    columns: [
      { title: 'Projekt', numeric: false, width: 36 },
      { title: `Budget ${which === 'year' ? part.year : 'totalt'}`, numeric: true, width: 12 },
      { title: which === 'year' ? 'Utfall' : 'Utfall totalt', numeric: true, width: 12 },
      { title: `Prognos ${which === 'year' ? part.year : 'totalt'}`, numeric: true, width: 12 },
      { title: 'Avvikelse', numeric: true, width: 12 },
    ],
    rows,
  };
}

export function investmentsSection(m: ReportModel): DocSection | null {
  const part = m.investments;
  if (!part) return null;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Budget, utfall och prognos per investeringsprojekt för år ${part.year} och för hela projektet. Utfallet är ekonomisystemets bokningar på investeringskonton med projektets kod. Avvikelse = budget − prognos: positiv betyder att pengar blir över.`,
      tone: 'note',
    },
  ];
  if (part.projects.length === 0) {
    blocks.push({ kind: 'paragraph', text: `Inga investeringsprojekt har budget, utfall eller prognos för år ${part.year}.`, tone: 'note' });
    return { id: 'investeringar', title: 'Investeringsredovisning', sheet: 'Investeringar', blocks };
  }
  blocks.push(table(m, part, 'year'), table(m, part, 'wholeProject'));
  const commented = part.projects.filter((p) => p.comment || p.commentMissing);
  if (commented.length > 0) blocks.push({ kind: 'heading', level: 3, text: 'Kommentarer till avvikelser' });
  for (const p of commented) {
    blocks.push({ kind: 'heading', level: 4, text: `${p.code} ${p.name} (${p.responsibility})` });
    if (p.comment) {
      blocks.push({ kind: 'labelled', label: 'Orsak', text: p.comment.cause });
      if (p.comment.action.trim() !== '') blocks.push({ kind: 'labelled', label: 'Åtgärd', text: p.comment.action });
    } else blocks.push({ kind: 'paragraph', text: `Avvikelsen kräver en kommentar, men ingen godkänd kommentar finns (${p.commentMissing}).`, tone: 'warning' });
  }
  return { id: 'investeringar', title: 'Investeringsredovisning', sheet: 'Investeringar', blocks };
}
