import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import type { SheetRow } from '../files/xlsx';

/** The fields of a Kolada data point, in the order of the rows' cells. */
export const KOLADA_JSON_FIELDS = ['kpi', 'municipality', 'municipality_title', 'period', 'gender', 'value'] as const;

const MAX_BYTES = 50 * 1024 * 1024;
/** A tag the reader puts on every value before parsing, carrying its line: "87.5@L12". */
const TAG = '@L';

const bad = (fileName: string, message: string, line?: number): never => {
  throw new RamkollError('BAD_FILE', `${fileName}: ${message}`, [{ file: fileName, ...(line !== undefined ? { line } : {}), message }]);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON scalar as cell text; objects and arrays are no cell. */
function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return v === null || v === undefined ? '' : '(ej text)';
}

/**
 * Reads a file saved from Kolada's API (v2 `/data/kpi/…/municipality/…/year/…`
 * or the same shape by hand): `{ "values": [ { "kpi", "municipality",
 * "period", "values": [ { "gender", "value", "status" } ] } ] }`, one row per
 * inner value. A `municipality_title` (or `title`) beside `municipality` is
 * kept as its name. Values are read exactly: each number is turned into its
 * own text before JSON.parse sees it, so no value ever passes through a
 * float, and the text carries the line it stood on for error messages.
 */
export function readKoladaJson(file: string): { fileName: string; rows: SheetRow[] } {
  const fileName = path.basename(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new RamkollError('NOT_FOUND', `Filen ${file} finns inte eller kan inte läsas.`);
  }
  if (bytes.length > MAX_BYTES) bad(fileName, `filen är ${Math.round(bytes.length / 1048576)} MB; högst ${MAX_BYTES / 1048576} MB tas emot.`);
  return parseKoladaJson(fileName, bytes.toString('utf8'));
}

/** The text of a Kolada API file (as readKoladaJson reads it from disk) as rows. */
export function parseKoladaJson(fileName: string, content: string): { fileName: string; rows: SheetRow[] } {
  const raw = content.replace(/^\uFEFF/, '');
  const lineAt = lineIndex(raw);
  // A value's number (or null) becomes a string with its line. The look-behind keeps an escaped quote inside a string out.
  // A value written as a string ("87,5") keeps its text and gets the same tag.
  const tagged = raw.replace(/(?<!\\)("value"\s*:\s*)(?:(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|null)|"((?:[^"\\\n]|\\.)*)")/g, (_m, head: string, num: string | undefined, str: string | undefined, offset: number) => {
    const line = lineAt(offset);
    return `${head}"${num === undefined ? str : num === 'null' ? '' : num}${TAG}${line}"`;
  });
  let doc: unknown;
  try {
    doc = JSON.parse(tagged);
  } catch (e) {
    bad(fileName, `filen är ingen giltig JSON (${e instanceof Error ? e.message : String(e)}). Spara svaret från Kolada som det är, eller exportera som CSV.`);
  }
  if (!isRecord(doc) || !Array.isArray(doc.values)) bad(fileName, 'filen saknar Koladas "values": en lista med nyckeltal, kommun, period och värden.');
  const rows: SheetRow[] = [{ line: 0, cells: [...KOLADA_JSON_FIELDS] }];
  let lastLine = 1;
  for (const [i, entry] of (doc as { values: unknown[] }).values.entries()) {
    if (!isRecord(entry) || !Array.isArray(entry.values)) bad(fileName, `post ${i + 1} i "values" saknar sin lista "values" med kön och värde.`, lastLine);
    const e = entry as Record<string, unknown> & { values: unknown[] };
    for (const v of e.values) {
      if (!isRecord(v)) bad(fileName, `post ${i + 1} har ett värde som inte är ett objekt med kön och värde.`, lastLine);
      const point = v as Record<string, unknown>;
      let value = text(point.value);
      let line = lastLine;
      const at = value.lastIndexOf(TAG);
      if (at >= 0) {
        line = Number(value.slice(at + TAG.length));
        value = value.slice(0, at);
      }
      lastLine = line;
      const title = text(e.municipality_title ?? e.title);
      rows.push({ line, cells: [text(e.kpi), text(e.municipality), title, text(e.period), text(point.gender), value] });
    }
  }
  return { fileName, rows };
}

/** Offset → 1-based line, by binary search over the line starts. */
function lineIndex(s: string): (offset: number) => number {
  const starts = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
