import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BudgetGrid, LineTuple, ProfileInfo } from '../../electron/api/features/budget';
import { copyBlock, planEdit, planPaste } from '../../renderer/pages/budget/lines/edits';
import { LinesModel, Reference, type Line } from '../../renderer/pages/budget/lines/model';
import { formatTsv, parseTsv } from '../../renderer/pages/budget/lines/tsv';
import { putChanges, stepFrom, UndoStack } from '../../renderer/pages/budget/lines/undo';

const PROFILES: ProfileInfo[] = [
  { id: 'p-even', code: 'jamn', name: 'Jämn fördelning', kind: 'even', builtIn: true, weightsPpm: null, lines: 0 },
  { id: 'p-days', code: 'kalenderdagar', name: 'Kalenderdagar', kind: 'calendar_days', builtIn: true, weightsPpm: null, lines: 0 },
];

/** A small organisation: förvaltning 1 > sektor 10, 20 > enhet 101, 102 (under 10) and 201 (under 20); 20 sorts before 10. */
function reference(): Reference {
  const grid: Pick<BudgetGrid, 'reference' | 'profiles'> = {
    profiles: PROFILES,
    reference: {
      org: [
        { code: '1', name: 'Förvaltningen', level: 'administration', parent: null, sortOrder: 0 },
        { code: '10', name: 'Sektor tio', level: 'sector', parent: '1', sortOrder: 2 },
        { code: '20', name: 'Sektor tjugo', level: 'sector', parent: '1', sortOrder: 1 },
        { code: '101', name: 'Enhet A', level: 'unit', parent: '10', sortOrder: 0 },
        { code: '102', name: 'Enhet B', level: 'unit', parent: '10', sortOrder: 1 },
        { code: '201', name: 'Enhet C', level: 'unit', parent: '20', sortOrder: 0 },
      ],
      accounts: [
        { code: '3011', name: 'Avgifter', group: 'revenue' },
        { code: '5010', name: 'Lön', group: 'personnel' },
        { code: '4010', name: 'Livsmedel', group: 'other_cost' },
      ],
      dimensions: [{ code: 'aktivitet', name: 'Aktivitet', values: [{ code: 'A1', name: 'Ett' }] }],
    },
  };
  return new Reference(grid);
}

const months = (f: (i: number) => number) => Array.from({ length: 12 }, (_, i) => f(i));
const tuple = (id: string, resp: string, acc: string, m: number[], manual = 0, dims = ''): LineTuple => [id, resp, acc, dims, 'p-even', manual, m.reduce((a, b) => a + b, 0), ...m];

function model(): LinesModel {
  return new LinesModel(reference(), [
    tuple('a', '101', '5010', months((i) => 100 + i)),
    tuple('b', '101', '3011', months(() => -50)),
    tuple('c', '102', '4010', months((i) => i * 7)),
    tuple('d', '201', '5010', months(() => 1000)),
    tuple('e', '999', '4010', months(() => 1)),
  ]);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the grid model', () => {
  it('orders lines like the organisation (sort order before code), unknown ansvar last', () => {
    expect(model().rows.map((r) => r.id)).toEqual(['d', 'b', 'a', 'c', 'e']);
  });

  it('filters by node, account group and text, and puts a subtotal after each group', () => {
    const m = model();
    m.filter = { node: '10', group: null, text: '' };
    m.grouping = 'unit';
    m.rebuild();
    expect(m.rows.map((r) => r.id)).toEqual(['b', 'a', 'sum:101', 'c', 'sum:102']);
    const sub101 = m.rows[2]!;
    expect(sub101.year).toBe(sum(months((i) => 100 + i)) + sum(months(() => -50)));
    expect(m.total.year).toBe(sub101.year + sum(months((i) => i * 7)));
    m.filter = { node: null, group: 'personnel', text: '' };
    m.grouping = 'group';
    m.rebuild();
    expect(m.rows.map((r) => r.id)).toEqual(['d', 'a', 'sum:personnel']);
    m.filter = { node: null, group: null, text: 'enhet b livs' };
    m.grouping = 'none';
    m.rebuild();
    expect(m.rows.map((r) => r.id)).toEqual(['c']);
  });

  it('keeps subtotals and totals right when lines change, whatever the order of changes (checked against a full recount)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), m: fc.integer({ min: 0, max: 11 }), v: fc.integer({ min: -1e9, max: 1e9 }) }), { maxLength: 30 }),
        fc.constantFrom('none', 'sector', 'unit', 'group'),
        (edits, grouping) => {
          const m = model();
          m.grouping = grouping as 'none';
          m.filter = { node: null, group: null, text: '' };
          m.rebuild();
          for (const e of edits) {
            const l = m.lines.get(e.id)!;
            const next = [...l.m];
            next[e.m] = e.v;
            const changed = m.apply([[l.id, l.resp, l.acc, l.dims, l.profileId, 1, sum(next), ...next]], []);
            expect(changed).not.toBeNull();
          }
          const fresh = new LinesModel(m.ref, [...m.lines.values()].map((l) => [l.id, l.resp, l.acc, l.dims, l.profileId, l.manual ? 1 : 0, l.year, ...l.m] as LineTuple));
          fresh.grouping = m.grouping;
          fresh.rebuild();
          expect(m.total.year).toBe(fresh.total.year);
          expect(m.total.m).toEqual(fresh.total.m);
          expect(m.rows.map((r) => [r.id, r.year, r.m])).toEqual(fresh.rows.map((r) => [r.id, r.year, r.m]));
          expect(m.versionTotal.year).toBe(sum([...m.lines.values()].map((l) => l.year)));
        },
      ),
    );
  });
});

describe('typing and pasting', () => {
  it('turns a typed month into a month change and refuses text that is no amount', () => {
    const m = model();
    const a = m.lines.get('a')!;
    expect(planEdit(m, a, 'm3', '1 234,5').changes).toEqual([{ op: 'month', id: 'a', month: 3, ore: 123450 }]);
    expect(planEdit(m, a, 'year', '\u2212500').changes).toEqual([{ op: 'year', id: 'a', yearOre: -50000 }]);
    expect(planEdit(m, a, 'profile', 'Kalenderdagar').changes).toEqual([{ op: 'profile', id: 'a', profileId: 'p-days' }]);
    const bad = planEdit(m, a, 'm3', '12,345');
    expect(bad.changes).toEqual([]);
    expect(bad.errors[0]).toMatch(/"12,345" är inget belopp/);
    expect(planEdit(m, a, 'acc', '4999').unknown).toEqual([{ column: 'Konto', code: '4999' }]);
  });

  it('names a kodsträng the version already has, on a typed code and in a pasted block, before anything is sent', () => {
    const m = model();
    const a = m.lines.get('a')!;
    // a is 101/5010, b is 101/3011: giving a the account 3011 would make two lines on b's kodsträng.
    const typed = planEdit(m, a, 'acc', '3011');
    expect(typed.changes).toEqual([]);
    expect(typed.errors[0]).toMatch(/Kodsträngen 101\/3011 finns redan i versionen: raden 101\/3011 med årsbeloppet/);
    // The line's own kodsträng typed again is no duplicate.
    expect(planEdit(m, a, 'acc', '5010').errors).toEqual([]);
    // Two pasted rows that swap their accounts pass; two rows ending on the same kodsträng do not.
    m.filter = { node: '101', group: null, text: '' };
    m.rebuild();
    const [first, second] = m.rows.map((r) => m.lines.get(r.id)!);
    expect([first!.resp, second!.resp]).toEqual(['101', '101']);
    expect(planPaste(m, [['101', second!.acc], ['101', first!.acc]], 0, ['resp', 'acc']).errors).toEqual([]);
    const twice = planPaste(m, [['101', '4010'], ['101', '4010']], 0, ['resp', 'acc']);
    expect(twice.changes).toEqual([]);
    expect(twice.errors.join('\n')).toMatch(/Rad 2: kodsträngen 101\/4010 kommer två gånger/);
  });

  it('pastes a 2 × 12 block onto the lines from the focused row, skipping subtotal rows, as whole-month changes', () => {
    const m = model();
    m.grouping = 'unit';
    m.rebuild();
    // Rows: d, sum:201, b, a, sum:101, c, sum:102, e, sum:999 — start at d, the block goes to d and b.
    const block = [months((i) => i + 1).map(String), months((i) => -i).map((v) => `${v},50`)];
    const plan = planPaste(m, block, 0, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12', 'manual']);
    expect(plan.errors).toEqual([]);
    expect(plan.changes).toEqual([
      { op: 'months', id: 'd', months: months((i) => (i + 1) * 100) },
      { op: 'months', id: 'b', months: months((i) => (i === 0 ? 50 : -(i * 100 + 50))) },
    ]);
  });

  it('refuses a block as a whole when one cell is wrong, when it is too big, or when the year disagrees with the months', () => {
    const m = model();
    const cols = ['year', 'm1', 'm2'];
    // Line d keeps 10 kr in each of the other ten months: 1 + 2 + 100 = 103 kr.
    const bad = planPaste(m, [['103', '1', '2'], ['9', 'x', '1']], 0, cols);
    expect(bad.changes).toEqual([]);
    expect(bad.errors).toEqual(['Rad 2, kolumn januari: "x" är inget belopp. Skriv kronor som 1 234,50, 1234 eller -500.', expect.stringMatching(/^Rad 2: årsbeloppet 9 är inte summan/)]);
    expect(planPaste(m, [['1'], ['1'], ['1'], ['1'], ['1'], ['1']], 0, cols).errors[0]).toMatch(/6 rader men det finns bara 5/);
    expect(planPaste(m, [['1', '2', '3', '4']], 0, cols).errors[0]).toMatch(/4 kolumner men det finns bara 3/);
  });

  it('fills a selected range with one pasted value, and copies codes and amounts as a spreadsheet reads them', () => {
    const m = model();
    const fill = planPaste(m, [['7']], 1, ['m1', 'm2'], 2);
    expect(fill.changes.map((c) => c.op === 'months' && [c.id, c.months[0], c.months[1]])).toEqual([
      ['b', 700, 700],
      ['a', 700, 700],
    ]);
    expect(copyBlock(m, 0, 1, ['resp', 'acc', 'year', 'm1', 'profile', 'manual'])).toEqual([
      ['201', '5010', '120', '10', 'Jämn fördelning', ''],
      ['101', '3011', '-6', '-0,50', 'Jämn fördelning', ''],
    ]);
  });

  it('reads back the tab-separated text it writes, Excel quoting included', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', '1', ',', ' ', '"', '\t', '\n', '\r', 'å') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
        // A single empty cell is written as an empty line, which reads back as no rows: Excel does the same.
        fc.pre(!(rows.length === 1 && rows[0]!.length === 1 && rows[0]![0] === ''));
        expect(parseTsv(formatTsv(rows))).toEqual(rows);
      }),
    );
    expect(parseTsv('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseTsv('"a\tb"\t"say ""hi"""\n')).toEqual([['a\tb', 'say "hi"']]);
  });
});

describe('undo', () => {
  it('records before and after of every line a step touched and puts them back', () => {
    const m = model();
    const a = m.lines.get('a')!;
    const snapshot = new Map<string, Line>([['a', a]]);
    const after: LineTuple = ['a', '101', '5010', '', 'p-even', 1, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const created: LineTuple = ['n', '102', '4010', '', 'p-even', 0, 0, ...months(() => 0)];
    const step = stepFrom('Klistra in', snapshot, { rows: [after, created], deleted: [], created: ['n'], totals: null })!;
    expect(putChanges(step.before, step.after)).toEqual([
      { op: 'put', id: 'a', state: { account: '5010', responsibility: '101', dims: '', profileId: 'p-even', manual: false, yearOre: a.year, months: a.m, deleted: false } },
      { op: 'put', id: 'n', state: { account: '4010', responsibility: '102', dims: '', profileId: 'p-even', manual: false, yearOre: 0, months: months(() => 0), deleted: true } },
    ]);
    expect(putChanges(step.after, step.before)[0]).toEqual({ op: 'put', id: 'a', state: expect.objectContaining({ manual: true, yearOre: 5 }) });
    const stack = new UndoStack(2);
    stack.push({ ...step, label: '1' });
    stack.push({ ...step, label: '2' });
    stack.push({ ...step, label: '3' });
    expect(stack.peekUndo()?.label).toBe('3');
    stack.markUndone();
    stack.markUndone();
    stack.markUndone();
    expect(stack.peekRedo()?.label).toBe('2');
    stack.markRedone();
    stack.push({ ...step, label: '4' });
    expect(stack.peekRedo()).toBeUndefined();
  });
});
