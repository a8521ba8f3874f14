import { describe, expect, it } from 'vitest';
import { edgeTarget, isEdgeKey } from '../../renderer/grid/edges';

describe('Excel’s keys to the edge of a grid', () => {
  const at = { row: 4, col: 3 };
  it('goes to the first and last cell with Ctrl+Home and Ctrl+End, and along the row or column with Ctrl+arrows', () => {
    expect(edgeTarget('Home', at, 10, 8)).toEqual({ row: 0, col: 0 });
    expect(edgeTarget('End', at, 10, 8)).toEqual({ row: 9, col: 7 });
    expect(edgeTarget('ArrowUp', at, 10, 8)).toEqual({ row: 0, col: 3 });
    expect(edgeTarget('ArrowDown', at, 10, 8)).toEqual({ row: 9, col: 3 });
    expect(edgeTarget('ArrowLeft', at, 10, 8)).toEqual({ row: 4, col: 0 });
    expect(edgeTarget('ArrowRight', at, 10, 8)).toEqual({ row: 4, col: 7 });
  });

  it('leaves other keys and empty grids alone, and takes Ctrl or ⌘ without Alt only', () => {
    expect(edgeTarget('PageDown', at, 10, 8)).toBeNull();
    expect(edgeTarget('End', at, 0, 8)).toBeNull();
    expect(isEdgeKey({ key: 'End', ctrlKey: true, metaKey: false, altKey: false })).toBe(true);
    expect(isEdgeKey({ key: 'ArrowDown', ctrlKey: false, metaKey: true, altKey: false })).toBe(true);
    expect(isEdgeKey({ key: 'End', ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
    expect(isEdgeKey({ key: 'End', ctrlKey: true, metaKey: false, altKey: true })).toBe(false);
  });
});
