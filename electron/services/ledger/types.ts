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

/**
 * Which balances of the file's periods an import replaces: all of them, those
 * of one ansvar and everything under it, or only those of the ansvar the file
 * has rows for (a correction of some ansvar).
 */
export interface ReplaceScope {
  kind: 'period' | 'subtree' | 'file';
  /** The ansvar of a subtree scope; null otherwise. */
  responsibility: string | null;
}

/** What an import does to one period, within its scope. */
export interface PeriodReplacement {
  /** The outcome in the database now (öre). */
  before: number;
  /** The outcome after the import: the file's total for the period (öre). */
  after: number;
  /** after − before (öre). */
  difference: number;
  /** Balances (kodsträngar) now in the database that the import replaces. */
  balancesReplaced: number;
  /** Balances (kodsträngar) the file brings for the period. */
  fileBalances: number;
}

/** Something the user must confirm before the import goes ahead. */
export interface ImportWarning {
  /** fewBalances: far fewer kodsträngar than the period holds now; lockedPeriod: a locked occasion has reported the period. */
  kind: 'fewBalances' | 'lockedPeriod';
  period: string;
  message: string;
}

/** The investment outcome a file brings, per project, for the preview, a dry run and the import. */
export interface InvestmentOutcomeCheck {
  /** Rows of the file that count as investment outcome. */
  rows: number;
  /** Their sum (öre). */
  total: number;
  projects: {
    code: string;
    /** The project's name in the investment budget; null when the code is not a project there. */
    name: string | null;
    known: boolean;
    ore: number;
    rows: number;
    /** Per period (YYYYMM): öre. */
    perPeriod: Record<string, number>;
    accounts: string[];
  }[];
  /** Investment rows of periods without drift outcome in the file: left out (a batch replaces the file's periods). */
  leftOutRows: number;
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
  /** Per column of a tabular file: what the detection read it as (null: not read) and why. */
  columnNotes: { index: number; read: string | null; why: string }[];
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
  /** The ansvar subtree the import replaces (replaceScope's responsibility), or null. */
  scopeResponsibility: string | null;
  replaceScope: ReplaceScope;
  /** The ansvar codes whose balances are replaced; null for the whole periods. */
  replacedResponsibilities: string[] | null;
  /** Per period of the file: the outcome now and after, and how many balances are replaced. */
  replacedPerPeriod: Record<string, PeriodReplacement>;
  /** What the user must confirm before a real import (nothing is written without it). */
  warnings: ImportWarning[];
  expectedTotal: number | null;
  /** Investment outcome: class-1 rows with a project code, per project (investment-outcome.ts). */
  investment: InvestmentOutcomeCheck;
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
  /** The file has warnings and the import was not confirmed: nothing was written. */
  needsConfirmation: boolean;
}

/** What the detection decided for one column, and why, for the preview. */
export interface ColumnNote {
  index: number;
  /** What the column is read as ("Konto", "Belopp för 2026-03"), or null when it is not read. */
  read: string | null;
  why: string;
}

/** A required column the detection could not place, and why. */
export interface MissingColumn {
  field: 'account' | 'responsibility' | 'amount' | 'period';
  message: string;
}

export interface ResolvedMapping {
  /** Line of the (last) header row, or null when the file has none (columns by position). */
  headerLine: number | null;
  /** Line of the first header row: a header of two rows ("Ansvar" over "Kod" and "Namn") starts a line earlier. */
  headerFrom: number | null;
  /** Header texts by column index ('' where none); two header rows are joined ("Ansvar Kod"). */
  headers: string[];
  columns: Partial<Record<LedgerField, number>>;
  /** Further dimensions: dimension code -> column index. */
  extraDims: Record<string, number>;
  nameColumns: { account?: number; responsibility?: number };
  /** Months as columns (a report across the year): [column, period]; each column holds the amount of its period. */
  periodColumns: [number, number][];
  /** The year of a month column that has none, from a title line ("Utfall 2026"). */
  year: number | null;
  /** The Kredit column is written negative already, so it is added, not subtracted. */
  creditSigned: boolean;
  notes: ColumnNote[];
  missing: MissingColumn[];
}
