/** A row of a small table file as text (master data, detaljbudget, styrtal). */
export interface SheetRow {
  /** Row number as Excel shows it (1-based), or the CSV line. */
  line: number;
  cells: string[];
}
