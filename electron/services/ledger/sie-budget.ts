import { scanFile } from '../files/scan';
import { MAX_LEDGER_BYTES } from './check';
import { detectSieEncoding, readSie, resolveSieBalances, type SieObject } from './sie';
import type { LedgerProblem, SkippedRow } from './types';

export interface SieBudgetRow {
  line: number;
  period: number;
  account: string;
  objects: SieObject[];
  ore: number;
}

export interface SieBudget {
  fileName: string;
  sha256: string;
  rows: SieBudgetRow[];
  totalsPerPeriod: Record<string, number>;
  accounts: Map<string, string>;
  objects: Map<string, string>;
  skippedRows: SkippedRow[];
  notes: string[];
  /** Bad values (period, account, amount), with the text found. */
  problems: LedgerProblem[];
}

/**
 * The #PBUDGET rows of a SIE file as a budget source: per account, objects
 * and period, with {} rows not counted twice beside object rows (as for
 * #PSALDO). Loading them into a budget version is the budget import's work.
 */
export async function readSieBudget(file: string, responsibilityDim = 1): Promise<SieBudget> {
  const scan = await scanFile(file, MAX_LEDGER_BYTES);
  const sie = await readSie(file, scan.fileName, { encoding: detectSieEncoding(scan), maxProblems: 1000 });
  const resolved = resolveSieBalances(sie.pbudget, responsibilityDim);
  const totals: Record<string, number> = {};
  for (const r of resolved.rows) totals[String(r.period)] = (totals[String(r.period)] ?? 0) + r.ore;
  return {
    fileName: scan.fileName,
    sha256: scan.sha256,
    rows: resolved.rows,
    totalsPerPeriod: totals,
    accounts: sie.accounts,
    objects: sie.objects,
    skippedRows: resolved.skipped,
    notes: [...sie.notes, ...resolved.notes],
    problems: sie.problems,
  };
}
