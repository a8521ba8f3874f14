import type ExcelJS from 'exceljs';
import { setText } from '../files/xlsx-text';
import { periodName } from '../fiscal';
import type { FigureTree } from './figures';
import { COMMENT_STATUS_NAMES } from './model';
import type { DeviationRow } from './rows';

export type MoneyUnit = 'kr' | 'tkr';

const GREEN = 'FF14683A';
const RED = 'FFB3261E';

interface Column {
  header: string;
  width: number;
  value(r: DeviationRow): string | number | null;
  kind: 'text' | 'money' | 'percent' | 'deviation';
}

/**
 * The deviation grid as a formatted Excel workbook: a title, the rows in the
 * order the grid shows them (indented by level, nodes with rows below in
 * bold), amounts as numbers in the chosen unit with thousands separators,
 * deviations green or red, and a total row.
 */
export async function writeDeviationWorkbook(
  file: string,
  tree: FigureTree,
  rows: readonly DeviationRow[],
  total: DeviationRow,
  opts: { unit: MoneyUnit; administration: string; kommun: string },
): Promise<number> {
  const { default: Excel } = await import('exceljs');
  const divisor = opts.unit === 'tkr' ? 100_000 : 100;
  const money = (v: number | null) => (v === null ? null : v / divisor);
  const share = (part: number, of: number) => (of === 0 ? null : part / Math.abs(of));
  const columns: Column[] = [
    { header: 'Ansvar', width: 12, kind: 'text', value: (r) => (r.kind === 'group' ? '' : r.code) },
    { header: 'Namn', width: 42, kind: 'text', value: (r) => r.name },
    { header: `Budget helår (${opts.unit})`, width: 15, kind: 'money', value: (r) => money(r.budgetYear) },
    { header: `Budget ack (${opts.unit})`, width: 15, kind: 'money', value: (r) => money(r.budgetAcc) },
    { header: `Utfall ack (${opts.unit})`, width: 15, kind: 'money', value: (r) => money(r.actualAcc) },
    { header: `Avvikelse ack (${opts.unit})`, width: 15, kind: 'deviation', value: (r) => money(r.deviationAcc) },
    { header: 'Avvikelse ack %', width: 12, kind: 'percent', value: (r) => share(r.deviationAcc, r.budgetAcc) },
    { header: `Utfall ack fg år (${opts.unit})`, width: 16, kind: 'money', value: (r) => money(r.actualAccLastYear) },
    { header: `Prognos helår (${opts.unit})`, width: 15, kind: 'money', value: (r) => money(r.forecastYear) },
    { header: `Avvikelse budget–prognos (${opts.unit})`, width: 18, kind: 'deviation', value: (r) => money(r.deviationForecast) },
    { header: 'Kommentar', width: 14, kind: 'text', value: (r) => (r.commentStatus ? COMMENT_STATUS_NAMES[r.commentStatus] : '') },
    { header: 'Orsak', width: 60, kind: 'text', value: (r) => r.commentShort },
  ];

  const wb = new Excel.Workbook();
  wb.creator = 'Ramkoll';
  const ws = wb.addWorksheet('Avvikelser', { views: [{ state: 'frozen', ySplit: 4, xSplit: 2 }] });
  ws.columns = columns.map((c) => ({ width: c.width }));
  const title = `Avvikelser ${periodName(tree.period)}${tree.occasion ? ` – ${tree.occasion.name}` : ''}`;
  setText(ws.getCell('A1'), title);
  ws.getCell('A1').font = { bold: true, size: 14 };
  setText(
    ws.getCell('A2'),
    `${opts.administration}, ${opts.kommun}. Belopp i ${opts.unit}. Avvikelse = budget − utfall (positiv är gynnsam).${tree.source === 'snapshot' ? ` Låst ${tree.snapshotAt?.slice(0, 10) ?? ''}.` : ''}`,
  );
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF566474' } };
  const header = ws.getRow(4);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    cell.alignment = { vertical: 'middle', wrapText: true, horizontal: c.kind === 'text' ? 'left' : 'right' };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = 32;

  const numFmt = '#,##0;-#,##0;0';
  const write = (r: DeviationRow, excelRow: ExcelJS.Row, bold: boolean) => {
    columns.forEach((c, i) => {
      const cell = excelRow.getCell(i + 1);
      const v = c.value(r);
      // Text cells show what was written and never run (setText), whatever a comment starts with.
      if (c.kind === 'text' && typeof v === 'string') setText(cell, v);
      else cell.value = v;
      if (c.kind === 'money' || c.kind === 'deviation') cell.numFmt = numFmt;
      if (c.kind === 'percent') cell.numFmt = '0.0%';
      const colour = (c.kind === 'deviation' || c.kind === 'percent') && typeof v === 'number' && v !== 0 ? (v > 0 ? GREEN : RED) : undefined;
      cell.font = { bold, ...(colour ? { color: { argb: colour } } : {}), ...(r.kind === 'group' || r.kind === 'account' ? { italic: r.kind === 'group' } : {}) };
      if (i === 1) cell.alignment = { indent: Math.min(r.depth, 15) };
    });
  };
  let n = 5;
  for (const r of rows) write(r, ws.getRow(n++), r.hasChildren && (r.kind === 'node' || r.kind === 'unknown'));
  const totalRow = ws.getRow(n);
  write(total, totalRow, true);
  totalRow.eachCell((c) => (c.border = { top: { style: 'thin' }, bottom: { style: 'double' } }));
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: columns.length } };
  await wb.xlsx.writeFile(file);
  return rows.length;
}
