import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { invoke } from '../../electron/api/invoke';
import { occasionForPeriod } from '../../electron/services/followup/calendar';
import organisation from '../../resources/demo/organisation.json';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { commentFor, createSmallForvaltning, setCommentField, siteContext, siteId, subtree, receive } from '../support/exchange';
import { tempDir } from '../support/tmp';

const SECTOR = '3100';
const PERIOD = DEMO_YEAR * 100 + 10;
const CAUSE = 'Fler brukare med stora behov än budgeterat, och inhyrd personal under sommaren.';
const ACTION = 'Behoven omprövas med biståndshandläggarna; bemanningen ses över i budgetdialogen.';

let app: AppSession | null = null;
const open: TestContext[] = [];

afterEach(async () => {
  await app?.close();
  app = null;
  for (const c of open.splice(0)) c.db.close();
});

async function session(file: string): Promise<TestContext> {
  const ctx = await openTestContext(file);
  open.push(ctx);
  app = await launchApp(ctx);
  return ctx;
}

async function closeSession(): Promise<void> {
  await app!.close();
  app = null;
  for (const c of open.splice(0)) c.db.close();
}

/**
 * Reads a package in on the Utbyte page: choose the file, look at what it is, read it in. From a sender new here, the
 * package is read in only after the user has compared the fingerprint and accepted the sender (`acceptSender`).
 */
async function importInUi(ctx: TestContext, file: string, opts: { checkA11y?: string; acceptSender?: { fingerprint: string; label: RegExp } } = {}): Promise<Record<string, number>> {
  const page = app!.page;
  ctx.dialogs.queue.push(file);
  await page.getByTestId('choose-package').click();
  await page.getByTestId('inspection').waitFor();
  expect(await page.getByTestId('inspection').innerText()).toContain(path.basename(file));
  const decisions = page.getByTestId('sender-decisions');
  if (opts.acceptSender) {
    expect(await page.getByTestId('decision-sender').innerText()).toContain(opts.acceptSender.fingerprint);
    expect(await page.getByTestId('import-package').isDisabled()).toBe(true);
    await decisions.getByRole('checkbox', { name: opts.acceptSender.label }).check();
    expect(await page.getByTestId('import-package').isDisabled()).toBe(false);
  } else {
    expect(await decisions.count()).toBe(0);
  }
  if (opts.checkA11y) {
    await expectNoSeriousA11yViolations(page, opts.checkA11y);
    await expectKeyboardOperable(page, opts.checkA11y);
  }
  await page.getByTestId('import-package').click();
  const result = page.getByTestId('import-result');
  await result.waitFor();
  const read = async (id: string) => Number(await result.getByTestId(id).innerText());
  return { applied: await read('applied'), skipped: await read('skipped'), conflicts: await read('conflicts'), refused: await read('refused') };
}

const row = (k: string) => app!.page.locator(`.ag-row[row-id="${k}"]`);
const cell = (k: string, col: string) => app!.page.locator(`.ag-row[row-id="${k}"] .ag-cell[col-id="${col}"]`).first();
/** As the grid shows money: tkr, rounded half away from zero (independent of the app's own formatting). */
const tkr = (ore: number) => (ore < 0 ? -1 : 1) * Math.round(Math.abs(ore) / 100_000);

/** Scrolls the deviation grid until the row is drawn (rows outside the viewport are not in the page). */
async function reveal(k: string): Promise<number> {
  for (let i = 0; i < 60 && (await row(k).count()) === 0; i++) {
    const moved = await app!.page.evaluate(() => {
      const scroller = [...document.querySelectorAll<HTMLElement>('[data-testid="deviation-grid"] *')].find(
        (e) => e.scrollHeight > e.clientHeight + 20 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
      );
      if (!scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight) return false;
      scroller.scrollTop += 200;
      return true;
    });
    if (!moved) break;
    await app!.page.waitForTimeout(50);
  }
  return row(k).count();
}

/** Creates a package on the Utbyte page for the recipient named `to`. */
async function exportInUi(ctx: TestContext, to: string, button: string, file: string): Promise<string> {
  const page = app!.page;
  await page.getByRole('combobox', { name: 'Mottagare', exact: true }).selectOption({ label: to });
  ctx.dialogs.queue.push(file);
  await page.getByRole('button', { name: button }).click();
  const result = page.getByTestId('export-result');
  await result.waitFor();
  return result.innerText();
}

describe('Utbyte in Chromium: a controller and a sektorchef exchange packages', () => {
  it('sends the sektor its part, gets a comment written and marked klar in the deviation grid back, and the controller sees it there', async () => {
    const dir = tempDir('ramkoll-e2e-exchange-');
    const controllerDb = path.join(dir, 'controller.db');
    const chiefDb = path.join(dir, 'sektorchef.db');
    expect(runCli(['init', '--db', controllerDb, '--demo', '--year', String(DEMO_YEAR)]).code).toBe(0);
    expect(runCli(['init', '--db', chiefDb]).code).toBe(0);
    const chief = runCliJson<{ id: string; fingerprint: string }>(['site', 'set', '--db', chiefDb, '--role', 'sektorchef', '--scope', SECTOR, '--name', 'Sektorchef äldreomsorg']);
    const controller = runCliJson<{ fingerprint: string }>(['site', 'set', '--db', controllerDb, '--name', 'Controller socialförvaltningen']);
    const intro = path.join(dir, 'presentation.ramkoll');
    runCliJson(['exchange', 'introduce', '--db', chiefDb, '--out', intro]);
    const before = runCliJson<CliDeviationRow[]>(['deviations', '--db', controllerDb, '--period', String(PERIOD)]);
    // A node of the sektor whose comment is required and not written yet in the demo's open round (October): an enhet if
    // there is one, else the sektor's own comment, which the sektorchef writes.
    const inSector = subtree(organisation, SECTOR);
    const missing = before.filter((r) => inSector.has(r.code) && r.commentStatus === 'missing' && ['unit', 'operation', 'sector'].includes(r.level));
    const target = missing.find((r) => r.level === 'unit') ?? missing.find((r) => r.level === 'operation') ?? missing[0]!;
    expect(target).toBeDefined();

    // The controller reads in the sektorchef's presentation and sends it the sektor's part.
    let ctx = await session(controllerDb);
    await app!.open('utbyte');
    expect(await app!.page.locator('main h1').innerText()).toBe('Utbyte');
    const introResult = await importInUi(ctx, intro, {
      checkA11y: 'utbyte-granskning',
      acceptSender: { fingerprint: chief.fingerprint, label: /^Jag har jämfört fingeravtrycket med Sektorchef äldreomsorg och godtar avsändaren som sektorchef för 3100$/ },
    });
    expect(introResult).toEqual({ applied: 0, skipped: 0, conflicts: 0, refused: 0 });
    await app!.page.getByTestId('peers').getByText(chief.fingerprint).waitFor();
    const toSector = path.join(dir, 'till-sektorn.ramkoll');
    const sent = await exportInUi(ctx, 'Sektorchef äldreomsorg (Sektorchef, 3100 Äldreomsorg)', 'Skapa paket med sektorns del…', toSector);
    expect(sent).toMatch(/till-sektorn\.ramkoll är sparat till Sektorchef äldreomsorg: [\d\s]+ ändrade fält i [\d\s]+ rader, [\d\s]+ utfallsrader/);
    await app!.screenshot('utbyte-controller');
    expect(app!.problems).toEqual([]);
    await closeSession();

    // The sektorchef, from an empty database, reads it in and sees the sektor's deviations on Uppföljning.
    ctx = await session(chiefDb);
    await app!.open('utbyte');
    const got = await importInUi(ctx, toSector, {
      acceptSender: { fingerprint: controller.fingerprint, label: /^Jag har jämfört fingeravtrycket med Controller socialförvaltningen och godtar avsändaren som controller för hela organisationen$/ },
    });
    expect(got.refused).toBe(0);
    expect(got.conflicts).toBe(0);
    expect(got.applied).toBeGreaterThan(1000);
    expect(await app!.page.getByTestId('import-result').innerText()).toMatch(/Controller socialförvaltningen är godkänd som avsändare här \(controller för hela organisationen/);
    await app!.open('uppfoljning');
    await app!.page.waitForSelector('[data-testid="deviation-grid"] .ag-row');
    expect(await app!.page.getByTestId('period-select').inputValue()).toBe(String(PERIOD));
    // The sektorchef's installation opens on its own sektor.
    await expect.poll(() => app!.page.getByLabel('Min sektor (3100)').isChecked()).toBe(true);
    await expect.poll(() => row('n:3100').count()).toBe(1);
    expect(await row('n:3200').count()).toBe(0);
    // The sektor's figures are the controller's, to the krona.
    const sector = before.find((r) => r.code === SECTOR && r.level === 'sector')!;
    for (const col of ['budgetYear', 'budgetAcc', 'actualAcc', 'deviationAcc'] as const) expect(shownNumber(await cell('n:3100', col).innerText()), col).toBe(tkr(sector[col]));
    await app!.screenshot('uppfoljning-sektorchef');

    // In the deviation grid: orsak and åtgärd for the enhet, then klar.
    await app!.page.getByLabel('Sök ansvar').fill(target.name);
    await expect.poll(() => reveal(`n:${target.code}`)).toBe(1);
    await cell(`n:${target.code}`, 'budgetYear').click();
    const panel = app!.page.getByTestId('node-panel');
    await expect.poll(() => panel.locator('h2').innerText()).toContain(target.name);
    await panel.getByLabel('Orsak').fill(CAUSE);
    await panel.getByLabel('Åtgärd', { exact: true }).fill(ACTION);
    await panel.getByRole('button', { name: 'Markera klar' }).click();
    await expect.poll(() => cell(`n:${target.code}`, 'commentStatus').innerText()).toContain('klar');
    await app!.screenshot('uppfoljning-sektorchef-kommentar');
    expect(app!.problems).toEqual([]);

    // Back to the controller.
    await app!.open('utbyte');
    await app!.page.getByTestId('export-package').waitFor();
    const back = path.join(dir, 'tillbaka.ramkoll');
    expect(await exportInUi(ctx, 'Controller socialförvaltningen (Controller, hela organisationen)', 'Skapa återrapport…', back)).toMatch(/[\d\s]+ ändrade fält i 1 rad/);
    await app!.screenshot('utbyte-sektorchef');
    // Inställningar shows who this installation is.
    await app!.open('installningar');
    const identity = app!.page.getByTestId('identity');
    expect(await identity.getByTestId('fingerprint').innerText()).toBe(chief.fingerprint);
    expect(await identity.getByLabel('Roll').inputValue()).toBe('sektorchef');
    expect(await identity.getByLabel('Område').inputValue()).toBe(SECTOR);
    await expectNoSeriousA11yViolations(app!.page, 'installningar-installationen');
    await expectKeyboardOperable(app!.page, 'installningar-installationen');
    await app!.screenshot('installningar-installationen');
    expect(app!.problems).toEqual([]);
    await closeSession();

    // The controller reads the answer in and sees the comment and its status in the deviation grid.
    ctx = await session(controllerDb);
    await app!.open('utbyte');
    const answer = await importInUi(ctx, back);
    expect(answer).toMatchObject({ refused: 0, conflicts: 0 });
    expect(answer.applied).toBeGreaterThanOrEqual(3);
    await app!.page.getByTestId('history').getByText('Inläst från Sektorchef äldreomsorg: återrapport').waitFor();
    await app!.open('uppfoljning');
    await app!.page.waitForSelector('[data-testid="deviation-grid"] .ag-row');
    await app!.page.getByLabel('Sök ansvar').fill(target.name);
    await expect.poll(() => reveal(`n:${target.code}`)).toBe(1);
    await expect.poll(() => cell(`n:${target.code}`, 'commentStatus').innerText()).toContain('klar');
    expect(await cell(`n:${target.code}`, 'commentShort').innerText()).toContain(CAUSE.slice(0, 30));
    await cell(`n:${target.code}`, 'budgetYear').click();
    const panel2 = app!.page.getByTestId('node-panel');
    await expect.poll(() => panel2.getByLabel('Orsak').inputValue()).toBe(CAUSE);
    expect(await panel2.getByLabel('Åtgärd', { exact: true }).inputValue()).toBe(ACTION);
    await app!.screenshot('uppfoljning-controller-aterrapport');
    expect(app!.problems).toEqual([]);
    // The audit trail names the sektorchef's installation for each change.
    const comment = commentFor(ctx.db, occasionForPeriod(ctx.db, PERIOD)!.id, target.code)!;
    expect(comment).toMatchObject({ cause: CAUSE, action: ACTION, status: 'ready' });
    const trail = (await invoke('exchange.fieldHistory', { table: 'deviation_comment', rowId: comment.id, field: 'status' }, ctx)) as { display: string; site: { name: string } }[];
    expect(trail.map((t) => [t.display, t.site.name])).toEqual([
      ['utkast', 'Sektorchef äldreomsorg'],
      ['klar', 'Sektorchef äldreomsorg'],
    ]);
    expect(runCliJson<CliDeviationRow[]>(['deviations', '--db', controllerDb, '--period', String(PERIOD)]).find((r) => r.code === target.code)!.commentStatus).toBe('ready');
  }, 240_000);

  it('takes a .ramkoll opened from outside to Utbyte and shows it before reading it in', async () => {
    const dir = tempDir('ramkoll-e2e-open-');
    const controllerDb = path.join(dir, 'controller.db');
    expect(runCli(['init', '--db', controllerDb, '--demo', '--year', String(DEMO_YEAR)]).code).toBe(0);
    const presentation = async (name: string, scope: string) => {
      const db = path.join(dir, `${scope}.db`);
      expect(runCli(['init', '--db', db]).code).toBe(0);
      const site = runCliJson<{ fingerprint: string }>(['site', 'set', '--db', db, '--role', 'sektorchef', '--scope', scope, '--name', name]);
      const file = path.join(dir, `presentation-${scope}.ramkoll`);
      runCliJson(['exchange', 'introduce', '--db', db, '--out', file]);
      return { file, fingerprint: site.fingerprint, db };
    };
    const first = await presentation('Sektorchef funktionsstöd', '3200');
    const second = await presentation('Sektorchef IFO', '3300');

    await session(controllerDb);
    await app!.open('oversikt');
    // As the shell sends it for a double-clicked file (the test bridge's file references are paths).
    await app!.sendAppEvent({ type: 'open-package', file: { ref: first.file, name: path.basename(first.file) } });
    await expect.poll(() => app!.page.locator('main h1').innerText()).toBe('Utbyte');
    const inspection = app!.page.getByTestId('inspection');
    await inspection.waitFor();
    expect(await inspection.locator('h3').innerText()).toBe(path.basename(first.file));
    expect(await inspection.getByTestId('sender-fingerprint').innerText()).toBe(first.fingerprint);
    expect(await inspection.innerText()).toMatch(/Sektorchef funktionsstöd \(Sektorchef 3200\)/);
    // Focus goes to the package, so a keyboard user reads what came in.
    await expect.poll(() => app!.page.evaluate(() => `${document.activeElement?.tagName ?? ''}:${document.activeElement?.textContent ?? ''}`)).toBe(`H3:${path.basename(first.file)}`);

    // Another one opened while Utbyte is shown replaces it; nothing is read in before the user says so.
    await app!.sendAppEvent({ type: 'open-package', file: { ref: second.file, name: path.basename(second.file) } });
    await expect.poll(() => inspection.locator('h3').innerText()).toBe(path.basename(second.file));
    expect(await app!.page.getByTestId('peers').getByText(second.fingerprint).count()).toBe(0);
    // A presentation is read in only once the sender is accepted, the fingerprint compared.
    expect(await app!.page.getByTestId('import-package').isDisabled()).toBe(true);
    await app!.page.getByTestId('sender-decisions').getByRole('checkbox', { name: /^Jag har jämfört fingeravtrycket med Sektorchef IFO och godtar avsändaren som sektorchef för 3300$/ }).check();
    await app!.page.getByTestId('import-package').click();
    await app!.page.getByTestId('import-result').waitFor();
    await app!.page.getByTestId('peers').getByText(second.fingerprint).waitFor();
    expect(await app!.page.getByTestId('peers').getByText(first.fingerprint).count()).toBe(0);
    await app!.screenshot('utbyte-oppnat-paket');

    // The same site presents itself again with another scope: a decision of its own, shown before anything is read in.
    runCliJson(['site', 'set', '--db', second.db, '--scope', '3400']);
    const moved = path.join(dir, 'presentation-3400.ramkoll');
    runCliJson(['exchange', 'introduce', '--db', second.db, '--out', moved]);
    await app!.sendAppEvent({ type: 'open-package', file: { ref: moved, name: path.basename(moved) } });
    await expect.poll(() => inspection.locator('h3').innerText()).toBe(path.basename(moved));
    const role = app!.page.getByTestId('decision-role');
    expect(await role.innerText()).toMatch(/Sektorchef IFO kommer som sektorchef för 3400, men här är Sektorchef IFO känd som sektorchef för 3300\./);
    expect(await app!.page.getByTestId('decision-key').count()).toBe(0);
    expect(await app!.page.getByTestId('import-package').isDisabled()).toBe(true);
    await app!.screenshot('utbyte-ny-roll');
    await role.getByRole('checkbox', { name: /^Jag godtar att Sektorchef IFO från och med nu är sektorchef för 3400$/ }).check();
    await app!.page.getByTestId('import-package').click();
    await expect.poll(() => app!.page.getByTestId('import-result').innerText()).toMatch(/Sektorchef IFO är från och med nu sektorchef för 3400 \(var sektorchef för 3300\)/);
    expect(app!.problems).toEqual([]);
  }, 120_000);

  it('shows a concurrent edit as a conflict with both values, and keeps the value the controller chooses', async () => {
    const dir = tempDir('ramkoll-e2e-conflict-');
    const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
    const a = await siteContext(path.join(dir, 'a.db'), 'sektorchef', '9100', 'Sektorchef Ett');
    open.push(a);
    const data = createSmallForvaltning(c.db, siteId(c));
    const move = async (from: TestContext, to: TestContext, name: string) => {
      const file = path.join(dir, `${name}.ramkoll`);
      if (name.startsWith('intro')) exportIntroduction(from.db, file, from.now());
      else exportPackage(from.db, { to: siteId(to), file, now: from.now() });
      await receive(to, file);
    };
    await move(a, c, 'intro');
    await move(c, a, 'forsta');
    setCommentField(c.db, siteId(c), data.commentIds[0]!, 'cause', 'Controllerns förklaring');
    await new Promise((r) => setTimeout(r, 5));
    setCommentField(a.db, siteId(a), data.commentIds[0]!, 'cause', 'Sektorchefens förklaring');
    await move(a, c, 'upp');
    c.db.close();

    const ctx = await session(path.join(dir, 'c.db'));
    await app!.open('utbyte');
    expect(await app!.page.getByTestId('open-conflicts').innerText()).toBe('1');
    const conflict = app!.page.getByTestId('conflict');
    expect(await conflict.locator('legend').innerText()).toBe('Kommentar 91101 Enhet Ett A, Oktober 2026: orsak');
    const own = conflict.getByRole('radio', { name: /Controllerns förklaring/ });
    const theirs = conflict.getByRole('radio', { name: /Sektorchefens förklaring.*visas nu/ });
    expect(await theirs.isChecked()).toBe(true);
    await conflict.getByRole('button', { name: 'Visa alla ändringar av fältet' }).click();
    await expect.poll(() => conflict.locator('.trail li').count()).toBe(3);
    await app!.screenshot('utbyte-konflikt');
    await expectNoSeriousA11yViolations(app!.page, 'utbyte-konflikt');
    await expectKeyboardOperable(app!.page, 'utbyte-konflikt');
    await own.check();
    await conflict.getByRole('button', { name: 'Använd valt värde' }).click();
    await app!.page.getByText('valet är sparat och skickas med nästa paket').waitFor();
    await expect.poll(() => app!.page.getByTestId('open-conflicts').innerText()).toBe('0');
    expect(commentFor(ctx.db, data.occasionId, '91101')!.cause).toBe('Controllerns förklaring');
    expect(app!.problems).toEqual([]);
  }, 120_000);
});
