import type { CommentStatus } from '../../../db/schema';

/**
 * The layout of a chef's workbook (arbetsbok), shared by the export that
 * writes it and the import that reads it back: which sheets, which columns,
 * what each column holds and whether the chef may change it. The import
 * never trusts the file's own protection: what is editable is decided here.
 */
export const WORKBOOK_FORMAT = 'ramkoll-arbetsbok/1';

/** How a cell is read: a row id, a code, free text, an amount in kronor (to öre; empty 0 or, oreOpt, none), a comment status, or a formula (never compared). */
export type CellKind = 'id' | 'code' | 'text' | 'ore' | 'oreOpt' | 'status' | 'formula';
/** Who may change a column: on every row the chef owns, only on a new row, or never. */
export type Edit = 'row' | 'new' | 'never';

export interface ColumnDef {
  key: string;
  header: string;
  kind: CellKind;
  edit: Edit;
  width: number;
  /** The formula of a computed column, for data row r. */
  formula?: (r: number) => string;
  /** Its value in öre from the row's values, written with the formula so that a program that does not recalculate shows it. */
  result?: (v: Record<string, CellValue>) => number;
}

const ore = (v: CellValue | undefined) => (typeof v === 'number' ? v : 0);

export type SheetKey = 'budget' | 'changes' | 'deviations' | 'forecast';

export interface SheetDef {
  key: SheetKey;
  name: string;
  /** The row of the column headers; data rows follow. */
  headerRow: number;
  columns: ColumnDef[];
  /** Empty unlocked rows after the data for new rows; 0: no new rows on this sheet. */
  newRows: number;
}

export const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;
const MONTH_HEADERS = ['Jan', 'Feb', 'Mar', 'Apr', 'Maj', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dec'];
export const MONTH_KEYS = MONTH_HEADERS.map((_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const id: ColumnDef = { key: 'id', header: 'Rad-id', kind: 'id', edit: 'never', width: 4 };

export const BUDGET_SHEET: SheetDef = {
  key: 'budget',
  name: 'Budget',
  headerRow: 6,
  newRows: 30,
  columns: [
    id,
    { key: 'responsibility', header: 'Ansvar', kind: 'code', edit: 'new', width: 10 },
    { key: 'responsibilityName', header: 'Ansvarsnamn', kind: 'text', edit: 'never', width: 26 },
    { key: 'account', header: 'Konto', kind: 'code', edit: 'new', width: 9 },
    { key: 'accountName', header: 'Kontonamn', kind: 'text', edit: 'never', width: 26 },
    { key: 'dims', header: 'Övriga koder', kind: 'text', edit: 'never', width: 12 },
    { key: 'year', header: 'Årsbelopp', kind: 'formula', edit: 'never', width: 14, formula: (r) => `SUM(H${r}:S${r})`, result: (v) => MONTH_KEYS.reduce((s, k) => s + ore(v[k]), 0) },
    ...MONTH_HEADERS.map((h, i): ColumnDef => ({ key: MONTH_KEYS[i]!, header: h, kind: 'ore', edit: 'row', width: 12 })),
  ],
};

export const CHANGES_SHEET: SheetDef = {
  key: 'changes',
  name: 'Förändringar',
  headerRow: 3,
  newRows: 15,
  columns: [
    id,
    { key: 'responsibility', header: 'Ansvar', kind: 'code', edit: 'new', width: 10 },
    { key: 'description', header: 'Beskrivning', kind: 'text', edit: 'row', width: 48 },
    { key: 'amount_ore', header: 'Effekt budgetår', kind: 'ore', edit: 'row', width: 15 },
    { key: 'plan1_ore', header: 'Effekt planår 1', kind: 'ore', edit: 'row', width: 15 },
    { key: 'plan2_ore', header: 'Effekt planår 2', kind: 'ore', edit: 'row', width: 15 },
    { key: 'status', header: 'Status', kind: 'text', edit: 'never', width: 12 },
  ],
};

export const DEVIATIONS_SHEET: SheetDef = {
  key: 'deviations',
  name: 'Avvikelser',
  headerRow: 3,
  newRows: 0,
  columns: [
    id,
    { key: 'responsibility', header: 'Ansvar', kind: 'code', edit: 'never', width: 10 },
    { key: 'name', header: 'Namn', kind: 'text', edit: 'never', width: 26 },
    { key: 'budgetAcc', header: 'Budget ack', kind: 'ore', edit: 'never', width: 14 },
    { key: 'actualAcc', header: 'Utfall ack', kind: 'ore', edit: 'never', width: 14 },
    { key: 'deviation', header: 'Avvikelse ack', kind: 'formula', edit: 'never', width: 14, formula: (r) => `D${r}-E${r}`, result: (v) => ore(v.budgetAcc) - ore(v.actualAcc) },
    { key: 'required', header: 'Kommentar krävs', kind: 'text', edit: 'never', width: 10 },
    { key: 'cause', header: 'Orsak', kind: 'text', edit: 'row', width: 40 },
    { key: 'action', header: 'Åtgärd', kind: 'text', edit: 'row', width: 40 },
    { key: 'action_effect_ore', header: 'Effekt av åtgärd', kind: 'oreOpt', edit: 'row', width: 14 },
    { key: 'status', header: 'Status', kind: 'status', edit: 'row', width: 12 },
    { key: 'returnNote', header: 'Återskickad med', kind: 'text', edit: 'never', width: 30 },
  ],
};

export const FORECAST_SHEET: SheetDef = {
  key: 'forecast',
  name: 'Prognos',
  headerRow: 3,
  newRows: 0,
  columns: [
    id,
    { key: 'responsibility', header: 'Ansvar', kind: 'code', edit: 'never', width: 10 },
    { key: 'name', header: 'Namn', kind: 'text', edit: 'never', width: 26 },
    { key: 'group', header: 'Kontogrupp', kind: 'text', edit: 'never', width: 22 },
    { key: 'budgetYear', header: 'Budget helår', kind: 'ore', edit: 'never', width: 15 },
    { key: 'actualAcc', header: 'Utfall ack', kind: 'ore', edit: 'never', width: 15 },
    { key: 'amount_ore', header: 'Prognos helår', kind: 'ore', edit: 'row', width: 15 },
    { key: 'deviation', header: 'Avvikelse mot prognos', kind: 'formula', edit: 'never', width: 15, formula: (r) => `E${r}-G${r}`, result: (v) => ore(v.budgetYear) - ore(v.amount_ore) },
  ],
};

export const SHEET_DEFS: Record<SheetKey, SheetDef> = { budget: BUDGET_SHEET, changes: CHANGES_SHEET, deviations: DEVIATIONS_SHEET, forecast: FORECAST_SHEET };
export const FRONT_SHEET = 'Start';
export const LISTS_SHEET = 'Listor';
export const IDENTITY_SHEET = 'Ramkoll';

/** A comment's status as the sheet shows it; the chef may choose Utkast or Klar. */
export const STATUS_TEXT: Record<CommentStatus, string> = { draft: 'Utkast', ready: 'Klar', approved: 'Godkänd', returned: 'Återskickad' };
export const CHEF_STATUSES: readonly CommentStatus[] = ['draft', 'ready'];
export const CHANGE_STATUS_TEXT = { proposed: 'Föreslagen', decided: 'Beslutad', rejected: 'Avslagen' } as const;

/** A value as the workbook's identity sheet keeps it and the import compares it: text, öre, or none. */
export type CellValue = string | number | null;

/** One exported row as it was written: its sheet, row number, values by column key, and whether the whole row is locked. */
export interface OriginalRow {
  sheet: SheetKey;
  row: number;
  key: string;
  /** The ansvar code the row belongs to. */
  node: string;
  locked: boolean;
  values: Record<string, CellValue>;
}

/** What the hidden sheet says about the file. */
export interface WorkbookIdentity {
  format: string;
  workbookId: string;
  siteId: string;
  versionId: string | null;
  node: string;
  /** 'budget' or 'occasion:YYYYMM'. */
  round: string;
  occasionId: string | null;
  exportedAt: string;
  exportedBy: string;
  /** The exchange clock (HLC) at export: a field with a newer version was changed since. */
  clock: string;
  sheets: SheetKey[];
  /** The node's ram as the budget sheet shows it (C2); null without one. */
  frameOre: number | null;
}
