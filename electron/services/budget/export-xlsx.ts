import { FORMULA_START } from '../files/xlsx-text';
import type { ExportData } from './export-data';
import { MONTH_HEADERS } from './export-layout';

const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';

/**
 * Writes the detaljbudget as a formatted Excel workbook to `file`: one row
 * per kodsträng with names, the year amount and the twelve months in kronor,
 * a frozen header, a filter, and a total row with SUM formulas so the sheet
 * stays live when someone edits it. A second sheet says what the file is.
 * Streamed row by row: a budget of 50 000 lines would take many seconds and
 * much memory as a workbook held whole.
 */
export async function writeBudgetXlsx(file: string, data: ExportData, meta: { kommun: string; administration: string; exportedAt: string }): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Ramkoll';
  wb.created = new Date(meta.exportedAt);
  const moneyColumns = 13;
  const firstMoney = 5 + data.dimensions.length;
  const columnCount = firstMoney - 1 + moneyColumns;
  const ws = wb.addWorksheet('Detaljbudget', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  ws.columns = [
    { header: 'Ansvar', key: 'resp', width: 10 },
    { header: 'Ansvarsnamn', key: 'respName', width: 32 },
    { header: 'Konto', key: 'account', width: 8 },
    { header: 'Kontonamn', key: 'accountName', width: 32 },
    ...data.dimensions.map((d) => ({ header: d.name, key: `dim:${d.code}`, width: 12 })),
    { header: 'Årsbelopp', key: 'year', width: 16, style: { numFmt: MONEY_FORMAT } },
    ...MONTH_HEADERS.map((h, i) => ({ header: h, key: `m${i + 1}`, width: 14, style: { numFmt: MONEY_FORMAT } })),
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  header.commit();
  const totals = new Array<number>(moneyColumns).fill(0);
  for (const r of data.rows) {
    const values: Record<string, string | number> = {
      resp: r.responsibility,
      respName: r.responsibilityName,
      account: r.account,
      accountName: r.accountName,
      year: r.yearOre / 100,
    };
    for (const d of data.dimensions) values[`dim:${d.code}`] = r.dims[d.code] ?? '';
    r.months.forEach((m, i) => (values[`m${i + 1}`] = m / 100));
    totals[0]! += r.yearOre;
    r.months.forEach((m, i) => (totals[i + 1]! += m));
    const row = ws.addRow(values);
    // Names are text cells; one that looks like a formula keeps the Text format when edited too.
    for (const [key, v] of Object.entries(values)) if (typeof v === 'string' && FORMULA_START.test(v)) row.getCell(key).numFmt = '@';
    row.commit();
  }
  const last = data.rows.length + 1;
  const total = ws.addRow({ resp: 'Totalt' });
  total.font = { bold: true };
  for (let c = firstMoney; c < firstMoney + moneyColumns; c++) {
    const letter = ws.getColumn(c).letter;
    total.getCell(c).value = { formula: `SUM(${letter}2:${letter}${last})`, result: totals[c - firstMoney]! / 100 };
  }
  total.commit();
  ws.commit();

  const info = wb.addWorksheet('Om filen');
  info.columns = [
    { header: 'Uppgift', key: 'k', width: 24 },
    { header: 'Värde', key: 'v', width: 60 },
  ];
  info.getRow(1).font = { bold: true };
  for (const row of [
    { k: 'Kommun', v: meta.kommun },
    { k: 'Förvaltning', v: meta.administration },
    { k: 'Budgetversion', v: data.version.name },
    { k: 'Budgetår', v: data.version.year },
    { k: 'Exporterad', v: meta.exportedAt },
    { k: 'Kodsträngar', v: data.rows.length },
    { k: 'Belopp', v: 'kronor; kostnader positiva, intäkter negativa' },
  ]) {
    info.addRow(row).commit();
  }
  info.commit();
  await wb.commit();
}
