import type { FileScan } from '../files/scan';
import type { Accumulator } from './accumulator';
import type { MasterData } from './check-codes';
import type { PeriodRules } from './period-rules';
import type { MappingProfile } from './profile';
import type { LedgerCheck, LedgerFileInfo, LedgerProblem, PreviewRow, SkippedRow } from './types';

export type ProgressFn = (task: string, done: number, total: number | null) => void;

export const MAX_PROBLEMS = 1000;
export const PREVIEW_ROWS = 60;

/** What a reader of one file format is given: the file, the profile, the rules, and where the rows go. */
export interface ReadContext {
  file: string;
  scan: FileScan;
  profile: MappingProfile;
  /** Only this period (YYYYMM), or null for all. */
  period: number | null;
  master: MasterData;
  rules: PeriodRules;
  checkPeriod: (period: number) => string | null;
  acc: Accumulator;
  /** The readers add their notes here, in the order they arise. */
  notes: string[];
  /** The readers fill in the encoding, delimiter and sheet they found. */
  info: LedgerFileInfo;
  progress: ProgressFn;
}

/** What a reader found in the file, beside the rows summed into the accumulator. */
export interface LedgerReading {
  problems: LedgerProblem[];
  problemCount: number;
  skipped: SkippedRow[];
  skippedCount: number;
  preview: PreviewRow[];
  headerLine: number | null;
  headers: string[];
  columns: LedgerCheck['columns'];
  columnNotes: LedgerCheck['columnNotes'];
  usedProfile: MappingProfile;
  /** Rows of other periods than the one chosen, left out. */
  otherPeriodRows: number;
  accountNames: Map<string, string>;
  responsibilityNames: Map<string, string>;
}
