/**
 * The text model of a report's text sections (issue 19): a small Markdown
 * subset stored as plain text, so that it travels in packages as one field
 * and reads well even unrendered. Parsed here into neutral blocks that every
 * renderer (the app's preview, HTML for the PDF, Word, Excel) walks, so the
 * formats cannot disagree about what the text says.
 *
 * The subset, line by line:
 * - a blank line ends a paragraph, a list or a table;
 * - `- ` at the start of a line is a bullet (no nesting); a following line
 *   that is not blank, not a bullet and not a table row continues the item;
 * - `|` at the start of a line is a table row; the second row is the
 *   separator (`|---|---|`); every row has as many cells as the first;
 * - other lines are text; consecutive ones make one paragraph;
 * - `**bold**` within a line (or a table cell); `\*`, `\|` and `\\` are the
 *   characters themselves.
 *
 * Pure TypeScript: the renderer and the main side share it.
 */

export interface Run {
  text: string;
  bold: boolean;
}

export type RichBlock =
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'bullets'; items: Run[][] }
  | { kind: 'table'; header: Run[][]; rows: Run[][][] };

export interface RichProblem {
  /** 1-based line of the text. */
  line: number;
  message: string;
}

export interface RichParse {
  blocks: RichBlock[];
  problems: RichProblem[];
}

/** How much a text section may hold: a few pages of a nämnd report, tables a screen wide. */
export const RICH_LIMITS = {
  chars: 10_000,
  lineChars: 2_000,
  tables: 3,
  tableColumns: 8,
  tableRows: 40,
  cellChars: 200,
} as const;

const SEPARATOR_CELL = /^:?-{3,}:?$/;

/** `**bold**` and escapes within one line; an unclosed `**` is a problem of that line. */
export function parseInline(source: string, line: number, problems: RichProblem[]): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let buf = '';
  let boldStart = -1;
  const flush = () => {
    if (buf === '') return;
    const last = runs[runs.length - 1];
    if (last && last.bold === bold) last.text += buf;
    else runs.push({ text: buf, bold });
    buf = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length && '*|\\'.includes(source[i + 1]!)) {
      buf += source[i + 1];
      i++;
    } else if (c === '*' && source[i + 1] === '*') {
      flush();
      bold = !bold;
      boldStart = i;
      i++;
    } else {
      buf += c;
    }
  }
  if (bold) {
    problems.push({ line, message: `fetstil som börjar med ** (tecken ${boldStart + 1}) avslutas inte på raden; skriv ** efter det som ska vara fetstilt` });
    // Shown as written rather than losing the rest of the line.
    bold = false;
    buf = `**${buf}`;
  }
  flush();
  return runs.map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ') })).filter((r) => r.text !== '');
}

/** The cells of a table row: `| a | b |` → ['a', 'b'] (an escaped \| stays in its cell). */
function splitCells(row: string): string[] {
  let body = row.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      cur += c + body[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

function trimRuns(runs: Run[]): Run[] {
  if (runs.length === 0) return runs;
  const out = runs.map((r) => ({ ...r }));
  out[0]!.text = out[0]!.text.replace(/^\s+/, '');
  out[out.length - 1]!.text = out[out.length - 1]!.text.replace(/\s+$/, '');
  return out.filter((r) => r.text !== '');
}

function joinRuns(a: Run[], b: Run[]): Run[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = a.map((r) => ({ ...r }));
  const first = b[0]!;
  const last = out[out.length - 1]!;
  if (last.bold === first.bold) {
    last.text += ` ${first.text}`;
    out.push(...b.slice(1));
  } else {
    last.text += ' ';
    out.push(...b);
  }
  return out;
}

/** Parses a text section. Problems name their line; the blocks are what can be shown of the text anyway. */
export function parseRichText(source: string): RichParse {
  const problems: RichProblem[] = [];
  const blocks: RichBlock[] = [];
  if (source.length > RICH_LIMITS.chars) {
    problems.push({ line: source.slice(0, RICH_LIMITS.chars).split('\n').length, message: `texten är ${source.length} tecken; högst ${RICH_LIMITS.chars} får plats i ett avsnitt` });
  }
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let para: Run[] | null = null;
  let bullets: Run[][] | null = null;
  let table: { header: Run[][]; rows: Run[][][]; line: number; seenSeparator: boolean } | null = null;
  let tables = 0;
  const close = () => {
    if (para && para.length > 0) blocks.push({ kind: 'paragraph', runs: para });
    if (bullets) blocks.push({ kind: 'bullets', items: bullets });
    if (table) {
      if (!table.seenSeparator) problems.push({ line: table.line, message: 'tabellen saknar avgränsarraden under rubrikraden; skriv t.ex. |---|---| på raden efter rubrikerna' });
      blocks.push({ kind: 'table', header: table.header, rows: table.rows });
    }
    para = null;
    bullets = null;
    table = null;
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.length > RICH_LIMITS.lineChars) problems.push({ line: n, message: `raden är ${raw.length} tecken; högst ${RICH_LIMITS.lineChars} på en rad` });
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (trimmed === '') {
      close();
      return;
    }
    if (trimmed.startsWith('|')) {
      const cells = splitCells(trimmed);
      if (!table) {
        close();
        tables++;
        if (tables > RICH_LIMITS.tables) problems.push({ line: n, message: `högst ${RICH_LIMITS.tables} tabeller i ett avsnitt` });
        if (cells.length > RICH_LIMITS.tableColumns) problems.push({ line: n, message: `tabellen har ${cells.length} kolumner; högst ${RICH_LIMITS.tableColumns}` });
        table = { header: cells.map((c) => parseInline(c, n, problems)), rows: [], line: n, seenSeparator: false };
        return;
      }
      const t = table as { header: Run[][]; rows: Run[][][]; line: number; seenSeparator: boolean };
      if (!t.seenSeparator) {
        if (cells.every((c) => SEPARATOR_CELL.test(c))) {
          t.seenSeparator = true;
          if (cells.length !== t.header.length) problems.push({ line: n, message: `avgränsarraden har ${cells.length} kolumner men rubrikraden (rad ${t.line}) har ${t.header.length}` });
          return;
        }
        problems.push({ line: n, message: `rad två i en tabell ska vara avgränsarraden, t.ex. |---|---| (tabellen börjar på rad ${t.line})` });
        t.seenSeparator = true;
      }
      if (cells.length !== t.header.length) {
        problems.push({ line: n, message: `raden har ${cells.length} celler men tabellens rubrikrad (rad ${t.line}) har ${t.header.length}` });
      }
      if (t.rows.length === RICH_LIMITS.tableRows) problems.push({ line: n, message: `tabellen har fler än ${RICH_LIMITS.tableRows} rader` });
      cells.forEach((c) => {
        if (c.length > RICH_LIMITS.cellChars) problems.push({ line: n, message: `en cell är ${c.length} tecken; högst ${RICH_LIMITS.cellChars} i en tabellcell` });
      });
      const width = t.header.length;
      const row = Array.from({ length: width }, (_, k) => parseInline(cells[k] ?? '', n, problems));
      t.rows.push(row);
      return;
    }
    if (table) close();
    const bullet = /^\s*- (.*)$/.exec(line) ?? (trimmed === '-' ? ['-', ''] : null);
    if (bullet) {
      if (!bullets) {
        close();
        bullets = [];
      }
      bullets.push(trimRuns(parseInline(bullet[1]!, n, problems)));
      return;
    }
    const runs = trimRuns(parseInline(trimmed, n, problems));
    if (bullets) {
      const items = bullets as Run[][];
      items[items.length - 1] = joinRuns(items[items.length - 1]!, runs);
      return;
    }
    para = para ? joinRuns(para, runs) : runs;
  });
  close();
  return { blocks, problems };
}

/** The text of runs without marks (for a table cell in a format that shows one style per cell, or a search). */
export function plainRuns(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** The whole text without marks, block by block: what a reader sees. */
export function plainText(blocks: readonly RichBlock[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'paragraph') return plainRuns(b.runs);
      if (b.kind === 'bullets') return b.items.map((i) => `• ${plainRuns(i)}`).join('\n');
      return [b.header, ...b.rows].map((r) => r.map(plainRuns).join('\t')).join('\n');
    })
    .join('\n\n');
}

/** "rad 3: …; rad 7: …" for an error message. */
export function problemText(problems: readonly RichProblem[]): string {
  return problems.map((p) => `rad ${p.line}: ${p.message}`).join('; ');
}
