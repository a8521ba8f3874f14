import type { Page } from 'playwright-core';

/** One text that does not fit where it is shown: what it says and by how many pixels it is cut. */
export interface Clipped {
  what: string;
  text: string;
  over: number;
}

/**
 * The texts inside `root` that are cut off: grid headers and cells, table
 * headers and cells, buttons and labels whose content is wider than their
 * box (scrollWidth > clientWidth), unless the element carries a title with
 * the whole text (a tooltip is a way to read it). Elements meant to scroll
 * (overflow auto/scroll) are not texts and are left out; they are checked
 * by `overflowing`.
 */
export async function clippedTexts(page: Page, root: string): Promise<Clipped[]> {
  return page.evaluate((rootSelector) => {
    const out: { what: string; text: string; over: number }[] = [];
    const scope = document.querySelector(rootSelector);
    if (!scope) throw new Error(`no ${rootSelector} on the page`);
    const selector = ['.ag-header-cell-text', '.ag-cell', '.ag-cell-value', 'th', 'td', 'button', 'label', '[role="tab"]', 'h1', 'h2', 'h3', 'legend'].join(',');
    for (const el of Array.from(scope.querySelectorAll<HTMLElement>(selector))) {
      if (el.offsetParent === null) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      const over = el.scrollWidth - el.clientWidth;
      // A header wrapped in the middle of a word ("Budgetera|t") is cut too, only onto the next line.
      if (over <= 1 && el.matches('.ag-header-cell-text, th')) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          // Words between spaces and hyphens: "PO-kategori" may break after "PO-".
          for (const m of (n.textContent ?? '').matchAll(/[^\s\-\u2010]+/g)) {
            const range = document.createRange();
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (lines.size > 1) out.push({ what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (a word broken over two lines)`, text: m[0], over: 0 });
          }
        }
      }
      if (over <= 1) continue;
      const text = (el.innerText || el.textContent || '').trim();
      if (text === '') continue;
      // A tooltip that holds the whole text is a way to read it.
      const titled = (el.closest('[title]') ?? el.querySelector('[title]'))?.getAttribute('title') ?? '';
      if (titled.trim() !== '' && titled.replace(/\s+/g, ' ').includes(text.replace(/\s+/g, ' ').replace(/…$/, ''))) continue;
      const col = el.closest('[col-id]')?.getAttribute('col-id');
      out.push({ what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${col ? `[col-id=${col}]` : ''}`, text: text.slice(0, 80), over });
    }
    return out;
  }, root);
}

/**
 * What spills: the page scrolling sideways, and every element inside `root`
 * that reaches beyond the visible right edge of the box that clips it (the
 * window, a side panel that scrolls, a box with hidden overflow). Only a
 * grid's own scrolling body may hold what lies beyond its edge.
 */
export async function overflowing(page: Page, root: string): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const out: string[] = [];
    const doc = document.scrollingElement!;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`the page scrolls sideways: ${doc.scrollWidth} px in a ${doc.clientWidth} px window`);
    const scope = document.querySelector<HTMLElement>(rootSelector);
    if (!scope) throw new Error(`no ${rootSelector} on the page`);
    for (const el of [scope, ...Array.from(scope.querySelectorAll<HTMLElement>('*'))]) {
      // A grid's insides (its scrolling body, its hidden measuring boxes) are the grid's business; its cells are checked by clippedTexts.
      if (el.offsetParent === null || el.closest('.ag-root-wrapper, [class^="ag-"], [class*=" ag-"]') || getComputedStyle(el).visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1) continue;
      let clip: HTMLElement | null = el.parentElement;
      while (clip && clip !== document.body && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
      const edge = clip && clip !== document.body ? clip.getBoundingClientRect().left + clip.clientLeft + clip.clientWidth : document.documentElement.clientWidth;
      if (r.right > edge + 1) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
        out.push(`${name} reaches ${Math.round(r.right)} px, its box ends at ${Math.round(edge)} px: ${(el.innerText || '').trim().slice(0, 40)}`);
      }
    }
    return out;
  }, root);
}

/** The columns of a grid (by col-id) that are not wholly in view without scrolling it sideways. */
export async function columnsOutOfView(page: Page, grid: string, colIds: string[]): Promise<string[]> {
  return page.evaluate(
    ({ grid, colIds }) => {
      const root = document.querySelector(grid);
      if (!root) throw new Error(`no ${grid} on the page`);
      const body = root.querySelector('.ag-root-wrapper')!.getBoundingClientRect();
      return colIds.filter((id) => {
        const header = root.querySelector(`.ag-header-cell[col-id="${id}"]`);
        if (!header) return true;
        const r = header.getBoundingClientRect();
        return r.left < body.left - 1 || r.right > body.right + 1;
      });
    },
    { grid, colIds },
  );
}
