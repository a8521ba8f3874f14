import iconv from 'iconv-lite';
import { neutraliseFormula, type ExportData, type ExportRow } from './export-data';
import { formatAmount, formatPeriod, type ExportLayout, type LayoutColumn } from './export-layout';

function quote(field: string, delimiter: string): string {
  return field.includes(delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r') ? `"${field.replace(/"/g, '""')}"` : field;
}

function textCell(text: string, delimiter: string): string {
  return quote(neutraliseFormula(text), delimiter);
}

function cellOf(c: LayoutColumn, row: ExportRow, data: ExportData, layout: ExportLayout, month: number | null): string {
  const d = layout.delimiter;
  switch (c.field) {
    case 'account':
      return textCell(row.account, d);
    case 'account_name':
      return textCell(row.accountName, d);
    case 'responsibility':
      return textCell(row.responsibility, d);
    case 'responsibility_name':
      return textCell(row.responsibilityName, d);
    case 'year_amount':
      return formatAmount(row.yearOre, layout);
    case 'period':
      return formatPeriod(data.version.year, month!, layout.periodFormat);
    case 'period_amount':
      return formatAmount(row.months[month! - 1]!, layout);
    case 'version':
      return textCell(data.version.name, d);
    case 'year':
      return String(data.version.year);
    case 'fixed':
      return textCell(c.value ?? '', d);
    default:
      if (c.field.startsWith('dim:')) return textCell(row.dims[c.field.slice(4)] ?? '', d);
      return formatAmount(row.months[Number(c.field.slice(6)) - 1]!, layout);
  }
}

/** The detaljbudget as CSV bytes in the layout's columns, delimiter, numbers and encoding. */
export function budgetCsv(data: ExportData, layout: ExportLayout): { bytes: Buffer; rows: number } {
  const out: string[] = [];
  if (layout.header) out.push(layout.columns.map((c) => textCell(c.header, layout.delimiter)).join(layout.delimiter));
  let rows = 0;
  for (const row of data.rows) {
    if (layout.shape === 'wide') {
      if (layout.skipZero && row.yearOre === 0 && row.months.every((m) => m === 0)) continue;
      out.push(layout.columns.map((c) => cellOf(c, row, data, layout, null)).join(layout.delimiter));
      rows++;
    } else {
      for (let m = 1; m <= 12; m++) {
        if (layout.skipZero && row.months[m - 1] === 0) continue;
        out.push(layout.columns.map((c) => cellOf(c, row, data, layout, m)).join(layout.delimiter));
        rows++;
      }
    }
  }
  const text = out.join('\r\n') + '\r\n';
  const bytes =
    layout.encoding === 'windows-1252'
      ? iconv.encode(text, 'windows-1252')
      : Buffer.concat([layout.encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  return { bytes, rows };
}
