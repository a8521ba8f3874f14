import { StringDecoder } from 'node:string_decoder';
import { tagEnd, XmlTextError, xmlText } from './xlsx-xml';

/** A cell as a spreadsheet holds it: text, a real number, or a date (UTC midnight of the day shown). */
export type SheetCell = string | number | Date;

/** What a sheet's cells are read against. */
export interface SheetContext {
  strings: readonly (string | null)[];
  /** By cell style index: is a number in that style a date? */
  dateStyles: readonly boolean[];
  date1904: boolean;
  /** A row with a value beyond this column is refused (SheetTooWide). */
  maxColumns: number;
}

/** A row with a value in a column beyond the limit. */
export class SheetTooWide extends Error {
  constructor(readonly line: number) {
    super('too wide');
  }
}

/** Where in the sheet the XML broke: the caller names file and sheet. */
export class SheetXmlError extends Error {
  constructor(
    readonly where: string,
    readonly line: number | null,
    message: string,
  ) {
    super(message);
  }
}

const DAY_MS = 24 * 3600 * 1000;
const MAX_CARRY = 4 * 1048576;

/** Excel's serial day number as a Date (ExcelJS's conversion, to the millisecond). */
export function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

/** "BC7" → 55; 0 for anything that is not column letters (at most three) followed by digits or nothing. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  if (i === 0 || i > 3) return 0;
  for (let j = i; j < ref.length; j++) {
    const c = ref.charCodeAt(j);
    if (c < 48 || c > 57) return 0;
  }
  return col;
}

function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const enum Text {
  None,
  Value,
  Inline,
}

/**
 * Reads a worksheet's XML as it streams in, row by row, without building a
 * tree or an object per cell. What a cell gives (SheetCell): a shared string,
 * an inline string (its runs joined, phonetic guides left out) or a `str`
 * string as text; a number as a number, or as a Date when its style's number
 * format is a date (1900 or 1904 system); an ISO date cell (`t="d"`) as a
 * Date; a boolean as SANT/FALSKT; an error as empty; a formula as its cached
 * value, by the same rules. A cell or row
 * without `r` follows the one before it; gaps become empty cells. Rows with
 * only empty cells are left out.
 */
export class SheetScanner {
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private inSheetData = false;
  private row: SheetCell[] | null = null;
  private line = 0;
  private col = 0;
  private inCell = false;
  private cellType = '';
  private cellStyle = 0;
  private cellFormula = false;
  private cellValue: string | null = null;
  private text = Text.None;
  private phonetic = 0;

  constructor(
    private readonly ctx: SheetContext,
    private readonly onRow: (line: number, cells: SheetCell[]) => void,
  ) {}

  push(chunk: Buffer): void {
    const s = this.carry + this.decoder.write(chunk);
    this.carry = s.slice(this.scan(s, false));
    // What is carried is read again with every piece: no sheet has a tag or value this long (a cell holds 32,767 characters).
    if (this.carry.length > MAX_CARRY) this.fail(`en tagg eller ett värde är längre än ${MAX_CARRY / 1048576} MB, vilket inget kalkylblad har`);
  }

  end(): void {
    const s = this.carry + this.decoder.end();
    this.carry = '';
    this.scan(s, true);
    if (this.inCell) this.fail('filen tar slut mitt i en cell');
    if (this.row !== null) this.fail('filen tar slut mitt i en rad');
  }

  private where(): string {
    if (this.inCell) return `cell ${columnName(this.col)}${this.line}`;
    if (this.row !== null) return `rad ${this.line}`;
    return this.line > 0 ? `efter rad ${this.line}` : 'början av bladet';
  }

  private fail(message: string): never {
    throw new SheetXmlError(this.where(), this.line > 0 ? this.line : null, message);
  }

  /** Reads what is complete in `s`; returns where the incomplete rest starts. */
  private scan(s: string, final: boolean): number {
    const n = s.length;
    let i = 0;
    try {
      while (i < n) {
        const lt = s.indexOf('<', i);
        if (lt === -1) {
          if (!final) return i;
          this.addText(s, i, n);
          return n;
        }
        if (lt > i) this.addText(s, i, lt);
        i = lt;
        const c1 = s.charCodeAt(lt + 1);
        if (c1 === 33 || c1 === 63 || Number.isNaN(c1)) {
          const next = this.special(s, lt);
          if (next === -1) {
            if (final) this.fail('XML:en tar slut mitt i en tagg');
            return lt;
          }
          i = next;
          continue;
        }
        const gt = tagEnd(s, lt);
        if (gt === -1) {
          if (final) this.fail('XML:en tar slut mitt i en tagg');
          return lt;
        }
        if (c1 === 47) this.closeTag(s, lt + 2, gt);
        else this.openTag(s, lt + 1, gt);
        i = gt + 1;
      }
      return n;
    } catch (e) {
      if (e instanceof XmlTextError) this.fail(e.message);
      throw e;
    }
  }

  /** Comments, CDATA, declarations: where the construct at `lt` ends, or -1 if not yet in `s`. */
  private special(s: string, lt: number): number {
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt + 9);
      if (e === -1) return -1;
      this.addRaw(s.slice(lt + 9, e));
      return e + 3;
    }
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      return e === -1 ? -1 : e + 3;
    }
    if (lt + 9 > s.length && '<![CDATA['.startsWith(s.slice(lt))) return -1;
    const gt = tagEnd(s, lt);
    return gt === -1 ? -1 : gt + 1;
  }

  private addText(s: string, from: number, to: number): void {
    if (this.text === Text.None || this.phonetic > 0) return;
    this.addRaw(xmlText(s.slice(from, to)));
  }

  private addRaw(text: string): void {
    if (this.text === Text.None || this.phonetic > 0) return;
    this.cellValue = this.cellValue === null ? text : this.cellValue + text;
  }

  private openTag(s: string, start: number, gt: number): void {
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    let nameEnd = start;
    for (; nameEnd < gt; nameEnd++) {
      const c = s.charCodeAt(nameEnd);
      if (c === 32 || c === 47 || c === 9 || c === 10 || c === 13) break;
    }
    const len = nameEnd - start;
    const c0 = s.charCodeAt(start);
    if (len === 1) {
      if (c0 === 99 /* c */) this.openCell(s, nameEnd, selfClosing ? gt - 1 : gt, selfClosing);
      else if (!this.inCell) return;
      else if (c0 === 118 /* v */) {
        this.cellValue = '';
        if (!selfClosing) this.text = Text.Value;
      } else if (c0 === 102 /* f */) this.cellFormula = true;
      else if (c0 === 116 /* t */ && !selfClosing && this.phonetic === 0) {
        // Inline string text (`<is><t>` or `<is><r><t>`): the runs are joined.
        this.text = Text.Inline;
        this.cellValue ??= '';
      }
    } else if (len === 3 && s.startsWith('row', start)) {
      if (!this.inSheetData) return;
      this.letterAttributes(s, nameEnd, selfClosing ? gt - 1 : gt);
      const r = this.attrR === undefined ? NaN : parseInt(this.attrR, 10);
      this.line = r > 0 ? r : this.line + 1;
      this.col = 0;
      this.row = [];
      if (selfClosing) this.endRow();
    } else if (len === 2 && c0 === 105 && s.charCodeAt(start + 1) === 115 /* is */) {
      if (this.inCell) this.cellValue ??= '';
    } else if (len === 3 && s.startsWith('rPh', start)) {
      if (this.inCell && !selfClosing) this.phonetic++;
    } else if (len === 9 && s.startsWith('sheetData', start)) {
      this.inSheetData = !selfClosing;
    }
  }

  private closeTag(s: string, start: number, gt: number): void {
    let end = gt;
    while (end > start && s.charCodeAt(end - 1) <= 32) end--;
    const len = end - start;
    const c0 = s.charCodeAt(start);
    if (len === 1) {
      if (c0 === 99 /* c */) this.endCell();
      else if (c0 === 118 /* v */ || c0 === 116 /* t */) this.text = Text.None;
    } else if (len === 3 && s.startsWith('row', start)) {
      if (this.row !== null) {
        if (this.inCell) this.fail('raden slutar mitt i en cell');
        this.endRow();
      }
    } else if (len === 3 && s.startsWith('rPh', start)) {
      if (this.inCell) this.phonetic = Math.max(0, this.phonetic - 1);
    } else if (len === 9 && s.startsWith('sheetData', start)) this.inSheetData = false;
  }

  private attrR: string | undefined;
  private attrS: string | undefined;
  private attrT: string | undefined;

  /**
   * Reads the one-letter attributes r, s and t of a row or cell into attrR,
   * attrS, attrT (others — spans, ht, cm, x14ac:dyDescent — are passed over)
   * without an attribute object: a sheet has millions of cells.
   */
  private letterAttributes(s: string, from: number, to: number): void {
    this.attrR = this.attrS = this.attrT = undefined;
    let i = from;
    while (i < to) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        i++;
        continue;
      }
      const eq = s.indexOf('=', i);
      if (eq === -1 || eq >= to) throw new XmlTextError('ett attribut utan värde');
      let q = eq + 1;
      while (q < to && s.charCodeAt(q) <= 32) q++;
      const quote = s.charCodeAt(q);
      if (quote !== 34 && quote !== 39) throw new XmlTextError('ett attribut utan citattecken');
      const close = s.indexOf(quote === 34 ? '"' : "'", q + 1);
      if (close === -1 || close >= to) throw new XmlTextError('ett attribut som aldrig tar slut');
      let nameEnd = eq;
      while (nameEnd > i && s.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
      if (nameEnd - i === 1) {
        const a = s.charCodeAt(i);
        const raw = s.slice(q + 1, close);
        const value = raw.indexOf('&') === -1 ? raw : xmlText(raw);
        if (a === 114 /* r */) this.attrR = value;
        else if (a === 116 /* t */) this.attrT = value;
        else if (a === 115 /* s */) this.attrS = value;
      }
      i = close + 1;
    }
  }

  private openCell(s: string, from: number, to: number, selfClosing: boolean): void {
    if (this.row === null) return;
    if (this.inCell) this.fail('en cell börjar inuti en annan');
    this.letterAttributes(s, from, to);
    const ref = this.attrR;
    const type = this.attrT ?? 'n';
    const style = this.attrS === undefined ? 0 : parseInt(this.attrS, 10) || 0;
    if (ref !== undefined) {
      const col = columnOf(ref);
      if (col === 0) {
        this.col++;
        this.inCell = true;
        this.fail(`cellreferensen "${ref.slice(0, 20)}" är ingen cell`);
      }
      this.col = col;
    } else this.col++;
    this.inCell = true;
    this.cellType = type;
    this.cellStyle = style;
    this.cellFormula = false;
    this.cellValue = null;
    this.text = Text.None;
    this.phonetic = 0;
    if (selfClosing) this.endCell();
  }

  private endCell(): void {
    if (!this.inCell) return;
    this.inCell = false;
    this.text = Text.None;
    const value = this.cellValue;
    if (value === null && !this.cellFormula) return;
    const cell = this.valueOf(value);
    if (cell === null) return;
    const col = this.col;
    if (col > this.ctx.maxColumns) throw new SheetTooWide(this.line);
    const row = this.row!;
    while (row.length < col - 1) row.push('');
    row[col - 1] = cell;
  }

  /** The cell's value, or null where the cell counts as missing (an empty shared string, an index beyond the list). */
  private valueOf(v: string | null): SheetCell | null {
    if (v === null) return '';
    switch (this.cellType) {
      case 's': {
        const str = this.ctx.strings[parseInt(v, 10)];
        return str === undefined || str === null ? null : str;
      }
      case 'str':
      case 'inlineStr':
        return v;
      case 'e':
        return '';
      case 'b':
        return parseInt(v, 10) !== 0 ? 'SANT' : 'FALSKT';
      case 'd': {
        // An ISO 8601 date cell (openpyxl and others write them; ExcelJS took "2026-01-31" for the number 2026).
        const iso = v.trim();
        const t = Date.parse(/T.*(Z|[+-]\d\d:?\d\d)$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
        return Number.isNaN(t) ? '' : new Date(t);
      }
      default: {
        const x = parseFloat(v);
        if (!Number.isFinite(x)) return '';
        if (this.ctx.dateStyles[this.cellStyle] === true) {
          const d = excelDate(x, this.ctx.date1904);
          return Number.isNaN(d.getTime()) ? '' : d;
        }
        return x;
      }
    }
  }

  private endRow(): void {
    const row = this.row!;
    this.row = null;
    for (let i = 0; i < row.length; i++) {
      if (row[i] !== '') {
        this.onRow(this.line, row);
        return;
      }
    }
  }
}
