import type { ExportData } from './export-data';
import { MONTH_HEADERS } from './export-layout';

const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';

/**
 * The detaljbudget as a formatted Excel workbook: one row per kodsträng with
 * names, the year amount and the twelve months in kronor, a frozen header,
 * a filter, and a total row with SUM formulas so the sheet stays live when
 * someone edits it. A second sheet says what the file is.
 */
export async function budgetXlsx(data: ExportData, meta: { kommun: string; administration: string; exportedAt: string }): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Ramkoll';
  wb.created = new Date(meta.exportedAt);
  const ws = wb.addWorksheet('Detaljbudget', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const columns = [
    { header: 'Ansvar', key: 'resp', width: 10 },
    { header: 'Ansvarsnamn', key: 'respName', width: 32 },
    { header: 'Konto', key: 'account', width: 8 },
    { header: 'Kontonamn', key: 'accountName', width: 32 },
    ...data.dimensions.map((d) => ({ header: d.name, key: `dim:${d.code}`, width: 12 })),
    { header: 'Årsbelopp', key: 'year', width: 16 },
    ...MONTH_HEADERS.map((h, i) => ({ header: h, key: `m${i + 1}`, width: 14 })),
  ];
  ws.columns = columns;
  const firstMoney = 5 + data.dimensions.length;
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
    ws.addRow(values);
  }
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  const last = data.rows.length + 1;
  const total = ws.addRow({ resp: 'Totalt' });
  total.font = { bold: true };
  for (let c = firstMoney; c < firstMoney + 13; c++) {
    const letter = ws.getColumn(c).letter;
    total.getCell(c).value = { formula: `SUM(${letter}2:${letter}${last})`, result: c === firstMoney ? data.totalOre / 100 : data.rows.reduce((s, r) => s + r.months[c - firstMoney - 1]!, 0) / 100 };
  }
  for (let c = firstMoney; c < firstMoney + 13; c++) ws.getColumn(c).numFmt = MONEY_FORMAT;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  const info = wb.addWorksheet('Om filen');
  info.columns = [
    { header: 'Uppgift', key: 'k', width: 24 },
    { header: 'Värde', key: 'v', width: 60 },
  ];
  info.getRow(1).font = { bold: true };
  info.addRows([
    { k: 'Kommun', v: meta.kommun },
    { k: 'Förvaltning', v: meta.administration },
    { k: 'Budgetversion', v: data.version.name },
    { k: 'Budgetår', v: data.version.year },
    { k: 'Exporterad', v: meta.exportedAt },
    { k: 'Kodsträngar', v: data.rows.length },
    { k: 'Belopp', v: 'kronor; kostnader positiva, intäkter negativa' },
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
