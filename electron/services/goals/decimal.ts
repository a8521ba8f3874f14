import type { ProblemDetail } from '../../../db/errors';

/** Largest number of decimals a styrtal value may have. */
export const MAX_DECIMALS = 6;
const MAX_INTEGER_DIGITS = 15;

export type DecimalResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * Parses a number as people and exports write it ("87,3", "1 234,5", "-0.25",
 * "12 %") into canonical decimal text: '.' as separator, no '+', no leading
 * or trailing zeros, '-0' as '0'. Exact: no floating point is involved.
 */
export function parseDecimal(input: string): DecimalResult {
  let t = input.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-');
  if (t.endsWith('%')) t = t.slice(0, -1);
  if (t === '') return { ok: false, message: 'värdet saknas' };
  const m = /^([+-]?)(\d*)(?:[.,](\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { ok: false, message: `"${input}" är inget tal (skriv t.ex. 87,3)` };
  const sign = m[1] === '-' ? '-' : '';
  const int = m[2]!.replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > MAX_DECIMALS) return { ok: false, message: `"${input}" har fler än ${MAX_DECIMALS} decimaler` };
  if (int.length > MAX_INTEGER_DIGITS) return { ok: false, message: `"${input}" är för stort (högst ${MAX_INTEGER_DIGITS} siffror före decimaltecknet)` };
  const body = frac ? `${int}.${frac}` : int;
  return { ok: true, value: body === '0' ? '0' : sign + body };
}

/** parseDecimal for a form field: the canonical text, or a located problem. */
export function decimalOrProblem(input: string, column: string, problems: ProblemDetail[]): string | null {
  const r = parseDecimal(input);
  if (r.ok) return r.value;
  problems.push({ column, value: input, message: r.message });
  return null;
}

/** Canonical decimal text as a scaled BigInt with `scale` decimals (exact). */
function scaled(value: string, scale: number): bigint {
  const neg = value.startsWith('-');
  const [int, frac = ''] = (neg ? value.slice(1) : value).split('.');
  const n = BigInt(int! + frac.padEnd(scale, '0'));
  return neg ? -n : n;
}

function decimals(value: string): number {
  const i = value.indexOf('.');
  return i < 0 ? 0 : value.length - i - 1;
}

/** Exact comparison of two canonical decimals: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const scale = Math.max(decimals(a), decimals(b));
  const x = scaled(a, scale);
  const y = scaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** For drawing only (sparklines): never used for stored or compared values. */
export function decimalToNumber(value: string): number {
  return Number(value);
}

/** Swedish display: decimal comma, minus sign, thin grouping of thousands. */
export function formatDecimal(value: string): string {
  const neg = value.startsWith('-');
  const [int, frac] = (neg ? value.slice(1) : value).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${neg ? '\u2212' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** A scaled BigInt with `scale` decimals back to canonical decimal text. */
function unscaled(n: bigint, scale: number): string {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return body === '0' ? '0' : `${neg ? '-' : ''}${body}`;
}

/**
 * The median of canonical decimals, exactly: the middle value, or for an even
 * count the midpoint of the two middle ones (one more decimal at most, so no
 * rounding is ever needed). Null for none.
 */
export function medianDecimal(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(compareDecimal);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  const a = sorted[mid - 1]!;
  const b = sorted[mid]!;
  const scale = Math.max(decimals(a), decimals(b)) + 1;
  return unscaled((scaled(a, scale) + scaled(b, scale)) / 2n, scale);
}
