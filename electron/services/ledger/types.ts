import type { MappingProfile, LedgerField } from './profile';

/** One problem in a ledger file: where (line 0 = the file as a whole), which column, and what was found. */
export interface LedgerProblem {
  line: number;
  column: string;
  message: string;
  value?: string;
}

/** A row that was left out on purpose (a total row, a title line), with the reason. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** Rows left out are listed up to this many (a transaction export may leave out half its rows: balance accounts); the rest are counted. */
export const MAX_SKIPPED_LISTED = 1000;

/** A row of the file as the preview shows it. */
export interface PreviewRow {
  line: number;
  role: 'title' | 'header' | 'data' | 'skipped' | 'error';
  cells: string[];
  /** Cells with problems: column index (-1: the row) and what is wrong. */
  problems: { index: number; message: string }[];
  reason?: string;
}

/** A code the master data does not have: loaded all the same, and shown in its own bucket. */
export interface UnknownCode {
  /** 'konto', 'ansvar' or another dimension's code. */
  dimension: string;
  code: string;
  /** The name the file gives it, if any. */
  name: string | null;
  rows: number;
  ore: number;
}

export interface LedgerFileInfo {
  fileName: string;
  sha256: string;
  size: number;
  format: 'csv' | 'xlsx' | 'xls' | 'sie';
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheetNames: string[];
}

/** What a check of a ledger file found: the same for the preview, a dry run and a real import. */
export interface LedgerCheck {
  file: LedgerFileInfo;
  /** The profile as used, with the columns found (to show, correct and save). */
  profile: MappingProfile;
  profileName: string | null;
  /** Tabular files: the header row and the columns of each field. */
  headerLine: number | null;
  headers: string[];
  columns: Partial<Record<LedgerField, number>>;
  preview: PreviewRow[];
  /** Rows that count (data rows of a table, #PSALDO or #TRANS rows of SIE). */
  rows: number;
  periods: string[];
  totalsPerPeriod: Record<string, number>;
  rowsPerPeriod: Record<string, number>;
  total: number;
  /** Balances (kodsträng × period) the import writes. */
  balances: number;
  transactions: number;
  unknownCodes: number;
  unknown: UnknownCode[];
  /** The first MAX_SKIPPED_LISTED rows left out, in file order. */
  skippedRows: SkippedRow[];
  /** All rows left out, also those not listed. */
  skippedCount: number;
  errors: LedgerProblem[];
  /** All problems, also those not listed (errors holds at most the first 1000). */
  errorCount: number;
  notes: string[];
  scopeResponsibility: string | null;
  expectedTotal: number | null;
}

export interface LedgerImportResult extends LedgerCheck {
  /** The new batch; null for a dry run, a file with errors, or a file that changes nothing. */
  batch: string | null;
  applied: boolean;
  dryRun: boolean;
  /** The file's outcome is already in the database: nothing was changed. */
  unchanged: boolean;
  /** Balances the batch replaced (kept so that undo can restore them). */
  replacedBalances: number;
}
