/**
 * AG Grid's English texts, read from the grid's own sources: every locale
 * key with the English text the grid shows (or reads out to a screen reader)
 * when no Swedish is given. Used by the test that the Swedish table covers
 * the shipped grid (test/unit/grid-locale.test.ts) and by the e2e check that
 * no page shows one of them (test/support/english-text.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function sources(): string[] {
  // The ESM build beside the package's main file; ag-stack is the grid's own dependency (inputs, pickers, overlays).
  const gridMain = require.resolve('ag-grid-community');
  const stackMain = require.resolve('ag-stack', { paths: [path.dirname(gridMain)] });
  return [gridMain, stackMain].map((f) => fs.readFileSync(path.join(path.dirname(f), 'main.esm.mjs'), 'utf8'));
}

/** A JavaScript string literal ("…" or `…`) as the text it stands for; `${…}` parts become "…". */
function literalText(lit: string): string {
  const body = lit.slice(1, -1);
  return body.replace(/\$\{[^}]*\}/g, '…').replace(/\\(.)/g, '$1');
}

const STR = String.raw`("(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60)`;

/** key → English default text, for every text the grid's sources pair with a locale key. */
export function agGridEnglishTexts(): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, lit: string) => {
    if (!out.has(key)) out.set(key, literalText(lit));
  };
  for (const src of sources()) {
    // The tables: FILTER_LOCALE_TEXT, MONTH_LOCALE_TEXT, … (a value may be a function of the values).
    for (const m of src.matchAll(/var (\w+_LOCALE_TEXT) = \{([\s\S]*?)\n\};/g)) {
      for (const e of m[2]!.matchAll(new RegExp(String.raw`^\s*(\w+): (?:\([\w, ]*\) => )?` + STR, 'gm'))) add(e[1]!, e[2]!);
    }
    // translate("key", "default"), localeTextFunc(…), getLocaleTextFunc()(…), t(…), globalTranslate(…).
    for (const m of src.matchAll(new RegExp(String.raw`(?:^|[^\w$])((?:[\w$]+\.)*[\w$]*\)?)\(\s*"([a-z][a-zA-Z0-9]*)",\s*` + STR, 'gm'))) {
      const callee = m[1]!.split('.').pop()!;
      if (/^(translate|localeTextFunc|globalTranslate|t|getLocaleTextFunc\(\)|\))?$/.test(callee)) add(m[2]!, m[3]!);
    }
    // const [key, text] = cond ? ["ariaX", "…"] : ["ariaY", "…"]
    for (const m of src.matchAll(new RegExp(String.raw`\[\s*"(aria[A-Za-z0-9]+)",\s*` + STR + String.raw`\s*\]`, 'g'))) add(m[1]!, m[2]!);
    // translate(selected ? "ariaRowDeselect" : "ariaRowSelect", `…`)
    for (const m of src.matchAll(new RegExp(String.raw`\?\s*"([a-z][a-zA-Z0-9]*)"\s*:\s*"([a-z][a-zA-Z0-9]*)",\s*` + STR, 'g'))) {
      add(m[1]!, m[3]!);
      add(m[2]!, m[3]!);
    }
    // { pickerAriaLabelKey: "ariaLabelSelectField", pickerAriaLabelValue: "Select Field" }, { displayKey: "true", displayName: "True" }
    for (const m of src.matchAll(new RegExp(String.raw`(\w*)(?:AriaLabelKey|displayKey): "([a-zA-Z0-9]+)",\s*\1(?:AriaLabelValue|displayName): ` + STR, 'g'))) add(m[2]!, m[3]!);
  }
  return out;
}

/** The texts a person could notice as English: words, not the separators and signs ("=", ". ", "?"). */
export function isWords(text: string): boolean {
  return /[A-Za-z]{2,}/.test(text);
}
