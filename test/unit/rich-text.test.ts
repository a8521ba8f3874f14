import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInline, parseRichText, plainText, problemText, RICH_LIMITS, type RichProblem } from '../../shared/rich-text';

const b = (text: string) => ({ text, bold: true });
const t = (text: string) => ({ text, bold: false });

describe('parseRichText', () => {
  it('reads paragraphs, bullets, bold and a table into blocks', () => {
    const src = [
      'Nämnden redovisar ett **överskott** på 4,2 mnkr',
      'för perioden.',
      '',
      '- Hemtjänsten har **ökat** sina timmar',
      '- Två nya boenden',
      '  öppnade i maj',
      '',
      '| Mått | 2025 | 2026 |',
      '|---|---:|---|',
      '| Sjukfrånvaro | 8,1 % | **7,4 %** |',
      '| Årsarbetare | 512 | 530 |',
      '',
      'Slutord.',
    ].join('\n');
    const r = parseRichText(src);
    expect(r.problems).toEqual([]);
    expect(r.blocks).toEqual([
      { kind: 'paragraph', runs: [t('Nämnden redovisar ett '), b('överskott'), t(' på 4,2 mnkr för perioden.')] },
      { kind: 'bullets', items: [[t('Hemtjänsten har '), b('ökat'), t(' sina timmar')], [t('Två nya boenden öppnade i maj')]] },
      {
        kind: 'table',
        header: [[t('Mått')], [t('2025')], [t('2026')]],
        rows: [
          [[t('Sjukfrånvaro')], [t('8,1 %')], [b('7,4 %')]],
          [[t('Årsarbetare')], [t('512')], [t('530')]],
        ],
      },
      { kind: 'paragraph', runs: [t('Slutord.')] },
    ]);
  });

  it('keeps escaped characters and does not take a dash without a space for a bullet', () => {
    const r = parseRichText('-5 % mot budget, 3 \\* 4 och a \\| b');
    expect(r.problems).toEqual([]);
    expect(r.blocks).toEqual([{ kind: 'paragraph', runs: [t('-5 % mot budget, 3 * 4 och a | b')] }]);
  });

  it('ends a table at a line that is not a row, and a list at a blank line', () => {
    const r = parseRichText('| a | b |\n|---|---|\n| 1 | 2 |\nEfter tabellen\n\n- x\n\nNy stycke');
    expect(r.problems).toEqual([]);
    expect(r.blocks.map((x) => x.kind)).toEqual(['table', 'paragraph', 'bullets', 'paragraph']);
  });

  it('names the line of an unclosed bold and keeps the text as written', () => {
    const r = parseRichText('Första raden\n\nHär är **fel utan slut');
    expect(r.problems).toEqual([{ line: 3, message: expect.stringContaining('avslutas inte') }]);
    expect(plainText(r.blocks)).toContain('Här är **fel utan slut');
  });

  it('names the lines of a ragged table and a missing separator', () => {
    const r = parseRichText('Inledning\n| a | b | c |\n|---|---|---|\n| 1 | 2 |\n\n| x | y |\n| 1 | 2 |');
    expect(r.problems.map((p) => p.line)).toEqual([4, 7]);
    expect(r.problems[0]!.message).toMatch(/2 celler men tabellens rubrikrad \(rad 2\) har 3/);
    expect(r.problems[1]!.message).toMatch(/avgränsarraden/);
    expect(problemText(r.problems)).toMatch(/^rad 4: .*; rad 7: /);
  });

  it('holds the limits: length, columns, rows, tables and cells', () => {
    expect(parseRichText('x'.repeat(RICH_LIMITS.chars + 1)).problems.some((p) => /högst 10000 får plats/.test(p.message))).toBe(true);
    const wide = `|${' a |'.repeat(RICH_LIMITS.tableColumns + 1)}\n|${'---|'.repeat(RICH_LIMITS.tableColumns + 1)}`;
    expect(parseRichText(wide).problems[0]).toEqual({ line: 1, message: `tabellen har ${RICH_LIMITS.tableColumns + 1} kolumner; högst ${RICH_LIMITS.tableColumns}` });
    const long = ['| a |', '|---|', ...Array.from({ length: RICH_LIMITS.tableRows + 1 }, (_, i) => `| ${i} |`)].join('\n');
    expect(parseRichText(long).problems).toEqual([{ line: RICH_LIMITS.tableRows + 3, message: `tabellen har fler än ${RICH_LIMITS.tableRows} rader` }]);
    const many = Array.from({ length: RICH_LIMITS.tables + 1 }, () => '| a |\n|---|\n| 1 |').join('\n\n');
    expect(parseRichText(many).problems).toEqual([{ line: 4 * RICH_LIMITS.tables + 1, message: `högst ${RICH_LIMITS.tables} tabeller i ett avsnitt` }]);
    expect(parseRichText(`| a |\n|---|\n| ${'x'.repeat(RICH_LIMITS.cellChars + 1)} |`).problems[0]!.line).toBe(3);
  });

  it('an empty text has no blocks', () => {
    expect(parseRichText('')).toEqual({ blocks: [], problems: [] });
    expect(parseRichText('\n  \n\n')).toEqual({ blocks: [], problems: [] });
  });

  it('never throws, and its plain text keeps every word of a text without markup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = parseRichText(s);
        for (const p of r.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zåäö]{1,8}$/), { minLength: 1, maxLength: 30 }), (words) => {
        const r = parseRichText(words.join(' '));
        expect(r.problems).toEqual([]);
        expect(plainText(r.blocks)).toBe(words.join(' '));
      }),
    );
  });

  it('parseInline toggles bold and merges neighbouring runs', () => {
    const problems: RichProblem[] = [];
    expect(parseInline('a **b** **c** d', 1, problems)).toEqual([t('a '), b('b'), t(' '), b('c'), t(' d')]);
    expect(parseInline('****', 1, problems)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
