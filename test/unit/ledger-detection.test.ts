import { describe, expect, it } from 'vitest';
import { headerVerdict, speaksOfTime } from '../../electron/services/ledger/headers';
import { resolveMapping } from '../../electron/services/ledger/mapping';
import { automaticProfile } from '../../electron/services/ledger/profile';
import { oreFromCell, periodFromCell, signFromCell, timeKindOf, totalRowMatcher } from '../../electron/services/ledger/values';
import type { SheetCell } from '../../electron/services/files/xlsx-stream';

const rows = (...lines: SheetCell[][]) => lines.map((cells, i) => ({ line: i + 1, cells }));
const resolve = (...lines: SheetCell[][]) => resolveMapping(rows(...lines), automaticProfile(), 'f.csv');
const d = (y: number, m: number, day = 1) => new Date(Date.UTC(y, m - 1, day));

describe('ledger values of real exports', () => {
  it('reads amounts with a currency, and a lone dash as nothing; never thousands', () => {
    expect(oreFromCell('1 234,50 kr', 'auto')).toBe(123450);
    expect(oreFromCell('-1\u00a0234,50\u00a0kr', 'auto')).toBe(-123450);
    expect(oreFromCell('1234.50 SEK', 'auto')).toBe(123450);
    expect(oreFromCell('SEK -12,00', 'auto')).toBe(-1200);
    expect(oreFromCell('1 234:-', 'auto')).toBe(123400);
    expect(oreFromCell('12kr', 'auto')).toBe(1200);
    expect(oreFromCell('-', 'auto')).toBe(0);
    expect(oreFromCell(' - kr ', 'auto')).toBe(0);
    expect(oreFromCell('12 tkr', 'auto')).toBeNaN();
    expect(oreFromCell('kr', 'auto')).toBeNaN();
  });

  it('reads "mar-26" and "2026 mars" as periods, and tells a cell\'s kind of time', () => {
    expect(periodFromCell('mar-26')).toBe(202603);
    expect(periodFromCell('maj-25')).toBe(202505);
    expect(periodFromCell('2026 mars')).toBe(202603);
    expect(periodFromCell('abc-26')).toBeNull();
    expect([timeKindOf(d(2026, 3), true), timeKindOf('2026-03-15', false), timeKindOf('20260315', false), timeKindOf(46082, true)]).toEqual(['date', 'date', 'date', 'date']);
    expect([timeKindOf('202603', false), timeKindOf(202603, true), timeKindOf('mars 2026', false), timeKindOf('mar-26', false)]).toEqual(['period', 'period', 'period', 'period']);
    expect([timeKindOf(3, true), timeKindOf('03', false), timeKindOf('mars', false), timeKindOf('2026', false), timeKindOf('Q1', false)]).toEqual(['month', 'month', 'month', 'year', null]);
  });

  it('reads sign columns and knows subtotal labels that end with the word', () => {
    expect(['+', 'D', 'Debet', '-', '−', 'K', 'Kredit', 'x', ''].map((s) => signFromCell(s))).toEqual([1, 1, 1, -1, -1, -1, -1, null, null]);
    const isTotal = totalRowMatcher([]);
    expect(['31101 Summa', 'Ansvar 31101 totalt', 'Grand total', 'Totalsumma', '4010 Total:'].map(isTotal)).toEqual([true, true, true, true, true]);
    expect(['Totalrenovering', 'Summan av allt', 'Solgården', '4010 Livsmedel'].map(isTotal)).toEqual([false, false, false, false]);
  });
});

describe('what a header says', () => {
  it('knows fields, names, units and aggregates, and what is not the outcome', () => {
    const v = (h: string) => {
      const x = headerVerdict(h);
      return x.kind === 'field' ? x.field : x.kind === 'name' ? `name:${x.of}` : x.kind;
    };
    expect(['Konto', 'Kontonr.', 'Konto nummer', 'Ansvar kod', 'Kst', 'Belopp (SEK)', 'Belopp i kr', 'Summa av Belopp', 'Sum of Utfall', '+/-', 'D/K', 'Debet/Kredit', 'Bokf.datum'].map(v)).toEqual([
      'account',
      'account',
      'account',
      'responsibility',
      'responsibility',
      'amount',
      'amount',
      'amount',
      'amount',
      'sign',
      'sign',
      'sign',
      'date',
    ]);
    expect(['Konto(T)', 'Ansvar benämning', 'Benämning konto', 'Kontotext'].map(v)).toEqual(['name:account', 'name:responsibility', 'name:account', 'name:account']);
    expect(['Utfall tkr', 'Utfall ack', 'Budget', 'Avvikelse', 'Vht(T)', 'Objekt', 'Kontogrupp'].map(v)).toEqual(['refused', 'ignored', 'ignored', 'ignored', 'ignored', 'unknown', 'unknown']);
    expect(['Månad', 'Bokföringsmånad', 'Redov.per.', 'Ver.datum', 'År', 'Kvartal', 'Belopp'].map(speaksOfTime)).toEqual(['month', 'month', 'period', 'date', 'year', null, null]);
  });
});

describe('detection from the header and the first data rows', () => {
  it('takes a "Månad" column of real dates as the period (a held-out file that failed)', () => {
    const m = resolve(['Konto', 'Ansvar', 'Månad', 'Belopp'], [4010, 31101, d(2026, 3), 100], [4020, 31101, d(2026, 4), 5]);
    expect(m.columns).toMatchObject({ period: 2 });
    expect(m.columns.month).toBeUndefined();
    expect(m.notes[2]).toEqual({ index: 2, read: 'Period', why: 'kolumnen har perioder eller datum; perioden tas härifrån' });
  });

  it('takes "Period" of 1–12 beside "År" as the month, and a month without a year from the title', () => {
    expect(resolve(['År', 'Period', 'Ansvar', 'Konto', 'Belopp'], ['2026', '3', '31101', '4010', '1,00']).columns).toMatchObject({ year: 0, month: 1 });
    const titled = resolve(['Utfall 2026'], ['Ansvar', 'Konto', 'Månad', 'Belopp'], ['31101', '4010', 'mars', '1,00']);
    expect(titled).toMatchObject({ year: 2026, columns: { month: 2 }, missing: [] });
    const bare = resolve(['Ansvar', 'Konto', 'Månad', 'Belopp'], ['31101', '4010', 'mars', '1,00']);
    expect(bare.missing).toEqual([{ field: 'period', message: expect.stringMatching(/C "Månad" har månader utan år \("mars"\)/) }]);
  });

  it('takes a column whose header says nothing as the period when its cells are clearly periods or dates, and only then', () => {
    const tid = resolve(['Tid', 'Ansvar', 'Konto', 'Belopp'], ['2026-03', '31101', '4010', '1,00'], ['2026-02', '31101', '4020', '2,00']);
    expect(tid.columns.period).toBe(0);
    expect(tid.notes[0]).toMatchObject({ read: 'Period', why: expect.stringMatching(/rubriken säger inget/) });
    expect(resolve(['', 'Ansvar', 'Konto', 'Belopp'], [d(2026, 3, 31), 31101, 4010, 1]).columns.period).toBe(0);
    // Plain spreadsheet numbers could be date serials or anything; two candidates are a guess; a header that speaks of time decides.
    expect(resolve(['Objekt', 'Ansvar', 'Konto', 'Belopp'], [46082, 31101, 4010, 1]).columns.period).toBeUndefined();
    expect(resolve(['Från', 'Till', 'Ansvar', 'Konto', 'Belopp'], ['2026-03-01', '2026-03-31', '31101', '4010', '1,00']).columns.period).toBeUndefined();
    expect(resolve(['Tid', 'Period', 'Ansvar', 'Konto', 'Belopp'], ['2026-02', '202603', '31101', '4010', '1,00']).columns.period).toBe(1);
  });

  it('knows English column names of a Unit4 installation ("Cost centre")', () => {
    expect(resolve(['Cost centre', 'Account', 'Period', 'Amount'], ['31101', '4010', '202603', '1,234.50']).columns).toMatchObject({ responsibility: 0, account: 1, period: 2, amount: 3 });
  });

  it('keeps a "Period" column with bad values as the period, so each bad value is reported', () => {
    expect(resolve(['Ansvar', 'Konto', 'Period', 'Belopp'], ['31101', '4010', '2026-13', '1,00'], ['31101', '4010', 'mars', '1,00']).columns.period).toBe(2);
  });

  it('reads two header rows together, and a group title over several columns', () => {
    const m = resolve(['Ansvar', '', 'Konto', '', 'Period', 'Belopp'], ['Kod', 'Benämning', 'Kod', 'Benämning', '', 'SEK'], ['31101', 'Solgården', '4010', 'Livsmedel', '202603', '1.00']);
    expect(m).toMatchObject({ headerFrom: 1, headerLine: 2, columns: { responsibility: 0, account: 2, period: 4, amount: 5 }, nameColumns: { responsibility: 1, account: 3 } });
    expect(m.headers).toEqual(['Ansvar Kod', 'Ansvar Benämning', 'Konto Kod', 'Konto Benämning', 'Period', 'Belopp SEK']);
    const grouped = resolve(['Kodsträng', '', '', 'Utfall'], ['Ansvar', 'Konto', 'Vht', 'kr'], ['31101', '4010', '510', '1,00']);
    expect(grouped.columns).toMatchObject({ responsibility: 0, account: 1, activityCode: 2, amount: 3 });
  });

  it('finds months as columns, a sign column, negative credit, and a huvudbok Saldo that is not the amount', () => {
    const wide = resolve(['Ansvar', 'Konto', 202601, 'februari 2026', '2026-03', 'Totalt'], ['31101', '4010', '1', '2', '3', '6']);
    expect(wide.periodColumns).toEqual([
      [2, 202601],
      [3, 202602],
      [4, 202603],
    ]);
    expect(wide.notes[5]).toMatchObject({ read: null });
    expect(resolve(['Period', 'Ansvar', 'Konto', 'Belopp', '+/-'], ['202603', '31101', '4010', '1,00', '-']).columns.sign).toBe(4);
    expect(resolve(['Period', 'Ansvar', 'Konto', 'Belopp', 'Tecken'], ['202603', '31101', '4010', '1,00', 'ja']).columns.sign).toBeUndefined();
    const dk = resolve(['Period', 'Ansvar', 'Konto', 'Debet', 'Kredit', 'Saldo'], ['202603', '31101', '4010', '5,00', '', '5,00'], ['202603', '31101', '3110', '', '-2,00', '3,00']);
    expect(dk).toMatchObject({ creditSigned: true, columns: { debit: 3, credit: 4 } });
    expect(dk.columns.amount).toBeUndefined();
  });

  it('says which column it could not place and why', () => {
    expect(() => resolve(['Ansvar', 'Konto', 'Period', 'Utfall tkr'], ['31101', '4010', '202603', '12'])).toThrow(/D "Utfall tkr": beloppen är i tusental/);
    expect(() => resolve(['Ansvar', 'Konto', 'Jan', 'Feb'], ['31101', '4010', '1', '2'])).toThrow(/kolumnerna Jan, Feb är månader, men inget år/);
    // Excel's "Formaterad text" (.prn): the header words in one cell; a title line of words is not taken for it.
    expect(() => resolve(['Ansvar Konto Period        Belopp'], ['31101  4010  202603      1 234', '50'])).toThrow(/kolumner i fast bredd .*\.prn/);
    expect(() => resolve(['Konto och belopp per ansvar'], ['31101  4010  202603      1 234', '50'])).not.toThrow(/fast bredd/);
    const m = resolve(['Enhet', 'Konto', 'Period', 'Belopp'], ['31101', '4010', '202603', '1,00']);
    expect(m.missing).toEqual([{ field: 'responsibility', message: expect.stringMatching(/Ansvar – ingen kolumn .*; kolumner som inte lästes: A "Enhet" \(t\.ex\. 31101\)/) }]);
  });
});
