import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SWEDISH_GRID_TEXT } from '../../renderer/grid/locale-sv';
import { agGridEnglishTexts, isWords } from '../support/ag-grid-text';
import { ROOT } from '../support/paths';

/**
 * Issue 15, part 5: the built renderer (what ships) can show no English text
 * of AG Grid's and uses no native dialog. Reads dist/renderer: run
 * "npm run build" first (npm test does).
 */

const RENDERER = path.join(ROOT, 'renderer');
const ASSETS = path.join(ROOT, 'dist', 'renderer', 'assets');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => path.join(dir, f));
}

let bundle = '';
beforeAll(() => {
  if (!fs.existsSync(ASSETS)) throw new Error('dist/renderer is missing: run "npm run build" first');
  bundle = fs
    .readdirSync(ASSETS)
    .filter((f) => f.endsWith('.js'))
    .map((f) => fs.readFileSync(path.join(ASSETS, f), 'utf8'))
    .join('\n');
});

describe('AG Grid speaks Swedish', () => {
  const english = agGridEnglishTexts();

  it('the English texts are read from the grid’s sources (the reading still works after an upgrade)', () => {
    expect(english.size).toBeGreaterThan(150);
    expect(english.get('noRowsToShow')).toBe('No Rows To Show');
    expect(english.get('noMatchingRows')).toBe('No Matching Rows');
    expect(english.get('ariaRowDeselect')).toMatch(/^Press SPACE to/);
    expect(english.get('equals')).toBe('Equals');
    expect(english.get('ariaLabelSelectField')).toBe('Select Field');
  });

  it('every English text the built renderer carries has a Swedish text of its own', () => {
    const shipped = [...english].filter(([, text]) => isWords(text) && text.split('…').some((part) => part.trim().length >= 4 && bundle.includes(part)));
    // The bundle is the whole community grid: nearly every text is in it.
    expect(shipped.length).toBeGreaterThan(120);
    const untranslated = shipped.filter(([key, text]) => !SWEDISH_GRID_TEXT[key] || SWEDISH_GRID_TEXT[key] === text).map(([key, text]) => `${key}: ${text}`);
    expect(untranslated).toEqual([]);
    // And the Swedish is in the bundle too (the table is the one the grids use).
    expect(bundle).toContain(SWEDISH_GRID_TEXT.ariaRowDeselect!);
  });

  it('every grid in the renderer is given the Swedish texts', () => {
    const without: string[] = [];
    for (const file of sourceFiles(RENDERER)) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/<AgGridReact\b/g)) {
        const element = src.slice(m.index, src.indexOf('/>', m.index));
        if (!/\blocaleText=\{/.test(element)) without.push(`${path.relative(ROOT, file)}:${src.slice(0, m.index).split('\n').length}`);
      }
    }
    expect(without).toEqual([]);
  });
});

describe('no native dialogs', () => {
  it('the renderer’s sources never call window.alert/confirm/prompt', () => {
    const calls = sourceFiles(RENDERER).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/\b(?:window|globalThis|self)\s*\.\s*(alert|confirm|prompt)\b|(?<![\w$.])(alert|prompt)\s*\(/g)].map((m) => `${path.relative(ROOT, file)}: ${m[0]}`),
    );
    expect(calls).toEqual([]);
  });

  it('the built renderer has no call of alert(), confirm() or prompt() (local names are minified away; these are the browser’s)', () => {
    const calls = [...bundle.matchAll(/(?<![\w$])(?:[\w$]+\.)?(alert|confirm|prompt)\s*\(/g)].map((m) => bundle.slice(Math.max(0, m.index - 40), m.index + 30));
    expect(calls).toEqual([]);
  });
});
