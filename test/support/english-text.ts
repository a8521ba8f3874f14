/**
 * Every page's visible text, and what a screen reader reads out (aria-label,
 * title, placeholder, alt), in Swedish: no English text of AG Grid's and no
 * English UI words. expectNoSeriousA11yViolations calls it, so every page,
 * tab and working state the e2e tests check for accessibility is read here
 * too; the texts go to test/artifacts/texts/<name>.txt for review.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { agGridEnglishTexts, isWords } from './ag-grid-text';
import { ARTIFACTS } from './paths';

let gridTexts: string[] | null = null;

/** AG Grid's English texts, in the pieces that a page could show whole (a template's static parts). */
function agGridPhrases(): string[] {
  gridTexts ??= [
    ...new Set(
      [...agGridEnglishTexts().values()]
        .filter(isWords)
        .flatMap((t) => t.split('…'))
        .map((t) => t.trim())
        // A phrase of its own, not a single short word that Swedish text could contain ("of", "to", "page").
        .filter((t) => t.length >= 6 && /[A-Za-z]{3,}/.test(t) && (/\s/.test(t) || /^[A-Z]/.test(t))),
    ),
  ];
  return gridTexts;
}

/** English words of user interfaces that are not also Swedish words. */
const ENGLISH_UI_WORDS =
  /\b(Loading|Press|Rows?|Columns?|Cancel|Apply|Clear|Reset|Search|Select(?:ed)?|Close|Submit|Delete|Remove|Save|Open|Error|Warning|Invalid|Choose|Browse|Drag|Drop|Page|Next|Previous|Yes|Equals|Contains|Between|Blank|None|Undo|Redo|Edit|Copy|Paste|Settings|Help|Print|Please|Click|Enter a|Failed|Success)\b/;

/** Keys are named as the keyboard says ("Page Up", "Delete"): not English prose. */
const KEY_NAMES = /\b(Page Up|Page Down|PgUp|PgDn|Home|End|Tab|Enter|Esc|Delete|Backspace|Ctrl|Alt|Shift|F\d{1,2})\b/g;

export async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0 || el.closest('[aria-live], .ag-aria-description-container, .ag-overlay') !== null;
    out.push(...document.body.innerText.split('\n'));
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-roledescription], [aria-valuetext]'))) {
      if (!visible(el) && !el.closest('.ag-root-wrapper')) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription', 'aria-valuetext']) {
        const v = el.getAttribute(a);
        if (v) out.push(`[${a}] ${v}`);
      }
    }
    // What AG Grid reads out: its live region and the descriptions it points cells and headers at.
    for (const el of Array.from(document.querySelectorAll('.ag-aria-description-container, [aria-live]'))) out.push(`[live] ${el.textContent ?? ''}`);
    for (const el of Array.from(document.querySelectorAll('[aria-describedby]'))) {
      for (const id of (el.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
        const d = id && document.getElementById(id);
        if (d) out.push(`[described] ${d.textContent ?? ''}`);
      }
    }
    return [...new Set(out.map((t) => t.trim()).filter((t) => t !== ''))];
  });
}

/** Fails on any English UI text on the page as it is now; writes the texts to test/artifacts/texts/<name>.txt. */
export async function expectNoEnglishUiText(page: Page, name: string): Promise<void> {
  const texts = await pageTexts(page);
  const file = path.join(ARTIFACTS, 'texts', `${name}.txt`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${texts.join('\n')}\n`);
  const phrases = agGridPhrases();
  const english = texts.filter((t) => phrases.some((p) => t.includes(p)) || ENGLISH_UI_WORDS.test(t.replace(KEY_NAMES, '')));
  expect(english, `${name}: English text on the page (all texts in ${path.relative(process.cwd(), file)})`).toEqual([]);
}
