import { z } from 'zod';
import type { CommentStatus } from '../../../db/schema';
import { parseOre } from '../money';
import { TEXT_LIMITS } from '../text-limits';
import { type CellValue, type ColumnDef, type OriginalRow, STATUS_TEXT, WORKBOOK_FORMAT, type WorkbookIdentity } from './layout';
import type { RawCell, RawSheet } from './read';
import { sealText } from './seal';

const MAX_ORE = 1e15;

/** A cell read as its column's kind, or what is wrong with it (Swedish, for the chef and the controller). */
export type Parsed = { ok: true; value: CellValue } | { ok: false; message: string };

const STATUS_BY_TEXT = new Map<string, CommentStatus>(
  (Object.entries(STATUS_TEXT) as [CommentStatus, string][]).flatMap(([code, text]) => [
    [text.toLowerCase(), code],
    [code, code],
  ]),
);

export function shownText(cell: RawCell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'object' && 'error' in cell) return cell.error;
  if (typeof cell === 'object' && 'uncomputed' in cell) return `=${cell.uncomputed}`;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/** Reads one cell as its column's kind: amounts in kronor to whole öre (a number, or text with a Swedish decimal comma), codes, text, a status. */
export function parseCell(col: ColumnDef, cell: RawCell | undefined): Parsed {
  if (cell !== undefined && typeof cell === 'object' && !(cell instanceof Date)) {
    if ('error' in cell) return { ok: false, message: `cellen visar felvärdet ${cell.error}` };
    return { ok: false, message: `formeln =${cell.uncomputed} har inget beräknat värde; öppna filen i Excel eller LibreOffice och spara den igen` };
  }
  switch (col.kind) {
    case 'ore':
    case 'oreOpt': {
      if (cell === undefined) return { ok: true, value: col.kind === 'ore' ? 0 : null };
      let ore: number;
      if (typeof cell === 'number') {
        const x = cell * 100;
        ore = Math.round(x);
        if (Math.abs(x - ore) > 1e-6 * Math.max(1, Math.abs(x) / 1e9)) return { ok: false, message: 'beloppet har fler än två decimaler; skriv kronor med högst två decimaler' };
      } else if (typeof cell === 'string') {
        if (cell.trim() === '') return { ok: true, value: col.kind === 'ore' ? 0 : null };
        ore = parseOre(cell);
        if (Number.isNaN(ore)) return { ok: false, message: 'är inget belopp; skriv kronor, t.ex. 125 000 eller -1 200,50' };
      } else {
        return { ok: false, message: cell instanceof Date ? 'är ett datum, inte ett belopp' : 'är inget belopp' };
      }
      if (Math.abs(ore) > MAX_ORE) return { ok: false, message: 'beloppet är för stort (högst 10 000 miljarder kronor)' };
      return { ok: true, value: ore };
    }
    case 'status': {
      const t = shownText(cell).trim().toLowerCase();
      if (t === '') return { ok: true, value: 'draft' };
      const s = STATUS_BY_TEXT.get(t);
      return s ? { ok: true, value: s } : { ok: false, message: 'välj Utkast eller Klar' };
    }
    case 'code': {
      const t = shownText(cell).trim();
      return t.length > TEXT_LIMITS.code ? { ok: false, message: `koden är längre än ${TEXT_LIMITS.code} tecken` } : { ok: true, value: t };
    }
    case 'id':
      return { ok: true, value: shownText(cell).trim() };
    case 'text': {
      const t = typeof cell === 'number' ? String(cell).replace('.', ',') : typeof cell === 'boolean' ? (cell ? 'SANT' : 'FALSKT') : shownText(cell);
      const text = t.replace(/\r\n?/g, '\n').trim();
      return text.length > TEXT_LIMITS.comment ? { ok: false, message: `texten är ${text.length} tecken; högst ${TEXT_LIMITS.comment} tas emot` } : { ok: true, value: text };
    }
    case 'formula':
      return { ok: true, value: null };
  }
}

export function sameValue(a: CellValue | undefined, b: CellValue | undefined): boolean {
  const na = a === undefined ? null : a;
  const nb = b === undefined ? null : b;
  if (typeof na === 'string' && typeof nb === 'string') return na.replace(/\r\n?/g, '\n').trim() === nb.replace(/\r\n?/g, '\n').trim();
  return na === nb;
}

const originalSchema = z.strictObject({
  sheet: z.enum(['budget', 'changes', 'deviations', 'forecast']),
  row: z.number().int().min(1).max(1_048_576),
  key: z.string().min(1).max(200),
  node: z.string().max(TEXT_LIMITS.code),
  locked: z.boolean(),
  values: z.record(z.string().max(40), z.union([z.string().max(TEXT_LIMITS.comment), z.number(), z.null()])),
});

/** The hidden sheet's identity and the exported rows, or what is wrong with it. */
export function readIdentity(sheet: RawSheet | undefined): { identity: WorkbookIdentity; originals: OriginalRow[]; sealed: string; signature: string } | string {
  if (!sheet) return 'bladet Ramkoll som identifierar filen saknas: filen är ingen arbetsbok från Ramkoll, eller bladet har tagits bort';
  const kv = new Map<string, string>();
  const originals: OriginalRow[] = [];
  const cellsInOrder: [string, string][] = [];
  const rowTexts: string[] = [];
  for (const [r, cells] of [...sheet.rows].sort((a, b) => a[0] - b[0])) {
    const k = shownText(cells.get(1));
    const v = shownText(cells.get(2));
    if (r < 20) {
      kv.set(k, v);
      if (k !== 'signature') cellsInOrder.push([k, v]);
    } else if (k === 'rad') {
      rowTexts.push(v);
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        return `bladet Ramkoll är ändrat (rad ${r})`;
      }
      const o = originalSchema.safeParse(parsed);
      if (!o.success) return `bladet Ramkoll är ändrat (rad ${r})`;
      originals.push(o.data);
    }
  }
  if (kv.get('format') !== WORKBOOK_FORMAT) return `filen är ingen arbetsbok från Ramkoll (format ${kv.get('format') ?? 'saknas'})`;
  const get = (k: string) => kv.get(k) ?? '';
  const sheets = get('sheets')
    .split(',')
    .filter((s): s is WorkbookIdentity['sheets'][number] => ['budget', 'changes', 'deviations', 'forecast'].includes(s));
  const identity: WorkbookIdentity = {
    format: WORKBOOK_FORMAT,
    workbookId: get('workbookId'),
    siteId: get('siteId'),
    versionId: get('versionId') || null,
    node: get('node'),
    round: get('round'),
    occasionId: get('occasionId') || null,
    exportedAt: get('exportedAt'),
    exportedBy: get('exportedBy'),
    clock: get('clock'),
    sheets,
    frameOre: /^-?\d+$/.test(get('frameOre')) ? Number(get('frameOre')) : null,
  };
  if (!identity.workbookId || !identity.node || !/^\d{13}-\d{8}-/.test(identity.clock)) return 'bladet Ramkoll är ändrat: filens identitet går inte att läsa';
  return { identity, originals, sealed: sealText(cellsInOrder, rowTexts), signature: get('signature') };
}
