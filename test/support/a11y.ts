/**
 * Accessibility checks for the e2e tests (the accessibility law for digital
 * public services: WCAG 2.1 AA). axe-core runs inside the real renderer
 * page. Its source is evaluated through the DevTools protocol, which the
 * page's CSP (script-src 'self') does not govern, so nothing in the app has
 * to be loosened for it.
 *
 * Every page calls expectNoSeriousA11yViolations(page, name) once it shows
 * its content (which also reads the page for English text:
 * english-text.ts), and expectKeyboardOperable(page) for keyboard use.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoEnglishUiText } from './english-text';
import { ARTIFACTS } from './tmp';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0/2.1/2.2 A and AA rules, and axe's best practices (landmarks, headings). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface AxeNode {
  target: string[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface A11yOptions {
  /** Rules to leave out, each with the reason (kept in the report). */
  skip?: Record<string, string>;
}

async function runAxe(page: Page, skip: string[]): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, skip }) => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
      const rules = Object.fromEntries(skip.map((id) => [id, { enabled: false }]));
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], rules });
      return result.violations as AxeViolation[];
    },
    { tags: TAGS, skip },
  );
}

function describe(v: AxeViolation): string {
  const where = v.nodes
    .slice(0, 5)
    .map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`)
    .join('\n');
  return `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${where}`;
}

/**
 * Runs axe on what the page shows now and fails on any serious or critical
 * violation. Every violation, minor ones too, goes to
 * test/artifacts/a11y/<name>.json for review.
 */
export async function expectNoSeriousA11yViolations(page: Page, name: string, opts: A11yOptions = {}): Promise<void> {
  const violations = await runAxe(page, Object.keys(opts.skip ?? {}));
  const file = path.join(ARTIFACTS, 'a11y', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ page: name, url: page.url(), skipped: opts.skip ?? {}, violations }, null, 2));
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map(describe).join('\n'), `axe on ${name}`).toBe('');
  // The same page, read for English: AG Grid's own texts and English UI words (issue 15).
  await expectNoEnglishUiText(page, name);
}

interface FocusStop {
  key: string;
  what: string;
  visibleFocus: boolean;
  /** Contrast of the focus outline against what it is drawn on (null: the grid's own ring). */
  ringContrast: number | null;
}

/**
 * Tabs through the whole page from the top and checks that every control
 * that can be used (links, buttons, fields, grids) is reached by the keyboard
 * alone and shows where the focus is, and that Tab comes back round to the
 * top (nothing keeps the focus: WCAG 2.1.2, no keyboard trap). A grid counts
 * as reached when any of its cells or headers gets focus (inside it the arrow
 * keys move); a radio group is one tab stop.
 */
export async function expectKeyboardOperable(page: Page, name: string, maxTabs = 400): Promise<void> {
  const controls = await page.evaluate(() => {
    const out: { key: string; what: string }[] = [];
    const selector = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
    let n = 0;
    const groups = new Map<string, string>();
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`${selector}, .ag-root-wrapper`))) {
      const grid = el.closest<HTMLElement>('.ag-root-wrapper');
      if (grid && grid !== el) continue;
      if ((el as HTMLButtonElement).disabled || el.closest('[hidden], [aria-hidden="true"], .skip-link') || el.getClientRects().length === 0) continue;
      // The content of a closed <details> is not rendered, whatever its boxes say; its summary is the tab stop.
      if (el.closest('details:not([open])') && !el.closest('summary')) continue;
      let key = `k${n++}`;
      // A radio group and a tab list are one tab stop each (the arrow keys move inside them).
      const tablist = el.closest('[role="tablist"]');
      const groupId =
        el instanceof HTMLInputElement && el.type === 'radio'
          ? `radio:${el.name}`
          : tablist
            ? `tablist:${Array.from(document.querySelectorAll('[role="tablist"]')).indexOf(tablist)}`
            : null;
      if (groupId) {
        key = groups.get(groupId) ?? key;
        groups.set(groupId, key);
      }
      el.dataset.kbdKey = key;
      const what = grid
        ? `grid ${el.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? ''}`
        : `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`;
      if (!out.some((o) => o.key === key)) out.push({ key, what });
    }
    // Start the walk at the top of the page: blur() alone leaves Chromium's
    // sequential-navigation starting point on the element that had focus.
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.remove();
    return out;
  });
  const stops: FocusStop[] = [];
  let cycled = false;
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const grid = el.closest<HTMLElement>('.ag-root-wrapper');
      const key = grid?.dataset.kbdKey ?? el.dataset.kbdKey ?? `(${el.tagName.toLowerCase()}.${el.className})`;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
      // AG Grid marks the focused cell or header with its own focus ring (the theme's border).
      const gridRing = Boolean(grid) && (el.classList.contains('ag-cell-focus') || el.matches('.ag-header-cell, .ag-cell, .ag-header-cell *'));
      // WCAG 1.4.11: the ring against the colour it is drawn on (inside the element for a negative offset).
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
        const f = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const backgroundOf = (start: Element | null) => {
        for (let n = start; n; n = n.parentElement) {
          const c = rgb(getComputedStyle(n).backgroundColor);
          if (c.length >= 3 && (c[3] ?? 1) > 0) return c;
        }
        return [255, 255, 255];
      };
      let ringContrast: number | null = null;
      if (outline && !grid) {
        const under = backgroundOf(parseFloat(s.outlineOffset) < 0 ? el : el.parentElement);
        const [a, b] = [luminance(rgb(s.outlineColor)), luminance(under)];
        ringContrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      }
      const what = grid
        ? `grid ${grid.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? ''} (${el.getAttribute('col-id') ?? el.closest('[col-id]')?.getAttribute('col-id') ?? el.className})`
        : `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`;
      return { key, what, visibleFocus: outline || shadow || gridRing, ringContrast };
    });
    if (!stop) continue;
    // Back at the first stop: the whole page has been walked.
    if (stops.length > 2 && stop.key === stops[0]!.key) {
      cycled = true;
      break;
    }
    if (stops.at(-1)?.key !== stop.key || stop.key.startsWith('(')) stops.push(stop);
  }
  const reached = new Set(stops.map((s) => s.key));
  const gridTraps = await gridsKeepingTab(page, [...new Set(stops.filter((s) => s.what.startsWith('grid ')).map((s) => s.key))]);
  const unseen = controls.filter((c) => !reached.has(c.key)).map((c) => c.what);
  const noRing = [...new Set(stops.filter((s) => !s.visibleFocus).map((s) => s.what))];
  const faintRing = [...new Set(stops.filter((s) => s.ringContrast !== null && s.ringContrast < 3).map((s) => `${s.what} (${s.ringContrast!.toFixed(1)}:1)`))];
  const file = path.join(ARTIFACTS, 'a11y', `${name}-keyboard.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Where the focus stayed when the walk ran out of presses: a grid or widget that keeps Tab to itself.
  const trap = cycled ? null : (stops.at(-1)?.what ?? '(nothing got focus)');
  fs.writeFileSync(file, JSON.stringify({ page: name, controls, stops, unseen, noRing, faintRing, cycled, trap, gridTraps }, null, 2));
  expect(unseen, `${name}: controls the Tab key never reaches`).toEqual([]);
  expect(trap, `${name}: Tab never came back to the top of the page (${maxTabs} presses); the focus stayed in`).toBeNull();
  expect(gridTraps, `${name}: grids that keep Tab inside when a cell has focus (and no cell is being edited)`).toEqual([]);
  expect(noRing, `${name}: focused controls without a visible focus indicator`).toEqual([]);
  expect(faintRing, `${name}: focus rings with less than 3:1 contrast against their background`).toEqual([]);
}

/**
 * The walk enters a grid at its header; a keyboard user also ends up on its
 * cells (the arrow keys, a click). From a cell that is not being edited,
 * Tab and Shift+Tab must leave the grid, or a long grid is a trap of
 * hundreds of cells. Returns the grids where they do not.
 */
async function gridsKeepingTab(page: Page, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const key of keys) {
    for (const press of ['Tab', 'Shift+Tab']) {
      const entered = await page.evaluate((key) => {
        const grid = document.querySelector<HTMLElement>(`.ag-root-wrapper[data-kbd-key="${key}"]`);
        const header = grid?.querySelector<HTMLElement>('.ag-header-cell[tabindex]');
        if (!grid || !header || !grid.querySelector('.ag-row')) return false;
        header.focus();
        return true;
      }, key);
      if (!entered) continue;
      await page.keyboard.press('ArrowDown');
      const where = await page.evaluate((key) => {
        const el = document.activeElement;
        const grid = el?.closest('.ag-root-wrapper');
        return { onCell: Boolean(el?.closest('.ag-cell')) && grid?.getAttribute('data-kbd-key') === key, name: grid?.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? key };
      }, key);
      if (!where.onCell) continue;
      await page.keyboard.press(press);
      // The grid hands Shift+Tab on through its tab guard, a focus move of its own that can land a moment after the key: give it a second.
      const stillInside = await page
        .waitForFunction((key) => document.activeElement?.closest('.ag-root-wrapper')?.getAttribute('data-kbd-key') !== key, key, { timeout: 1000 })
        .then(() => false, () => true);
      if (stillInside) out.push(`${where.name} (${press} from a cell) ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160))}`);
    }
  }
  return out;
}
