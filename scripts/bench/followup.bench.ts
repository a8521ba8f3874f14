import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/index';
import { invoke } from '../../electron/api/invoke';
import type { HandlerContext } from '../../electron/api/context';
import { noDialogs } from '../../electron/api/no-dialogs';
import { RESPONSIBILITY } from '../../electron/services/dimensions';
import { outcomeSumsDelta, withOutcomeSumsDeferred } from '../../electron/services/figures/group-sums';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { createDefaultCalendar, occasionForPeriod } from '../../electron/services/followup/calendar';
import { saveComment } from '../../electron/services/followup/comments';
import type { Actor } from '../../electron/services/followup/model';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { naturalId, newId } from '../../electron/services/ids';
import { openRamkollDatabase, type LocalSite } from '../../electron/services/setup';
import { launchApp } from '../../test/support/bridge';
import { median, runCli, runProgram, timeIt } from './measure';
import type { Benchmark, Figure } from './types';
import { mulberry32 } from '../../electron/services/demo/rng';

const YEAR = 2026;
const PERIOD = 202610;
const SECTORS = 10;
const OPERATIONS_PER_SECTOR = 10;
const NODES = 5000;
const ACCOUNTS = 300;
const ACCOUNTS_PER_UNIT = 34;

const rng = mulberry32;

function accountCodes(): string[] {
  const codes: string[] = [];
  for (let i = 0; i < 40; i++) codes.push(String(3010 + i * 10));
  for (let i = 0; i < 80; i++) codes.push(String(5010 + i * 10));
  for (let i = 0; i < 90; i++) codes.push(String(4010 + i * 10));
  for (let i = 0; i < 80; i++) codes.push(String(6010 + i * 10));
  for (let i = 0; i < 10; i++) codes.push(String(7810 + i));
  return codes.slice(0, ACCOUNTS);
}

function groupOf(code: string): string {
  if (code.startsWith('3')) return 'revenue';
  if (code.startsWith('5')) return 'personnel';
  if (code.startsWith('78')) return 'capital_cost';
  return 'other_cost';
}

/** 1 förvaltning, 10 sektorer, 100 verksamheter, 4 889 enheter; 300 accounts; 34 accounts a unit; 12 months of budget and outcome. */
export function generate(db: Db, site: LocalSite): { outcomeRows: number; budgetLines: number } {
  const at = new Date(`${YEAR}-01-01T00:00:00Z`).toISOString();
  const dim = naturalId('dimension', RESPONSIBILITY);
  const units = NODES - 1 - SECTORS - SECTORS * OPERATIONS_PER_SECTOR;
  const accounts = accountCodes();
  let outcomeRows = 0;
  let budgetLines = 0;
  db.tx(() => {
    ensureFiscalYear(db, YEAR - 1, at);
    ensureFiscalYear(db, YEAR, at);
    const node = db.prepare(
      `INSERT INTO dimension_value (id, dimension_id, code, name, parent_id, level, sort_order, active, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL)`,
    );
    const add = (code: string, name: string, parent: string | null, level: string, order: number) =>
      node.run(naturalId(RESPONSIBILITY, code), dim, code, name, parent === null ? null : naturalId(RESPONSIBILITY, parent), level, order, at, at, site.id);
    add('1', 'Förvaltningen', null, 'administration', 0);
    const unitCodes: string[] = [];
    for (let s = 1; s <= SECTORS; s++) {
      const sc = `S${s}`;
      add(sc, `Sektor ${s}`, '1', 'sector', s);
      for (let o = 1; o <= OPERATIONS_PER_SECTOR; o++) {
        const oc = `S${s}V${o}`;
        add(oc, `Verksamhet ${s}.${o}`, sc, 'operation', o);
        const ops = SECTORS * OPERATIONS_PER_SECTOR;
        const index = (s - 1) * OPERATIONS_PER_SECTOR + (o - 1);
        const count = Math.floor(units / ops) + (index < units % ops ? 1 : 0);
        for (let u = 1; u <= count; u++) {
          const uc = `${oc}E${u}`;
          add(uc, `Enhet ${s}.${o}.${u}`, oc, 'unit', u);
          unitCodes.push(uc);
        }
      }
    }
    const account = db.prepare(`INSERT INTO account (id, code, name, account_group, active, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, NULL)`);
    for (const a of accounts) account.run(naturalId('account', a), a, `Konto ${a}`, groupOf(a), at, at, site.id);

    const versionId = newId();
    db.run(
      db.q.insertInto('budget_version').values({
        id: versionId,
        year: YEAR,
        name: `Budget ${YEAR}`,
        kind: 'adopted',
        based_on_id: null,
        decision_ref: null,
        locked_at: at,
        created_at: at,
        updated_at: at,
        updated_by_site: site.id,
        deleted_at: null,
      }),
    );
    const batchId = newId();
    db.run(
      db.q.insertInto('import_batch').values({
        id: batchId,
        kind: 'actual',
        file_name: 'bench-utfall.csv',
        file_sha256: '0'.repeat(64),
        profile_name: null,
        imported_by: 'bench',
        imported_at: at,
        row_count: 0,
        total_ore: 0,
        periods: '[]',
        scope_responsibility_code: null,
        status: 'active',
        undone_at: null,
        summary: '{}',
      }),
    );
    const coding = db.prepare('INSERT INTO coding (account_code, responsibility_code, dims) VALUES (?, ?, ?)');
    const line = db.prepare(
      `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore,
        manual, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, NULL)`,
    );
    const actual = db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_id) VALUES (?, ?, ?, ?)');
    const r = rng(42);
    // Outcome as a bulk writer writes it: follow-up's sums in one grouped statement at the end, not a trigger per row.
    withOutcomeSumsDeferred(db, () => {
      unitCodes.forEach((uc, ui) => {
        for (let k = 0; k < ACCOUNTS_PER_UNIT; k++) {
          const a = accounts[(ui * 7 + k * 9) % accounts.length]!;
          const id = Number(coding.run(a, uc, '').lastInsertRowid);
          const sign = a.startsWith('3') ? -1 : 1;
          const monthly = sign * Math.round(1_000_000 + r() * 20_000_000);
          line.run(newId(), versionId, id, monthly * 12, ...new Array<number>(12).fill(monthly), at, at, site.id);
          budgetLines++;
          for (let m = 1; m <= 12; m++) {
            actual.run(id, YEAR * 100 + m, Math.round(monthly * (0.9 + r() * 0.22)), batchId);
            outcomeRows++;
          }
        }
      });
      outcomeSumsDelta(db, 1, 'ab.batch_id = ?', [batchId]);
    });
  });
  return { outcomeRows, budgetLines };
}

/** One value from a database file, read outside the app (the reference's result, the version id). */
function openReadonlyValue(file: string, sql: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

/**
 * The lock's snapshot rows the plain way: every budget line and every balance
 * of the two years as a row with its month in its own column, grouped per
 * ansvar and konto, in one INSERT … SELECT (no omfördelningar in the bench).
 */
function referenceSnapshotSql(versionId: string, period: number): string {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const mm = (i: number) => String(i).padStart(2, '0');
  const twelve = Array.from({ length: 12 }, (_, i) => i + 1);
  const zero = (p: string) => twelve.map((m) => `0 AS ${p}${mm(m)}`).join(', ');
  const pivot = (p: string, y: number, to: number) => twelve.map((m) => (m <= to ? `CASE WHEN ab.period = ${y * 100 + m} THEN ab.amount_ore ELSE 0 END` : '0') + ` AS ${p}${mm(m)}`).join(', ');
  const cols = (p: string, to = 12) => twelve.slice(0, to).map((m) => `${p}${mm(m)}`);
  const all = [...cols('b'), ...cols('a'), ...cols('l')];
  return `BEGIN;
INSERT INTO occasion_snapshot (occasion_id, taken_at, taken_by, meta) VALUES ('referens', '', 'bench', '{}');
INSERT INTO occasion_snapshot_figure (occasion_id, responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore, budget_months, actual_months, last_year_months)
SELECT 'referens', r, k, ${cols('b').join(' + ')}, ${cols('b', month).join(' + ')}, ${cols('a', month).join(' + ')}, ${cols('l', month).join(' + ')},
  json_array(${cols('b').join(', ')}), json_array(${cols('a', month).join(', ')}), json_array(${cols('l').join(', ')})
FROM (SELECT r, k, ${all.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM (
  SELECT c.responsibility_code AS r, c.account_code AS k, ${twelve.map((m) => `x.m${mm(m)}_ore AS b${mm(m)}`).join(', ')}, ${zero('a')}, ${zero('l')}
  FROM budget_line x JOIN coding c ON c.id = x.coding_id WHERE x.version_id = '${versionId}' AND x.deleted_at IS NULL
  UNION ALL
  SELECT c.responsibility_code, c.account_code, ${zero('b')}, ${pivot('a', year, month)}, ${pivot('l', year - 1, 12)}
  FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id WHERE ab.period BETWEEN ${(year - 1) * 100 + 1} AND ${year * 100 + month}
) GROUP BY r, k);
COMMIT;
`;
}

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

      // Locking freezes the figures in a snapshot (months per ansvar and konto). Reference: the same
      // snapshot rows written by one plain INSERT … SELECT in the sqlite3 tool, on a copy, in this run.
      const refFile = path.join(tmp, 'followup-ref.db');
      fs.copyFileSync(file, refFile);
      const versionId = (openReadonlyValue(file, "SELECT id FROM budget_version WHERE kind = 'adopted'") as string) ?? '';
      const ref = runProgram('sqlite3', [refFile], referenceSnapshotSql(versionId, PERIOD));
      if (ref.code !== 0) throw new Error(`sqlite3: ${ref.stderr}`);
      const refRows = Number(openReadonlyValue(refFile, "SELECT count(*) FROM occasion_snapshot_figure WHERE occasion_id = 'referens'"));
      fs.rmSync(refFile, { force: true });
      const { db: lockDb } = await openRamkollDatabase(file);
      const tl = performance.now();
      lockOccasion(lockDb, actor, occasion.id);
      const lockMs = performance.now() - tl;
      const snapshotRows = (lockDb.prepare('SELECT count(*) AS n FROM occasion_snapshot_figure WHERE occasion_id = ?').get(occasion.id) as { n: number }).n;
      if (snapshotRows !== refRows) throw new Error(`ögonblicksbilden har ${snapshotRows} rader, referensen ${refRows}`);
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
        { what: `Låsa ett tillfälle (ögonblicksbild per ansvar, konto och månad, ${snapshotRows.toLocaleString('sv-SE')} rader)`, value: lockMs, unit: 'ms', rows: sizes.outcomeRows, target: 'under 2 s' },
        { what: 'Referens: samma ögonblicksbild med en INSERT … SELECT i sqlite3-verktyget', value: ref.ms, unit: 'ms', rows: sizes.outcomeRows },
        { what: 'Låsa ett tillfälle mot referensen', value: lockMs / ref.ms, unit: '×' },
        { what: 'Avvikelsevyn för det låsta tillfället, samma anslutning direkt efter låsningen', value: lockedSame, unit: 'ms', rows, target: 'under 300 ms' },
        { what: 'Avvikelsevyn för det låsta tillfället, ny anslutning (kall), median av 3', value: median(lockedCold), unit: 'ms', rows, target: 'under 300 ms' },
      ];
    },
  },
];
