import type { Db } from '../../db/index';
import { stockholmYear } from '../../shared/dates';
import { clockNow } from './clock';

/** Known settings with their types; stored as JSON in the setting table. */
export interface Settings {
  'kommun.name': string;
  'administration.name': string;
  'board.name': string;
  'year.active': number;
  /** Nämnd reports: the unit, how costs are signed, and the kommun's logo (a data: URL, or '' for none). */
  'reports.unit': 'tkr' | 'mnkr';
  'reports.sign': 'costs-positive' | 'costs-negative';
  'reports.logo': string;
  /** The date the demo förvaltning was built as of (ÅÅÅÅ-MM-DD); '' for a database that is not the demo. Local: never exchanged. */
  'demo.asOf': string;
  /** The columns chosen per grid (services/grid-layouts.ts). Local: never exchanged. */
  'ui.grids': Record<string, { id: string; hidden: boolean; width?: number }[]>;
  /** The kommun's Kolada id (four digits, e.g. 2083), telling its rows in a Kolada file from the others'; '' unknown. Local. */
  'kommun.code': string;
  /** The group styrtal are compared with (goals/comparison.ts): a Kolada kommungrupp by its id, or a list of kommuner whose median is shown. Local. */
  'goals.comparison': { kind: 'grupp'; code: string } | { kind: 'kommuner'; codes: string[] } | null;
}

export const DEFAULT_SETTINGS: Settings = {
  'kommun.name': 'Kommunen',
  'administration.name': 'Förvaltningen',
  'board.name': 'Nämnden',
  // This year by the program's clock (RAMKOLL_TODAY pins it), read when a database has none saved.
  get 'year.active'() {
    return stockholmYear(clockNow());
  },
  'reports.unit': 'tkr',
  'reports.sign': 'costs-positive',
  'reports.logo': '',
  'demo.asOf': '',
  'ui.grids': {},
  'kommun.code': '',
  'goals.comparison': null,
};

export function getSetting<K extends keyof Settings>(db: Db, key: K): Settings[K] {
  const row = db.first(db.q.selectFrom('setting').select('value').where('key', '=', key));
  return row ? (JSON.parse(row.value) as Settings[K]) : DEFAULT_SETTINGS[key];
}

export function setSetting<K extends keyof Settings>(db: Db, key: K, value: Settings[K]): void {
  const json = JSON.stringify(value);
  db.run(db.q.insertInto('setting').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })));
}
