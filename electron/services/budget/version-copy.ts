import type { Db } from '../../../db/index';
import { bulkCaptured } from '../exchange/bulk-capture';
import { newSortableIds } from '../ids';
import { bulkWriteLines } from './bulk-write';
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

const LINE_COLS = ['coding_id', 'profile_id', 'year_ore', ...MONTH_COLUMNS, 'manual', 'note'] as const;
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

let serial = 0;

/** Temporary tables of one copy, dropped at the end. */
class Scratch {
  readonly n = ++serial;
  private readonly names: string[] = [];
  constructor(
    private readonly db: Db,
    private readonly ms: number,
  ) {}
  table(name: string, columns: string): string {
    const full = `copy_${name}_${this.n}`;
    this.db.sqlite.exec(`CREATE TEMP TABLE ${full} (${columns})`);
    this.names.push(full);
    return `temp.${full}`;
  }
  /** `count` new row ids (ascending: see newSortableIds), numbered k = 0, 1, …; returns the table and the ids. */
  ids(name: string, count: number): { table: string; ids: string[] } {
    const ids = newSortableIds(count, this.ms);
    const table = this.table(name, 'k INTEGER PRIMARY KEY, id TEXT NOT NULL');
    this.db.prepare(`INSERT INTO ${table} (k, id) SELECT key, value FROM json_each(?)`).run(JSON.stringify(ids));
    return { table, ids };
  }
  drop(): void {
    for (const name of this.names) this.db.sqlite.exec(`DROP TABLE IF EXISTS temp.${name}`);
  }
}

/**
 * Copies the rows `source` selects (its columns named as `columns`, plus
 * `ord`, the order to copy in) into `table` with new ids and this write's
 * stamps, as one INSERT … SELECT with change capture for the whole set.
 */
function copyRows(db: Db, scratch: Scratch, table: string, columns: readonly string[], source: string, params: readonly unknown[], stamp: readonly string[]): number {
  const count = (db.prepare(`SELECT count(*) AS n FROM (${source})`).get(...params) as { n: number }).n;
  if (count === 0) return 0;
  const { table: ids, ids: newIds } = scratch.ids(table, count);
  bulkCaptured(db, table, newIds, () =>
    db
      .prepare(
        `INSERT INTO ${table} (id, ${columns.join(', ')}, created_at, updated_at, updated_by_site, deleted_at)
         SELECT i.id, ${columns.map((c) => `s.${c}`).join(', ')}, ?, ?, ?, NULL
         FROM (SELECT x.*, row_number() OVER (ORDER BY x.ord) - 1 AS k FROM (${source}) AS x) AS s JOIN ${ids} AS i ON i.k = s.k ORDER BY s.k`,
      )
      .run(...stamp, ...params),
    { created: true },
  );
  return count;
}

/**
 * Copies every live part of one version into another (new, empty) one: its
 * lines, ramar, personnel positions with the marks of their generated lines,
 * and the VF-lista with its links moved to the copied lines. A version is
 * one budget: a draft made from the adopted budget must not lose the ramar
 * the lines are measured against, or the positions the salary lines come
 * from. Each part is one INSERT … SELECT inside SQLite, with change capture
 * and kept sums once per part (bulk-write.ts) rather than a trigger per
 * row. Call inside the transaction that created the target.
 */
export function copyVersionContents(db: Db, fromId: string, toId: string, meta: WriteMeta, onProgress?: (done: number, total: number) => void): CopiedParts {
  const stamp = [meta.at, meta.at, meta.siteId] as const;
  const scratch = new Scratch(db, Date.parse(meta.at));
  try {
    // One line per kodsträng, in the order each kodsträng first appears; n > 1 when lines are merged.
    const groups = scratch.table('group', 'k INTEGER PRIMARY KEY, coding_id INTEGER NOT NULL UNIQUE, n INTEGER NOT NULL, first_rowid INTEGER NOT NULL, new_id TEXT');
    db.prepare(
      `INSERT INTO ${groups} (k, coding_id, n, first_rowid)
       SELECT row_number() OVER (ORDER BY min(rowid)) - 1, coding_id, count(*), min(rowid) FROM budget_line WHERE version_id = ? AND deleted_at IS NULL GROUP BY coding_id`,
    ).run(fromId);
    const lineCount = (db.prepare(`SELECT count(*) AS n FROM ${groups}`).get() as { n: number }).n;
    onProgress?.(0, lineCount);
    const { table: lineIds, ids: newLineIds } = scratch.ids('line', lineCount);
    db.sqlite.exec(`UPDATE ${groups} SET new_id = (SELECT i.id FROM ${lineIds} AS i WHERE i.k = ${groups}.k)`);

    // The few kodsträngar with several lines are merged here, as before; the rest are copied as they are.
    const merged = scratch.table('merged', `coding_id INTEGER PRIMARY KEY, ${LINE_COLS.slice(1).join(', ')}`);
    const dupRows = db
      .prepare(
        `SELECT b.id, ${LINE_COLS.map((c) => `b.${c}`).join(', ')} FROM ${groups} AS g JOIN budget_line AS b ON b.version_id = ? AND b.coding_id = g.coding_id AND b.deleted_at IS NULL
         WHERE g.n > 1 ORDER BY b.rowid`,
      )
      .raw(true)
      .all(fromId) as unknown[][];
    const byCoding = new Map<number, unknown[][]>();
    for (const r of dupRows) {
      const same = byCoding.get(r[1] as number);
      if (same) same.push(r);
      else byCoding.set(r[1] as number, [r]);
    }
    const insertMerged = db.prepare(`INSERT INTO ${merged} (coding_id, ${LINE_COLS.slice(1).join(', ')}) VALUES (${LINE_COLS.map(() => '?').join(', ')})`);
    for (const rows of byCoding.values()) insertMerged.run(...mergeLines(rows).slice(1));
    const mergedLines = dupRows.length - byCoding.size;

    bulkWriteLines(db, newLineIds, () =>
      db
        .prepare(
          `INSERT INTO budget_line (id, version_id, ${LINE_COLS.join(', ')}, created_at, updated_at, updated_by_site, deleted_at)
           SELECT g.new_id, ?, g.coding_id, ${LINE_COLS.slice(1)
             .map((c) => `iif(g.n = 1, b.${c}, m.${c})`)
             .join(', ')}, ?, ?, ?, NULL
           FROM ${groups} AS g LEFT JOIN budget_line AS b ON b.rowid = g.first_rowid AND g.n = 1 LEFT JOIN ${merged} AS m ON m.coding_id = g.coding_id
           ORDER BY g.k`,
        )
        .run(toId, ...stamp),
      { created: true },
    );
    onProgress?.(lineCount, lineCount);

    // Old line id → its copy, for the links of the personnel budget and the VF-lista.
    const lineCopy = scratch.table('line_map', 'old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL');
    db.prepare(`INSERT INTO ${lineCopy} SELECT b.id, g.new_id FROM budget_line AS b JOIN ${groups} AS g ON g.coding_id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL`).run(
      fromId,
    );

    const copiedFrames = copyRows(
      db,
      scratch,
      'frame',
      ['version_id', 'responsibility_id', 'amount_ore', 'note', 'plan1_ore', 'plan2_ore'],
      'SELECT ? AS version_id, responsibility_id, amount_ore, note, plan1_ore, plan2_ore, rowid AS ord FROM frame WHERE version_id = ? AND deleted_at IS NULL',
      [toId, fromId],
      stamp,
    );
    const positionCols = [
      'responsibility_id',
      'title',
      'person_name',
      'employment_bp',
      'monthly_salary_ore',
      'raise_bp',
      'raise_from_month',
      'vacancy_months',
      'po_category',
      'salary_account_code',
      'po_account_code',
    ];
    const copiedPositions = copyRows(
      db,
      scratch,
      'personnel_position',
      ['version_id', ...positionCols],
      `SELECT ? AS version_id, ${positionCols.join(', ')}, rowid AS ord FROM personnel_position WHERE version_id = ? AND deleted_at IS NULL`,
      [toId, fromId],
      stamp,
    );
    // A mark whose line was removed by hand marks nothing; merged lines are marked once (the first mark of each kind).
    const copiedPersonnelLines = copyRows(
      db,
      scratch,
      'personnel_budget_line',
      ['budget_line_id', 'version_id', 'responsibility_id', 'kind'],
      `SELECT m.new_id AS budget_line_id, ? AS version_id, p.responsibility_id, p.kind, min(p.rowid) AS ord
       FROM personnel_budget_line AS p JOIN ${lineCopy} AS m ON m.old_id = p.budget_line_id
       WHERE p.version_id = ? AND p.deleted_at IS NULL GROUP BY m.new_id, p.kind`,
      [toId, fromId],
      stamp,
    );
    // Linked to a line that is gone: the change is not in the lines, in the copy as in the original.
    const copiedChanges = copyRows(
      db,
      scratch,
      'operational_change',
      ['version_id', 'responsibility_id', 'description', 'amount_ore', 'priority', 'status', 'budget_line_id', 'plan1_ore', 'plan2_ore'],
      `SELECT ? AS version_id, c.responsibility_id, c.description, c.amount_ore, c.priority, c.status, m.new_id AS budget_line_id, c.plan1_ore, c.plan2_ore, c.rowid AS ord
       FROM operational_change AS c LEFT JOIN ${lineCopy} AS m ON m.old_id = c.budget_line_id WHERE c.version_id = ? AND c.deleted_at IS NULL`,
      [toId, fromId],
      stamp,
    );
    // The plan years' assumptions go with the ramar they were set beside.
    copyRows(
      db,
      scratch,
      'plan_assumption',
      ['version_id', 'plan_year', 'salary_bp', 'price_bp', 'volume_bp'],
      'SELECT ? AS version_id, plan_year, salary_bp, price_bp, volume_bp, rowid AS ord FROM plan_assumption WHERE version_id = ? AND deleted_at IS NULL',
      [toId, fromId],
      stamp,
    );
    return { copiedLines: lineCount, copiedFrames, copiedPositions, copiedPersonnelLines, copiedChanges, mergedLines };
  } finally {
    scratch.drop();
  }
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
  const tomb = (table: 'budget_line' | 'frame' | 'personnel_position' | 'personnel_budget_line' | 'operational_change' | 'plan_assumption') =>
    db.run(db.q.updateTable(table).set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('version_id', '=', versionId).where('deleted_at', 'is', null)).changes;
  // The marks and the changes first: they point at the lines.
  tomb('personnel_budget_line');
  const deletedChanges = tomb('operational_change');
  const deletedPositions = tomb('personnel_position');
  const deletedFrames = tomb('frame');
  tomb('plan_assumption');
  const deletedLines = tomb('budget_line');
  return { deletedLines, deletedFrames, deletedPositions, deletedChanges };
}
