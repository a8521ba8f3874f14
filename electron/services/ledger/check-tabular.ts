import fs from 'node:fs';
import { isRamkollError, RamkollError } from '../../../db/errors';
import { detectDelimiter } from '../files/csv';
import { chunkDecoder, streamCsv } from '../files/csv-stream';
import { looksBinary, type DetectedEncoding } from '../files/encoding';
import type { FileScan } from '../files/scan';
import { readXls } from '../files/xls';
import { streamXlsx, type SheetCell } from '../files/xlsx-stream';
import { chooseEncoding } from './check-format';
import { MAX_PROBLEMS, PREVIEW_ROWS, type LedgerReading, type ReadContext } from './check-reading';
import { mappingAsProfile, resolveMapping, type ResolvedMapping } from './mapping';
import { PARALLEL_MIN_BYTES, processRange, rangeWorkerScript, runRangeInWorker, splitPoint, type RangeJob, type RangeResult } from './parallel';
import type { MappingProfile } from './profile';
import { TabularProcessor } from './tabular';

/** Reads a CSV or Excel ledger: the columns are mapped from the header, every row mapped and checked. */
export async function readTabularLedger(ctx: ReadContext, format: 'csv' | 'xlsx' | 'xls'): Promise<LedgerReading> {
  const { scan, profile, acc, notes } = ctx;
  const processor = new TabularProcessor(
    {
      fileName: scan.fileName,
      profile,
      spreadsheet: format !== 'csv',
      checkPeriod: ctx.checkPeriod,
      fixedPeriod: ctx.period ?? profile.fixedPeriod,
      previewRows: PREVIEW_ROWS,
      maxProblems: MAX_PROBLEMS,
    },
    acc,
  );
  // Rows of other periods than the one chosen are left out.
  acc.only = ctx.period;
  if (format === 'csv') await readCsv(ctx, processor);
  else await readSpreadsheet(ctx, processor, format);
  processor.end();
  const m = processor.mapping!;
  const skipped = processor.skipped;
  notes.push(...processor.notes);
  if (skipped.some((s) => s.reason.startsWith('summarad'))) {
    notes.push(`${skipped.filter((s) => s.reason.startsWith('summarad')).length} summarader (Summa, Totalt …) lämnades utanför; de räknas inte två gånger.`);
  }
  return {
    problems: processor.problems,
    problemCount: processor.problemCount,
    skipped,
    skippedCount: processor.skippedCount,
    preview: processor.preview,
    headerLine: m.headerLine,
    headers: m.headers,
    columns: m.columns,
    columnNotes: m.notes,
    usedProfile: mappingAsProfile(m, profile),
    otherPeriodRows: acc.leftOut,
    accountNames: new Map(processor.accountNames),
    responsibilityNames: new Map(processor.responsibilityNames),
  };
}

/** A big quote-free CSV is read in two halves, the second in a worker thread; anything else in one pass. */
async function readCsv(ctx: ReadContext, processor: TabularProcessor): Promise<void> {
  const { scan, profile, acc } = ctx;
  const fileName = scan.fileName;
  const enc = chooseEncoding(scan, profile);
  if (looksBinary(scan.head, enc)) {
    throw new RamkollError('BAD_FILE', `${fileName} ser inte ut som en textfil (CSV), en Excel-fil eller en SIE-fil. Exportera utfallet som CSV, .xlsx eller SIE.`, [
      { file: fileName, message: 'binärt innehåll' },
    ]);
  }
  ctx.info.encoding = enc.encoding;
  const unquoted = !scan.hasQuote && !enc.encoding.startsWith('utf-16');
  const half = unquoted ? planSecondHalf(ctx.file, scan, enc, profile) : null;
  const second = half
    ? startSecondHalf(half, {
        file: ctx.file,
        fileName,
        encoding: { encoding: enc.encoding, bomLength: 0 },
        profile,
        rules: ctx.rules,
        fixedPeriod: ctx.period ?? profile.fixedPeriod,
        only: ctx.period,
        maxProblems: MAX_PROBLEMS,
      })
    : null;
  const r = await streamCsv(
    ctx.file,
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
    (d, t) => ctx.progress('Läser filen', d, t),
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
  ctx.info.delimiter = r.delimiter;
}

async function readSpreadsheet(ctx: ReadContext, processor: TabularProcessor, format: 'xlsx' | 'xls'): Promise<void> {
  const { scan, profile } = ctx;
  ctx.progress('Läser Excel-filen', 0, null);
  const read = format === 'xlsx' ? streamXlsx : readXls;
  let n = 0;
  const isTable = (rows: { line: number; cells: SheetCell[] }[]) => {
    try {
      resolveMapping(rows, profile, scan.fileName);
      return true;
    } catch {
      return false;
    }
  };
  const r = await read(
    ctx.file,
    scan.fileName,
    profile.sheet,
    (rows) => {
      processor.push(rows);
      n += rows.length;
      if (n % 10000 < rows.length) ctx.progress(`Läser Excel-filen (${n} rader)`, 0, null);
    },
    isTable,
  );
  ctx.info.sheet = r.sheet;
  ctx.info.sheetNames = r.sheetNames;
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
