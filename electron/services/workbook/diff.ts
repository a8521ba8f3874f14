import path from 'node:path';
import type { Db } from '../../../db/index';
import { isRamkollError } from '../../../db/errors';
import { getOccasion } from '../followup/calendar';
import { parseCell, readIdentity, sameValue, shownText } from './cells';
import { compareRows, type RowChange, type RowInFile } from './compare';
import { problem, type WorkbookChange, type WorkbookDiff, type WorkbookProblem } from './types';
import { type CellValue, columnLetter, type OriginalRow, SHEET_DEFS, STATUS_TEXT, type WorkbookIdentity } from './layout';
import type { CommentStatus } from '../../../db/schema';
import { readWorkbookFile } from './read';
import { sealHolds } from './seal';
import { scopeOf } from './model';

export interface FileRef {
  path: string;
  name?: string;
}

/** Reads one workbook and says what it would change; the database is only read. */
async function diffFile(db: Db, ref: FileRef, index: number, localSiteId: string, out: WorkbookDiff, seen: Set<string>): Promise<void> {
  const name = ref.name ?? path.basename(ref.path);
  const errors: WorkbookProblem[] = [];
  const refused: WorkbookProblem[] = [];
  let sheets;
  try {
    sheets = await readWorkbookFile(ref.path, name);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EPERM') {
      out.errors.push(problem(name, null, null, null, null, code === 'ENOENT' ? 'filen finns inte' : `filen kan inte läsas (${code})`));
      return;
    }
    if (!isRamkollError(e)) throw e;
    out.errors.push(problem(name, null, null, null, null, e.message.startsWith(`${name}: `) ? e.message.slice(name.length + 2) : e.message));
    return;
  }
  const id = readIdentity(sheets.get('Ramkoll'));
  if (typeof id === 'string') {
    out.errors.push(problem(name, null, null, null, null, id));
    return;
  }
  const { identity, originals } = id;
  const fileError = identity.siteId !== localSiteId ? 'arbetsboken skapades i en annan Ramkoll-databas och kan bara läsas in där' : !sealHolds(db, localSiteId, id.sealed, id.signature) ? 'det dolda bladet Ramkoll har ändrats, så filen kan inte läsas in säkert; skicka en ny arbetsbok till chefen' : checkIdentity(db, identity);
  if (fileError) {
    out.errors.push(problem(name, null, null, null, null, fileError));
    return;
  }
  if (seen.has(identity.workbookId)) {
    out.errors.push(problem(name, null, null, null, null, 'samma arbetsbok finns två gånger bland filerna; läs in den ena'));
    return;
  }
  seen.add(identity.workbookId);
  out.workbooks.push({ index, file: name, workbookId: identity.workbookId, node: identity.node, versionId: identity.versionId, occasionId: identity.occasionId });
  const scope = scopeOf(db, identity.node);
  const byKey = new Map<string, OriginalRow>(originals.map((o) => [`${o.sheet}|${o.key}`, o]));
  const rows: RowInFile[] = [];
  const budgetSheet = sheets.get(SHEET_DEFS.budget.name);
  if (identity.frameOre !== null && budgetSheet) {
    // The ram (C2) is locked like any cell: the formulas for what remains count from it.
    const ram = parseCell({ key: 'ram', header: 'Ram', kind: 'oreOpt', edit: 'never', width: 0 }, budgetSheet.rows.get(2)?.get(3));
    if (!ram.ok || ram.value !== identity.frameOre) refused.push(problem(name, budgetSheet.name, 2, 'C (Ram)', shownText(budgetSheet.rows.get(2)?.get(3)), `ramen är låst och har ändrats (exporterades som ${shownOriginal('ore', identity.frameOre)}); den läses inte in`));
  }
  for (const key of identity.sheets) {
    const def = SHEET_DEFS[key];
    const sheet = sheets.get(def.name);
    if (!sheet) {
      errors.push(problem(name, def.name, null, null, null, `bladet ${def.name} saknas; byt inte namn på bladen`));
      continue;
    }
    const present = new Set<string>();
    for (const [r, cells] of [...sheet.rows].sort((a, b) => a[0] - b[0])) {
      if (r <= def.headerRow) continue;
      const values: Record<string, CellValue> = {};
      const shown: Record<string, string> = {};
      let bad = false;
      def.columns.forEach((col, i) => {
        const cell = cells.get(i + 1);
        shown[col.key] = shownText(cell);
        if (col.kind === 'formula') return;
        const p = parseCell(col, cell);
        if (p.ok) values[col.key] = p.value;
        else {
          bad = true;
          errors.push(problem(name, def.name, r, `${columnLetter(i)} (${col.header})`, shown[col.key]!, p.message));
        }
      });
      if (bad) continue;
      const rowKey = typeof values.id === 'string' ? values.id : '';
      const column = (k: string) => {
        const i = def.columns.findIndex((c) => c.key === k);
        return `${columnLetter(i)} (${def.columns[i]!.header})`;
      };
      if (rowKey === '') {
        const filled = def.columns.some((c) => c.kind !== 'formula' && c.kind !== 'id' && values[c.key] !== null && values[c.key] !== '' && values[c.key] !== 0);
        if (!filled) continue;
        if (def.newRows === 0) {
          refused.push(problem(name, def.name, r, null, null, 'nya rader tas inte emot på det här bladet'));
          continue;
        }
        rows.push({ sheet: def, row: r, original: null, values, column });
        continue;
      }
      const original = byKey.get(`${key}|${rowKey}`);
      if (!original) {
        refused.push(problem(name, def.name, r, column('id'), rowKey, 'raden hör inte till den här arbetsboken (en rad från en annan nod eller fil); den läses inte in'));
        continue;
      }
      if (present.has(rowKey)) {
        refused.push(problem(name, def.name, r, null, null, 'raden finns två gånger i bladet; den andra läses inte in'));
        continue;
      }
      present.add(rowKey);
      for (const col of def.columns) {
        if (col.kind === 'formula' || col.kind === 'id') continue;
        const editable = col.edit === 'row' && !original.locked;
        if (!editable && !sameValue(values[col.key], original.values[col.key] ?? (col.kind === 'ore' ? 0 : col.kind === 'oreOpt' ? null : ''))) {
          refused.push(problem(name, def.name, r, column(col.key), shown[col.key]!, `cellen är låst och har ändrats (exporterades som ${shownOriginal(col.kind, original.values[col.key] ?? null)}); ändringen läses inte in`));
        }
      }
      // The row's other cells still count: a changed locked cell is refused on its own.
      rows.push({ sheet: def, row: r, original, values, column });
    }
    for (const o of originals) if (o.sheet === key && !present.has(o.key)) refused.push(problem(name, def.name, o.row, null, o.key, 'raden saknas i filen; rader tas inte bort genom arbetsboken'));
  }
  if (errors.length > 0) {
    // Nothing is read from a file with errors: the chef corrects it and sends it again.
    out.errors.push(...errors);
    out.refused.push(...refused);
    return;
  }
  const found: RowChange[] = [];
  compareRows(db, { identity, scope, file: name, rows, originals }, found, refused, errors);
  out.refused.push(...refused);
  if (errors.length > 0) {
    out.errors.push(...errors);
    return;
  }
  for (const c of found) {
    const change: WorkbookChange = { id: `${identity.workbookId}:${c.key}`, file: name, sheet: c.sheet, row: c.row, column: c.column, node: c.node, what: c.what, before: c.before, after: c.after, op: c.op, versionId: identity.versionId, occasionId: identity.occasionId };
    if (c.conflict) out.conflicts.push({ ...change, exported: c.exported });
    else out.changes.push(change);
  }
}

/** An exported value as the cell showed it: kronor, a status's word, the text. */
function shownOriginal(kind: string, v: CellValue): string {
  if (v === null || v === '') return 'tom';
  if ((kind === 'ore' || kind === 'oreOpt') && typeof v === 'number') return `${(v / 100).toLocaleString('sv-SE', { maximumFractionDigits: 2 })} kr`;
  if (kind === 'status') return STATUS_TEXT[v as CommentStatus] ?? String(v);
  return `"${String(v)}"`;
}

function checkIdentity(db: Db, identity: WorkbookIdentity): string | null {
  if (identity.versionId !== null) {
    const v = db.first(db.q.selectFrom('budget_version').select(['name', 'locked_at', 'deleted_at']).where('id', '=', identity.versionId));
    if (!v || v.deleted_at !== null) return 'budgetversionen som arbetsboken skrevs för finns inte längre';
    if (v.locked_at !== null) return `budgetversionen "${v.name}" är låst sedan arbetsboken skapades; skicka en ny arbetsbok`;
  }
  if (identity.occasionId !== null) {
    try {
      const o = getOccasion(db, identity.occasionId);
      if (o.lockedAt !== null) return `${o.name} är låst sedan arbetsboken skapades`;
    } catch {
      return 'uppföljningstillfället som arbetsboken skrevs för finns inte längre';
    }
  }
  return null;
}

/** Reads any number of workbooks and lists their changes, conflicts, refusals and errors; the database is only read. */
export async function diffWorkbooks(db: Db, files: readonly FileRef[], localSiteId: string): Promise<WorkbookDiff> {
  const out: WorkbookDiff = { files: files.length, workbooks: [], changes: [], conflicts: [], refused: [], errors: [] };
  const seen = new Set<string>();
  for (const [i, f] of files.entries()) await diffFile(db, f, i, localSiteId, out, seen);
  return sameFieldTwice(out);
}

/**
 * Two files (say a sektor's and one of its enheter's) that change the same
 * field: the same value is one change; different values are conflicts for
 * the controller to choose between, never the last file silently winning.
 */
function sameFieldTwice(out: WorkbookDiff): WorkbookDiff {
  const target = (c: WorkbookChange) => c.id.slice(c.id.indexOf(':') + 1);
  const groups = new Map<string, WorkbookChange[]>();
  for (const c of out.changes) groups.set(target(c), [...(groups.get(target(c)) ?? []), c]);
  const changes: WorkbookChange[] = [];
  for (const list of groups.values()) {
    if (list.every((c) => sameValue(c.after, list[0]!.after))) changes.push(list[0]!);
    else for (const c of list) out.conflicts.push({ ...c, what: `${c.what} (ändras olika i ${list.length} filer)`, exported: c.before });
  }
  out.changes = changes;
  return out;
}
