/**
 * Amounts typed into the UI, read exactly into öre. The renderer may not
 * import the services, so this is a copy of the rules of
 * electron/services/money.ts `parseOre` (auto decimal separator);
 * test/unit/amount-parsers.test.ts runs both over the same cases and random
 * strings so that they cannot drift apart.
 */

const MINUS_SIGNS = new Set(['-', '\u2212', '\u2013']);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isGroupSpace(ch: string): boolean {
  return ch === ' ' || ch === '\u00a0' || ch === '\u202f' || ch === "'";
}

/**
 * "1 234,50", "1234", "-500", "−12,00" (U+2212), "(250,00)", "1.234,5" →
 * öre; NaN for anything that is not exactly an amount (including more than
 * two decimals that are not zero).
 */
export function parseAmount(input: string): number {
  return parseScaled(input, 2);
}

/**
 * An amount typed in the unit a page shows, exactly in öre: kr has two
 * decimals of öre, tkr five ("1 234,5" tkr = 123 450 000 öre). NaN when the
 * text is not an amount or names a fraction of an öre. No floating point:
 * the digits are read as an integer scaled by the unit.
 */
export function parseAmountIn(input: string, unit: 'kr' | 'tkr'): number {
  let s = input.trim();
  if (unit === 'tkr') {
    s = s.replace(/\s?tkr$/, '');
    // "1.234" in tkr is 1 234 tkr with a point between thousands or 1,234 tkr: a factor of 1 000 too
    // much to guess (in kr three decimals are no amount anyway).
    if (/^[^,]*\.\d{3}$/.test(s) && s.indexOf('.') === s.lastIndexOf('.')) return NaN;
  }
  return parseScaled(s, unit === 'tkr' ? 5 : 2);
}

/** The number in the text as an integer with `decimals` implied decimals (parseAmount's rules). */
function parseScaled(input: string, decimals: number): number {
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
  if (lastComma >= 0 && lastPoint >= 0) dec = lastComma > lastPoint ? ',' : '.';
  else if (lastComma >= 0) dec = s.indexOf(',') === lastComma ? ',' : null;
  else if (lastPoint >= 0) dec = s.indexOf('.') === lastPoint ? '.' : null;
  const group = dec === ',' ? '.' : dec === '.' ? ',' : null;
  const decIndex = dec === null ? -1 : s.lastIndexOf(dec);

  let whole = 0;
  let digitsInGroup = -1;
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
      if (i < decimals) fraction += d * 10 ** (decimals - 1 - i);
      else if (d !== 0) return NaN;
    }
  }
  const ore = whole * 10 ** decimals + fraction;
  if (!Number.isSafeInteger(ore)) return NaN;
  return negative ? -ore : ore;
}

const grouped = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** Öre as the grid shows and edits it: "1 234" for whole kronor, "1 234,50" otherwise, minus as U+2212. */
export function formatOre(ore: number): string {
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100);
  const o = abs % 100;
  const text = grouped.format(kr) + (o === 0 ? '' : `,${String(o).padStart(2, '0')}`);
  return ore < 0 ? `\u2212${text}` : text;
}

/** Öre for a spreadsheet: no grouping, decimal comma, ASCII minus ("-1234,50", "1234"). */
export function oreForSpreadsheet(ore: number): string {
  const abs = Math.abs(ore);
  const o = abs % 100;
  const text = String(Math.floor(abs / 100)) + (o === 0 ? '' : `,${String(o).padStart(2, '0')}`);
  return ore < 0 ? `-${text}` : text;
}

/**
 * A percentage typed by a person ("3,5", "-2", "+10 %", "0,125") as parts
 * per million (3,5 % = 35 000); NaN when it is not a number with at most four
 * decimals.
 */
export function parsePercentPpm(input: string): number {
  const s = input.trim().replace(/\s*%$/, '').replace('\u2212', '-').replace(',', '.');
  const m = /^([+-]?)(\d{1,7})(?:\.(\d{1,4}))?$/.exec(s);
  if (!m) return NaN;
  const ppm = Number(m[2]) * 10_000 + Number((m[3] ?? '').padEnd(4, '0'));
  return m[1] === '-' ? -ppm : ppm;
}

/** Parts per million as a Swedish percentage with up to four decimals ("8,3333"). */
export function formatPpmPercent(ppm: number): string {
  const sign = ppm < 0 ? '\u2212' : '';
  const abs = Math.abs(ppm);
  const whole = Math.floor(abs / 10_000);
  const frac = String(abs % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${frac ? `,${frac}` : ''}`;
}
