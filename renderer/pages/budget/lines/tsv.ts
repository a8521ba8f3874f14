/**
 * Tab-separated text as Excel puts it on the clipboard and reads it back:
 * rows end in CRLF (or LF), the last row usually with one too; a cell with a
 * tab, a quote or a line break is quoted, with quotes doubled.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quotedCell = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (cell === '' && !quotedCell && ch === '"') {
      // A quoted cell: up to the closing quote that is not doubled.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += text[j]!;
        j++;
      }
      if (closed && (j >= text.length || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) {
        cell = value;
        quotedCell = true;
        i = j;
        continue;
      }
      // Not a well-formed quoted cell: take the quote literally.
    }
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      quotedCell = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      quotedCell = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || quotedCell || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function quote(cell: string): string {
  return /[\t\r\n"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A block of cells as Excel wants it pasted: tabs between cells, CRLF after every row. */
export function formatTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join('\t') + '\r\n').join('');
}
