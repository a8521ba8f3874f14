import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

const TABBABLE = 'a[href], button, input, select, textarea, [tabindex]';

function reachable(el: HTMLElement, grid: HTMLElement): boolean {
  if (grid.contains(el) || el.tabIndex < 0 || el.matches(':disabled') || el.closest('[inert]')) return false;
  if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') return false;
  // In a radio group the Tab key stops on the checked button only (or the first one when none is checked).
  if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
    const group = Array.from(document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`));
    const stop = group.find((r) => r.checked) ?? group[0];
    return stop === el;
  }
  return true;
}

/** The controls the Tab key can reach after (or, backwards, before) the grid, nearest first and then round the page, within the open modal dialog if there is one. */
function neighbours(grid: HTMLElement, backwards: boolean): HTMLElement[] {
  const root: ParentNode = grid.closest('dialog[open]') ?? document;
  const all = Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => reachable(el, grid));
  const before = all.filter((el) => el.compareDocumentPosition(grid) & Node.DOCUMENT_POSITION_FOLLOWING);
  const after = all.filter((el) => grid.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  // Past the last control the focus goes round to the first (and back from the first to the last), never into the grid's next row.
  return backwards ? [...before.reverse(), ...after.reverse()] : [...after, ...before];
}

/**
 * Tab and Shift+Tab from a cell that is not being typed into leave the grid
 * (put on the grid's container as onKeyDownCapture). AG Grid itself hands
 * such a Tab to the browser, whose previous stop from a cell is the cell's
 * own row (rows carry tabindex 0), and it takes the focus back to a cell a
 * moment later or not, depending on timing: a keyboard user could be caught
 * in a long grid. Moving the focus here makes both directions certain.
 */
export function leaveGridOnTab(event: ReactKeyboardEvent<Element>): void {
  if (event.key !== 'Tab' || event.ctrlKey || event.altKey || event.metaKey) return;
  const from = event.target as HTMLElement;
  if (!from.closest('.ag-cell, .ag-row') || from.closest('.ag-cell-inline-editing, .ag-popup-editor')) return;
  // The first that really takes the focus; with none, the browser's own Tab goes on.
  for (const target of neighbours(event.currentTarget as HTMLElement, event.shiftKey)) {
    target.focus();
    if (document.activeElement === target) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
  }
}
