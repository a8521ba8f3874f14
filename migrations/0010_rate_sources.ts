import type { Migration } from './types';

/**
 * Where the personnel budget's figures of a year come from: the PO-pålägg
 * and the inkomstbasbelopp are stored per year, and each says whose figure it
 * is and for which year it was published ("SKR 2023 …"), so that a rate
 * carried into a later year is never shown as that year's own. '' for rows
 * saved before this: the UI says the source is not given.
 */
export const rateSources: Migration = {
  version: 10,
  name: 'rate sources: source of PO rates and inkomstbasbelopp per year',
  up(db) {
    db.exec(`
ALTER TABLE payroll_overhead_rate ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE personnel_setting ADD COLUMN income_base_amount_source TEXT NOT NULL DEFAULT '';
`);
  },
};
