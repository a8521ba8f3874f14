import type { Db } from '../../../db/index';
import { parseDims } from '../coding';
import { RESPONSIBILITY } from '../dimensions';
import { MONTH_COLUMNS } from './lines';
import { Accounts, Org, type VersionRow } from './planning-common';

/** One kodsträng of the detaljbudget as it goes to the ekonomisystem: lines with the same kodsträng summed. */
export interface ExportRow {
  account: string;
  accountName: string;
  responsibility: string;
  responsibilityName: string;
  /** Other dimensions by dimension code. */
  dims: Record<string, string>;
  yearOre: number;
  months: number[];
}

export interface ExportDimension {
  code: string;
  name: string;
  sieDimension: number | null;
  /** Names of the dimension's values by code, where the master data has them. */
  valueNames: Map<string, string>;
}

export interface ExportData {
  version: VersionRow;
  rows: ExportRow[];
  /** The dimensions other than ansvar that the lines use, in the dimensions' order. */
  dimensions: ExportDimension[];
  responsibilityDimension: ExportDimension;
  totalOre: number;
}

/** The version's lines summed per kodsträng, sorted by ansvar, konto and dimensions, with names. */
export function loadExportData(db: Db, version: VersionRow): ExportData {
  const org = new Org(db);
  const accounts = new Accounts(db);
  const raw = db
    .prepare(
      `SELECT c.account_code AS account, c.responsibility_code AS responsibility, c.dims AS dims, SUM(b.year_ore) AS year_ore,
              ${MONTH_COLUMNS.map((m) => `SUM(b.${m}) AS ${m}`).join(', ')}
       FROM budget_line b JOIN coding c ON c.id = b.coding_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL
       GROUP BY c.id
       ORDER BY c.responsibility_code, c.account_code, c.dims`,
    )
    .all(version.id) as ({ account: string; responsibility: string; dims: string; year_ore: number } & Record<(typeof MONTH_COLUMNS)[number], number>)[];
  const used = new Set<string>();
  let totalOre = 0;
  const rows = raw.map((r) => {
    const dims = parseDims(r.dims);
    for (const k of Object.keys(dims)) used.add(k);
    totalOre += r.year_ore;
    return {
      account: r.account,
      accountName: accounts.byCode.get(r.account)?.name ?? '',
      responsibility: r.responsibility,
      responsibilityName: org.tree.byCode.get(r.responsibility)?.name ?? '',
      dims: { ...dims },
      yearOre: r.year_ore,
      months: MONTH_COLUMNS.map((m) => r[m]),
    };
  });
  const dimRows = db.all(db.q.selectFrom('dimension').select(['id', 'code', 'name', 'sie_dimension', 'sort_order']).where('deleted_at', 'is', null).orderBy('sort_order'));
  const values = (dimensionId: string) =>
    new Map(db.all(db.q.selectFrom('dimension_value').select(['code', 'name']).where('dimension_id', '=', dimensionId).where('deleted_at', 'is', null)).map((v) => [v.code, v.name]));
  const resp = dimRows.find((d) => d.code === RESPONSIBILITY);
  const responsibilityDimension: ExportDimension = {
    code: RESPONSIBILITY,
    name: resp?.name ?? 'Ansvar',
    sieDimension: resp?.sie_dimension ?? 1,
    valueNames: new Map([...org.tree.byCode.values()].map((n) => [n.code, n.name])),
  };
  const dimensions: ExportDimension[] = [];
  for (const d of dimRows) {
    if (d.code === RESPONSIBILITY || !used.has(d.code)) continue;
    dimensions.push({ code: d.code, name: d.name, sieDimension: d.sie_dimension, valueNames: values(d.id) });
    used.delete(d.code);
  }
  // Dimension codes on lines that the dimension table does not know (still exported, by code).
  for (const code of [...used].sort()) dimensions.push({ code, name: code, sieDimension: null, valueNames: new Map() });
  return { version, rows, dimensions, responsibilityDimension, totalOre };
}

/** Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
