/**
 * The demo's personnel budget: three units budget their staff per position,
 * and their salary and PO lines are generated from the positions by the
 * personnel budget itself (writePersonnelLines), in generateDemo's
 * transaction, as a controller would. Those units have no salary lines of
 * their own besides: the positions are their whole staff, filled up to the
 * size of the unit's economy so that the unit stays as big as its places
 * and costs say.
 *
 * The PO rates and the inkomstbasbelopp are stored for the demo's year (and
 * the year before) as SKR's 2023 figures, labelled as such: no newer set has
 * been verified, and a rate is never shown as a year's own when it is not.
 */
import type { Db } from '../../../db/index';
import { createHash } from 'node:crypto';
import {
  DEFAULT_INCOME_BASE_AMOUNT_ORE,
  DEFAULT_PO_RATES,
  INCOME_BASE_DEFAULT_LABEL,
  PO_DEFAULTS_LABEL,
  savePersonnelSettings,
  savePoRates,
  writePersonnelLines,
  type GenerateResult,
} from '../budget/personnel';
import { OrgTree } from '../figures/org-tree';
import { naturalId } from '../ids';
import type { UnitEconomy } from './model';

type Position = readonly [unit: string, title: string, person: string | null, employment: number, salaryKr: number, raiseBp: number, vacant: number[]];

/** The named positions: [unit, title, person, employment %, monthly salary kr, raise (hundredths of a %), vacant months]. */
const NAMED: readonly Position[] = [
  ['31101', 'Enhetschef', 'Maria Lind', 100, 52_000, 300, []],
  ['31101', 'Sjuksköterska', 'Ahmed Karimi', 100, 46_500, 310, []],
  ['31101', 'Undersköterska', 'Eva Holm', 100, 33_800, 310, []],
  ['31101', 'Undersköterska', 'Jonas Berg', 100, 33_200, 310, []],
  ['31101', 'Undersköterska', 'Sara Nyström', 90, 32_600, 310, []],
  ['31101', 'Undersköterska, natt', 'Leila Haddad', 75, 34_100, 310, []],
  ['31101', 'Undersköterska', null, 100, 32_000, 310, [1, 2]],
  ['31101', 'Vårdbiträde', 'Kim Ek', 75, 28_900, 310, []],
  ['33101', 'Enhetschef', 'Anders Sjöberg', 100, 61_000, 300, []],
  ['33101', 'Socialsekreterare', 'Hanna Wik', 100, 45_500, 310, []],
  ['33101', 'Socialsekreterare', 'Omar Ali', 100, 43_900, 310, []],
  ['33101', 'Socialsekreterare', 'Lisa Strand', 80, 42_700, 310, []],
  ['33101', 'Socialsekreterare', null, 100, 41_000, 310, [6, 7, 8]],
  ['33101', 'Administratör', 'Per Lundgren', 100, 32_400, 310, []],
  ['34201', 'Ekonomichef', 'Karin Åberg', 100, 72_000, 300, []],
  ['34201', 'Controller', 'Johan Falk', 100, 54_500, 310, []],
  ['34201', 'Ekonom', 'Fatima Yusuf', 100, 45_800, 310, []],
  ['34201', 'Ekonomiassistent', 'Nils Dahl', 100, 33_900, 310, []],
];

/** The units whose staff is budgeted per position. */
export const PERSONNEL_UNITS: ReadonlySet<string> = new Set(NAMED.map((p) => p[0]));

/** What the positions that fill a unit up to its size are: [title, salary kr] in turn. */
const FILL: Record<string, readonly [string, number][]> = {
  '31101': [
    ['Undersköterska', 32_900],
    ['Undersköterska', 33_400],
    ['Vårdbiträde', 29_300],
    ['Undersköterska, natt', 34_300],
    ['Undersköterska', 32_500],
  ],
  '33101': [['Socialsekreterare', 43_200]],
  '34201': [['Ekonom', 45_200]],
};

const FIRST = ['Anna', 'Karin', 'Maria', 'Eva', 'Lena', 'Sara', 'Johanna', 'Helena', 'Emma', 'Malin', 'Anders', 'Johan', 'Mikael', 'Peter', 'Lars', 'Erik', 'Fredrik', 'Daniel', 'Amira', 'Leila', 'Mirja', 'Sofia', 'Ingrid', 'Jonas', 'Yusuf', 'Elin'];
const LAST = ['Lindqvist', 'Ek', 'Berg', 'Holm', 'Sandberg', 'Nyström', 'Lundgren', 'Axelsson', 'Hedlund', 'Björk', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Karimi', 'Öberg', 'Dahl', 'Falk', 'Strand', 'Blom'];
const EMPLOYMENT = [100, 100, 90, 75, 100, 80];

function pick(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join(':')).digest().readUInt32LE(0);
}

/** A unit's positions: the named ones, then more in the unit's usual titles until the årsarbetare reach the unit's size. */
export function unitPositions(unit: string, economy: UnitEconomy): Position[] {
  const out = NAMED.filter((p) => p[0] === unit).map((p) => [...p] as unknown as Position);
  const fte = () => out.reduce((s, p) => s + (p[3] * (12 - p[6].length)) / 1200, 0);
  const fill = FILL[unit] ?? [];
  for (let i = 0; fill.length > 0 && fte() + 0.5 <= economy.fte; i++) {
    const [title, salary] = fill[i % fill.length]!;
    const n = pick('demo-position', unit, i);
    const person = `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
    // Salaries spread a few hundred kronor around the title's; one in nine positions is vacant for the summer.
    out.push([unit, title, person, EMPLOYMENT[i % EMPLOYMENT.length]!, salary + ((n >> 8) % 9) * 100 - 400, 310, i % 9 === 8 ? [6, 7, 8] : []]);
  }
  return out;
}

export interface PersonnelDemoOptions {
  year: number;
  versionId: string;
  siteId: string;
  user: string;
  at: string;
  economies: ReadonlyMap<string, UnitEconomy>;
}

/**
 * Stores the year's PO rates and personnel settings with their source, the
 * positions of the personnel units, and generates their salary and PO lines
 * into the (still editable) version. Call inside generateDemo's transaction.
 */
export function writeDemoPersonnel(db: Db, o: PersonnelDemoOptions): GenerateResult {
  const meta = { siteId: o.siteId, at: o.at, user: o.user };
  for (const y of [o.year - 1, o.year]) savePoRates(db, y, DEFAULT_PO_RATES, meta, PO_DEFAULTS_LABEL);
  savePersonnelSettings(db, { year: o.year, salaryAccountCode: '5010', poAccountCode: '5610', incomeBaseAmountOre: DEFAULT_INCOME_BASE_AMOUNT_ORE, incomeBaseAmountSource: INCOME_BASE_DEFAULT_LABEL }, meta);
  const tree = OrgTree.load(db);
  const synced = { created_at: o.at, updated_at: o.at, updated_by_site: o.siteId, deleted_at: null };
  let index = 0;
  for (const unit of PERSONNEL_UNITS) {
    const economy = o.economies.get(unit);
    if (!economy) throw new Error(`demo: no economy for personnel unit ${unit}`);
    for (const [, title, person, employment, salary, raise, vacant] of unitPositions(unit, economy)) {
      db.run(
        db.q.insertInto('personnel_position').values({
          id: naturalId('demo-position', `${o.year}:${index++}`),
          version_id: o.versionId,
          responsibility_id: tree.byCode.get(unit)!.id,
          title,
          person_name: person,
          employment_bp: employment * 100,
          monthly_salary_ore: salary * 100,
          raise_bp: raise,
          raise_from_month: 4,
          vacancy_months: JSON.stringify(vacant),
          po_category: 'anstallda',
          salary_account_code: '5010',
          po_account_code: '5610',
          ...synced,
        }),
      );
    }
  }
  return writePersonnelLines(db, o.versionId, null, meta);
}
