/**
 * Our xlsx sheet reader (files/xlsx-sheet.ts) against ExcelJS's streaming
 * reader, which the ledger import used before: cell by cell on every xlsx
 * fixture (ExcelJS- and LibreOffice-written), and on hand-written sheets for
 * what the writers do not produce (no `r`, gaps, 1904, entities, rich text,
 * broken XML). Where ExcelJS read a cell wrongly the test says so and holds
 * our reading to what the cell holds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { holds, plain, readExcelJS, readExcelJSAgreeing, readOurs, sheetXml, writeHandMade, type ReadResult } from '../support/xlsx-read';
import { tempDir } from '../support/tmp';

const FIXTURES = path.resolve(__dirname, '../fixtures');

function xlsxFixtures(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return xlsxFixtures(p);
    return /\.xlsx$/i.test(e.name) ? [p] : [];
  });
}

/** Fixture cells ExcelJS reads wrongly: formula results with a date format or a boolean type (see xlsx-sheet.ts). */
const EXCELJS_WRONG: Record<string, { line: number; col: number; exceljs: unknown; ours: unknown }[]> = {
  'libreoffice-celltyper.xlsx': [
    { line: 3, col: 5, exceljs: 46112, ours: 'datum 2026-03-31T00:00:00.000Z' },
    { line: 4, col: 5, exceljs: 1, ours: 'SANT' },
  ],
};

/** ExcelJS's reading of a fixture with the cells it read wrongly put right (each checked to be what ExcelJS gave). */
function corrected(file: string, rows: Parameters<typeof plain>[0], sheet?: string): ReturnType<typeof plain> {
  const out = plain(rows);
  if (sheet !== undefined && sheet !== 'Utfall & budget') return out;
  for (const w of EXCELJS_WRONG[path.basename(file)] ?? []) {
    const row = out.find((r) => r.line === w.line)!;
    expect(row.cells[w.col]).toEqual(w.exceljs);
    row.cells[w.col] = w.ours as string;
  }
  return out;
}

describe('every xlsx fixture reads as ExcelJS read it, cell by cell', () => {
  const files = xlsxFixtures(FIXTURES);
  it('finds the corpus (ledger shapes, LibreOffice-written files, bad files)', () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
    expect(files.filter((f) => f.includes(`${path.sep}libreoffice${path.sep}`)).length).toBeGreaterThanOrEqual(16);
  });
  for (const file of files) {
    it(path.relative(FIXTURES, file), async () => {
      const ours = await readOurs(file);
      // Ours reads the same twice; ExcelJS is read again if it disagrees (readExcelJSAgreeing says why).
      expect(plain((await readOurs(file)).rows)).toEqual(plain(ours.rows));
      const same = (t: ReadResult) => {
        expect(plain(ours.rows)).toEqual(corrected(file, t.rows));
        expect({ sheet: ours.sheet, names: ours.sheetNames, error: ours.error }).toEqual({ sheet: t.sheet, names: t.sheetNames, error: t.error });
      };
      same(await readExcelJSAgreeing(file, null, (t) => holds(() => same(t))));
      // Every sheet by name, too.
      for (const name of ours.sheetNames ?? []) {
        const mine = plain((await readOurs(file, name)).rows);
        const sameSheet = (t: ReadResult) => expect(mine).toEqual(corrected(file, t.rows, name));
        sameSheet(await readExcelJSAgreeing(file, name, (t) => holds(() => sameSheet(t))));
      }
    });
  }
});

describe('the LibreOffice cell-type fixture (libreoffice-celltyper.fods → .xlsx by soffice)', () => {
  it('reads every kind of cell as it is shown', async () => {
    const r = await readOurs(path.join(FIXTURES, 'xlsx', 'libreoffice-celltyper.xlsx'));
    expect(r.sheetNames).toEqual(['Utfall & budget', 'Blad2']);
    expect(plain(r.rows)).toEqual([
      { line: 1, cells: ['Ansvar', 'Konto', 'Period', 'Belopp', 'Text', 'Formel'] },
      { line: 2, cells: ['1100', 4010, 'datum 2026-01-31T00:00:00.000Z', -1234.56, 'A <&> "citat" \'apostrof\'', 8020] },
      { line: 3, cells: ['  Ledande och avslutande blanksteg  ', '', 'datum 2026-02-15T13:45:00.000Z', 0.035, 'Fet del och vanlig', 'datum 2026-03-31T00:00:00.000Z'] },
      { line: 4, cells: ['Åäö ÅÄÖ é ü € – “citat” 😀', 1, 0, '', 'Konto 4010', 'SANT'] },
      { line: 8, cells: ['', '', '', 1e-7, '', '', 123456789012.25] },
      { line: 9, cells: ['Rad ett\nRad två', '1100', 0, '', '&amp; &lt; bokstavligt'] },
    ]);
  });
});

describe('hand-written sheets', () => {
  const file = () => path.join(tempDir('ramkoll-xlsx-'), 'bok.xlsx');

  it('cells and rows without r follow the one before; gaps are empty cells; spans and other attributes are ignored', async () => {
    const f = file();
    const rows =
      '<row spans="1:4"><c><v>1</v></c><c><v>2</v></c><c r="D1"><v>4</v></c><c><v>5</v></c></row>' +
      '<row r="4" spans="2:3" ht="15" customHeight="1"><c r="B4" t="s"><v>0</v></c></row>' +
      '<row><c t="inlineStr"><is><t>efter</t></is></c></row>' +
      '<row r="7"/><row r="9"><c r="A9"/><c r="B9" s="0"></c></row>';
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]], strings: ['text'] });
    expect(plain((await readOurs(f)).rows)).toEqual([
      { line: 1, cells: [1, 2, '', 4, 5] },
      { line: 4, cells: ['', 'text'] },
      { line: 5, cells: ['efter'] },
    ]);
  });

  it('reads entities, numeric character references, CDATA, comments and whitespace as XML means them', async () => {
    const f = file();
    const rows =
      '<row r="1">\n  <c r="A1" t="inlineStr"><is><t xml:space="preserve">  a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#229;&#xE4;&#x1F600;  </t></is></c>\n' +
      '  <c r="B1" t="str"><v><![CDATA[<rå & text>]]></v></c><!-- en kommentar <c r="C1"><v>9</v></c> -->\n' +
      '  <c r="C1" t="str"><v>rad\r\nbrytning</v></c>\n</row>';
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]] });
    expect(plain((await readOurs(f)).rows)).toEqual([{ line: 1, cells: ["  a <b> & \"c\" 'd' åä😀  ", '<rå & text>', 'rad\nbrytning'] }]);
  });

  it('joins rich-text runs in shared and inline strings and leaves phonetic guides out (ExcelJS kept the last inline run only)', async () => {
    const f = file();
    const rawStrings =
      '<si><r><rPr><b/><sz val="11"/></rPr><t>Fet</t></r><r><t xml:space="preserve"> och </t></r><r><rPr><i/></rPr><t>kursiv</t></r></si>' +
      '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si><si/><si><t></t></si>';
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><rPr><b/></rPr><t>in</t></r><r><t>line</t></r></is></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="s"><v>99</v></c></row>';
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]], rawStrings });
    expect(plain((await readOurs(f)).rows)).toEqual([{ line: 1, cells: ['Fet och kursiv', '漢字', 'inline'] }]);
    expect(plain((await readExcelJS(f)).rows)[0]!.cells[2]).toBe('line');
  });

  it('tells dates by the style number format (built-in and custom, not quoted or bracketed letters), in the 1900 and 1904 systems', async () => {
    const rows =
      '<row r="1"><c r="A1" s="1"><v>46053</v></c><c r="B1" s="2"><v>46053.75</v></c><c r="C1" s="3"><v>46053</v></c><c r="D1" s="4"><v>46053</v></c>' +
      '<c r="E1" s="5"><v>46053</v></c><c r="F1"><v>46053</v></c><c r="G1" s="1"><f>A1</f><v>46053</v></c><c r="H1" s="1" t="str"><f>"x"</f><v>x</v></c></row>';
    const styles = { xfs: [0, 14, 165, 166, 167, 4], formats: { 165: 'yyyy-mm-dd\\ hh:mm', 166: '[Red]#,##0;"kr"', 167: '#,##0 "dagar"' } };
    const f = file();
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]], styles });
    const day = 'datum 2026-01-31T00:00:00.000Z';
    expect(plain((await readOurs(f)).rows)).toEqual([{ line: 1, cells: [day, 'datum 2026-01-31T18:00:00.000Z', 46053, 46053, 46053, 46053, day, 'x'] }]);
    const g = file();
    writeHandMade(g, { sheets: [['Blad1', sheetXml(rows)]], styles, date1904: true });
    expect(plain((await readOurs(g)).rows)[0]!.cells[0]).toBe('datum 2030-02-01T00:00:00.000Z');
    expect(plain((await readExcelJS(g)).rows)[0]!.cells[0]).toBe('datum 2030-02-01T00:00:00.000Z');
  });

  it('reads ISO 8601 date cells (t="d") as dates, UTC where no zone is given (ExcelJS read the year as a number)', async () => {
    const rows = '<row r="1"><c r="A1" t="d"><v>2026-01-31</v></c><c r="B1" t="d" s="1"><v>2026-02-15T13:45:00</v></c><c r="C1" t="d"><v>2026-03-01T00:00:00+01:00</v></c><c r="D1" t="d"><v>inget datum</v></c></row>';
    const f = file();
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]], styles: { xfs: [0, 14] } });
    expect(plain((await readOurs(f)).rows)).toEqual([{ line: 1, cells: ['datum 2026-01-31T00:00:00.000Z', 'datum 2026-02-15T13:45:00.000Z', 'datum 2026-02-28T23:00:00.000Z', ''] }]);
    expect(plain((await readExcelJS(f)).rows)[0]!.cells[0]).toBe(2026);
  });

  it('reads booleans, errors, str and formula cells by type; a formula without a cached value is empty', async () => {
    const rows =
      '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="str"><v>12</v></c>' +
      '<c r="E1"><f>1+1</f></c><c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G1" t="b"><f>TRUE()</f><v>1</v></c><c r="H1"><f t="shared" si="0"/><v>-0.5</v></c><c r="I1"><v>1e400</v></c></row>';
    const f = file();
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]] });
    expect(plain((await readOurs(f)).rows)).toEqual([{ line: 1, cells: ['SANT', 'FALSKT', '', '12', '', '', 'SANT', -0.5, ''] }]);
  });

  it('chooses sheets as before: by name, or the first with content in the order the zip holds them, names from the workbook', async () => {
    const sheets: [string, string][] = [
      ['Tomt', sheetXml('')],
      ['Noter', sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Anteckning</t></is></c></row>')],
      ['Utfall', sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Konto</t></is></c></row><row r="2"><c r="A2"><v>4010</v></c></row>')],
    ];
    const isTable = (rows: { cells: unknown[] }[]) => rows.some((r) => r.cells[0] === 'Konto');
    for (const sideFirst of [false, true]) {
      const f = file();
      writeHandMade(f, { sheets, sideFirst });
      expect(await readOurs(f)).toEqual({ rows: [{ line: 1, cells: ['Anteckning'] }], sheet: 'Noter', sheetNames: ['Tomt', 'Noter', 'Utfall'] });
      expect((await readOurs(f, 'Tomt')).rows).toEqual([]);
      expect((await readOurs(f, 'Noter')).sheet).toBe('Noter');
      expect((await readOurs(f, null, isTable)).sheet).toBe('Utfall');
      expect((await readOurs(f, 'Saknas')).error).toContain('bladet "Saknas" finns inte. Bladen heter: Tomt, Noter, Utfall.');
    }
  });

  it('keeps multi-byte characters whole across the reader’s chunks', async () => {
    // Varied text (a repeated one would pack like a zip bomb): 2-, 3- and 4-byte characters at every offset.
    const chars = ['å', 'ä', 'ö', '€', '😀', 'a', 'Ω'];
    let seed = 7;
    const texts = Array.from({ length: 30 }, () => Array.from({ length: 5000 }, () => chars[(seed = (seed * 1103515245 + 12345) % 2147483648) % chars.length]).join(''));
    const rows = texts.map((t, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${t}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const f = file();
    writeHandMade(f, { sheets: [['Blad1', sheetXml(rows)]] });
    const r = await readOurs(f);
    expect(r.rows).toHaveLength(30);
    for (const [i, row] of r.rows.entries()) expect(row.cells).toEqual([texts[i], i]);
    // ExcelJS decoded each piece of the stream on its own: a character split between two became U+FFFD.
    expect((await readExcelJS(f)).rows.some((row) => String(row.cells[0]).includes('\uFFFD'))).toBe(true);
  });

  it('refuses a value longer than any sheet holds instead of carrying it from piece to piece', async () => {
    const f = file();
    const huge = crypto.randomBytes(3_900_000).toString('base64');
    writeHandMade(f, { sheets: [['Blad1', sheetXml(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2" t="inlineStr"><is><t>${huge}</t></is></c></row>`)]] });
    expect((await readOurs(f)).error).toMatch(/^bok\.xlsx, blad Blad1, cell B2: en tagg eller ett värde är längre än 4 MB, vilket inget kalkylblad har\./);
  });

  it('refuses a row wider than the limit as before', async () => {
    const f = file();
    writeHandMade(f, { sheets: [['Blad1', sheetXml('<row r="3"><c r="A3"><v>1</v></c><c r="TA3"><v>2</v></c></row>')]] });
    const ours = await readOurs(f);
    expect(ours.error).toBe('bok.xlsx, blad Blad1, rad 3: raden har fler än 500 kolumner.');
    expect(ours.error).toBe((await readExcelJS(f)).error);
  });

  describe('a malformed sheet gets a Swedish error naming the sheet and the cell or row', () => {
    const cases: [string, string, RegExp][] = [
      ['an unknown entity', '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="str"><v>a &nbsp; b</v></c></row>', /^bok\.xlsx, blad Utfall, cell B2: okänd XML-entitet &nbsp;\. Öppna filen i Excel/],
      ['a lone ampersand', '<row r="5"><c r="C5" t="inlineStr"><is><t>AT & T</t></is></c></row>', /^bok\.xlsx, blad Utfall, cell C5: ett &-tecken som inte inleder någon XML-entitet\./],
      ['a character reference out of range', '<row r="2"><c r="A2" t="str"><v>&#x110000;</v></c></row>', /^bok\.xlsx, blad Utfall, cell A2: okänd XML-entitet/],
      ['a cell reference that is not one', '<row r="4"><c r="A4"><v>1</v></c><c r="4B"><v>1</v></c></row>', /^bok\.xlsx, blad Utfall, cell B4: cellreferensen "4B" är ingen cell\./],
      ['a sheet cut off inside a cell', '<row r="6"><c r="D6"><v>12', /^bok\.xlsx, blad Utfall, cell D6: filen tar slut mitt i en cell\./],
      ['a sheet cut off inside a tag', '<row r="6"><c r="D6"><v>12</v></c><c r="E6', /^bok\.xlsx, blad Utfall, rad 6: XML:en tar slut mitt i en tagg\./],
    ];
    for (const [what, rows, message] of cases) {
      it(what, async () => {
        const f = file();
        const xml = rows.includes('</row>') || !rows.startsWith('<row') ? sheetXml(rows) : `<worksheet><sheetData>${rows}`;
        writeHandMade(f, { sheets: [['Utfall', xml]] });
        const r = await readOurs(f);
        expect(r.error).toMatch(message);
        expect(JSON.stringify(r.details)).toContain('blad Utfall');
      });
    }
  });
});
