import { RamkollError } from '../../../db/errors';
import { divRound } from '../budget/planning-common';

/**
 * Kapitaltjänstkostnader of investment projects, to the öre. Pure: no
 * database, so the rules below are the whole story.
 *
 * Avskrivning (RKR R4: straight-line, per component): a component of cost C
 * and avskrivningstid Y years is written off over N = Y × 12 months starting
 * the month after activation. Every month gets floor(C / N) öre; the
 * remainder R = C − N × floor(C / N) öre is spread by largest remainder, and
 * as every month has the same fraction the tie goes to the earliest months:
 * the first R months get one öre more. The N months sum to C exactly.
 *
 * Internränta: charged from the month after activation, on the project's
 * book value at the start of the month (the sum over its components of cost
 * less the avskrivning of the earlier months; the month's own avskrivning is
 * not yet taken), at the year's rate / 12, rounded half away from zero once
 * per project and month: round(book value × rate_bp / 120 000).
 *
 * Nothing is charged before the month after activation (no internränta on
 * pågående arbeten), nor after the book value reaches zero.
 */

export interface CapitalComponent {
  costOre: number;
  lifeYears: number;
}

export interface CapitalMonths {
  depreciation: number[];
  interest: number[];
}

/** YYYYMM → months since year 0, so that periods can be subtracted. */
export function monthIndex(period: number): number {
  return Math.floor(period / 100) * 12 + ((period % 100) - 1);
}

/** The depreciation of month k (0 = the first month after activation) of a component. */
export function depreciationOfMonth(c: CapitalComponent, k: number): number {
  const n = c.lifeYears * 12;
  if (k < 0 || k >= n) return 0;
  const q = Math.floor(c.costOre / n);
  const r = c.costOre - q * n;
  return q + (k < r ? 1 : 0);
}

/** The book value at the start of month k (before that month's depreciation). */
export function bookValueAtStart(c: CapitalComponent, k: number): number {
  const n = c.lifeYears * 12;
  if (k <= 0) return c.costOre;
  if (k >= n) return 0;
  const q = Math.floor(c.costOre / n);
  const r = c.costOre - q * n;
  return c.costOre - (k * q + Math.min(k, r));
}

function assertComponent(c: CapitalComponent): void {
  if (!Number.isSafeInteger(c.costOre) || c.costOre < 0) throw new RamkollError('INVALID_INPUT', 'En komponents anskaffningsvärde ska vara ett belopp på noll eller mer.');
  if (!Number.isInteger(c.lifeYears) || c.lifeYears < 1 || c.lifeYears > 100) throw new RamkollError('INVALID_INPUT', 'En komponents avskrivningstid ska vara 1–100 år.');
}

/**
 * The twelve months of avskrivning and internränta of one project in `year`,
 * activated in `activation` (YYYYMM; the first charged month is the next).
 * `rateBp` is the year's internränta in hundredths of a percent (200 = 2 %).
 */
export function capitalMonths(components: readonly CapitalComponent[], activation: number | null, year: number, rateBp: number): CapitalMonths {
  components.forEach(assertComponent);
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10000) throw new RamkollError('INVALID_INPUT', 'Internräntan ska vara mellan 0 och 100 %.');
  const depreciation = new Array<number>(12).fill(0);
  const interest = new Array<number>(12).fill(0);
  if (activation === null) return { depreciation, interest };
  const first = monthIndex(activation) + 1;
  for (let m = 0; m < 12; m++) {
    const k = year * 12 + m - first;
    if (k < 0) continue;
    let book = 0;
    for (const c of components) {
      depreciation[m]! += depreciationOfMonth(c, k);
      book += bookValueAtStart(c, k);
    }
    interest[m] = divRound(BigInt(book) * BigInt(rateBp), 120_000n);
  }
  return { depreciation, interest };
}

/**
 * The cost of each component: its fixed amount, or its share (hundredths of
 * a percent) of the project's whole budget. Shares are spread by largest
 * remainder (ties to the earlier component), so components whose shares sum
 * to 100 % sum to the budget exactly.
 */
export function componentCosts(components: readonly { amountOre: number | null; shareBp: number | null }[], projectBudgetOre: number): number[] {
  const shareTotal = components.reduce((s, c) => s + (c.amountOre === null ? (c.shareBp ?? 0) : 0), 0);
  if (shareTotal > 10000) throw new RamkollError('INVALID_INPUT', `Komponenternas andelar summerar till ${(shareTotal / 100).toLocaleString('sv-SE')} %; de får vara högst 100 %.`);
  const base = BigInt(Math.max(projectBudgetOre, 0));
  const exact = components.map((c) => (c.amountOre === null ? base * BigInt(c.shareBp ?? 0) : 0n));
  const out = components.map((c, i) => (c.amountOre !== null ? c.amountOre : Number(exact[i]! / 10000n)));
  const shareIdx = components.map((c, i) => (c.amountOre === null ? i : -1)).filter((i) => i >= 0);
  if (shareIdx.length === 0) return out;
  let left = divRound(base * BigInt(shareTotal), 10000n) - shareIdx.reduce((s, i) => s + out[i]!, 0);
  const frac = (i: number) => Number(exact[i]! % 10000n);
  const order = [...shareIdx].sort((a, b) => frac(b) - frac(a) || a - b);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) out[order[j]!]! += 1;
  return out;
}
