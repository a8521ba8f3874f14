/**
 * The small XML of an xlsx workbook part by part (workbook, its relations,
 * styles, shared strings), read whole: each is a few kB to a few MB, and the
 * zip guard caps them. The sheet itself is streamed by xlsx-sheet.ts. Only
 * what the ledger import reads is taken: sheet names and files, the 1904
 * date system, which cell styles are dates, and the text of shared strings.
 */

/** Why an XML text could not be read; the caller adds which part, sheet and cell. */
export class XmlTextError extends Error {}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function entity(ref: string): string {
  const named = NAMED[ref];
  if (named !== undefined) return named;
  let cp = NaN;
  if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) cp = parseInt(ref.slice(2), 16);
  else if (/^#[0-9]{1,7}$/.test(ref)) cp = parseInt(ref.slice(1), 10);
  if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) throw new XmlTextError(`okänd XML-entitet &${ref.slice(0, 12)};`);
  return String.fromCodePoint(cp);
}

/**
 * Text or an attribute value as XML means it: entities and character
 * references decoded, line ends as "\n" (what every XML parser, ExcelJS's
 * included, hands on). Nothing is trimmed: a cell's spaces are its own.
 */
export function xmlText(raw: string): string {
  let s = raw;
  if (s.indexOf('\r') !== -1) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&([^;&<]{0,12})(;?)/g, (_m, ref: string, semi: string) => {
    if (semi !== ';') throw new XmlTextError('ett &-tecken som inte inleder någon XML-entitet');
    return entity(ref);
  });
}

export interface XmlTag {
  name: string;
  /** Attributes by their name as written (prefix included), values decoded. */
  attrs: Record<string, string>;
  close: boolean;
  selfClosing: boolean;
}

/** Reads the attributes of a start tag between `from` and `to` (the name already read). */
export function readAttributes(s: string, from: number, to: number, into: Record<string, string>): void {
  let i = from;
  while (i < to) {
    let c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) {
      i++;
      continue;
    }
    const eq = s.indexOf('=', i);
    if (eq === -1 || eq >= to) throw new XmlTextError('ett attribut utan värde');
    const name = s.slice(i, eq).trim();
    let q = eq + 1;
    while (q < to && ((c = s.charCodeAt(q)) === 32 || c === 9 || c === 10 || c === 13)) q++;
    const quote = s.charCodeAt(q);
    if (quote !== 34 && quote !== 39) throw new XmlTextError(`attributet ${name} saknar citattecken`);
    const end = s.indexOf(quote === 34 ? '"' : "'", q + 1);
    if (end === -1 || end >= to) throw new XmlTextError(`attributet ${name} tar aldrig slut`);
    into[name] = xmlText(s.slice(q + 1, end));
    i = end + 1;
  }
}

/** Where the tag that starts at `lt` ends (its '>'), quotes respected; -1 if not in `s`. */
export function tagEnd(s: string, lt: number): number {
  const n = s.length;
  for (let j = lt + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 62) return j;
    if (c === 34 || c === 39) {
      j = s.indexOf(c === 34 ? '"' : "'", j + 1);
      if (j === -1) return -1;
    }
  }
  return -1;
}

/**
 * Every tag and text of a whole XML text, in order: `onTag` for start, end
 * and empty tags, `onText` for the decoded text between them (comments and
 * declarations skipped, CDATA as text).
 */
export function walkXml(s: string, onTag: (t: XmlTag) => void, onText: (text: string) => void): void {
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt === -1) {
      if (s.slice(i).trim() !== '') onText(xmlText(s.slice(i)));
      return;
    }
    if (lt > i) onText(xmlText(s.slice(i, lt)));
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt);
      if (e === -1) throw new XmlTextError('ett CDATA-avsnitt tar aldrig slut');
      onText(s.slice(lt + 9, e));
      i = e + 3;
      continue;
    }
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt);
      if (e === -1) throw new XmlTextError('en kommentar tar aldrig slut');
      i = e + 3;
      continue;
    }
    const gt = tagEnd(s, lt);
    if (gt === -1) throw new XmlTextError('en tagg tar aldrig slut');
    const c1 = s.charCodeAt(lt + 1);
    if (c1 === 63 || c1 === 33) {
      i = gt + 1;
      continue;
    }
    const close = c1 === 47;
    const selfClosing = !close && s.charCodeAt(gt - 1) === 47;
    const start = close ? lt + 2 : lt + 1;
    let nameEnd = start;
    for (; nameEnd < gt; nameEnd++) {
      const c = s.charCodeAt(nameEnd);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
    }
    const attrs: Record<string, string> = {};
    if (!close) readAttributes(s, nameEnd, selfClosing ? gt - 1 : gt, attrs);
    onTag({ name: s.slice(start, nameEnd), attrs, close, selfClosing });
    i = gt + 1;
  }
}

export interface WorkbookSheet {
  name: string;
  /** The relation id (r:id) that names the sheet's file. */
  rel: string;
}

export function readWorkbook(xml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  walkXml(
    xml,
    (t) => {
      if (t.close) return;
      if (t.name === 'sheet') {
        // r:id by any prefix bound to the relationships namespace; Excel writes "r".
        const rel = t.attrs['r:id'] ?? Object.entries(t.attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        sheets.push({ name: t.attrs.name ?? '', rel });
      } else if (t.name === 'workbookPr') {
        const v = t.attrs.date1904;
        date1904 = v === '1' || v === 'true';
      }
    },
    () => {},
  );
  return { sheets, date1904 };
}

/** The workbook's relations: id → the part it points to, as a path in the zip ("xl/worksheets/sheet1.xml"). */
export function readRelations(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  walkXml(
    xml,
    (t) => {
      if (t.close || t.name !== 'Relationship' || t.attrs.Id === undefined || t.attrs.Target === undefined) return;
      const target = t.attrs.Target;
      out.set(t.attrs.Id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    },
    () => {},
  );
  return out;
}

/** Built-in number formats that are dates or times (ids 14–22 and 45–47; the locale-dependent ones are not read as dates). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A number format shows a date or time when, outside quotes and brackets, it has y, m, d, h, s or b (ExcelJS's rule). */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** For each cell style (cellXfs, by index): does it show its number as a date? */
export function readDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const dates: boolean[] = [];
  let inCellXfs = false;
  walkXml(
    xml,
    (t) => {
      if (t.name === 'cellXfs') inCellXfs = !t.close && !t.selfClosing;
      else if (!t.close && t.name === 'numFmt') custom.set(parseInt(t.attrs.numFmtId ?? '', 10), (t.attrs.formatCode ?? '').replace(/\\(.)/g, '$1'));
      else if (!t.close && t.name === 'xf' && inCellXfs) {
        const id = parseInt(t.attrs.numFmtId ?? '0', 10);
        const code = custom.get(id);
        dates.push(code !== undefined ? isDateFormat(code) : BUILT_IN_DATES.has(id));
      }
    },
    () => {},
  );
  return dates;
}

/**
 * The shared strings in order. A string is the text of its `<t>` elements,
 * plain or in rich-text runs, joined; phonetic guides (`<rPh>`) are not part
 * of it. An empty string is null: the cell is as empty as a missing one.
 */
export function readSharedStrings(xml: string): (string | null)[] {
  const out: (string | null)[] = [];
  let text: string | null = null;
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  walkXml(
    xml,
    (t) => {
      if (t.name === 'si') {
        if (t.close || t.selfClosing) {
          out.push(text === '' ? null : text);
          inSi = false;
        } else inSi = true;
        text = null;
      } else if (t.name === 'rPh') {
        if (!t.selfClosing) phonetic += t.close ? -1 : 1;
      } else if (t.name === 't') inT = !t.close && !t.selfClosing;
    },
    (s) => {
      if (inSi && inT && phonetic === 0) text = (text ?? '') + s;
    },
  );
  return out;
}
