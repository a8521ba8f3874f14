import type { Db } from '../../../db/index';
import { newId } from '../ids';
import { MONTH_COLUMNS, type WriteMeta } from './lines';

/** What a copied version took over from the one it is based on. */
export interface CopiedParts {
  copiedLines: number;
  /** Ramar per node. */
  copiedFrames: number;
  /** Positions of the personnel budget. */
  copiedPositions: number;
  /** Marks of the lines the personnel budget generated (so generating again replaces them in the copy too). */
  copiedPersonnelLines: number;
  /** The VF-lista; a change linked to a line is linked to that line's copy. */
  copiedChanges: number;
  /** Lines of the original that shared a kodsträng with another and were merged into its copy (one line per kodsträng). */
  mergedLines: number;
}

const LINE_COLS = `coding_id, profile_id, year_ore, ${MONTH_COLUMNS.join(', ')}, manual, note`;
/** Positions in a source row: id, then LINE_COLS. */
const PROFILE = 2;
const YEAR = 3;
const FIRST_MONTH = 4;
const MANUAL = FIRST_MONTH + 12;
const NOTE = MANUAL + 1;

/**
 * One line for several of the same kodsträng (an older database, or two
 * sites' lines met in an exchange): amounts and months summed exactly; it
 * keeps the profile only when all followed the same one, else it is manual.
 */
function mergeLines(rows: unknown[][]): unknown[] {
  const out = [...rows[0]!];
  out[YEAR] = rows.reduce((a, r) => a + (r[YEAR] as number), 0);
  for (let m = 0; m < 12; m++) out[FIRST_MONTH + m] = rows.reduce((a, r) => a + (r[FIRST_MONTH + m] as number), 0);
  const sameProfile = rows.every((r) => r[PROFILE] === rows[0]![PROFILE] && r[MANUAL] === 0);
  out[MANUAL] = sameProfile ? 0 : 1;
  const notes = [...new Set(rows.map((r) => r[NOTE] as string | null).filter((n): n is string => n !== null && n !== ''))];
  out[NOTE] = notes.length > 0 ? notes.join('; ').slice(0, 1000) : null;
  return out;
}

/**
 * Copies every live part of one version into another (new, empty) one: its
 * lines, ramar, personnel positions with the marks of their generated lines,
 * and the VF-lista with its links moved to the copied lines. A version is
 * one budget: a draft made from the adopted budget must not lose the ramar
 * the lines are measured against, or the positions the salary lines come
 * from. Call inside the transaction that created the target.
 */
export function copyVersionContents(db: Db, fromId: string, toId: string, meta: WriteMeta, onProgress?: (done: number, total: number) => void): CopiedParts {
  const stamp = [meta.at, meta.at, meta.siteId] as const;

  const source = db.prepare(`SELECT id, ${LINE_COLS} FROM budget_line WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid`).raw(true).all(fromId) as unknown[][];
  const insertLine = db.prepare(
    `INSERT INTO budget_line (id, version_id, ${LINE_COLS}, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ${LINE_COLS.split(', ')
       .map(() => '?')
       .join(', ')}, ?, ?, ?, NULL)`,
  );
  // Old line id → its copy, for the links of the personnel budget and the VF-lista.
  const lineCopy = new Map<string, string>();
  const byCoding = new Map<number, unknown[][]>();
  for (const r of source) {
    const same = byCoding.get(r[1] as number);
    if (same) same.push(r);
    else byCoding.set(r[1] as number, [r]);
  }
  let i = 0;
  let mergedLines = 0;
  for (const rows of byCoding.values()) {
    const id = newId();
    for (const r of rows) lineCopy.set(r[0] as string, id);
    const row = rows.length === 1 ? rows[0]! : mergeLines(rows);
    mergedLines += rows.length - 1;
    insertLine.run(id, toId, ...row.slice(1), ...stamp);
    if (onProgress && i++ % 5000 === 0) onProgress(i, byCoding.size);
  }

  const frames = db.prepare('SELECT responsibility_id, amount_ore, note FROM frame WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid').raw(true).all(fromId) as unknown[][];
  const insertFrame = db.prepare(
    'INSERT INTO frame (id, version_id, responsibility_id, amount_ore, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)',
  );
  for (const f of frames) insertFrame.run(newId(), toId, ...f, ...stamp);

  const positionCols =
    'responsibility_id, title, person_name, employment_bp, monthly_salary_ore, raise_bp, raise_from_month, vacancy_months, po_category, salary_account_code, po_account_code';
  const positions = db.prepare(`SELECT ${positionCols} FROM personnel_position WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid`).raw(true).all(fromId) as unknown[][];
  const insertPosition = db.prepare(
    `INSERT INTO personnel_position (id, version_id, ${positionCols}, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ${positionCols
       .split(', ')
       .map(() => '?')
       .join(', ')}, ?, ?, ?, NULL)`,
  );
  for (const p of positions) insertPosition.run(newId(), toId, ...p, ...stamp);

  const generated = db
    .prepare('SELECT budget_line_id, responsibility_id, kind FROM personnel_budget_line WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid')
    .all(fromId) as { budget_line_id: string; responsibility_id: string; kind: string }[];
  const insertGenerated = db.prepare(
    'INSERT INTO personnel_budget_line (id, budget_line_id, version_id, responsibility_id, kind, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)',
  );
  let copiedPersonnelLines = 0;
  const marked = new Set<string>();
  for (const g of generated) {
    // A mark whose line was removed by hand marks nothing; merged lines are marked once.
    const line = lineCopy.get(g.budget_line_id);
    if (line === undefined || marked.has(`${line}\t${g.kind}`)) continue;
    marked.add(`${line}\t${g.kind}`);
    insertGenerated.run(newId(), line, toId, g.responsibility_id, g.kind, ...stamp);
    copiedPersonnelLines++;
  }

  const changes = db
    .prepare('SELECT responsibility_id, description, amount_ore, priority, status, budget_line_id FROM operational_change WHERE version_id = ? AND deleted_at IS NULL ORDER BY rowid')
    .all(fromId) as { responsibility_id: string | null; description: string; amount_ore: number; priority: number; status: string; budget_line_id: string | null }[];
  const insertChange = db.prepare(
    `INSERT INTO operational_change (id, version_id, responsibility_id, description, amount_ore, priority, status, budget_line_id, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  for (const c of changes) {
    // Linked to a line that is gone: the change is not in the lines, in the copy as in the original.
    const line = c.budget_line_id === null ? null : (lineCopy.get(c.budget_line_id) ?? null);
    insertChange.run(newId(), toId, c.responsibility_id, c.description, c.amount_ore, c.priority, c.status, line, ...stamp);
  }

  return { copiedLines: byCoding.size, copiedFrames: frames.length, copiedPositions: positions.length, copiedPersonnelLines, copiedChanges: changes.length, mergedLines };
}

/** What removing a version took with it. */
export interface RemovedParts {
  deletedLines: number;
  deletedFrames: number;
  deletedPositions: number;
  deletedChanges: number;
}

/** Tombstones the live lines, ramar, positions, generated-line marks and VF-lista of a version. Call inside a transaction. */
export function tombstoneVersionContents(db: Db, versionId: string, meta: WriteMeta): RemovedParts {
  const tomb = (table: 'budget_line' | 'frame' | 'personnel_position' | 'personnel_budget_line' | 'operational_change') =>
    db.run(db.q.updateTable(table).set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('version_id', '=', versionId).where('deleted_at', 'is', null)).changes;
  // The marks and the changes first: they point at the lines.
  tomb('personnel_budget_line');
  const deletedChanges = tomb('operational_change');
  const deletedPositions = tomb('personnel_position');
  const deletedFrames = tomb('frame');
  const deletedLines = tomb('budget_line');
  return { deletedLines, deletedFrames, deletedPositions, deletedChanges };
}
