import fs from 'node:fs';
import path from 'node:path';
import type { HandlerContext } from '../../electron/api/context';
import { insertBudgetLines, type NewBudgetLine } from '../../electron/services/budget/lines';
import { loadBudgetGrid } from '../../electron/services/budget/grid';
import { applyLineChanges } from '../../electron/services/budget/line-edit';
import { generateDemo } from '../../electron/services/demo/generate';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { naturalId, newId } from '../../electron/services/ids';
import { openRamkollDatabase } from '../../electron/services/setup';
import { setSetting } from '../../electron/services/settings';
import { launchApp } from '../../test/support/bridge';
import { median } from './measure';
import type { Benchmark, Figure } from './types';

const LINES = Number(process.env.RAMKOLL_BENCH_LINES ?? 50_000);
const YEAR = 2027;

/** A database with the demo förvaltning and, for the next year, one draft of 50 000 lines (60 enheter × konton × aktiviteter). */
export async function bigBudget(file: string): Promise<{ ctx: HandlerContext; versionId: string }> {
  const now = new Date('2026-11-20T10:00:00Z');
  const { db, site } = await openRamkollDatabase(file, { create: true }, now);
  generateDemo(db, { year: 2026, siteId: site.id, user: 'bench', now });
  const units = (db.prepare("SELECT code FROM dimension_value WHERE level = 'unit' ORDER BY code").all() as { code: string }[]).map((r) => r.code);
  const accounts = (db.prepare('SELECT code FROM account ORDER BY code').all() as { code: string }[]).map((r) => r.code);
  const profiles = ['jamn', 'kalenderdagar', 'arbetsdagar', 'personal'].map((c) => naturalId('profile', c));
  const lines: NewBudgetLine[] = [];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < LINES; i++) {
    const account = accounts[Math.floor(i / units.length) % accounts.length]!;
    const activity = `A${String(Math.floor(i / (units.length * accounts.length))).padStart(3, '0')}`;
    const yearOre = Math.round(rnd() * 5_000_000) * 100 * (account.startsWith('3') ? -1 : 1);
    lines.push({ account, responsibility: units[i % units.length]!, dims: { aktivitet: activity }, yearOre, profileId: profiles[i % profiles.length]! });
  }
  const at = now.toISOString();
  const versionId = newId();
  db.tx(() => {
    ensureFiscalYear(db, YEAR, at);
    setSetting(db, 'year.active', YEAR);
    db.run(
      db.q.insertInto('budget_version').values({ id: versionId, year: YEAR, name: `Budget ${YEAR}`, kind: 'draft', based_on_id: null, decision_ref: null, locked_at: null, created_at: at, updated_at: at, updated_by_site: site.id, deleted_at: null }),
    );
    insertBudgetLines(db, versionId, lines, { siteId: site.id, at }, profiles[0]!);
  });
  const ctx: HandlerContext = {
    db,
    site,
    user: 'bench',
    now: () => new Date(),
    progress: () => {},
    signal: new AbortController().signal,
    files: { readable: (p) => p, writable: (p) => p },
    dialogs: { open: async () => null, save: async () => null },
  };
  return { ctx, versionId };
}

/** In the page: from going to the Budget page until the first budget line is drawn. */
const OPEN_GRID = `new Promise((resolve) => {
  // Going to Översikt only changes the hash: the page (and its timing marks) stays.
  performance.clearMarks();
  const t0 = performance.now();
  performance.mark('bench:t0');
  const seen = () => document.querySelector('[data-testid="lines-grid"] .ag-row:not(.ag-row-pinned)');
  const obs = new MutationObserver(() => {
    if (seen()) {
      obs.disconnect();
      resolve(performance.now() - t0);
    }
  });
  obs.observe(document.body, { childList: true, subtree: true });
  location.hash = '#/budget';
})`;

/**
 * In the page: from the Enter that commits a typed month until the pinned
 * total shows the new sum. Resolves once armed; the timing is left in
 * window.__editTiming.
 */
const ARM_EDIT = `new Promise((armed) => {
  const total = () => document.querySelector('[data-testid="lines-grid"] .ag-row-pinned .ag-cell[col-id="year"]');
  const arm = () => {
    if (!total()) return requestAnimationFrame(arm);
    const before = total().textContent;
    let t0 = null;
    window.__editTiming = new Promise((resolve) => {
      const onKey = (e) => {
        if (e.key === 'Enter' && t0 === null) { t0 = performance.now(); performance.mark('bench:enter'); }
      };
      window.addEventListener('keydown', onKey, true);
      const obs = new MutationObserver(() => {
        const now = total();
        if (t0 !== null && now && now.textContent !== before) {
          obs.disconnect();
          performance.mark('bench:dom');
          window.removeEventListener('keydown', onKey, true);
          resolve(performance.now() - t0);
        }
      });
      obs.observe(document.querySelector('[data-testid="lines-grid"]'), { childList: true, subtree: true, characterData: true });
    });
    armed();
  };
  arm();
})`;

export const budgetBenchmarks: readonly Benchmark[] = [
  {
    name: 'budget',
    async run(tmp): Promise<Figure[]> {
      const file = path.join(tmp, 'budget.db');
      const t = performance.now();
      const { ctx, versionId } = await bigBudget(file);
      const buildMs = performance.now() - t;
      const figures: Figure[] = [{ what: 'skapa testdatabasen: demo + 50 000 budgetrader (insertBudgetLines, en transaktion)', value: buildMs, unit: 'ms', rows: LINES }];

      const loads = Array.from({ length: 5 }, () => {
        const t0 = performance.now();
        const g = loadBudgetGrid(ctx.db, versionId);
        return { ms: performance.now() - t0, bytes: JSON.stringify(g).length };
      });
      figures.push({ what: 'budget.lines.list i tjänsten (hela versionen som JSON-text från SQLite), median av 5', value: median(loads.map((l) => l.ms)), unit: 'ms', rows: LINES });
      figures.push({ what: 'budget.lines.list, svarets storlek som JSON', value: loads[0]!.bytes / 1e6, unit: 'MB', rows: LINES });

      const app = await launchApp(ctx);
      try {
        const page = app.page;
        await page.setViewportSize({ width: 1600, height: 1000 });
        const opens: number[] = [];
        const complete: number[] = [];
        for (let i = 0; i < 5; i++) {
          await app.open('oversikt');
          await page.waitForSelector('[data-testid="overview-grid"] .ag-row');
          opens.push((await page.evaluate(OPEN_GRID)) as number);
          await page.waitForFunction(() => performance.getEntriesByName('ramkoll:all-lines-shown').length > 0, undefined, { timeout: 60_000 });
          complete.push(await page.evaluate(() => performance.getEntriesByName('ramkoll:all-lines-shown')[0]!.startTime - performance.getEntriesByName('bench:t0')[0]!.startTime));
        }
        figures.push({ what: 'öppna Budgetrader (Chromium via testbryggan): från sidbyte till första raden visas, första gången', value: opens[0]!, unit: 'ms', rows: LINES, target: 'under 1 s' });
        figures.push({ what: 'öppna Budgetrader: från sidbyte till första raden visas, median av 5', value: median(opens), unit: 'ms', rows: LINES, target: 'under 1 s' });
        figures.push({ what: 'öppna Budgetrader: från sidbyte tills alla rader är inlästa och redigerbara, median av 5', value: median(complete), unit: 'ms', rows: LINES });

        const edits: number[] = [];
        for (let i = 0; i < 11; i++) {
          const row = i % 5;
          await page.locator(`[data-testid="lines-grid"] .ag-row[row-index="${row}"] .ag-cell[col-id="m${(i % 12) + 1}"]`).first().click();
          await page.evaluate(ARM_EDIT);
          await page.keyboard.type(`${1000 + i * 17},${String(i).padStart(2, '0')}`);
          await page.keyboard.press('Enter');
          edits.push((await page.evaluate('window.__editTiming')) as number);
        }
        // The first edit warms up the code paths; report the rest.
        figures.push({ what: 'ändra en månad: från Enter till totalraden visar den nya summan (sparat i databasen), median av 10', value: median(edits.slice(1)), unit: 'ms', rows: LINES, target: 'under 100 ms' });
        figures.push({ what: 'ändra en månad: från Enter till ny totalsumma, sämsta av 10', value: Math.max(...edits.slice(1)), unit: 'ms', rows: LINES, target: 'under 100 ms' });
        const problems = app.problems.filter((p) => !/favicon/.test(p));
        if (problems.length > 0) throw new Error(`fel i sidan: ${problems.join('; ')}`);

        // A bulk action over the whole version, as the grid sends it: one batch, one transaction.
        const ids = (ctx.db.prepare('SELECT id FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').all(versionId) as { id: string }[]).map((r) => r.id);
        const cpu = process.cpuUsage();
        const t1 = performance.now();
        ctx.db.tx(() => applyLineChanges(ctx.db, versionId, ids.map((id) => ({ op: 'scale' as const, id, ppm: 35_000 })), { siteId: ctx.site.id, at: new Date().toISOString() }, { allowUnknownCodes: false, withTotals: false }));
        const scaleMs = performance.now() - t1;
        const used = process.cpuUsage(cpu);
        figures.push({ what: 'höj alla rader med 3,5 % (exakt, fördelat igen) i en transaktion, i tjänsten', value: scaleMs, unit: 'ms', rows: ids.length, target: 'under 1 s' });
        figures.push({ what: 'höj alla rader med 3,5 %: processortid (mindre beroende av andra processer på maskinen)', value: (used.user + used.system) / 1000, unit: 'ms', rows: ids.length });
      } finally {
        await app.close();
        ctx.db.close();
        fs.rmSync(file, { force: true });
      }
      return figures;
    },
  },
];
