import path from 'node:path';
import type { Db } from '../../../db/index';
import { isRamkollError, RamkollError } from '../../../db/errors';
import { canonicalDims } from '../coding';
import { RESPONSIBILITY } from '../dimensions';
import { streamCsv } from '../files/csv-stream';
import { detectEncoding, looksBinary, type DetectedEncoding } from '../files/encoding';
import { scanFile, type FileScan } from '../files/scan';
import { CFB_SIGNATURE, readXls } from '../files/xls';
import { streamXlsx } from '../files/xlsx-stream';
import { OrgTree } from '../figures/org-tree';
import { oreToDecimalString } from '../money';
import { periodChecker, periodRules } from './period-rules';
import { Accumulator } from './accumulator';
import { mappingAsProfile, resolveMapping, type ResolvedMapping } from './mapping';
import { PARALLEL_MIN_BYTES, processRange, rangeWorkerScript, runRangeInWorker, splitPoint, type RangeJob, type RangeResult } from './parallel';
import { chunkDecoder } from '../files/csv-stream';
import { detectDelimiter } from '../files/csv';
import fs from 'node:fs';
import type { SheetCell } from '../files/xlsx-stream';
import type { MappingProfile } from './profile';
import { detectSieEncoding, looksLikeSie, readSie, resolveSieBalances, type SieObject } from './sie';
import { TabularProcessor } from './tabular';
import { checkInvestmentOutcome, investmentNotes, isInvestmentRow } from './investment-outcome';
import { importWarnings, periodReplacements, replacedCodes, resolveScope, subtreeCodes, type ReplaceScopeInput } from './replace';
import { MAX_SKIPPED_LISTED, type LedgerCheck, type LedgerFileInfo, type LedgerProblem, type PreviewRow, type SkippedRow, type UnknownCode } from './types';

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

export type ProgressFn = (task: string, done: number, total: number | null) => void;

export interface CheckedLedger {
  check: LedgerCheck;
  acc: Accumulator;
}

/** Largest ledger file accepted. */
export const MAX_LEDGER_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const MAX_PROBLEMS = 1000;
const PREVIEW_ROWS = 60;

type Format = LedgerFileInfo['format'];

function sniffFormat(scan: FileScan, file: string, profile: MappingProfile): { format: Format; note: string | null } {
  const ext = path.extname(file).toLowerCase();
  const head = scan.head;
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const isCfb = head.length >= 8 && head.subarray(0, 8).equals(CFB_SIGNATURE);
  // The content decides for Excel files, whatever the profile or the name says: a zip is never handed to the .xls reader.
  if (isZip) return { format: 'xlsx', note: null };
  if (isCfb) return { format: 'xls', note: null };
  if (profile.format !== 'auto' && profile.format !== 'csv') return { format: profile.format, note: null };
  if (ext === '.xlsx' || ext === '.xlsm') return { format: 'xlsx', note: null };
  if (ext === '.xls') {
    const text = head.subarray(0, 2048).toString('latin1').toLowerCase();
    if (/<html|<table|<\?xml/.test(text)) {
      throw new RamkollError('BAD_FILE', `${scan.fileName} heter .xls men är en HTML- eller XML-tabell, inte en Excel-fil. Öppna den i Excel och spara som .xlsx eller CSV.`, [
        { file: scan.fileName, message: 'HTML/XML i stället för Excel' },
      ]);
    }
    return { format: 'csv', note: `${scan.fileName} heter .xls men är en textfil; den lästes som CSV/text.` };
  }
  if (profile.format === 'auto' && (looksLikeSie(head) || ['.se', '.si', '.sie'].includes(ext))) return { format: 'sie', note: null };
  return { format: 'csv', note: null };
}

interface MasterData {
  accounts: Set<string>;
  responsibilities: Set<string>;
  /** Dimensions with any values: code -> values. Dimensions without master data are not checked. */
  dims: Map<string, Set<string>>;
  /** SIE dimension number -> dimension code. */
  sieDims: Map<number, string>;
}

function loadMasterData(db: Db): MasterData {
  const accounts = new Set(db.all(db.q.selectFrom('account').select('code').where('deleted_at', 'is', null)).map((r) => r.code));
  const rows = db.all(
    db.q
      .selectFrom('dimension_value as v')
      .innerJoin('dimension as d', 'd.id', 'v.dimension_id')
      .select(['d.code as dim', 'v.code'])
      .where('v.deleted_at', 'is', null),
  );
  const dims = new Map<string, Set<string>>();
  for (const r of rows) {
    let s = dims.get(r.dim);
    if (!s) dims.set(r.dim, (s = new Set()));
    s.add(r.code);
  }
  const responsibilities = dims.get(RESPONSIBILITY) ?? new Set<string>();
  dims.delete(RESPONSIBILITY);
  const sieDims = new Map<number, string>();
  for (const d of db.all(db.q.selectFrom('dimension').select(['code', 'sie_dimension']).where('deleted_at', 'is', null))) {
    if (d.sie_dimension !== null) sieDims.set(d.sie_dimension, d.code);
  }
  return { accounts, responsibilities, dims, sieDims };
}

function orderedPeriods(acc: Accumulator): number[] {
  return [...acc.periods.keys()].sort((a, b) => a - b);
}

/**
 * Reads and checks a ledger file without writing anything: the preview, a
 * dry run and the first half of an import. Every row is mapped and checked;
 * problems are collected with line and column; the rows are summed per
 * kodsträng and period.
 */
export async function checkLedgerFile(db: Db, req: LedgerRequest, progress: ProgressFn = () => {}): Promise<CheckedLedger> {
  const scan = await scanFile(req.path, MAX_LEDGER_BYTES, (d, t) => progress('Kontrollerar filen', d, t));
  const fileName = scan.fileName;
  const profile: MappingProfile = { ...req.profile, ...(req.sheet !== null ? { sheet: req.sheet } : {}) };
  const { format, note: formatNote } = sniffFormat(scan, req.path, profile);
  const master = loadMasterData(db);
  const rules = periodRules(db);
  const baseCheck = periodChecker(rules);
  const acc = new Accumulator();
  const notes: string[] = formatNote ? [formatNote] : [];
  let otherPeriodRows = 0;
  const selectPeriod = req.period;
  const info: LedgerFileInfo = { fileName, sha256: scan.sha256, size: scan.size, format, encoding: null, delimiter: null, sheet: null, sheetNames: [] };
  let problems: LedgerProblem[] = [];
  let problemCount = 0;
  let skipped: SkippedRow[] = [];
  let skippedCount = 0;
  let preview: PreviewRow[] = [];
  let headerLine: number | null = null;
  let headers: string[] = [];
  let columns: LedgerCheck['columns'] = {};
  let columnNotes: LedgerCheck['columnNotes'] = [];
  let usedProfile = profile;
  const accountNames = new Map<string, string>();
  const responsibilityNames = new Map<string, string>();

  if (format === 'sie') {
    const enc = detectSieEncoding(scan);
    info.encoding = enc.encoding;
    if (enc.note) notes.push(enc.note);
    const respDim = [...master.sieDims].find(([, code]) => code === RESPONSIBILITY)?.[0] ?? 1;
    const ignoredDims = new Set<number>();
    const toCoding = (objects: SieObject[]) => {
      let responsibility = '';
      const dims: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const o of objects) {
        const code = master.sieDims.get(o.dim);
        if (code === undefined) ignoredDims.add(o.dim);
        else if (code === RESPONSIBILITY) responsibility = o.code;
        else dims[code] = o.code;
      }
      return { responsibility, dims: canonicalDims(dims) };
    };
    const transAcc = new Accumulator();
    const sieProblems: LedgerProblem[] = [];
    const balanceSkipped: SkippedRow[] = [];
    // A SIE 4E file has a balance-account row in most vouchers: counted, and only the first listed.
    let balanceRows = 0;
    // #PSALDO rows of investment accounts with a project: not read (see the note below).
    let sieInvestmentBalances = 0;
    const take = (line: number, period: number, account: string): boolean => {
      if (account[0] === '1' || account[0] === '2') {
        if (++balanceRows <= MAX_SKIPPED_LISTED) balanceSkipped.push({ line, reason: `balanskonto ${account} (klass 1–2) hör inte till utfallet` });
        return false;
      }
      return periodTaken(line, period);
    };
    const periodTaken = (line: number, period: number): boolean => {
      if (selectPeriod !== null && period !== selectPeriod) {
        otherPeriodRows++;
        return false;
      }
      const why = baseCheck(period);
      if (why) {
        sieProblems.push({ line, column: 'period', message: why, value: String(period) });
        return false;
      }
      return true;
    };
    const sie = await readSie(req.path, fileName, {
      encoding: enc,
      maxProblems: MAX_PROBLEMS,
      onProgress: (d, t) => progress('Läser SIE-filen', d, t),
      onTransaction: (t) => {
        // A voucher row on an investment account with a project object is investment outcome (a movement, unlike a class-1 #PSALDO).
        if (t.account[0] === '1') {
          const ic = toCoding(t.objects);
          if (isInvestmentRow(t.account, ic.dims)) {
            if (periodTaken(t.line, t.period)) acc.addInvestment(t.account, ic.dims, t.period, t.ore);
            return;
          }
        }
        if (!take(t.line, t.period, t.account)) return;
        const c = toCoding(t.objects);
        transAcc.add({
          line: t.line,
          account: t.account,
          responsibility: c.responsibility,
          dims: c.dims,
          period: t.period,
          ore: t.ore,
          detail: { date: t.date, voucher: t.voucher, text: t.text, counterpartyName: null },
        });
      },
    });
    for (const [code, name] of sie.accounts) accountNames.set(code, name);
    for (const [key, name] of sie.objects) {
      const [dim, code] = key.split('\t') as [string, string];
      if (master.sieDims.get(Number(dim)) === RESPONSIBILITY) responsibilityNames.set(code, name);
    }
    notes.push(...sie.notes);
    headers = ['Period', 'Konto', 'Ansvar', 'Övriga objekt', 'Belopp'];
    if (sie.psaldo.length > 0) {
      const resolved = resolveSieBalances(sie.psaldo, respDim);
      skipped = resolved.skipped;
      notes.push(...resolved.notes);
      for (const r of resolved.rows) {
        if (r.account[0] === '1' && isInvestmentRow(r.account, toCoding(r.objects).dims)) sieInvestmentBalances++;
        if (!take(r.line, r.period, r.account)) continue;
        const c = toCoding(r.objects);
        acc.add({ line: r.line, account: r.account, responsibility: c.responsibility, dims: c.dims, period: r.period, ore: r.ore });
        if (preview.length < PREVIEW_ROWS) {
          preview.push({ line: r.line, role: 'data', cells: [String(r.period), r.account, c.responsibility, c.dims, oreToDecimalString(r.ore)], problems: [] });
        }
      }
      for (const d of transAcc.details) {
        const c = transAcc.codings[d.coding]!;
        acc.details.push({ ...d, coding: acc.codingOf(c.account, c.responsibility, c.dims) });
      }
      transAcc.details.close();
      notes.push(
        `Utfallet tas från ${sie.psaldo.length} #PSALDO-rader` + (sie.transactions > 0 ? `; ${sie.transactions} #TRANS-rader sparas som transaktioner för att kunna visa detaljer.` : '.'),
      );
    } else if (sie.transactions > 0) {
      // No period balances: the outcome is the sum of the vouchers' rows per period.
      moveAccumulator(transAcc, acc);
      notes.push(`Utfallet är summan per period av ${sie.transactions} #TRANS-rader i ${sie.vouchers} verifikationer.`);
    }
    problems = dedupeProblems([...sie.problems, ...sieProblems]).slice(0, MAX_PROBLEMS);
    problemCount = sie.problemCount + sieProblems.length;
    skippedCount = skipped.length + balanceRows;
    skipped = [...skipped, ...balanceSkipped].sort((a, b) => a.line - b.line).slice(0, MAX_SKIPPED_LISTED);
    if (sieInvestmentBalances > 0 && acc.investment.rows === 0) {
      notes.push(
        `${sieInvestmentBalances} #PSALDO-rader på investeringskonton (klass 1) med projekt lästes inte in som investeringsutfall: ett periodsaldo på ett balanskonto är inte periodens rörelse. Exportera SIE 4 med verifikationer (#TRANS) för att få investeringsutfallet.`,
      );
    }
    if (sie.pbudget.length > 0) notes.push(`Filen har ${sie.pbudget.length} #PBUDGET-rader (budget); de läses in som budget under Budget, inte som utfall.`);
    for (const dim of ignoredDims) {
      notes.push(`Dimension ${dim}${sie.dimensions.get(dim) ? ` (${sie.dimensions.get(dim)})` : ''} finns inte i Ramkoll; beloppen läses in utan den dimensionen.`);
    }
    if (sie.psaldo.length === 0 && sie.transactions === 0 && sie.problemCount === 0) {
      problems.push({ line: 0, column: '', message: 'filen har varken #PSALDO-rader eller verifikationer (#VER/#TRANS) med utfall' });
      problemCount++;
    }
  } else {
    const checkPeriod = (p: number): string | null => baseCheck(p);
    const processor = new TabularProcessor(
      {
        fileName,
        profile,
        spreadsheet: format !== 'csv',
        checkPeriod,
        fixedPeriod: req.period ?? profile.fixedPeriod,
        previewRows: PREVIEW_ROWS,
        maxProblems: MAX_PROBLEMS,
      },
      acc,
    );
    // Rows of other periods than the one chosen are left out.
    acc.only = selectPeriod;
    if (format === 'csv') {
      const enc = chooseEncoding(scan, profile);
      if (looksBinary(scan.head, enc)) {
        throw new RamkollError('BAD_FILE', `${fileName} ser inte ut som en textfil (CSV), en Excel-fil eller en SIE-fil. Exportera utfallet som CSV, .xlsx eller SIE.`, [
          { file: fileName, message: 'binärt innehåll' },
        ]);
      }
      info.encoding = enc.encoding;
      const unquoted = !scan.hasQuote && !enc.encoding.startsWith('utf-16');
      const half = unquoted ? planSecondHalf(req.path, scan, enc, profile) : null;
      const second = half
        ? startSecondHalf(half, {
            file: req.path,
            fileName,
            encoding: { encoding: enc.encoding, bomLength: 0 },
            profile,
            rules,
            fixedPeriod: req.period ?? profile.fixedPeriod,
            only: selectPeriod,
            maxProblems: MAX_PROBLEMS,
          })
        : null;
      const r = await streamCsv(
        req.path,
        fileName,
        {
          encoding: enc,
          delimiter: half?.delimiter ?? (profile.delimiter === 'auto' ? null : profile.delimiter),
          maxFieldLength: 10_000,
          maxFields: 500,
          unquoted,
          ...(half ? { range: { start: 0, end: half.offset, firstLine: 1 } } : {}),
        },
        (rows) => processor.push(rows),
        (d, t) => progress('Läser filen', d, t),
      );
      if (half && second) {
        let result: RangeResult;
        const same = processor.mapping !== null && JSON.stringify(processor.mapping) === JSON.stringify(half.mapping);
        try {
          if (!same) throw new Error('the halves were mapped differently');
          result = await second.promise;
        } catch (e) {
          if (isRamkollError(e)) throw e;
          // The worker could not help (or mapped differently): read the second half here.
          result = await processRange({ ...second.job, mapping: processor.mapping ?? half.mapping });
        }
        processor.absorb(result);
        acc.merge(result.acc);
      }
      info.delimiter = r.delimiter;
    } else {
      progress('Läser Excel-filen', 0, null);
      const read = format === 'xlsx' ? streamXlsx : readXls;
      let n = 0;
      const isTable = (rows: { line: number; cells: SheetCell[] }[]) => {
        try {
          resolveMapping(rows, profile, fileName);
          return true;
        } catch {
          return false;
        }
      };
      const r = await read(
        req.path,
        fileName,
        profile.sheet,
        (rows) => {
          processor.push(rows);
          n += rows.length;
          if (n % 10000 < rows.length) progress(`Läser Excel-filen (${n} rader)`, 0, null);
        },
        isTable,
      );
      info.sheet = r.sheet;
      info.sheetNames = r.sheetNames;
    }
    processor.end();
    otherPeriodRows += acc.leftOut;
    const m = processor.mapping!;
    headerLine = m.headerLine;
    headers = m.headers;
    columns = m.columns;
    columnNotes = m.notes;
    usedProfile = mappingAsProfile(m, profile);
    problems = processor.problems;
    problemCount = processor.problemCount;
    skipped = processor.skipped;
    skippedCount = processor.skippedCount;
    preview = processor.preview;
    notes.push(...processor.notes);
    for (const [k, v] of processor.accountNames) accountNames.set(k, v);
    for (const [k, v] of processor.responsibilityNames) responsibilityNames.set(k, v);
    if (skipped.some((s) => s.reason.startsWith('summarad'))) {
      notes.push(`${skipped.filter((s) => s.reason.startsWith('summarad')).length} summarader (Summa, Totalt …) lämnades utanför; de räknas inte två gånger.`);
    }
  }

  if (skippedCount > skipped.length) notes.push(`${skippedCount} rader lämnades utanför (balanskonton, summarader …); de första ${skipped.length} listas.`);
  if (otherPeriodRows > 0) notes.push(`${otherPeriodRows} rader för andra perioder än ${selectPeriod} lästes inte in.`);
  const fileProblemsList: LedgerProblem[] = [];
  if (acc.rows === 0 && problemCount === 0) {
    fileProblemsList.push({ line: 0, column: '', message: selectPeriod !== null ? `filen har inga rader med utfall för period ${selectPeriod}` : 'filen har inga rader med utfall' });
  }
  if (acc.overflow) fileProblemsList.push({ line: 0, column: 'Belopp', message: 'summorna blir för stora för att räknas exakt; filen kan inte vara ett riktigt utfall' });

  // Unknown codes: loaded all the same, and listed in their own bucket.
  const unknownMap = new Map<string, Map<string, UnknownCode>>();
  const codingBalances = new Uint32Array(acc.codings.length);
  const codingOre = new Float64Array(acc.codings.length);
  acc.forEachBalance((coding, _period, ore) => {
    codingBalances[coding]!++;
    codingOre[coding]! += ore;
  });
  const flag = (dimension: string, code: string, name: string | null, stats: { rows: number; ore: number }) => {
    let byCode = unknownMap.get(dimension);
    if (!byCode) unknownMap.set(dimension, (byCode = new Map()));
    let u = byCode.get(code);
    if (!u) byCode.set(code, (u = { dimension, code, name, rows: 0, ore: 0 }));
    u.rows += stats.rows;
    u.ore += stats.ore;
  };
  acc.codings.forEach((c, i) => {
    if (codingBalances[i] === 0) return;
    const stats = { rows: codingBalances[i]!, ore: codingOre[i]! };
    if (!master.accounts.has(c.account)) flag('konto', c.account, accountNames.get(c.account) ?? null, stats);
    if (!master.responsibilities.has(c.responsibility)) flag('ansvar', c.responsibility, responsibilityNames.get(c.responsibility) ?? null, stats);
    if (c.dims !== '') {
      for (const part of c.dims.split('|')) {
        const eq = part.indexOf('=');
        const dim = part.slice(0, eq);
        const values = master.dims.get(dim);
        if (values && !values.has(part.slice(eq + 1))) flag(dim, part.slice(eq + 1), null, stats);
      }
    }
  });
  // Investment outcome: the file's periods decide, as for the drift outcome; a project code the investment budget lacks is an unknown code.
  const inv = checkInvestmentOutcome(db, acc.investment, new Set(acc.periods.keys()));
  acc.investment.replaceWith(inv.kept);
  notes.push(...investmentNotes(inv.check));
  const unknown = [...[...unknownMap.values()].flatMap((m) => [...m.values()]), ...inv.unknown].sort((a, b) => a.dimension.localeCompare(b.dimension) || a.code.localeCompare(b.code, 'sv'));

  // The ansvar subtree the batch replaces, when the profile or the user limits it.
  const replaceScope = resolveScope(req.scope ?? null, usedProfile.scopeResponsibility);
  const scope = replaceScope.responsibility;
  const by = req.scope !== undefined && req.scope !== null ? 'du har valt' : 'profilen begränsar inläsningen till';
  let scopeValid = true;
  if (scope !== null) {
    const tree = OrgTree.load(db);
    if (!tree.byCode.has(scope)) {
      scopeValid = false;
      fileProblemsList.push({ line: 0, column: 'Ansvar', message: `ansvaret ${scope}, som ${by}, finns inte i organisationen` });
    } else {
      const inside = subtreeCodes(tree, scope);
      const outside = new Set<string>();
      for (const c of acc.codings) if (tree.byCode.has(c.responsibility) && !inside.has(c.responsibility)) outside.add(c.responsibility);
      for (const code of outside) {
        fileProblemsList.push({ line: 0, column: 'Ansvar', message: `ansvar ${code} ligger utanför ${scope}, som ${by}` });
      }
    }
  }
  if (req.expectedTotal !== null && req.expectedTotal !== acc.total) {
    fileProblemsList.push({
      line: 0,
      column: 'Kontrollsumma',
      message: `filens summa är ${oreToDecimalString(acc.total)} kr men kontrollsumman är ${oreToDecimalString(req.expectedTotal)} kr (skillnad ${oreToDecimalString(acc.total - req.expectedTotal)} kr)`,
    });
  }

  const periods = orderedPeriods(acc);
  // What the import would replace, and what the user must confirm (an unknown scope ansvar is an error already).
  const codes = scopeValid ? replacedCodes(db, replaceScope, acc) : [];
  const replacedPerPeriod = periodReplacements(db, acc, periods, codes);
  const check: LedgerCheck = {
    file: info,
    profile: usedProfile,
    profileName: req.profileName,
    headerLine,
    headers,
    columns,
    columnNotes,
    preview,
    rows: acc.rows,
    periods: periods.map(String),
    totalsPerPeriod: Object.fromEntries(periods.map((p) => [String(p), acc.periods.get(p)!.ore])),
    rowsPerPeriod: Object.fromEntries(periods.map((p) => [String(p), acc.periods.get(p)!.rows])),
    total: acc.total,
    balances: acc.balanceCount,
    transactions: acc.details.length,
    unknownCodes: unknown.length,
    unknown,
    skippedRows: skipped,
    skippedCount,
    errors: [...fileProblemsList, ...problems].slice(0, MAX_PROBLEMS),
    errorCount: problemCount + fileProblemsList.length,
    notes,
    scopeResponsibility: scope,
    replaceScope,
    replacedResponsibilities: codes,
    replacedPerPeriod,
    warnings: importWarnings(db, acc, replacedPerPeriod, replaceScope, codes),
    expectedTotal: req.expectedTotal,
    investment: inv.check,
  };
  if (check.errorCount > check.errors.length) {
    check.notes.push(`Filen har ${check.errorCount} fel; de första ${check.errors.length} visas.`);
  }
  return { check, acc };
}

interface SecondHalf {
  offset: number;
  line: number;
  delimiter: string;
  mapping: ResolvedMapping;
  script: string | null;
}

/**
 * Whether a big quote-free CSV can be read in two halves, and where: the
 * mapping is found from the start of the file (as the main reader will find
 * it), and the second half starts after the line break nearest the middle.
 */
function planSecondHalf(file: string, scan: FileScan, enc: DetectedEncoding, profile: MappingProfile): SecondHalf | null {
  const script = rangeWorkerScript();
  if (!script || scan.size < PARALLEL_MIN_BYTES || profile.skipBottom > 0) return null;
  const decoder = chunkDecoder(enc.encoding);
  const text = decoder.write(scan.head.subarray(enc.bomLength));
  const delimiter = profile.delimiter === 'auto' ? detectDelimiter(text) : profile.delimiter;
  const lines = text.split('\n');
  lines.pop();
  const rows = lines
    .map((l, i) => ({ line: i + 1, cells: l.replace(/\r$/, '').split(delimiter) as SheetCell[] }))
    .filter((r) => r.line > profile.skipTop && !(r.cells.length === 1 && r.cells[0] === ''))
    .slice(0, 30);
  let mapping: ResolvedMapping;
  try {
    mapping = resolveMapping(rows, profile, scan.fileName);
  } catch {
    return null;
  }
  const c = mapping.columns;
  if (c.voucher !== undefined || c.text !== undefined || c.counterpartyName !== undefined) return null;
  const at = splitPoint(file, scan.size);
  if (!at) return null;
  return { offset: at.offset, line: at.line, delimiter, mapping, script };
}

function startSecondHalf(
  plan: SecondHalf,
  base: Omit<RangeJob, 'start' | 'end' | 'firstLine' | 'delimiter' | 'mapping'>,
): { job: RangeJob; promise: Promise<RangeResult> } {
  const job: RangeJob = { ...base, start: plan.offset, end: fs.statSync(base.file).size, firstLine: plan.line, delimiter: plan.delimiter, mapping: plan.mapping };
  const promise = runRangeInWorker(plan.script!, job);
  // Handled where it is awaited; this keeps an early failure from counting as unhandled.
  promise.catch(() => {});
  return { job, promise };
}

function dedupeProblems(list: LedgerProblem[]): LedgerProblem[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.line}\t${p.column}\t${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function moveAccumulator(from: Accumulator, to: Accumulator): void {
  to.moveFrom(from);
}

function chooseEncoding(scan: FileScan, profile: MappingProfile): DetectedEncoding {
  const detected = detectEncoding(scan.head);
  if (profile.encoding !== 'auto') {
    // The chunk decoder reads ISO-8859-1 and CP437 too (through iconv-lite).
    const enc = profile.encoding as DetectedEncoding['encoding'];
    return { encoding: enc, bomLength: enc === 'utf-8' && detected.encoding === 'utf-8' ? detected.bomLength : 0 };
  }
  if (detected.bomLength > 0) return detected;
  return { encoding: scan.validUtf8 ? 'utf-8' : 'windows-1252', bomLength: 0 };
}
