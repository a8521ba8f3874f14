import path from 'node:path';
import type { Db } from '../../db/index';
import { invoke } from '../../electron/api/invoke';
import type { HandlerContext } from '../../electron/api/context';
import { noDialogs } from '../../electron/api/no-dialogs';
import { createDefaultCalendar, occasionForPeriod } from '../../electron/services/followup/calendar';
import { saveComment } from '../../electron/services/followup/comments';
import type { Actor } from '../../electron/services/followup/model';
import { openRamkollDatabase, type LocalSite } from '../../electron/services/setup';
import { launchApp } from '../../test/support/bridge';
import { ACCOUNTS, generate, NODES, PERIOD, YEAR } from './followup-data';
import { measureLock } from './lock.bench';
import { median, runCli, timeIt } from './measure';
import type { Benchmark, Figure } from './types';

export function contextFor(db: Db, site: LocalSite): HandlerContext {
  return {
    db,
    site,
    user: 'bench',
    now: () => new Date(`${YEAR}-11-20T10:00:00Z`),
    progress: () => {},
    signal: new AbortController().signal,
    files: { readable: (p) => p, writable: (p) => p },
    dialogs: noDialogs,
  };
}

export const followupBenchmarks: readonly Benchmark[] = [
  {
    name: 'uppfoljning',
    async run(tmp) {
      const file = path.join(tmp, 'followup-5000.db');
      const { db, site } = await openRamkollDatabase(file, { create: true });
      const t0 = performance.now();
      const sizes = generate(db, site);
      const genMs = performance.now() - t0;
      const actor: Actor = { siteId: site.id, user: 'bench', role: 'controller', scopeCode: null, now: new Date(`${YEAR}-11-20T10:00:00Z`) };
      createDefaultCalendar(db, actor, YEAR);
      const occasion = occasionForPeriod(db, PERIOD)!;
      db.close();

      // Cold: a fresh connection, nothing in memory (follow-up reads the sums per ansvar and account group the database keeps).
      const cold: number[] = [];
      let rows = 0;
      for (let i = 0; i < 3; i++) {
        const { db: fresh, site: s } = await openRamkollDatabase(file);
        const t = performance.now();
        const view = (await invoke('followup.deviations.get', { period: PERIOD }, contextFor(fresh, s))) as { rows: unknown[] };
        cold.push(performance.now() - t);
        rows = view.rows.length;
        fresh.close();
      }

      const { db: live, site: s } = await openRamkollDatabase(file);
      const ctx = contextFor(live, s);
      const view = () => invoke('followup.deviations.get', { period: PERIOD }, ctx);
      await view();
      const warm = await timeIt(view, 10);
      // A comment written in between (follow-up's own write keeps the sums).
      const afterComment: number[] = [];
      for (let i = 0; i < 5; i++) {
        saveComment(live, { ...actor, now: new Date() }, { occasionId: occasion.id, code: `S1V1E${i + 1}`, cause: `Orsak ${i}`, action: 'Åtgärd', actionEffect: '' });
        const t = performance.now();
        await view();
        afterComment.push(performance.now() - t);
      }
      // A budget line changed by another connection (a trigger keeps the budget sums).
      const afterForeign: number[] = [];
      for (let i = 0; i < 3; i++) {
        live.prepare("UPDATE budget_line SET note = ?, updated_at = ? WHERE rowid = (SELECT min(rowid) FROM budget_line)").run(`ändrad ${i}`, new Date().toISOString());
        const t = performance.now();
        await view();
        afterForeign.push(performance.now() - t);
      }
      const accounts = await timeIt(() => invoke('followup.deviations.accounts', { period: PERIOD, key: 'n:S1/g:personnel' }, ctx), 5);
      const chart = await timeIt(() => invoke('followup.chart', { period: PERIOD, key: 'n:S1V1' }, ctx), 5);
      live.close();

      const cli = runCli(['deviations', '--db', file, '--period', String(PERIOD), '--json']);
      if (cli.code !== 0) throw new Error(cli.stderr);

      // In Chromium, through the test bridge.
      const { db: uiDb, site: uiSite } = await openRamkollDatabase(file);
      const uiCtx = contextFor(uiDb, uiSite);
      const app = await launchApp(uiCtx);
      // The page's own clock: from the start of the navigation (performance.now() = 0) to the first frame with a
      // row in the grid. Seen from outside, Playwright hears of the row only when the bridge's process, which
      // also answers the page's calls one at a time, gets round to it (the whole tree asked for after the first
      // rows can keep it busy for hundreds of ms); in Electron the main process does not stand in between.
      await app.page.context().addInitScript(`(() => {
        window.__firstRowsAt = null;
        const look = () => {
          if (document.querySelector('[data-testid="deviation-grid"] .ag-row')) window.__firstRowsAt = performance.now();
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      })();`);
      const ui: Figure[] = [];
      try {
        const inPage: number[] = [];
        const firstRows = async () => {
          await app.page.goto('about:blank');
          const t = performance.now();
          await app.open('uppfoljning');
          await app.page.waitForSelector('[data-testid="deviation-grid"] .ag-row', { timeout: 60_000 });
          const ms = performance.now() - t;
          inPage.push(Number(await app.page.waitForFunction('window.__firstRowsAt').then((h) => h.jsonValue())));
          return ms;
        };
        const coldUi = await firstRows();
        // What the window loaded to show them: the app's code is split per page (renderer/pages/loaders.ts).
        const scriptMb = Number(
          await app.page.evaluate(
            `performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js')).reduce((s, r) => s + r.decodedBodySize, 0) / 1048576`,
          ),
        );
        const warmUi = median([await firstRows(), await firstRows(), await firstRows()]);
        // As text: under tsx a function would carry helpers the page does not have.
        const expandAll = async () =>
          app.page.evaluate(`(async () => {
            const grid = () => document.querySelector('[data-testid="deviation-grid"] [aria-rowcount]');
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Fäll ut alla');
            const t = performance.now();
            button.click();
            await new Promise((resolve) => {
              const check = () => {
                if (Number(grid()?.getAttribute('aria-rowcount')) >= ${rows}) requestAnimationFrame(() => resolve());
                else requestAnimationFrame(check);
              };
              check();
            });
            return performance.now() - t;
          })()`) as Promise<number>;
        const collapse = async () => {
          await app.page.getByRole('button', { name: 'Fäll ihop alla' }).click();
          await app.page.waitForFunction(`Number(document.querySelector('[data-testid="deviation-grid"] [aria-rowcount]')?.getAttribute('aria-rowcount')) < 10`);
        };
        const expands: number[] = [];
        for (let i = 0; i < 3; i++) {
          await collapse();
          expands.push(await expandAll());
        }
        if (app.problems.length > 0) throw new Error(`fel i sidan: ${app.problems.join('; ')}`);
        ui.push(
          { what: 'Chromium: sidan laddad till första raderna i rutnätet, kall (ny anslutning)', value: coldUi, unit: 'ms', rows, target: 'under 300 ms' },
          { what: 'Chromium: sidan laddad till första raderna i rutnätet, median av 3', value: warmUi, unit: 'ms', rows, target: 'under 300 ms' },
          { what: 'Chromium, sidans egen klocka: navigeringens start till första bildrutan med rader, kall', value: inPage[0]!, unit: 'ms', rows, target: 'under 300 ms' },
          { what: 'Chromium, sidans egen klocka: navigeringens start till första bildrutan med rader, median av 3', value: median(inPage.slice(1)), unit: 'ms', rows, target: 'under 300 ms' },
          { what: 'Chromium: fäll ut alla (alla noder synliga), median av 3', value: median(expands), unit: 'ms', rows, target: 'under 500 ms' },
          { what: 'Chromium: JavaScript som sidan laddade till de första raderna (okomprimerat)', value: scriptMb, unit: 'MB' },
        );
      } finally {
        await app.close();
        uiDb.close();
      }

      // Locking freezes the figures in a snapshot (months per ansvar and konto), against plain INSERT … SELECTs of the
      // same rows in the same run (lock.bench.ts, also runnable alone as `npm run bench -- lasning`).
      const lock = await measureLock(file, tmp, actor, occasion.id);
      const { db: lockDb } = await openRamkollDatabase(file);
      const tlocked = performance.now();
      await invoke('followup.deviations.get', { period: PERIOD }, contextFor(lockDb, site));
      const lockedSame = performance.now() - tlocked;
      lockDb.close();
      // The locked view on a fresh connection, as when Uppföljning is opened on a reported month.
      const lockedCold: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { db: fresh, site: s2 } = await openRamkollDatabase(file);
        const t = performance.now();
        await invoke('followup.deviations.get', { period: PERIOD }, contextFor(fresh, s2));
        lockedCold.push(performance.now() - t);
        fresh.close();
      }

      return [
        { what: `Skapa benchmarkdatabasen (${NODES} noder, ${ACCOUNTS} konton, 12 månader)`, value: genMs, unit: 'ms', rows: sizes.outcomeRows + sizes.budgetLines },
        { what: 'Hela avvikelsevyn för en period, ny anslutning (kall), median av 3', value: median(cold), unit: 'ms', rows: sizes.outcomeRows, target: 'under 300 ms' },
        { what: 'Hela avvikelsevyn för en period, samma anslutning igen, median av 10', value: warm, unit: 'ms', rows, target: 'under 300 ms' },
        { what: 'Hela avvikelsevyn efter att en kommentar sparats, median av 5', value: median(afterComment), unit: 'ms', rows, target: 'under 300 ms' },
        { what: 'Hela avvikelsevyn efter en budgetändring, median av 3', value: median(afterForeign), unit: 'ms', rows: sizes.outcomeRows, target: 'under 300 ms' },
        { what: 'Konton under en sektors personalkostnader (drill till konto), median av 5', value: accounts, unit: 'ms' },
        { what: 'Diagram för en verksamhet (utfall per månad ur tabellen), median av 5', value: chart, unit: 'ms' },
        { what: 'ramkoll deviations --json (egen process, kall)', value: cli.ms, unit: 'ms', rows: sizes.outcomeRows },
        ...ui,
        ...lock.figures,
        { what: 'Avvikelsevyn för det låsta tillfället, samma anslutning direkt efter låsningen', value: lockedSame, unit: 'ms', rows, target: 'under 300 ms' },
        { what: 'Avvikelsevyn för det låsta tillfället, ny anslutning (kall), median av 3', value: median(lockedCold), unit: 'ms', rows, target: 'under 300 ms' },
      ];
    },
  },
];
