import type { Presentation, ReportUnit } from './types';

/**
 * The one place where a report's amounts get their unit and sign. Budget,
 * outcome and forecast follow the sign presentation (costs positive as in
 * the ledger, or negative as many nämnd reports show them); deviations are
 * always budget − utfall (or − prognos): positive is favourable, in either
 * presentation. Rounding is half away from zero on the exact öre.
 */
export const UNIT_DIVISOR: Record<ReportUnit, number> = { tkr: 100_000, mnkr: 100_000_000 };
export const UNIT_DECIMALS: Record<ReportUnit, number> = { tkr: 0, mnkr: 1 };

export type AmountKind = 'amount' | 'deviation';

/** n / d rounded half away from zero; exact for integers (öre are integers below 2^53). */
export function roundDiv(n: number, d: number): number {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  const out = 2 * Math.abs(r) >= d ? q + Math.sign(n) : q;
  return out === 0 ? 0 : out;
}

/** The amount in the unit, rounded to the unit's decimals, with the presentation's sign. */
export function presentValue(ore: number, p: Presentation, kind: AmountKind): number {
  const decimals = UNIT_DECIMALS[p.unit];
  const steps = roundDiv(ore, UNIT_DIVISOR[p.unit] / 10 ** decimals);
  const signed = kind === 'amount' && p.sign === 'costs-negative' ? -steps : steps;
  const v = signed / 10 ** decimals;
  return v === 0 ? 0 : v;
}

/** Whole kronor (action effects are given in kr). */
export function kronor(ore: number): number {
  return roundDiv(ore, 100);
}

const formats = new Map<number, Intl.NumberFormat>();
/** Swedish grouping (non-breaking space) and minus sign, a fixed number of decimals. */
export function formatNumber(value: number, decimals: number): string {
  let f = formats.get(decimals);
  if (!f) formats.set(decimals, (f = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f.format(value);
}

export function unitLabel(p: Presentation): string {
  return p.unit;
}

export function signText(p: Presentation): string {
  return p.sign === 'costs-negative'
    ? 'Kostnader visas med minustecken och intäkter med plustecken.'
    : 'Kostnader visas med plustecken och intäkter med minustecken, som i redovisningen.';
}

/** Sign factor for series drawn in charts. */
export function chartSign(p: Presentation): 1 | -1 {
  return p.sign === 'costs-negative' ? -1 : 1;
}
