import type { Db } from '../../../db/index';
import { scanFile } from '../files/scan';
import { OrgTree } from '../figures/org-tree';
import { oreToDecimalString } from '../money';
import { periodChecker, periodRules } from './period-rules';
import { Accumulator } from './accumulator';
import { loadMasterData, unknownCodes } from './check-codes';
import { sniffFormat } from './check-format';
import { MAX_PROBLEMS, type LedgerReading, type ProgressFn, type ReadContext } from './check-reading';
import { readSieLedger } from './check-sie';
import { readTabularLedger } from './check-tabular';
import type { MappingProfile } from './profile';
import { checkInvestmentOutcome, investmentNotes } from './investment-outcome';
import { importWarnings, periodReplacements, replacedCodes, resolveScope, subtreeCodes, type ReplaceScopeInput } from './replace';
import type { LedgerCheck, LedgerFileInfo, LedgerProblem, ReplaceScope } from './types';

export type { ProgressFn } from './check-reading';

export interface LedgerRequest {
  path: string;
  profile: MappingProfile;
  /** The saved profile's name, for the batch record; null for the automatic mapping. */
  profileName: string | null;
  /** Only this period (YYYYMM): the period of a file without one, or the one period taken from a file with several. */
  period: number | null;
  /** Excel sheet, over the profile's. */
  sheet: string | null;
  /** The sum the user expects (öre), from the ekonomisystem's report. */
  expectedTotal: number | null;
  /** Which balances to replace, over the profile's ansvar scope; null or left out: the profile's. */
  scope?: ReplaceScopeInput | null;
}

export interface CheckedLedger {
  check: LedgerCheck;
  acc: Accumulator;
}

/** Largest ledger file accepted. */
export const MAX_LEDGER_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/**
 * Reads and checks a ledger file without writing anything: the preview, a
 * dry run and the first half of an import. Every row is mapped and checked;
 * problems are collected with line and column; the rows are summed per
 * kodsträng and period.
 */
export async function checkLedgerFile(db: Db, req: LedgerRequest, progress: ProgressFn = () => {}): Promise<CheckedLedger> {
  const scan = await scanFile(req.path, MAX_LEDGER_BYTES, (d, t) => progress('Kontrollerar filen', d, t));
  const profile: MappingProfile = { ...req.profile, ...(req.sheet !== null ? { sheet: req.sheet } : {}) };
  const { format, note: formatNote } = sniffFormat(scan, req.path, profile);
  const master = loadMasterData(db);
  const rules = periodRules(db);
  const acc = new Accumulator();
  const notes: string[] = formatNote ? [formatNote] : [];
  const info: LedgerFileInfo = { fileName: scan.fileName, sha256: scan.sha256, size: scan.size, format, encoding: null, delimiter: null, sheet: null, sheetNames: [] };
  const ctx: ReadContext = { file: req.path, scan, profile, period: req.period, master, rules, checkPeriod: periodChecker(rules), acc, notes, info, progress };
  const read = format === 'sie' ? await readSieLedger(ctx) : await readTabularLedger(ctx, format);

  if (read.skippedCount > read.skipped.length) notes.push(`${read.skippedCount} rader lämnades utanför (balanskonton, summarader …); de första ${read.skipped.length} listas.`);
  if (read.otherPeriodRows > 0) notes.push(`${read.otherPeriodRows} rader för andra perioder än ${req.period} lästes inte in.`);
  const fileProblemsList: LedgerProblem[] = [];
  if (acc.rows === 0 && read.problemCount === 0) {
    fileProblemsList.push({ line: 0, column: '', message: req.period !== null ? `filen har inga rader med utfall för period ${req.period}` : 'filen har inga rader med utfall' });
  }
  if (acc.overflow) fileProblemsList.push({ line: 0, column: 'Belopp', message: 'summorna blir för stora för att räknas exakt; filen kan inte vara ett riktigt utfall' });

  const fileUnknown = unknownCodes(acc, master, read.accountNames, read.responsibilityNames);
  // Investment outcome: the file's periods decide, as for the drift outcome; a project code the investment budget lacks is an unknown code.
  const inv = checkInvestmentOutcome(db, acc.investment, new Set(acc.periods.keys()));
  acc.investment.replaceWith(inv.kept);
  notes.push(...investmentNotes(inv.check));
  const unknown = [...fileUnknown, ...inv.unknown].sort((a, b) => a.dimension.localeCompare(b.dimension) || a.code.localeCompare(b.code, 'sv'));

  // The ansvar subtree the batch replaces, when the profile or the user limits it.
  const replaceScope = resolveScope(req.scope ?? null, read.usedProfile.scopeResponsibility);
  const scopeValid = checkScope(db, req, replaceScope, acc, fileProblemsList);
  if (req.expectedTotal !== null && req.expectedTotal !== acc.total) {
    fileProblemsList.push({
      line: 0,
      column: 'Kontrollsumma',
      message: `filens summa är ${oreToDecimalString(acc.total)} kr men kontrollsumman är ${oreToDecimalString(req.expectedTotal)} kr (skillnad ${oreToDecimalString(acc.total - req.expectedTotal)} kr)`,
    });
  }

  // What the import would replace, and what the user must confirm (an unknown scope ansvar is an error already).
  const codes = scopeValid ? replacedCodes(db, replaceScope, acc) : [];
  const check = ledgerCheck(db, req, { info, read, acc, notes, fileProblemsList, unknown, replaceScope, codes, investment: inv.check });
  if (check.errorCount > check.errors.length) {
    check.notes.push(`Filen har ${check.errorCount} fel; de första ${check.errors.length} visas.`);
  }
  return { check, acc };
}

/** Whether the ansvar the batch is limited to exists, and problems for the file's ansvar outside it; false for an unknown scope ansvar. */
function checkScope(db: Db, req: LedgerRequest, replaceScope: ReplaceScope, acc: Accumulator, fileProblemsList: LedgerProblem[]): boolean {
  const scope = replaceScope.responsibility;
  if (scope === null) return true;
  const by = req.scope !== undefined && req.scope !== null ? 'du har valt' : 'profilen begränsar inläsningen till';
  const tree = OrgTree.load(db);
  if (!tree.byCode.has(scope)) {
    fileProblemsList.push({ line: 0, column: 'Ansvar', message: `ansvaret ${scope}, som ${by}, finns inte i organisationen` });
    return false;
  }
  const inside = subtreeCodes(tree, scope);
  const outside = new Set<string>();
  for (const c of acc.codings) if (tree.byCode.has(c.responsibility) && !inside.has(c.responsibility)) outside.add(c.responsibility);
  for (const code of outside) {
    fileProblemsList.push({ line: 0, column: 'Ansvar', message: `ansvar ${code} ligger utanför ${scope}, som ${by}` });
  }
  return true;
}

interface CheckParts {
  info: LedgerFileInfo;
  read: LedgerReading;
  acc: Accumulator;
  notes: string[];
  fileProblemsList: LedgerProblem[];
  unknown: LedgerCheck['unknown'];
  replaceScope: ReplaceScope;
  codes: string[] | null;
  investment: LedgerCheck['investment'];
}

/** The check as the preview shows it, with what the import would replace and the warnings to confirm. */
function ledgerCheck(db: Db, req: LedgerRequest, p: CheckParts): LedgerCheck {
  const { acc, read } = p;
  const periods = [...acc.periods.keys()].sort((a, b) => a - b);
  const replacedPerPeriod = periodReplacements(db, acc, periods, p.codes);
  return {
    file: p.info,
    profile: read.usedProfile,
    profileName: req.profileName,
    headerLine: read.headerLine,
    headers: read.headers,
    columns: read.columns,
    columnNotes: read.columnNotes,
    preview: read.preview,
    rows: acc.rows,
    periods: periods.map(String),
    totalsPerPeriod: Object.fromEntries(periods.map((x) => [String(x), acc.periods.get(x)!.ore])),
    rowsPerPeriod: Object.fromEntries(periods.map((x) => [String(x), acc.periods.get(x)!.rows])),
    total: acc.total,
    balances: acc.balanceCount,
    transactions: acc.details.length,
    unknownCodes: p.unknown.length,
    unknown: p.unknown,
    skippedRows: read.skipped,
    skippedCount: read.skippedCount,
    errors: [...p.fileProblemsList, ...read.problems].slice(0, MAX_PROBLEMS),
    errorCount: read.problemCount + p.fileProblemsList.length,
    notes: p.notes,
    scopeResponsibility: p.replaceScope.responsibility,
    replaceScope: p.replaceScope,
    replacedResponsibilities: p.codes,
    replacedPerPeriod,
    warnings: importWarnings(db, acc, replacedPerPeriod, p.replaceScope, p.codes),
    expectedTotal: req.expectedTotal,
    investment: p.investment,
  };
}
