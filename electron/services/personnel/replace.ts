import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { stockholmDate } from '../../../shared/dates';

/** A stored row as it stood before an import replaced its month. */
export interface PersonnelSnapshotRow {
  // The figures as import.ts's PersonnelValues (not imported from there: import.ts uses this module).
  employees: number | null;
  permanent: number | null;
  temporary: number | null;
  fteCenti: number | null;
  sickBp: number | null;
  sickWomenBp: number | null;
  sickMenBp: number | null;
  sickTo29Bp: number | null;
  sick30to49Bp: number | null;
  sickFrom50Bp: number | null;
  longSickBp: number | null;
  costOre: number | null;
  period: number;
  responsibilityId: string;
  source: string | null;
}

/** The latest import, with what it replaced, so that it can be undone (setting personnel.lastImport, local). */
export interface LastPersonnelImport {
  file: string;
  at: string;
  periods: number[];
  rows: number;
  previous: PersonnelSnapshotRow[];
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const monthText = (p: number) => `${MONTHS[(p % 100) - 1]} ${Math.floor(p / 100)}`;

/** The live rows of some months, as they are stored. */
export function personnelSnapshot(db: Db, periods: readonly number[]): PersonnelSnapshotRow[] {
  if (periods.length === 0) return [];
  return db
    .prepare(
      `SELECT period, responsibility_id AS responsibilityId, employees, permanent, temporary, fte_centi AS fteCenti, sick_bp AS sickBp, sick_women_bp AS sickWomenBp,
              sick_men_bp AS sickMenBp, sick_to29_bp AS sickTo29Bp, sick_30to49_bp AS sick30to49Bp, sick_from50_bp AS sickFrom50Bp, long_sick_bp AS longSickBp,
              cost_ore AS costOre, source
         FROM personnel_figure WHERE deleted_at IS NULL AND period IN (${periods.map(() => '?').join(', ')}) ORDER BY period, responsibility_id`,
    )
    .all(...periods) as PersonnelSnapshotRow[];
}

/**
 * What the user must confirm before an export is read in: months that
 * already have figures (they are replaced whole), and months after today's
 * (an export run for the wrong period).
 */
export function personnelWarnings(db: Db, periods: readonly number[], now: Date): { warnings: string[]; replaced: number } {
  const warnings: string[] = [];
  const before = personnelSnapshot(db, periods);
  if (before.length > 0) {
    const months = [...new Set(before.map((r) => r.period))].sort((a, b) => a - b);
    const sources = [...new Set(before.map((r) => r.source).filter((s): s is string => !!s))];
    warnings.push(
      `Personalsiffror för ${months.map(monthText).join(', ')} finns redan (${before.length} rader${sources.length > 0 ? `, inlästa från ${sources.join(', ')}` : ''}). Filens siffror ersätter dem för hela månaderna.`,
    );
  }
  const today = stockholmDate(now);
  const current = Number(today.slice(0, 4)) * 100 + Number(today.slice(5, 7));
  const later = periods.filter((p) => p > current);
  if (later.length > 0) warnings.push(`${later.map(monthText).join(', ')} ligger efter innevarande månad (${monthText(current)}). Kontrollera att exporten gäller rätt period.`);
  return { warnings, replaced: before.length };
}

/** A local setting (as exchange.folder): the undo is this installation's own, never exchanged. */
const SETTING = 'personnel.lastImport';

function setLast(db: Db, value: LastPersonnelImport | null): void {
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTING, JSON.stringify(value));
}

export function lastPersonnelImport(db: Db): LastPersonnelImport | null {
  const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(SETTING) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as LastPersonnelImport | null) : null;
}

/** Remembers an import and what it replaced (inside the import's transaction). */
export function rememberPersonnelImport(db: Db, rows: readonly { period: number }[], file: string, at: string, previous: PersonnelSnapshotRow[]): void {
  const periods = [...new Set(rows.map((r) => r.period))].sort((a, b) => a - b);
  setLast(db, { file, at, periods, rows: rows.length, previous });
}

export interface PersonnelUndoResult {
  file: string;
  periods: number[];
  /** Rows put back as they were before the import. */
  restored: number;
}

/**
 * Undoes the latest import: after a backup, in one transaction, its months
 * get back the rows they had before it (none, for months it read first).
 * Only the latest can be undone; an import undone is forgotten.
 */
export async function undoPersonnelImport(db: Db, w: { siteId: string; now: Date }): Promise<PersonnelUndoResult> {
  const last = lastPersonnelImport(db);
  if (!last) throw new RamkollError('NOT_FOUND', 'Det finns ingen inläsning av personalsiffror att ångra.');
  await db.backup('fore-angra-personalimport');
  const at = w.now.toISOString();
  db.tx(() => {
    const placeholders = last.periods.map(() => '?').join(', ');
    db.prepare(`UPDATE personnel_figure SET deleted_at = ?, updated_at = ?, updated_by_site = ? WHERE deleted_at IS NULL AND period IN (${placeholders})`).run(at, at, w.siteId, ...last.periods);
    const revive = db.prepare(
      `UPDATE personnel_figure SET employees = ?, permanent = ?, temporary = ?, fte_centi = ?, sick_bp = ?, sick_women_bp = ?, sick_men_bp = ?, sick_to29_bp = ?,
         sick_30to49_bp = ?, sick_from50_bp = ?, long_sick_bp = ?, cost_ore = ?, source = ?, updated_at = ?, updated_by_site = ?, deleted_at = NULL
       WHERE period = ? AND responsibility_id = ?`,
    );
    for (const r of last.previous) {
      revive.run(r.employees, r.permanent, r.temporary, r.fteCenti, r.sickBp, r.sickWomenBp, r.sickMenBp, r.sickTo29Bp, r.sick30to49Bp, r.sickFrom50Bp, r.longSickBp, r.costOre, r.source, at, w.siteId, r.period, r.responsibilityId);
    }
    setLast(db, null);
  });
  return { file: last.file, periods: last.periods, restored: last.previous.length };
}
