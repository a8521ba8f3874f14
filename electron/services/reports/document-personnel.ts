import type { Db } from '../../../db/index';
import { personnelFigures, type PersonnelFigures, type PersonnelNodeRow } from '../personnel/figures';
import { textKinds } from '../texts/kinds';
import type { Block, Cell, TableRow } from './document-types';
import { formatNumber, roundDiv, UNIT_DECIMALS, UNIT_DIVISOR } from './present';
import type { PersonnelReportPart, ReportUnit, TextReportPart } from './types';

/** The kind of text section the personnel figures belong to (texts/kinds.ts). */
export const PERSONNEL_KIND = 'personnel';

/**
 * The personnel figures of a report (issue 19 point 3): the scope (or the
 * förvaltning) and the nodes right below it, for the occasion's month and
 * the same month a year earlier; null when nothing is imported for them.
 */
export function personnelReportPart(db: Db, period: number, scope: string | null): PersonnelReportPart | null {
  const rows = personnelFigures(db, period);
  if (rows.length === 0) return null;
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const parentOf = new Map<string, string | null>(
    (db.prepare(`SELECT c.code, p.code AS parent FROM dimension_value c LEFT JOIN dimension_value p ON p.id = c.parent_id WHERE c.deleted_at IS NULL`).all() as { code: string; parent: string | null }[]).map(
      (r) => [r.code, r.parent],
    ),
  );
  const tops = scope ? [scope] : rows.filter((r) => (parentOf.get(r.code) ?? null) === null).map((r) => r.code);
  const picked: { row: PersonnelNodeRow; below: boolean }[] = [];
  for (const top of tops) {
    const own = byCode.get(top);
    if (!own) continue;
    picked.push({ row: own, below: false });
    for (const r of rows) if (parentOf.get(r.code) === top) picked.push({ row: r, below: true });
  }
  if (picked.length === 0) return null;
  return { period, rows: picked.map((p) => ({ code: p.row.code, name: p.row.name, below: p.below, figures: p.row.figures, lastYear: p.row.lastYear })) };
}

/** The texts with the Personal section present whenever there are figures, in the kinds' order, also without an approved text. */
export function withPersonnelPart(db: Db, texts: TextReportPart[], personnel: PersonnelReportPart | null): TextReportPart[] {
  if (!personnel || texts.some((t) => t.kind === PERSONNEL_KIND)) return texts;
  const kinds = textKinds(db);
  const kind = kinds.find((k) => k.code === PERSONNEL_KIND);
  if (!kind) return texts;
  const order = new Map(kinds.map((k, i) => [k.code, i]));
  const part: TextReportPart = { kind: PERSONNEL_KIND, name: kind.name, entries: [] };
  return [...texts, part].sort((a, b) => (order.get(a.kind) ?? 1e9) - (order.get(b.kind) ?? 1e9));
}

const text = (t: string): Cell => ({ kind: 'text', text: t });

function num(value: number | null, decimals: number): Cell {
  return value === null ? { kind: 'amount', value: null, decimals, text: '–' } : { kind: 'amount', value, decimals, text: formatNumber(value, decimals) };
}
/** Hundredths (årsarbetare, percent) with one decimal, as personnel reports show them. */
const tenth = (h: number | null) => num(h === null ? null : roundDiv(h, 10) / 10, 1);
/** Personnel cost in the report's unit, positive: a figure from the HR system, not a ledger amount with a sign presentation. */
function cost(ore: number | null, unit: ReportUnit): Cell {
  const d = UNIT_DECIMALS[unit];
  return num(ore === null ? null : roundDiv(ore, UNIT_DIVISOR[unit] / 10 ** d) / 10 ** d, d);
}

function year(period: number): number {
  return Math.floor(period / 100);
}

/** Two tables before the section's approved text: the figures per node with last year beside, and sjukfrånvaro by kön and age. */
export function personnelBlocks(part: PersonnelReportPart, unit: ReportUnit): Block[] {
  const now = year(part.period);
  const before = now - 1;
  const pair = (f: PersonnelFigures | null, g: (x: PersonnelFigures) => number | null, cell: (v: number | null) => Cell) => cell(f ? g(f) : null);
  const main: Block = {
    kind: 'table',
    caption: `Personal ${part.period % 100}/${now}, med samma månad ${before} (fg år)`,
    // Seven columns as the result tables: a wider table would make the printed page shrink everything to fit.
    columns: [
      { title: 'Ansvar', numeric: false, width: 26 },
      { title: 'Anställda', numeric: true, width: 9 },
      { title: 'fg år', numeric: true, width: 7 },
      { title: 'Årsarbetare', numeric: true, width: 10 },
      { title: 'fg år', numeric: true, width: 7 },
      { title: 'Sjukfrånvaro %', numeric: true, width: 10 },
      { title: 'fg år', numeric: true, width: 7 },
    ],
    rows: part.rows.map(
      (r): TableRow => ({
        cells: [
          // The name alone: the result tables' rows are "code name", and a reader (or a test) looking one up must not find this table first.
          text(r.name),
          num(r.figures.employees, 0),
          pair(r.lastYear, (x) => x.employees, (v) => num(v, 0)),
          tenth(r.figures.fteCenti),
          pair(r.lastYear, (x) => x.fteCenti, tenth),
          tenth(r.figures.sickBp),
          pair(r.lastYear, (x) => x.sickBp, tenth),
        ],
        ...(r.below ? { indent: 1 } : { emphasis: 'sum' as const }),
      }),
    ),
  };
  const costs: Block = {
    kind: 'table',
    caption: `Personalkostnad ${part.period % 100}/${now} (${unit}), med samma månad ${before}`,
    columns: [
      { title: 'Ansvar', numeric: false, width: 26 },
      { title: String(now), numeric: true, width: 12 },
      { title: String(before), numeric: true, width: 12 },
    ],
    rows: part.rows.map(
      (r): TableRow => ({
        cells: [text(r.name), cost(r.figures.costOre, unit), pair(r.lastYear, (x) => x.costOre, (v) => cost(v, unit))],
        ...(r.below ? { indent: 1 } : { emphasis: 'sum' as const }),
      }),
    ),
  };
  const top = part.rows[0]!;
  const shares: [string, (f: PersonnelFigures) => number | null][] = [
    ['Samtliga', (f) => f.sickBp],
    ['Kvinnor', (f) => f.sickWomenBp],
    ['Män', (f) => f.sickMenBp],
    ['−29 år', (f) => f.sickTo29Bp],
    ['30–49 år', (f) => f.sick30to49Bp],
    ['50− år', (f) => f.sickFrom50Bp],
    ['Långtidssjukfrånvaro', (f) => f.longSickBp],
  ];
  const sick: Block = {
    kind: 'table',
    caption: `Sjukfrånvaro i procent, ${top.name}`,
    columns: [
      { title: 'Grupp', numeric: false, width: 24 },
      { title: String(now), numeric: true, width: 10 },
      { title: String(before), numeric: true, width: 10 },
    ],
    rows: shares.map(([label, g]) => ({ cells: [text(label), tenth(g(top.figures)), pair(top.lastYear, g, tenth)] })),
  };
  return [main, costs, sick];
}
