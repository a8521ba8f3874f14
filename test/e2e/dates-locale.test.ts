import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPackage } from '../../electron/services/exchange/export';
import { listPeers } from '../../electron/services/exchange/identity';
import { invoke } from '../../electron/api/invoke';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

/**
 * Dates and times in a browser that is not Swedish: an en-US Chromium in New
 * York's time zone. Every date the app shows or takes must still be
 * ÅÅÅÅ-MM-DD and every time Swedish local time (ÅÅÅÅ-MM-DD HH:MM), and no
 * page may have a browser date field (which shows 11/20/2026 here).
 */

/** The oracle, independent of the app's code: Intl's Swedish format in Stockholm's zone. */
const swedish = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

const AMERICAN_DATE = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/;

describe('dates and times in an en-US Chromium in New York', () => {
  const dir = tempDir('ramkoll-e2e-dates-');
  let app: AppSession;
  let ctx: TestContext;

  beforeAll(async () => {
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo']).code).toBe(0);
    ctx = await openTestContext(db);
    // Known instants: a winter morning (UTC+1 in Sweden, UTC−5 in New York) and a summer evening past midnight in Sweden.
    ctx.db.sqlite.prepare("UPDATE import_batch SET imported_at = '2026-11-20T10:05:00.000Z' WHERE file_name LIKE 'Demo: utfall januari%'").run();
    ctx.db.sqlite.prepare("UPDATE import_batch SET imported_at = '2026-06-30T22:40:00.000Z' WHERE file_name = 'Demo: utfall 2025'").run();
    const ekonomi = listPeers(ctx.db).find((p) => p.role === 'ekonomi')!;
    exportPackage(ctx.db, { to: ekonomi.id, file: path.join(dir, 'till-ekonomi.ramkoll'), now: new Date('2026-11-20T15:59:00Z') });
    app = await launchApp(ctx, { locale: 'en-US', timezoneId: 'America/New_York' });
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
  });

  async function noBrowserDateFields(page: string) {
    expect(await app.page.locator('input[type="date"], input[type="datetime-local"]').count(), `${page}: browser date fields`).toBe(0);
  }

  it('shows import times in Swedish time, ÅÅÅÅ-MM-DD HH:MM', async () => {
    await app.open('import');
    const history = app.page.getByTestId('batch-history');
    await history.locator('tbody tr').first().waitFor();
    const text = await history.innerText();
    expect(text).toContain('2026-11-20 11:05');
    expect(text).toContain('2026-07-01 00:40');
    expect(text).not.toMatch(AMERICAN_DATE);
    expect(app.problems).toEqual([]);
  });

  it('shows a comment’s history in Swedish time, and the calendar’s deadlines as ÅÅÅÅ-MM-DD fields', async () => {
    const comment = ctx.db.sqlite
      .prepare(
        `SELECT v.code, v.name, c.id FROM deviation_comment c JOIN dimension_value v ON v.id = c.responsibility_id JOIN reporting_occasion o ON o.id = c.occasion_id
         WHERE o.period = 202610 AND v.level = 'unit' AND c.status = 'approved' ORDER BY v.code LIMIT 1`,
      )
      .get() as { code: string; name: string; id: string };
    const times = (ctx.db.sqlite.prepare("SELECT DISTINCT at FROM change_log WHERE table_name = 'deviation_comment' AND row_id = ?").all(comment.id) as { at: string }[]).map((r) => swedish(r.at));
    await app.open('uppfoljning');
    await app.page.waitForSelector('[data-testid="deviation-grid"] .ag-row');
    await app.page.getByLabel('Sök ansvar').fill(comment.name);
    const cell = app.page.locator(`[data-testid="deviation-grid"] .ag-row[row-id="n:${comment.code}"] .ag-cell[col-id="budgetYear"]`).first();
    await cell.waitFor();
    await cell.click();
    const history = app.page.getByTestId('node-panel').getByTestId('comment-history');
    await history.waitFor();
    const text = await history.innerText();
    for (const t of times) expect(text).toContain(t);
    expect(text).not.toMatch(AMERICAN_DATE);
    await noBrowserDateFields('Uppföljning');

    await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).click();
    const field = app.page.getByLabel('Enhet klar senast, oktober 2026');
    expect(await field.inputValue()).toBe('2026-11-15');
    expect(await app.page.locator('.calendar-table').innerText()).toMatch(/låst 2026-\d\d-\d\d/);
    await noBrowserDateFields('Årshjul');
    await app.screenshot('datum-en-us-arshjul');
    expect(app.problems).toEqual([]);
  });

  it('takes a date as ÅÅÅÅ-MM-DD, says in Swedish what is wrong with another, and steps days with the arrow keys', async () => {
    await app.open('budget');
    await app.page.getByRole('tab', { name: 'Omfördelningar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="reallocations"] tbody tr');
    expect(await app.page.getByTestId('reallocations').innerText()).toContain('2026-03-18');
    const date = app.page.getByLabel('Beslutsdatum');
    // A new decision is dated the app's today (the tests' CLI and contexts are pinned to 2026-11-20), not the browser's.
    await expect.poll(() => date.inputValue()).toBe('2026-11-20');
    await date.fill('11/20/2026');
    await date.blur();
    const error = app.page.locator('.date-input-error').first();
    expect(await error.innerText()).toBe('"11/20/2026" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-18.');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await date.fill('2026-02-30');
    expect(await error.innerText()).toBe('2026-02-30 finns inte: februari 2026 har 28 dagar.');
    await date.fill('2026-2-27');
    await date.blur();
    expect(await date.inputValue()).toBe('2026-02-27');
    expect(await app.page.locator('.date-input-error').count()).toBe(0);
    await date.focus();
    await date.press('ArrowUp');
    await date.press('ArrowUp');
    expect(await date.inputValue()).toBe('2026-03-01');
    await date.press('PageDown');
    expect(await date.inputValue()).toBe('2026-02-01');
    // Outside the budget year.
    await date.fill('2027-01-05');
    await date.blur();
    expect(await error.innerText()).toBe('Datumet ska vara 2026-12-31 eller tidigare.');
    await noBrowserDateFields('Omfördelningar');
    await app.screenshot('datum-en-us-omfordelningar');

    await app.page.getByRole('tab', { name: 'Versioner', exact: true }).click();
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/låst, beslutad 2025-11-26/);
    expect(app.problems).toEqual([]);
  });

  it('shows the goal round’s deadlines and history as ÅÅÅÅ-MM-DD and Swedish time', async () => {
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    expect(await app.page.getByTestId('goal-deadline-unit').innerText()).toBe('senast 2026-09-15');
    const event = ctx.db.sqlite
      .prepare(
        `SELECT g.code, e.created_at AS at FROM goal_assessment_event e JOIN goal_assessment a ON a.id = e.assessment_id JOIN goal g ON g.id = a.goal_id
         JOIN reporting_occasion o ON o.id = a.occasion_id WHERE o.period = 202608 ORDER BY g.code, e.created_at DESC LIMIT 1`,
      )
      .get() as { code: string; at: string };
    await app.page.locator(`[data-testid="goal-grid"] .ag-row[row-id="${event.code}"] .ag-cell[col-id="goal"]`).click();
    const editor = app.page.getByTestId('goal-editor');
    await editor.getByTestId('goal-history').locator('summary').click();
    expect(await editor.getByTestId('goal-history').innerText()).toContain(swedish(event.at));
    expect(await editor.innerText()).not.toMatch(AMERICAN_DATE);
    await noBrowserDateFields('Mål');
    expect(app.problems).toEqual([]);
  });

  it('shows the exchange history and the backups in Swedish time', async () => {
    await app.open('utbyte');
    const history = app.page.getByTestId('history');
    await history.waitFor();
    expect(await history.innerText()).toContain('2026-11-20 16:59');
    await app.open('installningar');
    await app.page.getByRole('button', { name: 'Ta en säkerhetskopia nu' }).click();
    const table = app.page.getByTestId('backup-table');
    await table.locator('tbody tr').first().waitFor();
    const { backups } = (await invoke('backup.list', {}, ctx)) as { backups: { takenAt: string }[] };
    const text = await table.innerText();
    for (const b of backups) expect(text).toContain(swedish(b.takenAt));
    expect(text).not.toMatch(AMERICAN_DATE);
    await noBrowserDateFields('Inställningar');
    expect(app.problems).toEqual([]);
  });
});
