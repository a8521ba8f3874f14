import { describe, expect, it } from 'vitest';
import { hierarchyOrder, indexRows, keepSet, searchMatches, toTsv, visibleKeys } from '../../renderer/pages/followup/tree';

// 1 > (11 > (111, 112), 12 > 121), and an account-group row under 11.
const rows = [
  { key: '1', parentKey: null, code: '1', name: 'Förvaltningen', kind: 'node' },
  { key: '11', parentKey: '1', code: '11', name: 'Sektor A', kind: 'node' },
  { key: '11/g', parentKey: '11', code: '', name: 'Personalkostnader', kind: 'group' },
  { key: '111', parentKey: '11', code: '111', name: 'Hemtjänst Norr', kind: 'node' },
  { key: '112', parentKey: '11', code: '112', name: 'Hemtjänst Söder', kind: 'node' },
  { key: '12', parentKey: '1', code: '12', name: 'Sektor B', kind: 'node' },
  { key: '121', parentKey: '12', code: '121', name: 'Boendet', kind: 'node' },
];
const index = indexRows(rows);
const sorted = (s: Set<string>) => [...s].sort();

describe('the deviation grid’s tree', () => {
  it('shows a row only when every ancestor is expanded', () => {
    expect(sorted(visibleKeys(index, new Set(), []))).toEqual(['1']);
    expect(sorted(visibleKeys(index, new Set(['1']), []))).toEqual(['1', '11', '12']);
    expect(sorted(visibleKeys(index, new Set(['1', '11']), []))).toEqual(['1', '11', '11/g', '111', '112', '12']);
    // Expanded below a collapsed row: still hidden.
    expect(sorted(visibleKeys(index, new Set(['11']), []))).toEqual(['1']);
  });

  it('keeps what a filter matches with its ancestors, and opens the way to it', () => {
    const f = keepSet(index, ['112'], false);
    expect(sorted(f.keep)).toEqual(['1', '11', '112']);
    expect(sorted(f.open)).toEqual(['1', '11']);
    expect(sorted(visibleKeys(index, new Set(['1', '11', '12']), [f.keep]))).toEqual(['1', '11', '112']);
  });

  it('searches code and name, keeping what lies below a match', () => {
    expect(searchMatches(rows, 'hemtjänst')).toEqual(['111', '112']);
    expect(searchMatches(rows, '  ')).toEqual([]);
    const f = keepSet(index, searchMatches(rows, 'sektor a'), true);
    expect(sorted(f.keep)).toEqual(['1', '11', '11/g', '111', '112']);
  });

  it('sorts within siblings and keeps detail rows first under their node', () => {
    // The grid sorted the whole list, say by name descending.
    const bySortedName = [...rows].sort((a, b) => b.name.localeCompare(a.name, 'sv'));
    const ordered = hierarchyOrder(bySortedName, (r) => r.key, (r) => r.parentKey, (r) => r.kind === 'group');
    expect(ordered.map((r) => r.key)).toEqual(['1', '12', '121', '11', '11/g', '112', '111']);
  });

  it('copies cells as tab-separated lines, cleaning tabs and line breaks out of a cell', () => {
    expect(toTsv([['3100 Äldreomsorg', '-1234'], ['orsak\tmed\nbrytning', '5']])).toBe('3100 Äldreomsorg\t-1234\r\norsak med brytning\t5');
  });
});
