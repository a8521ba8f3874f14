import type ExcelJS from 'exceljs';

/** Text a spreadsheet would take as a formula (or a signed number) if it were typed in. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Writes text into an xlsx cell as a string cell: Excel shows it as written
 * and never runs it, whatever it starts with ("-2+3", "=HYPERLINK(…)"). Such
 * a text also gets the Text number format (@), so that editing the cell and
 * pressing Enter keeps it text. A leading apostrophe, which CSV needs, would
 * show in the cell here.
 */
export function setText(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  if (FORMULA_START.test(text)) cell.numFmt = '@';
}
