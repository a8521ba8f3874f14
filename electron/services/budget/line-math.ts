import { allocate } from '../money';

/** A change of the year amount in parts per million (3,5 % = 35 000), so percent never touches a float. */
export const PPM = 1_000_000;

/** a * b / c rounded half away from zero, exactly (BigInt), for öre. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError('mulDivRound: division by zero');
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  const r = Number(negative ? -q : q);
  if (!Number.isSafeInteger(r)) throw new RangeError('mulDivRound: result is not a safe integer');
  return r;
}

/** The year amount raised (ppm > 0) or lowered (ppm < 0) by a share, rounded to whole öre. */
export function scaleOre(yearOre: number, ppm: number): number {
  return mulDivRound(yearOre, PPM + ppm, PPM);
}

/**
 * Spreads a new year amount over twelve months in the shape of the current
 * months (a manual line keeps its shape when it is raised or lowered). When
 * the months mix signs or are all zero, each month is scaled on its own and
 * the rounding residue goes to the largest month, so they still sum exactly.
 */
export function reshapeMonths(current: readonly number[], newYear: number): number[] {
  const sign = newYear < 0 ? -1 : 1;
  const sameSign = current.every((m) => m * sign >= 0) && current.some((m) => m !== 0);
  if (sameSign) return allocate(newYear, current.map((m) => Math.abs(m)));
  const even = () => allocate(newYear, new Array<number>(12).fill(1));
  const oldYear = current.reduce((a, b) => a + b, 0);
  if (oldYear === 0) return even();
  // Months that nearly cancel out would blow up when scaled; then the shape cannot be kept.
  const limit = 1e15;
  const scaled: bigint[] = [];
  for (const m of current) {
    const n = BigInt(m) * BigInt(newYear);
    const d = BigInt(oldYear);
    const an = n < 0n ? -n : n;
    const ad = d < 0n ? -d : d;
    let q = an / ad;
    if ((an % ad) * 2n >= ad) q += 1n;
    scaled.push((n < 0n) !== (d < 0n) && n !== 0n ? -q : q);
  }
  const residue = BigInt(newYear) - scaled.reduce((a, b) => a + b, 0n);
  let largest = 0;
  for (let i = 1; i < scaled.length; i++) if ((scaled[i]! < 0n ? -scaled[i]! : scaled[i]!) > (scaled[largest]! < 0n ? -scaled[largest]! : scaled[largest]!)) largest = i;
  scaled[largest] = scaled[largest]! + residue;
  if (scaled.some((m) => m > BigInt(limit) || m < BigInt(-limit))) return even();
  return scaled.map(Number);
}
