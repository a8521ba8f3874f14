import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { ProfileKind } from '../../../db/schema';
import { periodise, profileWeights } from './profiles';

interface ProfileRow {
  id: string;
  code: string;
  name: string;
  kind: ProfileKind;
  weights: number[] | null;
}

export interface Periodised {
  months: number[];
  /** True when the profile had nothing to go on (no outcome last year) and the amount was spread evenly. */
  fellBackToEven: boolean;
}

/**
 * Spreads year amounts over the months of one budget year by named
 * profiles. Profiles and their year-dependent weights are loaded once, so
 * that periodising 50 000 lines costs one lookup per line.
 */
export class Periodiser {
  private readonly profiles = new Map<string, ProfileRow>();
  private readonly weights = new Map<string, number[]>();
  private readonly lastYear;

  constructor(
    private readonly db: Db,
    readonly year: number,
  ) {
    const rows = db.all(db.q.selectFrom('periodisation_profile').select(['id', 'code', 'name', 'kind', 'weights']).where('deleted_at', 'is', null));
    for (const r of rows) this.profiles.set(r.id, { ...r, weights: r.weights ? (JSON.parse(r.weights) as number[]) : null });
    this.lastYear = db.prepare('SELECT period, amount_ore FROM actual_balance WHERE coding_id = ? AND period BETWEEN ? AND ?');
  }

  profile(id: string): ProfileRow {
    const p = this.profiles.get(id);
    if (!p) throw new RamkollError('NOT_FOUND', `Periodiseringsprofilen ${id} finns inte. Välj en av profilerna i listan.`);
    return p;
  }

  profileByCode(code: string): ProfileRow {
    for (const p of this.profiles.values()) if (p.code === code) return p;
    throw new RamkollError('NOT_FOUND', `Det finns ingen periodiseringsprofil med koden "${code}". Profilerna heter: ${[...this.profiles.values()].map((p) => p.code).join(', ')}.`);
  }

  /** The twelve months of a year amount under a profile; `codingId` is needed for last year's outcome. */
  periodise(profileId: string, yearOre: number, codingId: number | null): Periodised {
    const p = this.profile(profileId);
    if (p.kind === 'last_year') {
      const w = codingId === null ? null : this.lastYearWeights(codingId, yearOre);
      return w ? { months: periodise(yearOre, w), fellBackToEven: false } : { months: periodise(yearOre, new Array<number>(12).fill(1)), fellBackToEven: true };
    }
    let w = this.weights.get(p.id);
    if (!w) {
      w = profileWeights(p.kind, this.year, p.weights);
      this.weights.set(p.id, w);
    }
    return { months: periodise(yearOre, w), fellBackToEven: false };
  }

  /**
   * Last year's monthly outcome of the coding string as weights. Months with
   * the opposite sign of the amount (a reversal, a revenue in a cost line)
   * get no share; null when nothing is left to go on.
   */
  private lastYearWeights(codingId: number, yearOre: number): number[] | null {
    const prev = this.year - 1;
    const w = new Array<number>(12).fill(0);
    for (const r of this.lastYear.all(codingId, prev * 100 + 1, prev * 100 + 12) as { period: number; amount_ore: number }[]) {
      w[(r.period % 100) - 1] = r.amount_ore;
    }
    const sign = yearOre < 0 ? -1 : 1;
    const oriented = w.map((v) => Math.max(0, v * sign));
    return oriented.some((v) => v > 0) ? oriented : null;
  }
}
