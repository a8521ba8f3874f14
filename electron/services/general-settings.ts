import type { Db } from '../../db/index';
import { RamkollError } from '../../db/errors';
import { ensureFiscalYear } from './fiscal';
import { getSetting, setSetting } from './settings';

/** Inställningar › Allmänt: the names shown in reports and the year the app works in. */
export interface GeneralSettings {
  kommunName: string;
  administrationName: string;
  boardName: string;
  activeYear: number;
  /** Years that have a fiscal year in the database, newest first. */
  years: number[];
}

export function getGeneralSettings(db: Db): GeneralSettings {
  const years = db.all(db.q.selectFrom('fiscal_year').select('year').orderBy('year', 'desc')).map((r) => r.year);
  return {
    kommunName: getSetting(db, 'kommun.name'),
    administrationName: getSetting(db, 'administration.name'),
    boardName: getSetting(db, 'board.name'),
    activeYear: getSetting(db, 'year.active'),
    years,
  };
}

export interface GeneralSettingsChange {
  kommunName?: string;
  administrationName?: string;
  boardName?: string;
  activeYear?: number;
}

/** Saves what changed in one transaction; a new active year gets its fiscal year and periods. */
export function updateGeneralSettings(db: Db, change: GeneralSettingsChange, now: Date): GeneralSettings {
  const names = [
    ['kommunName', 'kommun.name', 'Kommunens namn'],
    ['administrationName', 'administration.name', 'Förvaltningens namn'],
    ['boardName', 'board.name', 'Nämndens namn'],
  ] as const;
  for (const [field, , label] of names) {
    const v = change[field];
    if (v !== undefined && v.trim() === '') throw new RamkollError('INVALID_INPUT', `${label} får inte vara tomt.`, [{ column: field, message: 'får inte vara tomt' }]);
  }
  db.tx(() => {
    for (const [field, key] of names) {
      const v = change[field];
      if (v !== undefined) setSetting(db, key, v.trim());
    }
    if (change.activeYear !== undefined) {
      ensureFiscalYear(db, change.activeYear, now.toISOString());
      setSetting(db, 'year.active', change.activeYear);
    }
  });
  return getGeneralSettings(db);
}
