/**
 * A small SIE reader for the tests, written apart from the production
 * export so that an export is checked by something that did not write it.
 * It knows what a budget file needs: #RAR, #DIM, #OBJEKT, #KONTO and
 * #PBUDGET with object lists; other records are kept by label only.
 */
import iconv from 'iconv-lite';

export interface SiePeriodBudget {
  yearIndex: number;
  period: number;
  account: string;
  /** dimension number -> object code */
  objects: Record<number, string>;
  ore: number;
}

export interface SieFile {
  labels: string[];
  flags: Record<string, string[]>;
  years: Map<number, { from: string; to: string }>;
  dimensions: Map<number, string>;
  objects: Map<string, string>;
  accounts: Map<string, string>;
  pbudget: SiePeriodBudget[];
}

/** Splits a record into fields: quoted strings (with \" escapes), {object lists} as one field, bare words. */
export function sieFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '"') {
      let s = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        s += line[i];
        i++;
      }
      if (line[i] !== '"') throw new Error(`unterminated string in: ${line}`);
      i++;
      out.push(s);
    } else if (c === '{') {
      const end = line.indexOf('}', i);
      if (end < 0) throw new Error(`unterminated object list in: ${line}`);
      out.push(line.slice(i, end + 1));
      i = end + 1;
    } else {
      let s = '';
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') s += line[i++];
      out.push(s);
    }
  }
  return out;
}

/** "-1234.5" -> -123450, exactly; anything else throws. */
export function sieAmountToOre(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`not a SIE amount: ${text}`);
  const ore = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -ore : ore;
}

function objectList(field: string): Record<number, string> {
  const inner = field.slice(1, -1).trim();
  const parts = inner === '' ? [] : sieFields(inner);
  if (parts.length % 2 !== 0) throw new Error(`odd object list: ${field}`);
  const out: Record<number, string> = {};
  for (let i = 0; i < parts.length; i += 2) out[Number(parts[i])] = parts[i + 1]!;
  return out;
}

export function readSie(bytes: Buffer): SieFile {
  const text = iconv.decode(bytes, 'cp437');
  const file: SieFile = { labels: [], flags: {}, years: new Map(), dimensions: new Map(), objects: new Map(), accounts: new Map(), pbudget: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) throw new Error(`not a SIE record: ${line}`);
    const [label, ...f] = sieFields(line);
    file.labels.push(label!);
    switch (label) {
      case '#RAR':
        file.years.set(Number(f[0]), { from: f[1]!, to: f[2]! });
        break;
      case '#DIM':
        file.dimensions.set(Number(f[0]), f[1]!);
        break;
      case '#OBJEKT':
        file.objects.set(`${f[0]}:${f[1]}`, f[2]!);
        break;
      case '#KONTO':
        file.accounts.set(f[0]!, f[1]!);
        break;
      case '#PBUDGET':
        file.pbudget.push({ yearIndex: Number(f[0]), period: Number(f[1]), account: f[2]!, objects: objectList(f[3]!), ore: sieAmountToOre(f[4]!) });
        break;
      default:
        file.flags[label!] = f;
    }
  }
  return file;
}
