import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, CsvTokenizer, detectDelimiter, parseCsv, type CsvRecord } from '../../electron/services/files/csv';

const fields = (text: string, d = ';') => parseCsv(text, d).map((r) => r.fields);

describe('CsvTokenizer', () => {
  it('splits plain records on any delimiter', () => {
    expect(fields('a;b;c\n1;2;3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a\tb\r\n1\t2', '\t')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a|b\r1|2\r', '|')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('handles quotes: delimiters, doubled quotes and line breaks inside', () => {
    expect(fields('"Summa; totalt";"Han sa ""hej""";"rad1\nrad2"\n')).toEqual([['Summa; totalt', 'Han sa "hej"', 'rad1\nrad2']]);
    expect(fields('"1 234,50",x', ',')).toEqual([['1 234,50', 'x']]);
  });

  it('keeps empty fields and trailing delimiters', () => {
    expect(fields(';;\n;x;\n')).toEqual([
      ['', '', ''],
      ['', 'x', ''],
    ]);
    expect(fields('a;b\n\nc;d')).toEqual([['a', 'b'], [''], ['c', 'd']]);
  });

  it('numbers records by the physical line they start on, also after quoted line breaks', () => {
    const recs = parseCsv('h1;h2\r\n"a\r\nb";1\r\nc;2\r\n', ';');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('keeps text after a closing quote, as Excel does', () => {
    expect(fields('"5" skruv";x')).toEqual([['5 skruv"', 'x']]);
  });

  it('reports an unterminated quote with the line it starts on', () => {
    expect(() => parseCsv('a;b\n1;"oj\n2;3\n', ';')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a;b\n1;"oj\n2;3\n', ';');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
    }
  });

  it('refuses a field longer than the limit instead of buffering it', () => {
    const t = new CsvTokenizer({ delimiter: ';', maxFieldLength: 100 }, () => {});
    expect(() => {
      for (let i = 0; i < 10; i++) t.push('x'.repeat(50));
      t.end();
    }).toThrow(/längre än 100/);
  });

  it('gives the same records however the input is split into chunks', () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', '1 234,50', 'å"ä', 'x;y', 'rad\nny', 'cr\r\nlf', '""'), fc.string({ maxLength: 6 }));
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (rows, cuts, eol) => {
        const quote = (c: string) => (/[;"\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c);
        const text = rows.map((r) => r.map(quote).join(';')).join(eol) + eol;
        const whole = parseCsv(text, ';');
        expect(whole.map((r) => r.fields)).toEqual(rows);
        const chunked: CsvRecord[] = [];
        const t = new CsvTokenizer({ delimiter: ';' }, (r) => chunked.push(r));
        let pos = 0;
        for (let i = 0; pos < text.length; i++) {
          const n = cuts[i % cuts.length]!;
          t.push(text.slice(pos, pos + n));
          pos += n;
        }
        t.end();
        expect(chunked).toEqual(whole);
      }),
    );
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Ansvar;Konto;Belopp\n3110;4010;1 234,50\n', ';'],
    ['Ansvar,Konto,Belopp\n3110,4010,"1 234,50"\n', ','],
    ['Ansvar\tKonto\tBelopp\n3110\t4010\t1234,50\n', '\t'],
    ['Ansvar|Konto|Belopp\n3110|4010|1234,50\n', '|'],
    ['Utfall per ansvar, 2026\nKörd 2026-11-03\n\nAnsvar;Konto;Belopp\n3110;4010;1,5\n3120;4020;2,5\n', ';'],
  ])('finds the delimiter in %j', (text, d) => {
    expect(detectDelimiter(text)).toBe(d);
  });
});
