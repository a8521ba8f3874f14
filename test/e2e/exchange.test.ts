import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { naturalId, newId } from '../../electron/services/ids';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { importPackage } from '../../electron/services/exchange/import';
import { commentFor, createSmallForvaltning, insertComment, setCommentField, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

const SECTOR = '3100';
const UNIT = '31101';

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

/** Reads a package in on the Utbyte page: choose the file, look at what it is, read it in. */
async function importInUi(ctx: TestContext, file: string): Promise<Record<string, number>> {
  const page = app!.page;
  ctx.dialogs.queue.push(file);
  await page.getByTestId('choose-package').click();
  await page.getByTestId('inspection').waitFor();
  expect(await page.getByTestId('inspection').innerText()).toContain(path.basename(file));
  await page.getByTestId('import-package').click();
  const result = page.getByTestId('import-result');
  await result.waitFor();
  const read = async (id: string) => Number(await result.getByTestId(id).innerText());
  return { applied: await read('applied'), skipped: await read('skipped'), conflicts: await read('conflicts'), refused: await read('refused') };
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
  it('sends the sektor its part, gets a comment marked klar back, and the controller holds it', async () => {
    const dir = tempDir('ramkoll-e2e-exchange-');
    const controllerDb = path.join(dir, 'controller.db');
    const chiefDb = path.join(dir, 'sektorchef.db');
    expect(runCli(['init', '--db', controllerDb, '--demo', '--year', String(DEMO_YEAR)]).code).toBe(0);
    expect(runCli(['init', '--db', chiefDb]).code).toBe(0);
    const chief = runCliJson<{ id: string; fingerprint: string }>(['site', 'set', '--db', chiefDb, '--role', 'sektorchef', '--scope', SECTOR, '--name', 'Sektorchef äldreomsorg']);
    runCliJson(['site', 'set', '--db', controllerDb, '--name', 'Controller socialförvaltningen']);
    const intro = path.join(dir, 'presentation.ramkoll');
    runCliJson(['exchange', 'introduce', '--db', chiefDb, '--out', intro]);
    // An occasion of the test's own: November, which the demo's calendar leaves out.
    const occasion = newId();
    {
      const c = await openTestContext(controllerDb);
      c.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, 'monthly_forecast', 'November', 'x', 'x', ?)").run(occasion, DEMO_YEAR, DEMO_YEAR * 100 + 11, c.site.id);
      c.db.close();
    }

    // The controller reads in the sektorchef's presentation and sends it the sektor's part.
    let ctx = await session(controllerDb);
    await app!.open('utbyte');
    expect(await app!.page.locator('main h1').innerText()).toBe('Utbyte');
    const introResult = await importInUi(ctx, intro);
    expect(introResult).toEqual({ applied: 0, skipped: 0, conflicts: 0, refused: 0 });
    await app!.page.getByTestId('peers').getByText(chief.fingerprint).waitFor();
    const toSector = path.join(dir, 'till-sektorn.ramkoll');
    const sent = await exportInUi(ctx, 'Sektorchef äldreomsorg (Sektorchef, 3100 Äldreomsorg)', 'Skapa paket med sektorns del…', toSector);
    expect(sent).toMatch(/till-sektorn\.ramkoll är sparat till Sektorchef äldreomsorg: [\d\s]+ ändrade fält i [\d\s]+ rader, [\d\s]+ utfallsrader/);
    await app!.screenshot('utbyte-controller');
    expect(app!.problems).toEqual([]);
    await closeSession();

    // The sektorchef reads it in, writes a comment and marks it klar, and sends it back.
    ctx = await session(chiefDb);
    await app!.open('utbyte');
    const got = await importInUi(ctx, toSector);
    expect(got.refused).toBe(0);
    expect(got.conflicts).toBe(0);
    expect(got.applied).toBeGreaterThan(1000);
    expect(await app!.page.getByTestId('import-result').innerText()).toMatch(/Ny avsändare: Controller socialförvaltningen/);
    // Written as the deviation grid will write it (that grid is built in parallel): a comment, then klar.
    const commentId = insertComment(ctx.db, ctx.site.id, occasion, UNIT, 'Fler brukare med stora behov än budgeterat', 'draft');
    setCommentField(ctx.db, ctx.site.id, commentId, 'action', 'Ses över i budgetdialogen');
    setCommentField(ctx.db, ctx.site.id, commentId, 'status', 'ready');
    const back = path.join(dir, 'tillbaka.ramkoll');
    await app!.page.reload();
    await app!.page.getByTestId('export-package').waitFor();
    expect(await exportInUi(ctx, 'Controller socialförvaltningen (Controller, hela organisationen)', 'Skapa återrapport…', back)).toMatch(/1 ändrat fält|[\d\s]+ ändrade fält i 1 rad/);
    await app!.screenshot('utbyte-sektorchef');
    // Inställningar shows who this installation is.
    await app!.open('installningar');
    const identity = app!.page.getByTestId('identity');
    expect(await identity.getByTestId('fingerprint').innerText()).toBe(chief.fingerprint);
    expect(await identity.getByLabel('Roll').inputValue()).toBe('sektorchef');
    expect(await identity.getByLabel('Område').inputValue()).toBe(SECTOR);
    await app!.screenshot('installningar-installationen');
    expect(app!.problems).toEqual([]);
    await closeSession();

    // The controller reads the answer in and holds the comment and its status.
    ctx = await session(controllerDb);
    await app!.open('utbyte');
    const answer = await importInUi(ctx, back);
    expect(answer).toMatchObject({ refused: 0, conflicts: 0 });
    expect(answer.applied).toBeGreaterThanOrEqual(3);
    await app!.page.getByTestId('history').getByText('Inläst från Sektorchef äldreomsorg: återrapport').waitFor();
    expect(app!.problems).toEqual([]);
    expect(commentFor(ctx.db, occasion, UNIT)).toMatchObject({ id: commentId, cause: 'Fler brukare med stora behov än budgeterat', action: 'Ses över i budgetdialogen', status: 'ready' });
    const trail = (await invoke('exchange.fieldHistory', { table: 'deviation_comment', rowId: commentId, field: 'status' }, ctx)) as { display: string; site: { name: string } }[];
    expect(trail.map((t) => [t.display, t.site.name])).toEqual([
      ['utkast', 'Sektorchef äldreomsorg'],
      ['klar', 'Sektorchef äldreomsorg'],
    ]);
    expect(ctx.db.prepare('SELECT responsibility_id FROM deviation_comment WHERE id = ?').get(commentId)).toEqual({ responsibility_id: naturalId('ansvar', UNIT) });
  }, 180_000);

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
      await importPackage(to.db, { file, now: to.now() });
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
    expect(await conflict.locator('.trail li').count()).toBe(3);
    await app!.screenshot('utbyte-konflikt');
    await own.check();
    await conflict.getByRole('button', { name: 'Använd valt värde' }).click();
    await app!.page.getByText('valet är sparat och skickas med nästa paket').waitFor();
    await expect.poll(() => app!.page.getByTestId('open-conflicts').innerText()).toBe('0');
    expect(commentFor(ctx.db, data.occasionId, '91101')!.cause).toBe('Controllerns förklaring');
    expect(app!.problems).toEqual([]);
  }, 120_000);
});
