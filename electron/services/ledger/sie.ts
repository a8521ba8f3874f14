import fs from 'node:fs';
import { RamkollError } from '../../../db/errors';
import { chunkDecoder } from '../files/csv-stream';
import type { FileScan } from '../files/scan';
import { parseOre } from '../money';
import { quickBalanceRow, type QuickBalance } from './sie-pbudget-row';
import type { LedgerProblem, SkippedRow } from './types';

/**
 * SIE (types 2, 3 and 4E), the Swedish standard for moving bookkeeping
 * between programs: #PSALDO period balances with or without objects,
 * #PBUDGET period budgets, #VER vouchers with #TRANS rows, and the names in
 * #KONTO, #DIM and #OBJEKT. Unknown labels are ignored, as the format says.
 */

export interface SieObject {
  dim: number;
  code: string;
}

export type SieToken = string | SieObject[];

export class SieSyntaxError extends Error {}

/** Splits one SIE line into fields: words, "quoted text" (with \" escapes) and {object lists}. */
export function tokenizeSieLine(line: string): SieToken[] {
  const out: SieToken[] = [];
  let i = 0;
  const n = line.length;
  const readWord = (inList: boolean): string => {
    if (line[i] === '"') {
      i++;
      let s = '';
      for (;;) {
        if (i >= n) throw new SieSyntaxError('citattecknet avslutas aldrig på raden');
        const ch = line[i]!;
        if (ch === '\\' && i + 1 < n) {
          s += line[i + 1];
          i += 2;
        } else if (ch === '"') {
          i++;
          return s;
        } else {
          s += ch;
          i++;
        }
      }
    }
    const start = i;
    while (i < n && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '"' && !(inList && (line[i] === '}' || line[i] === '{'))) {
      if (!inList && (line[i] === '{' || line[i] === '}')) break;
      i++;
    }
    return line.slice(start, i);
  };
  while (i < n) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '}') throw new SieSyntaxError('"}" utan "{" före på raden');
    if (ch === '{') {
      i++;
      const words: string[] = [];
      for (;;) {
        while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
        if (i >= n) throw new SieSyntaxError('objektlistan ("{") avslutas aldrig med "}"');
        if (line[i] === '}') {
          i++;
          break;
        }
        if (line[i] === '{') throw new SieSyntaxError('en objektlista ("{") inuti en annan');
        words.push(readWord(true));
      }
      if (words.length % 2 !== 0) throw new SieSyntaxError('objektlistan ska ha par av dimension och objekt');
      const list: SieObject[] = [];
      for (let k = 0; k < words.length; k += 2) {
        const dim = Number(words[k]);
        if (!/^\d{1,4}$/.test(words[k]!)) throw new SieSyntaxError(`"${words[k]}" i objektlistan är inget dimensionsnummer`);
        list.push({ dim, code: words[k + 1]! });
      }
      out.push(list);
      continue;
    }
    out.push(readWord(false));
  }
  return out;
}

const CP437_SWEDISH = new Set([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x82, 0x81, 0x9a, 0x90]);
const LATIN1_SWEDISH = new Set([0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0xe9, 0xfc, 0xdc, 0xc9]);

export interface SieEncoding {
  encoding: 'utf-8' | 'windows-1252' | 'cp437';
  bomLength: number;
  /** A note when the file is not written as its #FORMAT says. */
  note: string | null;
}

/**
 * SIE files are to be written in IBM PC 8-bit (CP437, "#FORMAT PC8"), but
 * many programs write UTF-8 or ISO-8859-1/Windows-1252 and claim PC8 all
 * the same. The bytes decide: valid UTF-8 with non-ASCII is UTF-8; else the
 * Swedish letters tell CP437 (å = 0x86) from Latin-1 (å = 0xE5).
 */
export function detectSieEncoding(scan: FileScan): SieEncoding {
  const head = scan.head;
  const declaredPc8 = /#FORMAT\s+PC8/i.test(head.toString('latin1'));
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3, note: declaredPc8 ? 'Filen anger #FORMAT PC8 men är skriven i UTF-8; den lästes som UTF-8.' : null };
  }
  let high = false;
  let cp437 = 0;
  let latin1 = 0;
  for (const b of head) {
    if (b < 0x80) continue;
    high = true;
    if (CP437_SWEDISH.has(b)) cp437++;
    if (LATIN1_SWEDISH.has(b)) latin1++;
  }
  if (high && scan.validUtf8) {
    return { encoding: 'utf-8', bomLength: 0, note: declaredPc8 ? 'Filen anger #FORMAT PC8 men är skriven i UTF-8; den lästes som UTF-8.' : null };
  }
  if (latin1 > cp437) {
    return { encoding: 'windows-1252', bomLength: 0, note: declaredPc8 ? 'Filen anger #FORMAT PC8 men är skriven i ISO-8859-1/Windows-1252; den lästes så.' : null };
  }
  return { encoding: 'cp437', bomLength: 0, note: null };
}

/** True when the start of a file looks like SIE (#FLAGGA, #SIETYP, #FORMAT … first). */
export function looksLikeSie(head: Buffer): boolean {
  const text = head.subarray(0, 4096).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  return /^\s*#[A-Z]+/.test(text) && /^\s*#(FLAGGA|SIETYP|FORMAT|PROGRAM|GEN)\b/m.test(text);
}

export interface SieBalanceEntry {
  line: number;
  period: number;
  account: string;
  objects: SieObject[];
  ore: number;
}

export interface SieTransaction {
  line: number;
  account: string;
  objects: SieObject[];
  ore: number;
  period: number;
  date: string;
  voucher: string;
  text: string | null;
}

export interface SieFile {
  sieType: number | null;
  program: string | null;
  companyName: string | null;
  /** Start and end (YYYYMMDD) of year 0 (#RAR 0). */
  fiscalYear: { start: string; end: string } | null;
  accounts: Map<string, string>;
  dimensions: Map<number, string>;
  /** "dim\tcode" -> name */
  objects: Map<string, string>;
  psaldo: SieBalanceEntry[];
  pbudget: SieBalanceEntry[];
  transactions: number;
  vouchers: number;
  problems: LedgerProblem[];
  problemCount: number;
  notes: string[];
}

function isoOf(yyyymmdd: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export interface SieReadOptions {
  encoding: SieEncoding;
  maxProblems: number;
  /** Each #TRANS row of year 0, as it is read. */
  onTransaction?(t: SieTransaction): void;
  onProgress?(done: number, total: number): void;
}

/**
 * Reads a SIE file line by line (streaming: #VER sections can be millions
 * of rows). Structural faults (braces, quotes) stop the reading with the
 * line named; bad values are collected as problems.
 */
export async function readSie(file: string, fileName: string, opts: SieReadOptions): Promise<SieFile> {
  const out: SieFile = {
    sieType: null,
    program: null,
    companyName: null,
    fiscalYear: null,
    accounts: new Map(),
    dimensions: new Map(),
    objects: new Map(),
    psaldo: [],
    pbudget: [],
    transactions: 0,
    vouchers: 0,
    problems: [],
    problemCount: 0,
    notes: [],
  };
  const problem = (p: LedgerProblem) => {
    out.problemCount++;
    if (out.problems.length < opts.maxProblems) out.problems.push(p);
  };
  const fail = (line: number, message: string): never => {
    throw new RamkollError('BAD_FILE', `${fileName}, rad ${line}: ${message}.`, [{ file: fileName, line, message }]);
  };
  let otherYears = 0;
  let voucher: { line: number; id: string; date: string; text: string | null; open: boolean } | null = null;
  let awaitingBrace = false;
  let lineNo = 0;
  let sawLabel = false;

  const balance = (label: string, yearText: string, periodText: string, account: string, objects: SieObject[], amountText: string) => {
    if (yearText !== '0') {
      otherYears++;
      return;
    }
    let bad = false;
    // A file has a dozen periods and some hundred accounts: each text is checked once.
    if (!goodPeriods.has(periodText)) {
      const m = /^(\d{4})(\d{2})$/.exec(periodText);
      const month = m ? Number(m[2]) : 0;
      if (!m || month < 1 || month > 12 || Number(m[1]) < 2000 || Number(m[1]) > 2100) {
        problem({ line: lineNo, column: 'period', message: `"${periodText}" är ingen period (ÅÅÅÅMM)`, value: periodText });
        bad = true;
      } else goodPeriods.set(periodText, Number(periodText));
    }
    if (!goodAccounts.has(account)) {
      if (!/^\d{3,6}$/.test(account)) {
        problem({ line: lineNo, column: 'konto', message: `"${account}" är inget kontonummer`, value: account });
        bad = true;
      } else goodAccounts.add(account);
    }
    const ore = parseOre(amountText, 'auto');
    if (Number.isNaN(ore)) {
      problem({ line: lineNo, column: 'saldo', message: `"${amountText}" är inget belopp`, value: amountText });
      bad = true;
    }
    if (!bad) (label === '#PSALDO' ? out.psaldo : out.pbudget).push({ line: lineNo, period: goodPeriods.get(periodText)!, account, objects, ore });
  };
  const goodPeriods = new Map<string, number>();
  const goodAccounts = new Set<string>();
  const lists = new Map<string, SieObject[]>();
  const quick: QuickBalance = { year: '', period: '', account: '', objects: [], amount: '' };

  const onLine = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (line.length > 100_000) fail(lineNo, 'raden är längre än 100 000 tecken');
    if (trimmed === '{') {
      if (!awaitingBrace || !voucher) fail(lineNo, '"{" utan #VER före');
      awaitingBrace = false;
      voucher!.open = true;
      return;
    }
    if (trimmed === '}') {
      if (!voucher?.open) fail(lineNo, '"}" utan "{" före');
      voucher = null;
      return;
    }
    if (awaitingBrace) fail(voucher!.line, `#VER på rad ${voucher!.line} följs inte av "{"`);
    // Most of a budget file: its #PBUDGET rows, read without the general tokenizer where their shape allows.
    if (!voucher?.open && quickBalanceRow(trimmed, lists, quick)) {
      sawLabel = true;
      balance('#PBUDGET', quick.year, quick.period, quick.account, quick.objects, quick.amount);
      return;
    }
    if (!trimmed.startsWith('#')) {
      fail(lineNo, `raden börjar inte med en etikett (#…): "${trimmed.slice(0, 40)}"`);
    }
    let tokens: SieToken[];
    try {
      tokens = tokenizeSieLine(trimmed);
    } catch (e) {
      if (e instanceof SieSyntaxError) fail(lineNo, e.message);
      throw e;
    }
    sawLabel = true;
    const label = (tokens[0] as string).toUpperCase();
    const str = (k: number): string => (typeof tokens[k] === 'string' ? (tokens[k] as string) : '');
    if (voucher?.open && label !== '#TRANS' && label !== '#RTRANS' && label !== '#BTRANS') {
      fail(lineNo, `${label} inuti verifikationen som börjar på rad ${voucher.line}; "}" saknas`);
    }
    switch (label) {
      case '#SIETYP':
        out.sieType = Number(str(1)) || null;
        break;
      case '#PROGRAM':
        out.program = str(1) || null;
        break;
      case '#FNAMN':
        out.companyName = str(1) || null;
        break;
      case '#RAR':
        if (str(1) === '0') out.fiscalYear = { start: str(2), end: str(3) };
        break;
      case '#KONTO':
        if (str(1)) out.accounts.set(str(1), str(2));
        break;
      case '#DIM': {
        const d = Number(str(1));
        if (Number.isInteger(d)) out.dimensions.set(d, str(2));
        break;
      }
      case '#OBJEKT':
        if (str(1) && str(2)) out.objects.set(`${Number(str(1))}\t${str(2)}`, str(3));
        break;
      case '#PSALDO':
      case '#PBUDGET': {
        // #PSALDO årsnr period konto {objekt} saldo [kvantitet]; old files may leave out {}.
        const hasList = Array.isArray(tokens[4]);
        balance(label, str(1), str(2), str(3), hasList ? (tokens[4] as SieObject[]) : [], hasList ? str(5) : str(4));
        break;
      }
      case '#VER': {
        const date = isoOf(str(3));
        if (!date) problem({ line: lineNo, column: 'verdatum', message: `"${str(3)}" är inget datum (ÅÅÅÅMMDD)`, value: str(3) });
        voucher = { line: lineNo, id: [str(1), str(2)].filter((x) => x !== '').join(' '), date: date ?? '', text: str(4) || null, open: false };
        out.vouchers++;
        awaitingBrace = true;
        break;
      }
      case '#TRANS': {
        if (!voucher?.open) fail(lineNo, '#TRANS utanför en verifikation (#VER … { … })');
        // #TRANS kontonr {objekt} belopp [transdat] [transtext] [kvantitet] [sign]
        const account = str(1);
        const objects = Array.isArray(tokens[2]) ? (tokens[2] as SieObject[]) : [];
        const rest = Array.isArray(tokens[2]) ? 3 : 2;
        const amountText = str(rest);
        const transDate = str(rest + 1);
        const text = str(rest + 2) || voucher!.text;
        let bad = false;
        if (!/^\d{3,6}$/.test(account)) {
          problem({ line: lineNo, column: 'konto', message: `"${account}" är inget kontonummer`, value: account });
          bad = true;
        }
        const ore = parseOre(amountText, 'auto');
        if (Number.isNaN(ore)) {
          problem({ line: lineNo, column: 'belopp', message: `"${amountText}" är inget belopp`, value: amountText });
          bad = true;
        }
        let date = voucher!.date;
        if (transDate) {
          const d = isoOf(transDate);
          if (!d) {
            problem({ line: lineNo, column: 'transdat', message: `"${transDate}" är inget datum (ÅÅÅÅMMDD)`, value: transDate });
            bad = true;
          } else date = d;
        }
        if (!date) bad = true;
        out.transactions++;
        if (!bad) {
          opts.onTransaction?.({ line: lineNo, account, objects, ore, period: Number(date.slice(0, 4)) * 100 + Number(date.slice(5, 7)), date, voucher: voucher!.id, text });
        }
        break;
      }
      default:
        // #RTRANS/#BTRANS (added/removed rows, RTRANS is repeated as #TRANS), #IB, #UB, #RES … are not outcome per period.
        break;
    }
  };

  const size = fs.statSync(file).size;
  const decoder = chunkDecoder(opts.encoding.encoding);
  let rest = '';
  let done = 0;
  let skip = opts.encoding.bomLength;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      let chunk = raw;
      if (skip > 0) {
        chunk = chunk.subarray(skip);
        skip = 0;
      }
      done += raw.length;
      const text = rest + decoder.write(chunk);
      const lines = text.split('\n');
      rest = lines.pop()!;
      if (rest.length > 100_000) fail(lineNo + 1, 'raden är längre än 100 000 tecken');
      for (const l of lines) onLine(l);
      opts.onProgress?.(done, size);
    }
    rest += decoder.end();
    if (rest !== '') onLine(rest);
  } finally {
    stream.destroy();
  }
  if (!sawLabel) throw new RamkollError('BAD_FILE', `${fileName}: filen innehåller inga SIE-poster.`, [{ file: fileName, message: 'inga SIE-poster' }]);
  if (voucher) fail((voucher as { line: number }).line, `verifikationen som börjar på rad ${(voucher as { line: number }).line} avslutas aldrig med "}"`);
  if (otherYears > 0) out.notes.push(`${otherYears} #PSALDO/#PBUDGET-rader för andra år än år 0 lästes inte in.`);
  return out;
}

export interface ResolvedBalance {
  line: number;
  period: number;
  account: string;
  objects: SieObject[];
  ore: number;
}

/**
 * Turns #PSALDO (or #PBUDGET) entries into balances without counting
 * anything twice. For each account and period a {} row is the account's
 * total and rows with objects are breakdowns of it: where object rows exist
 * they are used (the breakdown that adds up to the total, preferring one by
 * ansvar), the {} row is left out with a note, and any difference between
 * the two is kept on the account without objects so the total reconciles.
 */
export function resolveSieBalances(entries: SieBalanceEntry[], responsibilityDim: number): { rows: ResolvedBalance[]; skipped: SkippedRow[]; notes: string[] } {
  const groups = new Map<string, SieBalanceEntry[]>();
  for (const e of entries) {
    const key = `${e.period}\t${e.account}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(e);
  }
  const rows: ResolvedBalance[] = [];
  const skipped: SkippedRow[] = [];
  const notes: string[] = [];
  let differences = 0;
  // Rows read with one shared object list (readSie gives the twelve months of a kodsträng one) share its signature.
  const signatures = new Map<SieObject[], string>();
  for (const g of groups.values()) {
    const totals = g.filter((e) => e.objects.length === 0);
    const withObjects = g.filter((e) => e.objects.length > 0);
    if (withObjects.length === 0) {
      for (const t of totals) rows.push(t);
      continue;
    }
    const total = totals.length > 0 ? totals.reduce((s, e) => s + e.ore, 0) : null;
    const bySignature = new Map<string, SieBalanceEntry[]>();
    for (const e of withObjects) {
      let sig = signatures.get(e.objects);
      if (sig === undefined) {
        sig = e.objects
          .map((o) => o.dim)
          .sort((a, b) => a - b)
          .join(',');
        signatures.set(e.objects, sig);
      }
      let list = bySignature.get(sig);
      if (!list) bySignature.set(sig, (list = []));
      list.push(e);
    }
    const candidates = [...bySignature.entries()].map(([sig, list]) => ({
      sig,
      list,
      sum: list.reduce((s, e) => s + e.ore, 0),
      hasResp: sig.split(',').includes(String(responsibilityDim)),
      dims: sig.split(',').length,
    }));
    candidates.sort((a, b) => Number(b.sum === total) - Number(a.sum === total) || Number(b.hasResp) - Number(a.hasResp) || b.dims - a.dims);
    const chosen = candidates[0]!;
    // A loop, not a spread: one account may have hundreds of thousands of object rows.
    for (const e of chosen.list) rows.push(e);
    for (const other of candidates.slice(1)) {
      for (const e of other.list) skipped.push({ line: e.line, reason: `objektrad i en annan uppdelning av konto ${e.account} (dimension ${other.sig}); uppdelningen på dimension ${chosen.sig} används` });
    }
    for (const t of totals) skipped.push({ line: t.line, reason: `totalrad {} för konto ${t.account} period ${t.period}; objektraderna används` });
    if (total !== null && total !== chosen.sum) {
      const first = g[0]!;
      rows.push({ line: totals[0]!.line, period: first.period, account: first.account, objects: [], ore: total - chosen.sum });
      if (++differences <= MAX_DIFFERENCE_NOTES) {
        notes.push(
          `Konto ${first.account} period ${first.period}: objektraderna summerar till ${chosen.sum} öre men totalen {} är ${total} öre; skillnaden läses in utan objekt så att summan stämmer.`,
        );
      }
    }
  }
  if (differences > MAX_DIFFERENCE_NOTES) {
    notes.push(`Ytterligare ${differences - MAX_DIFFERENCE_NOTES} konton och perioder har samma slags skillnad mellan objektraderna och totalen {}; den läses in utan objekt.`);
  }
  return { rows, skipped, notes };
}

/** Differences between object rows and their total named one by one; the rest are counted. */
const MAX_DIFFERENCE_NOTES = 50;
