/**
 * A lean reader for the #PBUDGET rows of a SIE file (sie.ts readSie): a
 * budget file is 600 000 of them, and the general tokenizer's arrays and
 * objects per row made the collector a third of the reading. Same results as
 * tokenizeSieLine for the rows it takes (test/unit/sie-pbudget-reader.test.ts).
 */

/** An object of a SIE object list (sie.ts SieObject). */
interface SieObject {
  dim: number;
  code: string;
}

/** A #PBUDGET row as quickBalanceRow reads it; the fields of tokens 1–5 of tokenizeSieLine. */
export interface QuickBalance {
  year: string;
  period: string;
  account: string;
  objects: SieObject[];
  amount: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const DIM_NUMBER = /^\d{1,4}$/;

/** End of the plain word at i: the tokenizer's word ends at a space, a tab, '"', '{' or '}'. */
function plainEnd(line: string, i: number): number {
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB || c === QUOTE || c === OPEN || c === CLOSE) break;
    i++;
  }
  return i;
}

function skipSpace(line: string, i: number): number {
  while (i < line.length && (line.charCodeAt(i) === SPACE || line.charCodeAt(i) === TAB)) i++;
  return i;
}

/**
 * The common shape of a #PBUDGET row, read without the tokenizer's arrays:
 * `#PBUDGET year period account {dim "code" …} amount`, plain words, quoted
 * object codes without escapes, nothing after the amount. Fills `out` with
 * what tokenizeSieLine would give for those five fields and returns true;
 * false for any other line (another label, an escape, a quoted year, a
 * quantity after the amount, a broken list …): the tokenizer then reads it
 * with all its rules and errors.
 * A #PBUDGET file has twelve rows per kodsträng with the same object list:
 * `lists` hands out one array per distinct list text, so 600 000 rows do
 * not make 600 000 arrays (a third of the reading was the collector).
 */
export function quickBalanceRow(line: string, lists: Map<string, SieObject[]>, out: QuickBalance): boolean {
  if (!line.startsWith('#PBUDGET') || (line.charCodeAt(8) !== SPACE && line.charCodeAt(8) !== TAB)) return false;
  let i = skipSpace(line, 9);
  const words: string[] = [];
  for (let k = 0; k < 3; k++) {
    const end = plainEnd(line, i);
    if (end === i) return false;
    words.push(line.slice(i, end));
    i = skipSpace(line, end);
  }
  let objects: SieObject[] = [];
  if (line.charCodeAt(i) === OPEN) {
    const close = line.indexOf('}', i + 1);
    if (close < 0) return false;
    const text = line.slice(i, close + 1);
    const known = lists.get(text);
    if (known) objects = known;
    else {
      const list = readObjectList(line, i + 1, close);
      if (!list) return false;
      lists.set(text, list);
      objects = list;
    }
    i = skipSpace(line, close + 1);
  }
  const end = plainEnd(line, i);
  if (end === i || skipSpace(line, end) !== line.length) return false;
  out.year = words[0]!;
  out.period = words[1]!;
  out.account = words[2]!;
  out.objects = objects;
  out.amount = line.slice(i, end);
  return true;
}

/** The object list between `{` (before start) and `}` (at close), or null where the tokenizer must judge it. */
function readObjectList(line: string, start: number, close: number): SieObject[] | null {
  const words: string[] = [];
  let i = start;
  for (;;) {
    i = skipSpace(line, i);
    if (i >= close) break;
    const c = line.charCodeAt(i);
    if (c === OPEN) return null;
    if (c === QUOTE) {
      const q = line.indexOf('"', i + 1);
      // An escape or a quote running past the brace: the tokenizer's rules decide.
      if (q < 0 || q > close || line.lastIndexOf('\\', q) > i) return null;
      words.push(line.slice(i + 1, q));
      i = q + 1;
    } else {
      const end = plainEnd(line, i);
      words.push(line.slice(i, end));
      i = end;
    }
  }
  if (words.length % 2 !== 0) return null;
  const list: SieObject[] = [];
  for (let k = 0; k < words.length; k += 2) {
    if (!DIM_NUMBER.test(words[k]!)) return null;
    list.push({ dim: Number(words[k]), code: words[k + 1]! });
  }
  return list;
}
