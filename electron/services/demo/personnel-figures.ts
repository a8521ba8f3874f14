import type { Db } from '../../../db/index';
import hrExport from '../../../resources/demo/personal-hr-export.csv';
import { detectDelimiter, parseCsv } from '../files/csv';
import { personnelRows, writePersonnelRows } from '../personnel/import';

/** The year the committed export was taken in: its periods are moved to the demo's year as every demo date is. */
const EXPORT_YEAR = 2026;

/**
 * The demo's personnel figures (issue 19 point 3): the committed HR export
 * (resources/demo/personal-hr-export.csv, per month and sektor for two
 * years, as the HR system writes it: BOM, semicolons, decimal comma, total
 * rows) read by the personnel import itself, for last year and the months
 * of this year that are closed on the demo's date.
 */
export function writeDemoPersonnelFigures(db: Db, opts: { year: number; outcomeMonths: number; siteId: string; at: string }): void {
  const text = hrExport.replace(/^\uFEFF/, '');
  const shift = (opts.year - EXPORT_YEAR) * 100;
  const rows = parseCsv(text, detectDelimiter(text.slice(0, 4096))).map((r) => ({ line: r.line, cells: r.fields.map((f) => f.trim()) }));
  const read = personnelRows(db, { fileName: 'personal-hr-export.csv', format: 'csv', rows: rows.filter((r) => r.cells.some((c) => c !== '')) }, { mapping: {}, period: null });
  const wanted = read.rows
    .map((r) => ({ ...r, period: r.period + shift }))
    .filter((r) => r.period < opts.year * 100 || r.period <= opts.year * 100 + opts.outcomeMonths);
  if (wanted.length > 0) writePersonnelRows(db, wanted, 'personal-hr-export.csv', opts.siteId, opts.at);
}
