import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoalTree } from '../../electron/api/features/goals';
import { goalTree } from '../../electron/services/goals/tree';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { runCli } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';
import { countsFromDb, suiteDir } from '../support/goals';
import { FIXTURES } from '../support/tmp';

const AUGUST = 202608;

describe('Mål in Chromium on the demo database', () => {
  const dir = suiteDir('ramkoll-e2e-goals-');
  let app: AppSession;
  let ctx: TestContext;

  beforeAll(async () => {
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
  });

  const cell = (code: string, col: string) => app.page.locator(`[data-testid="goal-grid"] .ag-row[row-id="${code}"] .ag-cell[col-id="${col}"]`);
  /** Opens Mål afresh (by way of another page: a hash-only navigation would keep the page's filters). */
  async function openGoals() {
    await app.open('oversikt');
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
  }

  /** Opens a locked occasion again as the controller does: Uppföljning → Årshjul och trösklar → Lås upp on its row. */
  async function reopenInCalendar(period: number, shownAs: string) {
    expect(ctx.db.sqlite.prepare('SELECT locked_at IS NOT NULL AS locked FROM reporting_occasion WHERE period = ?').get(period)).toEqual({ locked: 1 });
    await app.open('uppfoljning');
    await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).click();
    const row = app.page.locator('.calendar-table tbody tr').filter({ has: app.page.getByRole('rowheader', { name: shownAs, exact: true }) });
    await row.getByRole('button', { name: 'Lås upp' }).click();
    await expect.poll(() => row.locator('td').nth(-2).innerText()).toBe('öppen');
    expect(ctx.db.sqlite.prepare('SELECT locked_at FROM reporting_occasion WHERE period = ?').get(period)).toEqual({ locked_at: null });
  }

  /** The row ids the grid shows, in row order (each row once, whatever containers the grid splits it into). */
  const shownRowIds = () =>
    app.page.locator('[data-testid="goal-grid"] .ag-row[row-id]').evaluateAll((rows) => {
      const byIndex = new Map<number, string>();
      for (const r of rows) byIndex.set(Number(r.getAttribute('row-index')), r.getAttribute('row-id')!);
      return [...byIndex].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
    });
  const count = async (level: string, status: string) => shownNumber(await app.page.getByTestId(`count-${level}-${status}`).innerText());

  async function shownCounts(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    const statuses = { board: ['met', 'partly_met', 'not_met', 'not_started', 'unassessed'], sub: ['met', 'partly_met', 'not_met', 'not_started', 'unassessed'], activity: ['done', 'in_progress', 'not_started', 'unassessed'] };
    for (const [level, list] of Object.entries(statuses)) {
      for (const s of list) {
        const n = await count(level, s);
        if (n > 0) (out[level] ??= {})[s] = n;
      }
    }
    return out;
  }

  it('shows the goal tree of the delårsrapport with statuses, trends and the counts of the database', async () => {
    await openGoals();
    // The latest occasion that has begun opens first (the demo's year has passed both).
    expect(await app.page.getByLabel('Uppföljningstillfälle').inputValue()).toBe(String(AUGUST));
    await app.page.getByLabel('Uppföljningstillfälle').selectOption(String(202604));
    // The reporting calendar's deadlines (its rule: enhet by the 15th of the month after the period, verksamhet by the 25th,
    // sektor on the first weekday of the month after that: Monday 1 June, Thursday 1 October 2026).
    await expect.poll(() => app.page.getByTestId('goal-deadline-unit').innerText()).toBe('senast 2026-05-15');
    expect(await app.page.getByTestId('goal-deadline-operation').innerText()).toBe('senast 2026-05-25');
    expect(await app.page.getByTestId('goal-deadline-sector').innerText()).toBe('senast 2026-06-01');
    expect(await shownCounts()).toEqual(countsFromDb(ctx.db, 202604));
    await app.page.getByLabel('Uppföljningstillfälle').selectOption(String(AUGUST));
    await expect.poll(() => app.page.getByTestId('goal-deadline-unit').innerText()).toBe('senast 2026-09-15');
    expect(await app.page.getByTestId('goal-deadline-operation').innerText()).toBe('senast 2026-09-25');
    expect(await app.page.getByTestId('goal-deadline-sector').innerText()).toBe('senast 2026-10-01');
    expect(await shownCounts()).toEqual(countsFromDb(ctx.db, AUGUST));

    const tree = goalTree(ctx.db, AUGUST);
    expect(await shownRowIds()).toEqual(tree.rows.map((r) => r.code));
    expect(await cell('DM1.1.1', 'status').innerText()).toBe('delvis uppfyllt');
    expect(await cell('DM1.1.1', 'status').locator('.goal-status').getAttribute('class')).toContain('status-partly-met');
    expect(await cell('DM1.1.3', 'round').innerText()).toMatch(/återskickad/);
    expect(await cell('DM1.1.1', 'trend').locator('svg.sparkline').count()).toBe(1);
    expect(await cell('DM1.1.1', 'latest').innerText()).toBe('87 % (2025) / 90 %');
    await app.screenshot('mal');
    expect(app.problems).toEqual([]);
  });

  it('writes an assessment for a delmål, marks it klar and approves it at sektor level; status and counts follow', async () => {
    await openGoals();
    const before = countsFromDb(ctx.db, AUGUST);
    expect(await cell('DM1.2.2', 'status').innerText()).toBe('ej bedömt');

    await cell('DM1.2.2', 'goal').click();
    const editor = app.page.getByTestId('goal-editor');
    await expect.poll(() => editor.locator('h2').innerText()).toBe('DM1.2.2 Fler insatser av hälso- och sjukvård i hemmet');
    // The demo has reported and locked the delårsrapport: nothing can be written until the controller opens it again.
    expect(await editor.innerText()).toContain('Uppföljningstillfället är låst.');
    expect(await editor.getByRole('radio', { name: 'uppfyllt', exact: true }).isDisabled()).toBe(true);
    await reopenInCalendar(AUGUST, 'augusti 2026');

    await openGoals();
    await cell('DM1.2.2', 'goal').click();
    await expect.poll(() => editor.locator('h2').innerText()).toBe('DM1.2.2 Fler insatser av hälso- och sjukvård i hemmet');
    expect(await editor.innerText()).not.toContain('Uppföljningstillfället är låst.');
    expect(await editor.getByTestId('goal-deadline').innerText()).toMatch(/Sista dag för verksamheterna: 2026-09-25\. Försenad\./);
    expect(await editor.getByTestId('indicator-table').innerText()).toMatch(/Andel utskrivningsklara[\s\S]*81 %/);

    await editor.getByRole('radio', { name: 'uppfyllt', exact: true }).check();
    await editor.getByLabel('Prognos för helåret').selectOption('met');
    await editor.getByLabel('Bedömning').fill('Trygg hemgång når nu alla som skrivs ut. 81 procent kom hem inom tre dagar.');
    await app.page.keyboard.press('Control+s');
    await expect.poll(() => editor.getByTestId('goal-round').innerText()).toBe('utkast');
    await expect.poll(() => cell('DM1.2.2', 'status').innerText()).toBe('uppfyllt');
    await app.screenshot('mal-utkast');

    await editor.getByRole('button', { name: 'Markera klar' }).click();
    await expect.poll(() => editor.getByTestId('goal-round').innerText()).toBe('klar');
    await expect.poll(() => cell('DM1.2.2', 'round').innerText()).toBe('klar');
    await app.screenshot('mal-klar');

    await editor.getByRole('button', { name: 'Godkänn som sektor' }).click();
    await expect.poll(() => editor.getByTestId('goal-round').innerText()).toBe('godkänd');
    await expect.poll(() => cell('DM1.2.2', 'round').innerText()).toBe('godkänd');
    expect(await cell('DM1.2.2', 'status').locator('.goal-status').getAttribute('class')).toContain('status-met');

    const after = countsFromDb(ctx.db, AUGUST);
    expect(after.sub!.met).toBe((before.sub!.met ?? 0) + 1);
    expect(after.sub!.unassessed ?? 0).toBe((before.sub!.unassessed ?? 0) - 1);
    await expect.poll(() => shownCounts()).toEqual(after);
    expect(await count('sub', 'met')).toBe((before.sub!.met ?? 0) + 1);

    const row = ctx.db.sqlite
      .prepare("SELECT a.status, a.forecast, a.round_status, a.text, a.author FROM goal_assessment a JOIN goal g ON g.id = a.goal_id JOIN reporting_occasion o ON o.id = a.occasion_id WHERE g.code = 'DM1.2.2' AND o.period = ?")
      .get(AUGUST);
    expect(row).toEqual({ status: 'met', forecast: 'met', round_status: 'approved', text: 'Trygg hemgång når nu alla som skrivs ut. 81 procent kom hem inom tre dagar.', author: 'test' });

    await editor.getByTestId('goal-history').locator('summary').click();
    const history = await editor.getByTestId('goal-history').locator('li').allInnerTexts();
    expect(history.map((h) => h.split('\n')[0]!.replace(/^.*? test /, ''))).toEqual(['godkände (godkänd, uppfyllt)', 'markerade klar (klar, uppfyllt)', 'sparade (utkast, uppfyllt)']);
    await app.screenshot('mal-godkand');
    expect(app.problems).toEqual([]);
  });

  it('is keyboard operable: Alt+5 opens it, + and − fold a level, Enter opens the editor; filters by level and owner', async () => {
    await app.open('oversikt');
    await app.page.keyboard.press('Alt+5');
    await expect.poll(() => app.page.locator('main h1').innerText()).toBe('Mål');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    const rowCount = async () => (await shownRowIds()).length;
    const all = await rowCount();

    const tree = JSON.parse(runCli(['goals', '--db', ctx.db.file, '--occasion', String(AUGUST), '--json']).stdout) as GoalTree;
    const nm = tree.rows.find((r) => r.code === 'NM1.2')!;
    // Its descendants: the rows after it, up to the next row at its depth or above.
    const after = tree.rows.slice(tree.rows.indexOf(nm) + 1);
    const end = after.findIndex((r) => r.depth <= nm.depth);
    const under = end < 0 ? after : after.slice(0, end);
    expect(under.length).toBeGreaterThan(3);
    await cell('NM1.2', 'owner').click();
    await app.page.keyboard.press('-');
    await expect.poll(rowCount).toBe(all - under.length);
    await app.page.keyboard.press('+');
    await expect.poll(rowCount).toBe(all);
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.getByTestId('goal-editor').locator('h2').innerText()).toMatch(/^DM1\.2\.1 /);
    // DM1.2.1 is approved, so its fields are locked: the editor itself takes the focus.
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('goal-editor');
    // Escape goes back to the row; an utkast opens with the focus on its first status choice.
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.closest('.ag-row')?.getAttribute('row-id'))).toBe('DM1.2.1');
    // DM3.2.1 is an utkast in the delårsrapport, which the test above has opened again.
    await cell('DM3.2.1', 'owner').click();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('goal-status');

    await app.page.getByLabel('Nivå').selectOption('sub');
    await expect.poll(rowCount).toBe(tree.rows.filter((r) => r.level === 'sub').length);
    await app.page.getByLabel('Ansvar').selectOption('3200');
    const expected = tree.rows.filter((r) => r.level === 'sub' && r.ownerPath.includes('3200')).map((r) => r.code);
    await expect.poll(rowCount).toBe(expected.length);
    expect((await shownRowIds()).sort()).toEqual(expected.sort());
    await app.screenshot('mal-filter');
    expect(app.problems).toEqual([]);
  });

  it('reads styrtal values from a file: shows the errors of a bad one, previews a good one and reads it in', async () => {
    await openGoals();
    await app.page.getByText('Läs in styrtalsvärden').click();
    const section = app.page.locator('details.goal-import');

    ctx.dialogs.queue.push(path.join(FIXTURES, 'goals', 'fel-varden.csv'));
    await section.getByRole('button', { name: 'Välj fil …' }).click();
    const alert = section.getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/fel-varden\.csv: 5 fel, inget har ändrats/);
    expect(await alert.locator('li').count()).toBe(5);
    expect(await alert.locator('li').first().innerText()).toMatch(/rad 3, kolumn Nyckeltal \(A\): inget styrtal följer U99999/);

    ctx.dialogs.queue.push(path.join(FIXTURES, 'goals', 'egna-matningar.csv'));
    await section.getByRole('button', { name: 'Välj fil …' }).click();
    await expect.poll(() => section.locator('.import-preview').innerText()).toMatch(/3 nya värden, 0 ändrade/);
    const stored = () => ctx.db.sqlite.prepare("SELECT value FROM indicator_value WHERE series_key = 'SN-HT-FOK' AND measured_on = '2026-10-31'").get();
    expect(stored()).toBeUndefined();
    await app.screenshot('mal-import');
    await section.getByRole('button', { name: 'Läs in' }).click();
    await expect.poll(() => app.page.getByTestId('goal-message').innerText()).toBe('egna-matningar.csv: 3 nya och 0 ändrade styrtalsvärden inlästa.');
    expect(stored()).toEqual({ value: '90.25' });
    expect(app.problems).toEqual([]);
  });

  it('changes the chain: a new aktivitet with a styrtal under a delmål, and inriktningsmål stay read-only', async () => {
    await openGoals();
    await cell('IM1', 'owner').click();
    const editor = app.page.getByTestId('goal-editor');
    await editor.getByTestId('goal-admin').locator('summary').click();
    const admin = editor.getByTestId('goal-admin');
    expect(await admin.innerText()).toMatch(/Inriktningsmålen ändras bara av Ekonomi/);
    expect(await admin.getByRole('button', { name: /^Ändra/ }).count()).toBe(0);

    await cell('DM1.2.2', 'owner').click();
    await editor.getByTestId('goal-admin').locator('summary').click();
    await admin.getByRole('button', { name: 'Ny aktivitet under DM1.2.2' }).click();
    const form = admin.getByRole('form', { name: 'Ny aktivitet' });
    await form.getByLabel('Kod').fill('A1.2.2.3');
    await form.getByLabel('Rubrik').fill('Läkemedelsgenomgång vid hemgång');
    // The first: the owner; the aktivitet's plan below has its Ansvarig (a person).
    const owners = await form.getByLabel('Ansvar').first().locator('option').allInnerTexts();
    // Only verksamheter and enheter inside 3130 Hälso- och sjukvård may own it.
    expect(owners.slice(1).map((o) => o.trim().split(' ')[0])).toEqual(['3130', '31301', '31302', '31303', '31304']);
    await form.getByLabel('Ansvar').first().selectOption('31304');
    await form.getByLabel('till och med år (tomt: tills vidare)').fill('2030');
    await form.getByRole('button', { name: 'Spara målet' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toMatch(/inom DM1\.2\.2s giltighet 2025–2028/);
    await form.getByLabel('till och med år (tomt: tills vidare)').fill('2026');
    await form.getByRole('button', { name: 'Spara målet' }).click();
    await expect.poll(() => app.page.getByTestId('goal-message').innerText()).toBe('A1.2.2.3 är sparat.');
    await expect.poll(() => cell('A1.2.2.3', 'owner').innerText()).toMatch(/^31304/);
    // After its siblings in the tree.
    const ids = await shownRowIds();
    expect(ids.indexOf('A1.2.2.3')).toBe(ids.indexOf('A1.2.2.2') + 1);
    expect(await count('activity', 'total')).toBe(countsFromDb(ctx.db, AUGUST).activity!.unassessed! + 13 + 9);

    await cell('A1.2.2.3', 'owner').click();
    await editor.getByTestId('goal-admin').locator('summary').click();
    await admin.getByRole('button', { name: 'Nytt styrtal' }).click();
    const ind = admin.getByRole('form', { name: 'Nytt styrtal' });
    await ind.getByLabel('Namn').fill('Andel med läkemedelsgenomgång');
    await ind.getByLabel('Källa').selectOption('own');
    await ind.getByLabel('Egen kod').fill('SN-HSL-LMG');
    await ind.getByLabel('Startvärde').fill('40,5');
    await ind.getByLabel('Målvärde').fill('90');
    // A year that is not one is named by its field, and nothing is saved.
    await ind.getByLabel('Startår').fill('25');
    await ind.getByRole('button', { name: 'Spara styrtalet' }).click();
    await expect.poll(() => ind.getByRole('alert').innerText()).toMatch(/Startår: "25" är inget år/);
    expect(ctx.db.sqlite.prepare("SELECT count(*) AS n FROM indicator WHERE series_key = 'SN-HSL-LMG'").get()).toEqual({ n: 0 });
    await ind.getByLabel('Startår').fill('2025');
    await ind.getByRole('button', { name: 'Spara styrtalet' }).click();
    await expect.poll(() => app.page.getByTestId('goal-message').innerText()).toBe('Styrtalet Andel med läkemedelsgenomgång är sparat.');
    await expect.poll(() => editor.getByTestId('indicator-table').innerText()).toMatch(/40,5 % \(2025\)\s+90 % \(2027\)\s+inget värde/);
    await app.screenshot('mal-nytt-mal');
    expect(await app.page.locator('.ag-row.goal-selected').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('row-id')))])).toEqual(['A1.2.2.3']);
    const stored = ctx.db.sqlite.prepare("SELECT g.level, o.code AS owner, i.start_value, i.target_value FROM goal g JOIN dimension_value o ON o.id = g.owner_id JOIN indicator i ON i.goal_id = g.id WHERE g.code = 'A1.2.2.3'").get();
    expect(stored).toEqual({ level: 'activity', owner: '31304', start_value: '40.5', target_value: '90' });
    expect(app.problems).toEqual([]);
  });
});
