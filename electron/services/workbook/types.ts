import type { AccountGroup } from '../../../db/schema';
import type { CellValue } from './layout';

/** One change a workbook asks for, as the import applies it (derived again from the file when accepted: never taken from the caller). */
export type WorkbookOp =
  | { t: 'month'; lineId: string; month: number; ore: number }
  | { t: 'lineMonths'; lineId: string; months: number[] }
  | { t: 'newLine'; responsibility: string; account: string; months: number[] }
  | { t: 'change'; id: string; field: 'description' | 'amount_ore' | 'plan1_ore' | 'plan2_ore'; value: string | number }
  | { t: 'newChange'; responsibility: string; description: string; amounts: [number, number, number] }
  | { t: 'comment'; code: string; field: 'cause' | 'action' | 'action_effect_ore' | 'status'; value: string | number | null; fileStatus: string }
  | { t: 'forecast'; code: string; group: AccountGroup; ore: number };

/** A change in a file: where, on which node, what it was (in the database now) and what the file says. */
export interface WorkbookChange {
  /** Stable across readings of the same file: accept by it. */
  id: string;
  file: string;
  sheet: string;
  row: number;
  column: string;
  node: string;
  what: string;
  before: CellValue;
  after: CellValue;
  op: WorkbookOp;
  versionId: string | null;
  occasionId: string | null;
}

/** A cell changed both in the file and, since the export, by the controller: both values shown. */
export interface WorkbookConflict extends WorkbookChange {
  /** The value when the file was exported. */
  exported: CellValue;
}

/** A problem located in a file; text spells it out ("fil, blad, rad, kolumn: …"). */
export interface WorkbookProblem {
  file: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
  text: string;
}

/** A file that was identified (its hidden sheet holds): which node and round it answers for. */
export interface WorkbookFile {
  /** Its place among the files given (0-based): the way back to the caller's file reference. */
  index: number;
  file: string;
  workbookId: string;
  node: string;
  versionId: string | null;
  occasionId: string | null;
}

export interface WorkbookDiff {
  files: number;
  /** The identified files, in the order given (a file with errors in its rows is here too: it can be sent back). */
  workbooks: WorkbookFile[];
  changes: WorkbookChange[];
  conflicts: WorkbookConflict[];
  refused: WorkbookProblem[];
  errors: WorkbookProblem[];
}

export function problem(file: string, sheet: string | null, row: number | null, column: string | null, value: string | null, message: string): WorkbookProblem {
  const where = [file, sheet ? `blad ${sheet}` : null, row !== null ? `rad ${row}` : null, column ? `kolumn ${column}` : null].filter((x) => x !== null).join(', ');
  return { file, sheet, row, column, value, message, text: `${where}: ${message}${value !== null && value !== '' ? ` ("${value.length > 60 ? `${value.slice(0, 60)}…` : value}")` : ''}` };
}

