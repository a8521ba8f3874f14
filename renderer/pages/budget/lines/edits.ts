import type { LineChange } from '../../../../electron/api/contract/index';
import { formatOre, oreForSpreadsheet, parseAmount } from '../../../amount';
import { codingKey, codingLabel, dimsText, parseDimsText, type GridRow, type Line, type LinesModel, type Reference } from './model';
import { count } from '../../../format';

export const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Maj', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dec'];
export const MONTH_NAMES = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** Column ids of the grid: 'resp', 'acc', 'dim:<code>', 'year', 'profile', 'm1'…'m12', 'manual'. */
export function monthOfColumn(colId: string): number | null {
  const m = /^m(\d{1,2})$/.exec(colId);
  return m ? Number(m[1]) : null;
}

export function columnLabel(colId: string, ref: Reference): string {
  const month = monthOfColumn(colId);
  if (month !== null) return MONTH_NAMES[month - 1]!;
  if (colId.startsWith('dim:')) return ref.dimensionNames.get(colId.slice(4)) ?? colId.slice(4);
  return { resp: 'Ansvar', acc: 'Konto', year: 'Årsbelopp', profile: 'Profil', manual: 'Manuell' }[colId] ?? colId;
}

export function isEditableColumn(colId: string): boolean {
  return colId === 'resp' || colId === 'acc' || colId === 'year' || colId === 'profile' || colId.startsWith('dim:') || monthOfColumn(colId) !== null;
}

/** The text of a cell as it goes to a spreadsheet: codes as codes, amounts with a decimal comma and no grouping. */
export function cellText(row: GridRow, colId: string, ref: Reference): string {
  const month = monthOfColumn(colId);
  if (month !== null) return oreForSpreadsheet(row.m[month - 1]!);
  if (colId === 'year') return oreForSpreadsheet(row.year);
  if (row.kind !== 'line') return colId === 'resp' ? row.label : '';
  if (colId === 'resp') return row.resp;
  if (colId === 'acc') return row.acc;
  if (colId === 'profile') return ref.profileName(row.profileId);
  if (colId === 'manual') return row.manual ? 'manuell' : '';
  if (colId.startsWith('dim:')) return parseDimsText(row.dims)[colId.slice(4)] ?? '';
  return '';
}

const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

export type CellEdit = { ok: true; kind: 'amount' | 'profile' | 'coding'; apply(line: PlannedLine): void } | { ok: false; message: string };

/** What a row will look like while a paste or an edit is planned: the coding, profile, year and months. */
export interface PlannedLine {
  resp: string;
  acc: string;
  dims: Record<string, string>;
  profileId: string | null;
  year: number | null;
  months: number[];
  touched: { coding: boolean; profile: boolean; year: boolean; months: boolean };
}

function findProfile(text: string, ref: Reference): string | null {
  // The grid's profile list gives the id; a paste gives the name or code.
  if (ref.profiles.has(text)) return text;
  const t = text.trim().toLocaleLowerCase('sv');
  for (const p of ref.profiles.values()) if (p.name.toLocaleLowerCase('sv') === t || p.code === t) return p.id;
  return null;
}

/** Reads one typed or pasted value for a column; a message in Swedish when it cannot be used. */
export function readCell(colId: string, text: string, ref: Reference): CellEdit {
  const month = monthOfColumn(colId);
  const value = text.trim();
  if (month !== null || colId === 'year') {
    const ore = value === '' ? 0 : parseAmount(value);
    if (Number.isNaN(ore)) return { ok: false, message: `"${text}" är inget belopp. Skriv kronor som 1 234,50, 1234 eller -500.` };
    if (Math.abs(ore) > 1e15) return { ok: false, message: `${text} är för stort.` };
    if (month !== null)
      return {
        ok: true,
        kind: 'amount',
        apply: (s) => {
          s.months[month - 1] = ore;
          s.touched.months = true;
        },
      };
    return {
      ok: true,
      kind: 'amount',
      apply: (s) => {
        s.year = ore;
        s.touched.year = true;
      },
    };
  }
  if (colId === 'profile') {
    const id = findProfile(value, ref);
    if (!id) return { ok: false, message: `Det finns ingen profil som heter "${text}". Profilerna heter: ${[...ref.profiles.values()].map((p) => p.name).join(', ')}.` };
    return {
      ok: true,
      kind: 'profile',
      apply: (s) => {
        s.profileId = id;
        s.touched.profile = true;
      },
    };
  }
  if (colId === 'resp' || colId === 'acc' || colId.startsWith('dim:')) {
    // "31101 Solgårdens äldreboende" as copied from a list: the code is the first word.
    const code = value.split(/\s+/)[0] ?? '';
    if (colId === 'acc' && !/^\d{4,5}$/.test(code)) return { ok: false, message: `"${text}" är inget konto: ett konto är 4 eller 5 siffror.` };
    if (colId === 'resp' && !CODE.test(code)) return { ok: false, message: `"${text}" är inget ansvar: skriv ansvarskoden, t.ex. 31101.` };
    if (colId.startsWith('dim:') && code !== '' && !CODE.test(code)) return { ok: false, message: `"${text}" är ingen kod: bokstäver och siffror, högst 20 tecken.` };
    return {
      ok: true,
      kind: 'coding',
      apply: (s) => {
        if (colId === 'resp') s.resp = code;
        else if (colId === 'acc') s.acc = code;
        else s.dims[colId.slice(4)] = code;
        s.touched.coding = true;
      },
    };
  }
  return { ok: false, message: `Kolumnen ${columnLabel(colId, ref)} räknas fram och kan inte ändras.` };
}

function draft(line: Line): PlannedLine {
  return { resp: line.resp, acc: line.acc, dims: parseDimsText(line.dims), profileId: line.profileId, year: null, months: [...line.m], touched: { coding: false, profile: false, year: false, months: false } };
}

export interface UnknownCode {
  column: string;
  code: string;
}

/** Codes the master data does not know (the user must confirm them). */
export function unknownCodes(s: { resp: string; acc: string; dims: Record<string, string> }, ref: Reference): UnknownCode[] {
  const out: UnknownCode[] = [];
  if (!ref.org.has(s.resp)) out.push({ column: 'Ansvar', code: s.resp });
  if (!ref.accounts.has(s.acc)) out.push({ column: 'Konto', code: s.acc });
  for (const [dim, v] of Object.entries(s.dims)) {
    if (v !== '' && !ref.dimValues.get(dim)?.has(v)) out.push({ column: ref.dimensionNames.get(dim) ?? dim, code: v });
  }
  return out;
}

/** Turns the planned state of one line into changes, in the order that gives what the user typed. */
function changesFor(line: Line, s: PlannedLine, where: string, errors: string[]): LineChange[] {
  const out: LineChange[] = [];
  if (s.touched.coding) out.push({ op: 'coding', id: line.id, account: s.acc, responsibility: s.resp, dims: s.dims });
  if (s.touched.profile) out.push({ op: 'profile', id: line.id, profileId: s.profileId! });
  if (s.touched.months) {
    const sum = s.months.reduce((a, b) => a + b, 0);
    if (s.touched.year && s.year !== sum) {
      errors.push(`${where}: årsbeloppet ${oreForSpreadsheet(s.year!)} är inte summan av månaderna (${oreForSpreadsheet(sum)}).`);
      return out;
    }
    out.push({ op: 'months', id: line.id, months: s.months });
  } else if (s.touched.year) {
    out.push({ op: 'year', id: line.id, yearOre: s.year! });
  }
  return out;
}

/** The line that has a kodsträng, in the words the services use: "raden 31102/4010 med årsbeloppet 30 000 kr". */
export function lineText(l: Line): string {
  return `raden ${codingLabel(l.resp, l.acc, l.dims)} med årsbeloppet ${formatOre(l.year)} kr`;
}

/** Why a kodsträng cannot be given to a line: another line of the version has it. */
export function duplicateMessage(resp: string, acc: string, dims: string, holder: Line): string {
  return `Kodsträngen ${codingLabel(resp, acc, dims)} finns redan i versionen: ${lineText(holder)}. En kodsträng kan bara finnas på en rad i en budgetversion: ändra den raden i stället, eller välj en annan kodsträng.`;
}

/**
 * One line per kodsträng, checked as the user types or pastes, before
 * anything is sent (the services refuse it too: unique-coding.ts): the
 * kodsträngar the planned lines end with, against each other and against
 * the version's other lines. A batch that swaps two lines' kodsträngar passes.
 */
function duplicateErrors(model: LinesModel, planned: readonly { line: Line; s: PlannedLine; where: string }[]): string[] {
  const moving = new Set(planned.filter((p) => p.s.touched.coding).map((p) => p.line.id));
  const taken = new Map<string, string>();
  const errors: string[] = [];
  for (const { line, s, where } of planned) {
    if (!s.touched.coding) continue;
    const dims = dimsText(s.dims);
    const key = codingKey(s.resp, s.acc, dims);
    const other = taken.get(key);
    if (other !== undefined) {
      errors.push(`${where}: kodsträngen ${codingLabel(s.resp, s.acc, dims)} kommer två gånger (också på ${other}). En kodsträng kan bara finnas på en rad i en budgetversion.`);
      continue;
    }
    taken.set(key, where.toLocaleLowerCase('sv'));
    // Lines whose kodsträng this step changes give theirs up; the line itself keeps its own.
    const holder = model.lineWithCoding(s.resp, s.acc, dims, new Set([...moving, line.id]));
    if (holder) errors.push(`${where}: ${duplicateMessage(s.resp, s.acc, dims, holder)}`);
  }
  return errors;
}

export interface Plan {
  changes: LineChange[];
  errors: string[];
  unknown: UnknownCode[];
  /** Lines the plan changes (for the undo snapshot). */
  lines: Line[];
  rows: number;
  cols: number;
}

/**
 * Plans pasting a block (rows × columns of text) with its top-left cell at
 * a shown row and column: block rows go to the lines from there downwards
 * (subtotal rows are skipped), block columns to the shown columns from
 * there rightwards. The whole block is checked first; any error stops it.
 * A single value pasted over a selected range fills the range.
 */
export function planPaste(model: LinesModel, block: string[][], startRow: number, columns: readonly string[], fillRows = 1): Plan {
  const ref = model.ref;
  const errors: string[] = [];
  const single = block.length === 1 && block[0]!.length === 1;
  const height = single ? fillRows : block.length;
  const width = single ? columns.length : Math.max(...block.map((r) => r.length));
  const lines = model.lineRowsFrom(startRow, height);
  if (lines.length < height) {
    errors.push(`Blocket har ${count(height, 'rad', 'rader')} men det finns bara ${count(lines.length, 'budgetrad', 'budgetrader')} från den markerade cellen och nedåt. Lägg till rader först, eller klistra in högre upp.`);
  }
  if (width > columns.length) errors.push(`Blocket har ${count(width, 'kolumn', 'kolumner')} men det finns bara ${count(columns.length, 'kolumn', 'kolumner')} från den markerade cellen och åt höger.`);
  if (errors.length > 0) return { changes: [], errors, unknown: [], lines: [], rows: height, cols: width };
  const changes: LineChange[] = [];
  const unknown: UnknownCode[] = [];
  const planned: { line: Line; s: PlannedLine; where: string }[] = [];
  lines.forEach((line, r) => {
    const s = draft(line);
    for (let c = 0; c < width; c++) {
      const colId = columns[c]!;
      const text = single ? block[0]![0]! : (block[r]![c] ?? '');
      const where = `Rad ${r + 1}, kolumn ${columnLabel(colId, ref)}`;
      const cell = readCell(colId, text, ref);
      if (!cell.ok) errors.push(`${where}: ${cell.message}`);
      else cell.apply(s);
    }
    if (s.touched.coding) unknown.push(...unknownCodes(s, ref));
    planned.push({ line, s, where: `Rad ${r + 1}` });
    changes.push(...changesFor(line, s, `Rad ${r + 1}`, errors));
  });
  errors.push(...duplicateErrors(model, planned));
  return { changes: errors.length > 0 ? [] : changes, errors, unknown, lines, rows: height, cols: width };
}

/** Plans one typed cell. */
export function planEdit(model: LinesModel, line: Line, colId: string, text: string): Plan {
  const cell = readCell(colId, text, model.ref);
  const base = { lines: [line], rows: 1, cols: 1 };
  if (!cell.ok) return { ...base, changes: [], errors: [`${columnLabel(colId, model.ref)}: ${cell.message}`], unknown: [] };
  const s = draft(line);
  cell.apply(s);
  const errors = duplicateErrors(model, [{ line, s, where: columnLabel(colId, model.ref) }]);
  if (errors.length > 0) return { ...base, changes: [], errors, unknown: [] };
  const changes = changesFor(line, s, columnLabel(colId, model.ref), errors);
  // A month typed on one line: send just that month, so the server keeps the others as they are.
  const month = monthOfColumn(colId);
  if (month !== null && changes.length === 1 && changes[0]!.op === 'months') {
    return { ...base, changes: [{ op: 'month', id: line.id, month, ore: s.months[month - 1]! }], errors, unknown: [] };
  }
  return { ...base, changes, errors, unknown: s.touched.coding ? unknownCodes(s, model.ref) : [] };
}

/** The shown cells of a rectangle as text for a spreadsheet (subtotal rows are left out, as paste skips them). */
export function copyBlock(model: LinesModel, rowFrom: number, rowTo: number, columns: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = rowFrom; i <= rowTo; i++) {
    const row = model.rows[i];
    if (!row || row.kind !== 'line') continue;
    out.push(columns.map((c) => cellText(row, c, model.ref)));
  }
  return out;
}
