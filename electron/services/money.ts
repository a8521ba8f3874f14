/**
 * Money is integer öre everywhere. This module turns text into öre exactly
 * (no floating point ever sees an amount) and spreads amounts over parts.
 */

const MINUS_SIGNS = new Set(['-', '\u2212', '\u2013']);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isGroupSpace(ch: string): boolean {
  return ch === ' ' || ch === '\u00a0' || ch === '\u202f' || ch === "'";
}

export type DecimalSeparator = ',' | '.' | 'auto';

/**
 * Parses a Swedish or international amount in kronor into öre:
 * "1 234,50", "1234.5", "-500", "−12,00" (U+2212), "(250,00)", "250,00-",
 * "1.234.567,89", "1,234,567.89", with space, NBSP or narrow NBSP groups.
 * Returns NaN for anything that is not exactly an amount, including more
 * than two decimals that are not zero (money is exact to the öre).
 * `decimal` says which separator is the decimal one; 'auto' takes the last
 * of ',' and '.' when both occur, else whichever occurs (once).
 */
export function parseOre(input: string, decimal: DecimalSeparator = 'auto'): number {
  let s = input.trim();
  if (s.length === 0) return NaN;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.length > 0 && MINUS_SIGNS.has(s[0]!)) {
    negative = !negative;
    s = s.slice(1).trimStart();
  } else if (s.length > 0 && s[0] === '+') {
    s = s.slice(1).trimStart();
  } else if (s.length > 1 && MINUS_SIGNS.has(s[s.length - 1]!)) {
    negative = !negative;
    s = s.slice(0, -1).trimEnd();
  }
  if (s.endsWith(' kr') || s.endsWith('\u00a0kr')) s = s.slice(0, -3).trimEnd();
  if (s.length === 0) return NaN;

  let dec: ',' | '.' | null = null;
  const lastComma = s.lastIndexOf(',');
  const lastPoint = s.lastIndexOf('.');
  if (decimal === 'auto') {
    if (lastComma >= 0 && lastPoint >= 0) dec = lastComma > lastPoint ? ',' : '.';
    else if (lastComma >= 0) dec = s.indexOf(',') === lastComma ? ',' : null;
    else if (lastPoint >= 0) dec = s.indexOf('.') === lastPoint ? '.' : null;
  } else {
    dec = decimal;
  }
  const group = dec === ',' ? '.' : dec === '.' ? ',' : null;
  const decIndex = dec === null ? -1 : s.lastIndexOf(dec);

  let whole = 0;
  let digitsInGroup = -1; // -1: no group separator seen yet
  let wholeDigits = 0;
  const end = decIndex >= 0 ? decIndex : s.length;
  for (let i = 0; i < end; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      whole = whole * 10 + (c - 48);
      wholeDigits++;
      if (digitsInGroup >= 0) digitsInGroup++;
      continue;
    }
    const isSep = isGroupSpace(ch) || (group !== null && ch === group) || (dec === null && (ch === ',' || ch === '.'));
    if (!isSep) return NaN;
    // A group separator must follow a digit and be followed by exactly three.
    if (wholeDigits === 0 || (digitsInGroup >= 0 && digitsInGroup !== 3)) return NaN;
    digitsInGroup = 0;
  }
  if (digitsInGroup >= 0 && digitsInGroup !== 3) return NaN;
  if (wholeDigits === 0 && decIndex < 0) return NaN;

  let fraction = 0;
  if (decIndex >= 0) {
    const fracText = s.slice(decIndex + 1);
    if (fracText.length === 0 && wholeDigits === 0) return NaN;
    for (let i = 0; i < fracText.length; i++) {
      const c = fracText.charCodeAt(i);
      if (!isDigit(c)) return NaN;
      const d = c - 48;
      if (i === 0) fraction += d * 10;
      else if (i === 1) fraction += d;
      else if (d !== 0) return NaN;
    }
  }
  const ore = whole * 100 + fraction;
  if (!Number.isSafeInteger(ore)) return NaN;
  return negative ? -ore : ore;
}

/** Formats öre as plain text kronor with two decimals, e.g. -123456 -> "-1234.56". */
export function oreToDecimalString(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Splits `total` into parts proportional to the non-negative integer
 * `weights`, by the largest remainder method: the parts are integers and
 * always sum exactly to `total`. Ties go to the earliest part, so the result
 * is deterministic. All weights zero spreads evenly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`allocate: total ${total} is not a safe integer`);
  if (weights.length === 0) throw new RangeError('allocate: no weights');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`allocate: weight ${w} is not a non-negative integer`);
  }
  let sum = weights.reduce((a, b) => a + b, 0);
  const ws = sum === 0 ? weights.map(() => 1) : weights;
  if (sum === 0) sum = ws.length;
  const negative = total < 0;
  const abs = BigInt(Math.abs(total));
  const bigSum = BigInt(sum);
  const parts: number[] = new Array<number>(ws.length);
  const remainders: { i: number; r: bigint }[] = [];
  let given = 0n;
  for (let i = 0; i < ws.length; i++) {
    const product = abs * BigInt(ws[i]!);
    const q = product / bigSum;
    parts[i] = Number(q);
    given += q;
    remainders.push({ i, r: product % bigSum });
  }
  let left = Number(abs - given);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0; k++, left--) parts[remainders[k]!.i]! += 1;
  return negative ? parts.map((p) => (p === 0 ? 0 : -p)) : parts;
}
