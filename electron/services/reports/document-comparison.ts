import type { ReportIndicator } from '../goals/report';
import type { Cell, TableBlock } from './document-types';

const text = (t: string): Cell => ({ kind: 'text', text: t });
const dec = (v: string | null) => (v === null ? '–' : v.replace('.', ',').replace('-', '−'));

/**
 * The goal's styrtal beside Kolada's comparison (issue 19 point 6): for the
 * latest year the kommun's value, the comparison group's, the region's and
 * riket's, and the trend per year; none when no styrtal has comparison rows.
 */
export function comparisonTable(caption: string, list: readonly ReportIndicator[]): TableBlock | null {
  const rows = list.filter((i) => i.comparison !== null);
  if (rows.length === 0) return null;
  const group = rows.find((i) => i.comparison!.groupLabel !== null)?.comparison!.groupLabel ?? null;
  return {
    kind: 'table',
    caption: `${caption}${group ? ` (jämförelsegrupp: ${group})` : ''}`,
    columns: [
      { title: 'Styrtal', numeric: false, width: 30 },
      { title: 'År', numeric: false, width: 8 },
      { title: 'Kommunen', numeric: false, width: 12 },
      { title: 'Gruppen', numeric: false, width: 12 },
      { title: 'Regionen', numeric: false, width: 12 },
      { title: 'Riket', numeric: false, width: 12 },
      { title: 'Utveckling (kommunen / gruppen)', numeric: false, width: 34 },
    ],
    rows: rows.map((i) => {
      const c = i.comparison!;
      const u = i.unit ? ` ${i.unit}` : '';
      const trend = c.trend.map((y) => `${y.year}: ${dec(y.ours)} / ${dec(y.group)}`).join('; ');
      return { cells: [text(`${i.name}${u ? ` (${i.unit})` : ''}`), text(String(c.latest.year)), text(dec(c.latest.ours)), text(dec(c.latest.group)), text(dec(c.latest.region)), text(dec(c.latest.riket)), text(trend)] };
    }),
  };
}
