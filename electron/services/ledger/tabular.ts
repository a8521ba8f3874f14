import type { SheetCell } from '../files/xlsx-stream';
import type { Accumulator, LedgerRow } from './accumulator';
import { columnTitle, resolveMapping, type ResolvedMapping } from './mapping';
import { DIMENSION_FIELDS, FIELD_LABELS, type LedgerField, type MappingProfile } from './profile';
import { MAX_SKIPPED_LISTED, type LedgerProblem, type PreviewRow, type SkippedRow } from './types';
import { cellDisplay, codeFromCell, isAccountCode, isoDateFromCell, monthFromCell, oreFromCell, periodFromCell, signFromCell, totalRowMatcher, yearFromCell } from './values';
import { normaliseHeader } from '../files/table';
import { PROJECT_DIMENSION } from './investment-outcome';

export interface RawRow {
  line: number;
  cells: SheetCell[];
}

export interface TabularContext {
  fileName: string;
  profile: MappingProfile;
  /** Cells come from a spreadsheet (typed numbers and dates) rather than text. */
  spreadsheet: boolean;
  /** Checks a period (YYYYMM) against the fiscal years; the problem in words, or null. */
  checkPeriod(period: number): string | null;
  /** One period for the whole file (the user's choice, or the profile's). */
  fixedPeriod: number | null;
  previewRows: number;
  maxProblems: number;
  /** A mapping resolved already (a worker reading the second half of a file): every row is data. */
  mapping?: ResolvedMapping;
}

const HEADER_SEARCH_ROWS = 30;

function digitsOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function cellAt(cells: SheetCell[], i: number | undefined): SheetCell {
  return i === undefined ? '' : (cells[i] ?? '');
}

function text(v: SheetCell): string {
  return typeof v === 'string' ? v.trim() : cellDisplay(v);
}

/**
 * Maps the rows of a CSV or Excel file to ledger rows: finds the header,
 * leaves out title, total and skipped rows (with a note), checks every value
 * and feeds good rows to the accumulator. Problems are collected with file,
 * line, column and the text found; nothing is written anywhere.
 */
export class TabularProcessor {
  mapping: ResolvedMapping | null = null;
  readonly preview: PreviewRow[] = [];
  readonly problems: LedgerProblem[] = [];
  problemCount = 0;
  /** The first MAX_SKIPPED_LISTED rows left out; skippedCount counts them all. */
  readonly skipped: SkippedRow[] = [];
  skippedCount = 0;
  readonly notes: string[] = [];
  readonly accountNames = new Map<string, string>();
  readonly responsibilityNames = new Map<string, string>();
  private readonly buffer: RawRow[] = [];
  private readonly tail: RawRow[] = [];
  private readonly isTotal: (text: string) => boolean;
  private dimColumns: [string, number][] = [];
  private hasDetail = false;
  /** Per dimension column: raw cell -> 'dim=code'. */
  private dimPieces: Map<string, string>[] = [];
  private readonly scratch: { index: number | undefined; field: LedgerField; message: string; value: string }[] = [];
  private titleRows = 0;
  private skippedTop = 0;
  private blankRows = 0;
  /** Months as columns that can be read: [column, period]. */
  private periodCols: [number, number][] = [];
  /** The year of a month column without one: the title's, else the chosen period's. */
  private monthYear: number | null = null;

  constructor(
    private readonly ctx: TabularContext,
    private readonly acc: Accumulator,
  ) {
    this.isTotal = totalRowMatcher(ctx.profile.totalWords);
    if (ctx.mapping) this.useMapping(ctx.mapping);
  }

  push(rows: RawRow[]): void {
    for (const row of rows) {
      if (row.line <= this.ctx.profile.skipTop) {
        this.skippedTop++;
        this.addPreview(row, 'title');
        continue;
      }
      if (!this.mapping) {
        this.buffer.push(row);
        if (this.buffer.length >= HEADER_SEARCH_ROWS) this.resolve();
        continue;
      }
      this.queue(row);
    }
  }

  end(): void {
    if (!this.mapping) this.resolve();
    for (const row of this.tail.splice(0)) {
      this.skip(row.line, 'en av de sista raderna som profilen hoppar över');
      this.addPreview(row, 'skipped');
    }
    if (this.skippedTop > 0) this.notes.push(`${this.skippedTop} rader överst hoppades över enligt profilen.`);
    if (this.blankRows > 0) this.notes.push(`${this.blankRows} tomma rader hoppades över.`);
    if (this.titleRows > 0 && this.mapping?.headerLine) this.notes.push(`${this.titleRows} titelrader ovanför rubrikraden (rad ${this.mapping.headerLine}) lästes inte in.`);
  }

  private useMapping(m: ResolvedMapping): void {
    this.mapping = m;
    const c = m.columns;
    this.dimColumns = [
      ...(Object.entries(DIMENSION_FIELDS) as [keyof typeof DIMENSION_FIELDS, string][]).filter(([f]) => c[f] !== undefined).map(([f, dim]) => [dim, c[f]!] as [string, number]),
      ...Object.entries(m.extraDims),
    ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.dimPieces = this.dimColumns.map(() => new Map<string, string>());
    this.hasDetail = c.voucher !== undefined || c.text !== undefined || c.counterpartyName !== undefined;
    this.monthYear = m.year ?? (this.ctx.fixedPeriod !== null ? Math.floor(this.ctx.fixedPeriod / 100) : null);
    // A month column outside the fiscal years is one problem, not one per row.
    this.periodCols = m.periodColumns.filter(([, p]) => this.ctx.checkPeriod(p) === null);
  }

  private resolve(): void {
    const rows = this.buffer.splice(0);
    const m = resolveMapping(rows, this.ctx.profile, this.ctx.fileName);
    this.useMapping(m);
    for (const miss of m.missing) {
      if (miss.field === 'period' && this.ctx.fixedPeriod !== null) continue;
      this.problem({ line: m.headerLine ?? 0, column: FIELD_LABELS[miss.field], message: miss.message });
    }
    for (const [index, p] of m.periodColumns) {
      const why = this.ctx.checkPeriod(p);
      if (why) this.problem({ line: m.headerLine ?? 0, column: columnTitle(m, index, 'Belopp'), message: why, value: String(p) });
    }
    const c = m.columns;
    const hasPeriod = c.period !== undefined || c.date !== undefined || (c.month !== undefined && (c.year !== undefined || m.year !== null)) || m.periodColumns.length > 0;
    if (!hasPeriod && this.ctx.fixedPeriod !== null) {
      this.notes.push(
        c.month !== undefined
          ? `Månadskolumnen har inget år; året ${this.monthYear} tas från perioden du valt.`
          : `Filen har ingen periodkolumn; alla rader läses in på period ${this.ctx.fixedPeriod}.`,
      );
    }
    if (m.year !== null && c.month !== undefined && c.year === undefined) this.notes.push(`Månaderna i kolumnen ${columnTitle(m, c.month, 'Månad')} har inget år; året ${m.year} står i rubriken ovanför tabellen.`);
    if (m.periodColumns.length > 0) this.notes.push(`Filen har en kolumn per månad (${m.periodColumns.length} st); varje rad ger ett belopp per månad.`);
    if (m.creditSigned) this.notes.push(`Kreditbeloppen står med minus i kolumnen ${columnTitle(m, c.credit, 'Kredit')}; de räknas som de står.`);
    for (const row of rows) {
      if (m.headerLine !== null && row.line < (m.headerFrom ?? m.headerLine)) {
        this.titleRows++;
        this.addPreview(row, 'title');
      } else if (m.headerLine !== null && row.line <= m.headerLine) this.addPreview(row, 'header');
      else this.queue(row);
    }
  }

  /** Takes in what a worker found in the second half of the file. */
  absorb(r: {
    problems: LedgerProblem[];
    problemCount: number;
    skipped: SkippedRow[];
    skippedCount: number;
    accountNames: [string, string][];
    responsibilityNames: [string, string][];
  }): void {
    for (const p of r.problems) if (this.problems.length < this.ctx.maxProblems) this.problems.push(p);
    this.problemCount += r.problemCount;
    for (const s of r.skipped) if (this.skipped.length < MAX_SKIPPED_LISTED) this.skipped.push(s);
    this.skippedCount += r.skippedCount;
    for (const [k, v] of r.accountNames) if (!this.accountNames.has(k)) this.accountNames.set(k, v);
    for (const [k, v] of r.responsibilityNames) if (!this.responsibilityNames.has(k)) this.responsibilityNames.set(k, v);
  }

  private skip(line: number, reason: string): void {
    this.skippedCount++;
    if (this.skipped.length < MAX_SKIPPED_LISTED) this.skipped.push({ line, reason });
  }

  private queue(row: RawRow): void {
    const keep = this.ctx.profile.skipBottom;
    if (keep === 0) return this.process(row);
    this.tail.push(row);
    if (this.tail.length > keep) this.process(this.tail.shift()!);
  }

  private problem(p: LedgerProblem): void {
    this.problemCount++;
    if (this.problems.length < this.ctx.maxProblems) this.problems.push(p);
  }

  private addPreview(row: RawRow, role: PreviewRow['role'], problems: PreviewRow['problems'] = [], reason?: string): void {
    if (this.preview.length >= this.ctx.previewRows) return;
    this.preview.push({ line: row.line, role, cells: row.cells.map(cellDisplay), problems, ...(reason ? { reason } : {}) });
  }

  /**
   * Why a row that did not read as data is no data row at all: '' for a blank
   * row, a reason for a total or subtotal row, a repeated header or a note
   * line (no amount, and not both konto and ansvar); null when it is a data
   * row with problems, which are then reported.
   */
  private notData(cells: SheetCell[], hasAccount: boolean, hasResponsibility: boolean): string | null {
    const m = this.mapping!;
    const c = m.columns;
    let filled = 0;
    let firstText: string | null = null;
    for (const x of cells) {
      if (x === '' || (typeof x === 'string' && x.trim() === '')) continue;
      filled++;
      if (firstText === null && typeof x === 'string') firstText = x.trim();
    }
    if (filled === 0) return '';
    const totalText = cells.find((x): x is string => typeof x === 'string' && this.isTotal(x));
    if (totalText !== undefined) return `summarad ("${totalText.trim().slice(0, 60)}")`;
    if (c.account !== undefined && m.headers[c.account] && normaliseHeader(text(cellAt(cells, c.account))) === normaliseHeader(m.headers[c.account]!)) {
      return 'rubrikraden upprepas (ny sida i rapporten)';
    }
    const numeric = (i: number | undefined) => {
      if (i === undefined) return false;
      const v = cellAt(cells, i);
      return v !== '' && !Number.isNaN(oreFromCell(v, this.ctx.profile.decimal));
    };
    const anyAmount = numeric(c.amount) || numeric(c.debit) || numeric(c.credit) || this.periodCols.some(([i]) => numeric(i));
    if (filled === 1 && firstText !== null) return `textrad utan belopp ("${firstText.slice(0, 60)}")`;
    if (!anyAmount && !(hasAccount && hasResponsibility)) return `textrad utan belopp ("${(firstText ?? cells.map(cellDisplay).join(' ').trim()).slice(0, 60)}")`;
    return null;
  }

  private process(row: RawRow): void {
    const m = this.mapping!;
    const c = m.columns;
    const cells = row.cells;
    // One scratch array per processor: most rows have no problem, and a million rows should not mean a million arrays.
    const errs = this.scratch;
    errs.length = 0;
    const get = (i: number | undefined): SheetCell => cellAt(cells, i);

    // Konto
    let account = '';
    const accCell = get(c.account);
    if (typeof accCell === 'string' && accCell.length >= 3 && accCell.length <= 6 && digitsOnly(accCell)) account = accCell;
    else {
      const code = codeFromCell(accCell);
      if (code && isAccountCode(code.code)) {
        account = code.code;
        if (code.name && !this.accountNames.has(account)) this.accountNames.set(account, code.name);
      } else errs.push({ index: c.account, field: 'account', message: text(accCell) === '' ? 'kontot saknas' : 'är inget kontonummer (3–6 siffror)', value: text(accCell) });
    }
    // Ansvar
    let responsibility = '';
    const respCell = get(c.responsibility);
    // Plain numeric codes (the usual case) need no parsing object.
    const resp = typeof respCell === 'string' && respCell.length > 0 && respCell.length <= 30 && digitsOnly(respCell) ? null : codeFromCell(respCell);
    if (resp === null && typeof respCell === 'string' && respCell !== '' && digitsOnly(respCell)) responsibility = respCell;
    else if (resp) {
      responsibility = resp.code;
      if (resp.name && !this.responsibilityNames.has(responsibility)) this.responsibilityNames.set(responsibility, resp.name);
    } else if (c.responsibility !== undefined) {
      errs.push({ index: c.responsibility, field: 'responsibility', message: text(respCell) === '' ? 'ansvaret saknas' : 'är ingen ansvarskod', value: text(respCell) });
    }
    // Other dimensions, in canonical order
    let dims = '';
    for (let k = 0; k < this.dimColumns.length; k++) {
      const [dim, index] = this.dimColumns[k]!;
      const v = cells[index] ?? '';
      // Qlik writes "-" for a dimension with no value.
      if (v === '' || v === '-') continue;
      const pieces = this.dimPieces[k]!;
      let piece = typeof v === 'string' ? pieces.get(v) : undefined;
      if (piece === undefined) {
        const code = codeFromCell(v);
        if (!code) {
          errs.push({ index, field: 'activityCode', message: `är ingen kod för ${dim}`, value: text(v) });
          continue;
        }
        piece = `${dim}=${code.code}`;
        // Few distinct values per column: remember the piece rather than build it a million times.
        if (typeof v === 'string' && pieces.size < 100_000) pieces.set(v, piece);
      }
      dims = dims === '' ? piece : `${dims}|${piece}`;
    }
    // Period
    let period: number | null = null;
    const wide = this.periodCols.length > 0;
    if (wide) period = 0;
    else if (c.period !== undefined) {
      const v = get(c.period);
      period = periodFromCell(v, this.ctx.spreadsheet);
      if (period === null) errs.push({ index: c.period, field: 'period', message: 'är ingen period (ÅÅÅÅMM, ÅÅÅÅ-MM, ÅÅÅÅMMDD eller ett datum)', value: text(v) });
    } else if (c.month !== undefined && (c.year !== undefined || this.monthYear !== null)) {
      const y = c.year !== undefined ? yearFromCell(get(c.year)) : this.monthYear;
      const mo = monthFromCell(get(c.month));
      if (y === null) errs.push({ index: c.year, field: 'year', message: 'är inget år (ÅÅÅÅ)', value: text(get(c.year)) });
      if (mo === null) errs.push({ index: c.month, field: 'month', message: 'är ingen månad (1–12 eller månadens namn)', value: text(get(c.month)) });
      if (y !== null && mo !== null) period = y * 100 + mo;
    } else if (c.date !== undefined) {
      const v = get(c.date);
      period = periodFromCell(v, this.ctx.spreadsheet);
      if (period === null) errs.push({ index: c.date, field: 'date', message: 'är inget datum (ÅÅÅÅ-MM-DD)', value: text(v) });
    } else period = this.ctx.fixedPeriod;
    if (period !== null && !wide) {
      const why = this.ctx.checkPeriod(period);
      if (why) errs.push({ index: c.period ?? c.date ?? c.month, field: 'period', message: why, value: String(period) });
    }
    // Belopp, or Debet - Kredit, with a sign column where there is one
    let ore = 0;
    const decimal = this.ctx.profile.decimal;
    if (wide) {
      for (const [index] of this.periodCols) {
        const v = cells[index] ?? '';
        if (v !== '' && Number.isNaN(oreFromCell(v, decimal))) errs.push({ index, field: 'amount', message: 'är inget belopp i kronor (högst två decimaler)', value: text(v) });
      }
    } else if (c.amount !== undefined) {
      const v = get(c.amount);
      ore = oreFromCell(v, decimal);
      if (Number.isNaN(ore)) {
        errs.push({ index: c.amount, field: 'amount', message: text(v) === '' ? 'beloppet saknas' : 'är inget belopp i kronor (högst två decimaler)', value: text(v) });
        ore = 0;
      }
    } else {
      const creditSign = m.creditSigned ? 1 : -1;
      for (const [field, sign] of [['debit', 1], ['credit', creditSign]] as const) {
        const v = get(c[field]);
        if (v === '') continue;
        const x = oreFromCell(v, decimal);
        if (Number.isNaN(x)) errs.push({ index: c[field], field, message: 'är inget belopp i kronor (högst två decimaler)', value: text(v) });
        else ore += sign * x;
      }
    }
    if (c.sign !== undefined && ore !== 0) {
      const s = signFromCell(get(c.sign));
      if (s === null) errs.push({ index: c.sign, field: 'sign', message: 'är inget tecken (+ eller −, D eller K)', value: text(get(c.sign)) });
      else ore *= s;
    }
    if (this.ctx.profile.signFlip) ore = -ore;

    if (errs.length > 0) {
      const found = errs.slice();
      const reason = this.notData(cells, account !== '', responsibility !== '');
      if (reason !== null) {
        if (reason === '') {
          this.blankRows++;
          this.addPreview(row, 'skipped', [], 'tom rad');
          return;
        }
        this.skip(row.line, reason);
        this.addPreview(row, 'skipped', [], reason);
        return;
      }
      for (const e of found) {
        this.problem({ line: row.line, column: columnTitle(m, e.index, FIELD_LABELS[e.field]), message: `${e.value ? `"${e.value}" ` : ''}${e.message}`, value: e.value });
      }
      this.addPreview(
        row,
        'error',
        found.map((e) => ({ index: e.index ?? -1, message: e.message })),
      );
      return;
    }

    if (m.nameColumns.account !== undefined && !this.accountNames.has(account)) {
      const n = text(get(m.nameColumns.account));
      if (n) this.accountNames.set(account, n);
    }
    if (m.nameColumns.responsibility !== undefined && !this.responsibilityNames.has(responsibility)) {
      const n = text(get(m.nameColumns.responsibility));
      if (n) this.responsibilityNames.set(responsibility, n);
    }
    if (account[0] === '1' || account[0] === '2') {
      if (this.takeInvestment(cells, account, dims, wide ? null : period!, ore, decimal)) {
        if (this.preview.length < this.ctx.previewRows) this.addPreview(row, 'data', [], 'investeringsutfall');
        return;
      }
      const reason = `balanskonto ${account} (klass 1–2) hör inte till utfallet`;
      this.skip(row.line, reason);
      this.addPreview(row, 'skipped', [], reason);
      return;
    }
    if (wide) {
      const flip = this.ctx.profile.signFlip ? -1 : 1;
      for (const [index, p] of this.periodCols) {
        const v = cells[index] ?? '';
        if (v !== '') this.acc.addValues(account, responsibility, dims, p, flip * oreFromCell(v, decimal) || 0);
      }
      if (this.preview.length < this.ctx.previewRows) this.addPreview(row, 'data');
      return;
    }
    if (!this.hasDetail) {
      this.acc.addValues(account, responsibility, dims, period!, ore);
      if (this.preview.length < this.ctx.previewRows) this.addPreview(row, 'data');
      return;
    }
    const out: LedgerRow = { line: row.line, account, responsibility, dims, period: period!, ore };
    {
      const t = (i: number | undefined) => {
        const s = text(get(i));
        return s === '' ? null : s.slice(0, 500);
      };
      out.detail = {
        date: c.date !== undefined ? isoDateFromCell(get(c.date), this.ctx.spreadsheet) : null,
        voucher: t(c.voucher),
        text: t(c.text),
        counterpartyName: t(c.counterpartyName),
      };
    }
    this.acc.add(out);
    this.addPreview(row, 'data');
  }

  /**
   * A class-1 row with a project code is investment outcome
   * (investment-outcome.ts): per period column of a wide row, or the row's
   * period. False when the row is not one (it is then left out as a balance account).
   */
  private takeInvestment(cells: SheetCell[], account: string, dims: string, period: number | null, ore: number, decimal: MappingProfile['decimal']): boolean {
    if (period !== null) return this.acc.addInvestment(account, dims, period, ore);
    if (account[0] !== '1' || !dims.includes(`${PROJECT_DIMENSION}=`)) return false;
    const flip = this.ctx.profile.signFlip ? -1 : 1;
    let taken = false;
    for (const [index, p] of this.periodCols) {
      const v = cells[index] ?? '';
      if (v !== '') taken = this.acc.addInvestment(account, dims, p, flip * oreFromCell(v, decimal) || 0) || taken;
    }
    return taken;
  }
}
