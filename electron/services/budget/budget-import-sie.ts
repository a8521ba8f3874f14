import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { canonicalDims } from '../coding';
import { RESPONSIBILITY } from '../dimensions';
import { readSieBudget } from '../ledger/sie-budget';
import type { SieObject } from '../ledger/sie';
import { looksLikeSie } from '../ledger/sie';
import { fileProblems } from '../problems';
import type { NewBudgetLine } from './lines';
import { Periodiser } from './periodisation';
import { BUILT_IN_PROFILES } from './profiles';
import { Accounts, Org } from './planning-common';

export const SIE_EXTENSIONS = ['se', 'si', 'sie'] as const;

/** A SIE file by its name (.se, .si, .sie) or by its first line (#FLAGGA, #SIETYP …), whatever it is called. */
export function isSieFile(file: string): boolean {
  if ((SIE_EXTENSIONS as readonly string[]).includes(path.extname(file).slice(1).toLowerCase())) return true;
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return looksLikeSie(head.subarray(0, n));
  } catch {
    // Whoever reads the file next says what is wrong with it.
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

export interface SieBudgetLine extends NewBudgetLine {
  /** Where the kodsträng first appears in the file. */
  line: number;
}

export interface SieBudgetLines {
  fileName: string;
  lines: SieBudgetLine[];
  year: number;
  /** #PBUDGET rows read into lines. */
  rows: number;
  notes: string[];
}

const MAX_PROBLEMS = 500;
const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

/**
 * The profiles a SIE file's months are recognised by, in the order they are
 * tried: the built-in ones, then custom ones. Last year's outcome is left
 * out: it follows the outcome, which may still change, so months that
 * happen to match it are kept as typed (manual).
 */
function candidateProfiles(db: Db): string[] {
  const rows = db.all(db.q.selectFrom('periodisation_profile').select(['id', 'code', 'kind', 'name']).where('deleted_at', 'is', null).where('kind', '!=', 'last_year'));
  const builtIn = BUILT_IN_PROFILES.map((p) => p.code);
  const rank = (code: string) => (builtIn.includes(code) ? builtIn.indexOf(code) : builtIn.length);
  return rows.sort((a, b) => rank(a.code) - rank(b.code) || a.name.localeCompare(b.name, 'sv') || a.code.localeCompare(b.code)).map((r) => r.id);
}

/**
 * A detaljbudget from the #PBUDGET rows of a SIE file (as an ekonomisystem
 * or Ramkoll's own export writes it): per period, account and objects, one
 * budget line per kodsträng with its twelve months. A kodsträng whose months
 * are what a periodisering profile gives for their sum gets that profile;
 * the others keep their months as typed (manual). Objects map to Ramkoll's
 * dimensions by their SIE number; {} total rows beside object rows are not
 * counted twice. Every row is checked against the kontoplan and the
 * organisation, and any problem stops the import with file, line and
 * column named. Reads only.
 */
export async function readSieBudgetLines(db: Db, file: string): Promise<SieBudgetLines> {
  const sieDims = new Map<number, string>();
  for (const d of db.all(db.q.selectFrom('dimension').select(['code', 'sie_dimension']).where('deleted_at', 'is', null))) {
    if (d.sie_dimension !== null) sieDims.set(d.sie_dimension, d.code);
  }
  const respDim = [...sieDims].find(([, code]) => code === RESPONSIBILITY)?.[0] ?? 1;
  const sie = await readSieBudget(file, respDim);
  const fileName = sie.fileName;
  const problems: ProblemDetail[] = sie.problems.map((p) => ({ file: fileName, line: p.line, column: p.column, ...(p.value !== undefined ? { value: p.value } : {}), message: p.message }));
  const problem = (line: number, column: string, value: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file: fileName, line, column, ...(value !== '' ? { value } : {}), message });
  };
  if (sie.rows.length === 0 && problems.length === 0) {
    throw new RamkollError('BAD_FILE', `${fileName}: SIE-filen har inga #PBUDGET-rader (budget) för år 0. Utfall (#PSALDO, #TRANS) läses in under Import, inte som budget.`, [
      { file: fileName, line: 0, message: 'inga #PBUDGET-rader' },
    ]);
  }

  const accounts = new Accounts(db);
  const org = new Org(db);
  const ignoredDims = new Set<number>();
  const byCoding = new Map<string, SieBudgetLine>();
  let year: number | null = null;
  // A kodsträng has twelve #PBUDGET rows (a month each): one that checked out is found again by its account and objects
  // as written. readSie gives rows with the same object list one array, so that array and the account find it.
  const checked = new Map<SieObject[], Map<string, SieBudgetLine>>();
  for (const r of sie.rows) {
    let ok = true;
    const y = Math.floor(r.period / 100);
    if (year === null) year = y;
    else if (y !== year) {
      problem(r.line, 'period', String(r.period), `perioden hör till ${y}, men filen gäller ${year}; en fil ska gälla ett budgetår`);
      ok = false;
    }
    const seen = ok ? checked.get(r.objects)?.get(r.account) : undefined;
    if (seen) {
      (seen.months as number[])[(r.period % 100) - 1]! += r.ore;
      seen.yearOre += r.ore;
      continue;
    }
    if (!accounts.byCode.has(r.account)) {
      problem(r.line, 'konto', r.account, `konto ${r.account} finns inte i kontoplanen`);
      ok = false;
    }
    let responsibility = '';
    const dims: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const o of r.objects) {
      const code = sieDims.get(o.dim);
      if (code === undefined) ignoredDims.add(o.dim);
      else if (code === RESPONSIBILITY) responsibility = o.code;
      else if (!CODE.test(o.code)) {
        problem(r.line, 'objekt', o.code, `objektet i dimension ${o.dim} får bara innehålla bokstäver, siffror, punkt, bindestreck och understreck`);
        ok = false;
      } else dims[code] = o.code;
    }
    if (responsibility === '') {
      problem(r.line, 'objekt', '', `raden har inget ansvar (objekt i dimension ${respDim})`);
      ok = false;
    } else if (!org.tree.byCode.has(responsibility)) {
      problem(r.line, 'objekt', responsibility, `ansvar ${responsibility} finns inte i organisationen`);
      ok = false;
    }
    if (!ok) continue;
    const dimsText = canonicalDims(dims);
    const key = `${r.account}\u0000${responsibility}\u0000${dimsText}`;
    let l = byCoding.get(key);
    if (!l) byCoding.set(key, (l = { line: r.line, account: r.account, responsibility, dims, yearOre: 0, months: new Array<number>(12).fill(0) }));
    let byAccount = checked.get(r.objects);
    if (!byAccount) checked.set(r.objects, (byAccount = new Map()));
    byAccount.set(r.account, l);
    (l.months as number[])[(r.period % 100) - 1]! += r.ore;
    l.yearOre += r.ore;
  }
  if (problems.length > 0) throw fileProblems(fileName, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  const notes = [...sie.notes];
  const totals = sie.skippedRows.length;
  if (totals > 0) notes.push(`${totals} #PBUDGET-rad${totals === 1 ? '' : 'er'} utan objekt (totaler) eller i en annan uppdelning hoppades över; objektraderna används.`);
  for (const dim of [...ignoredDims].sort((a, b) => a - b)) notes.push(`Dimension ${dim} finns inte i Ramkoll; beloppen läses in utan den dimensionen.`);

  const periodiser = new Periodiser(db, year!);
  const profiles = candidateProfiles(db);
  const lines: SieBudgetLine[] = [];
  let zero = 0;
  let manual = 0;
  for (const l of byCoding.values()) {
    const months = l.months!;
    if (months.every((m) => m === 0)) {
      zero++;
      continue;
    }
    const profileId = profiles.find((p) => periodiser.periodise(p, l.yearOre, null).months.every((m, i) => m === months[i]));
    if (profileId === undefined) {
      manual++;
      lines.push(l);
    } else {
      lines.push({ line: l.line, account: l.account, responsibility: l.responsibility, dims: l.dims!, yearOre: l.yearOre, profileId });
    }
  }
  if (lines.length === 0) {
    throw new RamkollError('BAD_FILE', `${fileName}: alla #PBUDGET-belopp summerar till noll per kodsträng; det finns ingen budget att läsa in.`, [{ file: fileName, line: 0, message: 'bara nollor' }]);
  }
  if (zero > 0) notes.push(`${zero} kodsträng${zero === 1 ? '' : 'ar'} med bara nollor hoppades över.`);
  if (lines.length > 0) notes.push(`${lines.length - manual} av ${lines.length} kodsträngar följer en periodiseringsprofil; ${manual} får månaderna som i filen (manuell fördelning).`);
  return { fileName, lines, year: year!, rows: sie.rows.length, notes };
}
