/** Presentation of money: integer öre in, Swedish text out. The one place that rounds for display. */

export type MoneyUnit = 'kr' | 'tkr';

const DIVISOR: Record<MoneyUnit, number> = { kr: 100, tkr: 100_000 };

const whole = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0, minimumFractionDigits: 0 });
const percent = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Rounds half away from zero, so -2,5 tkr shows as -3 like 2,5 shows as 3. */
export function roundedUnits(ore: number, unit: MoneyUnit): number {
  const d = DIVISOR[unit];
  const r = Math.round(Math.abs(ore) / d);
  return ore < 0 && r !== 0 ? -r : r;
}

export function formatMoney(ore: number | null | undefined, unit: MoneyUnit): string {
  if (ore === null || ore === undefined) return '';
  return whole.format(roundedUnits(ore, unit));
}

/** Between a number and its unit: a no-break space, so that "−2,3 %" never wraps between the number and the sign. */
export const PERCENT_SUFFIX = '\u00a0%';

/** Deviation as a share of budget, e.g. "−3,2 %" (no-break space); empty when there is no budget. */
export function formatShare(part: number, of: number): string {
  if (of === 0) return '';
  return `${percent.format((100 * part) / Math.abs(of))}${PERCENT_SUFFIX}`;
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

export function formatPeriod(period: number | null): string {
  if (period === null) return 'inget utfall ännu';
  return `${MONTHS[(period % 100) - 1]} ${Math.floor(period / 100)}`;
}

const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** A count as people read it: 13 706 (a space between thousands), never "13706". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A count with its noun in the right number: "1 okänd kod", "13 706 rader". */
export function count(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** An occasion as a list shows it: with its year ("Delårsrapport 2026"), unless its name already has one. */
export function occasionName(name: string, period: number): string {
  const year = String(Math.floor(period / 100));
  return name.includes(year) ? name : `${name} ${year}`;
}
