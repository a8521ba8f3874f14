/**
 * Issue 18, Done when 3, in Chromium at 1366×768: the controller exports a
 * workbook per enhet of a sektor, two come back edited as a chef would
 * (JSZip on the XML), both are dropped at once, the differences are shown,
 * one file is approved (the version holds its lines, the budget round says
 * godkänd) and one is sent back with a note (återskickad, nothing of it
 * applied, the note on the front sheet of the next export).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';
import { XlsxEditor } from '../support/xlsx-edit';

let app: AppSession | null = null;
let ctx: TestContext | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
  ctx?.db.close();
  ctx = null;
});

const UNITS = ['34101', '34102', '34201', '34202', '34203', '34204', '34301', '34302', '34303'];
const MONTHS = ['m01_ore', 'm02_ore', 'm03_ore', 'm04_ore', 'm05_ore', 'm06_ore', 'm07_ore', 'm08_ore', 'm09_ore', 'm10_ore', 'm11_ore', 'm12_ore'];

function firstLine(c: TestContext, versionId: string, code: string): { id: string; months: number[] } {
  const r = c.db
    .prepare(
      `SELECT b.id, ${MONTHS.map((m) => `b.${m}`).join(', ')} FROM budget_line b JOIN coding c ON c.id = b.coding_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code = ? ORDER BY c.responsibility_code, c.account_code, c.dims LIMIT 1`,
    )
    .get(versionId, code) as Record<string, string | number>;
  return { id: r.id as string, months: MONTHS.map((m) => r[m] as number) };
}

const monthsOf = (c: TestContext, id: string) => MONTHS.map((m) => (c.db.prepare(`SELECT ${m} AS v FROM budget_line WHERE id = ?`).get(id) as { v: number }).v);

const roundOf = (c: TestContext, versionId: string, code: string) =>
  c.db.prepare('SELECT r.status, r.return_note FROM budget_round r JOIN dimension_value v ON v.id = r.responsibility_id WHERE r.version_id = ? AND v.code = ?').get(versionId, code) as
    | { status: string; return_note: string | null }
    | undefined;

async function frontSheet(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const lines: string[] = [];
  wb.getWorksheet('Start')!.eachRow((row) => lines.push((row.values as unknown[]).filter((v) => v !== undefined && v !== null).map(String).join(' | ')));
  return lines.join('\n');
}

describe('Arbetsböcker in the budget round (Done when 3)', () => {
  it('exports a sektor’s enheter, reads two edited files at once, approves one and sends one back with a note', async () => {
    const dir = tempDir('ramkoll-workbook-round-e2e-');
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    const adopted = (await call('budget.versions.list', { year: 2026 }, ctx)).find((v) => v.kind === 'adopted')!;
    const version = await call('budget.versions.create', { year: 2026, name: 'Arbetsversion', kind: 'draft', basedOnId: adopted.id }, ctx);
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
    await app.open('utbyte');
    const page = app.page;
    await page.getByTestId('workbooks').waitFor();

    // One workbook per enhet of sektor 3400, a save dialog each.
    await page.getByTestId('workbook-node').selectOption('3400');
    expect(await page.getByTestId('workbook-export-units').innerText()).toContain(`(${UNITS.length})`);
    for (const code of UNITS) ctx.dialogs.queue.push(path.join(dir, `arbetsbok-${code}.xlsx`));
    await page.getByTestId('workbook-export-units').click();
    await expect.poll(() => page.getByTestId('workbook-message').innerText(), { timeout: 60_000 }).toContain(`${UNITS.length} arbetsböcker sparade`);
    for (const code of UNITS) expect(await frontSheet(path.join(dir, `arbetsbok-${code}.xlsx`))).toContain(`Ansvar | ${code} `);

    // Two chefs edit theirs as Excel saves a file.
    const a = path.join(dir, 'arbetsbok-34101.xlsx');
    const b = path.join(dir, 'arbetsbok-34102.xlsx');
    const lineA = firstLine(ctx, version.id, '34101');
    const lineB = firstLine(ctx, version.id, '34102');
    const janA = lineA.months[0]! - 150_000;
    const febB = lineB.months[1]! + 250_000;
    let x = await XlsxEditor.open(a);
    await x.number('Budget', 'H7', janA / 100);
    await x.save(a);
    x = await XlsxEditor.open(b);
    await x.number('Budget', 'I7', febB / 100);
    await x.save(b);

    // Both dropped at once.
    const files = [a, b].map((f) => ({ name: path.basename(f), base64: fs.readFileSync(f).toString('base64') }));
    const dataTransfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.base64), (ch) => ch.charCodeAt(0))], f.name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      return dt;
    }, files);
    await page.getByTestId('workbooks').dispatchEvent('drop', { dataTransfer });
    const changes = page.getByTestId('workbook-changes');
    await changes.waitFor();
    expect(await changes.locator('tbody tr').count()).toBe(2);
    expect(await changes.innerText()).toContain('arbetsbok-34101.xlsx');
    expect(await changes.innerText()).toContain('arbetsbok-34102.xlsx');
    const fileRow = (name: string) => page.getByTestId('workbook-file').filter({ hasText: name });
    expect(await page.getByTestId('workbook-file').count()).toBe(2);
    await expectNoSeriousA11yViolations(page, 'utbyte-arbetsbocker-runda');
    await expectKeyboardOperable(page, 'utbyte-arbetsbocker-runda');
    // Reading wrote nothing.
    expect(monthsOf(ctx, lineA.id)).toEqual(lineA.months);
    expect(roundOf(ctx, version.id, '34101')).toBeUndefined();

    // Approve 34101's file, from the keyboard.
    await fileRow('arbetsbok-34101.xlsx').getByTestId('workbook-file-accept').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('workbook-message').innerText()).toContain('Budgetrundan: 34101 godkänd');
    expect(monthsOf(ctx, lineA.id)[0]).toBe(janA);
    expect(roundOf(ctx, version.id, '34101')).toEqual({ status: 'approved', return_note: null });
    // 34102's change is still there to decide on.
    await expect.poll(() => changes.locator('tbody tr').count()).toBe(1);

    // Send 34102's file back with a note.
    await fileRow('arbetsbok-34102.xlsx').getByTestId('workbook-file-return').click();
    const send = page.getByTestId('workbook-return-send');
    expect(await send.isDisabled()).toBe(true);
    await page.getByLabel('Meddelande till chefen (krävs)').fill('Februari är för högt: stäm av med lönebudgeten.');
    await send.click();
    await expect.poll(() => page.getByTestId('workbook-message').innerText()).toContain('skickades tillbaka till 34102');
    expect(monthsOf(ctx, lineB.id)).toEqual(lineB.months);
    expect(roundOf(ctx, version.id, '34102')).toEqual({ status: 'returned', return_note: 'Februari är för högt: stäm av med lönebudgeten.' });
    // The file sent back leaves the list; the approved one stays with nothing left to read.
    await expect.poll(() => page.getByTestId('workbook-file').count()).toBe(1);
    await expect.poll(() => fileRow('arbetsbok-34101.xlsx').innerText()).toContain('0 ändringar');

    // The next export of 34102 carries the note and the deadline on its front sheet.
    await page.getByTestId('workbook-node').selectOption('34102');
    const next = path.join(dir, 'arbetsbok-34102-igen.xlsx');
    ctx.dialogs.queue.push(next);
    await page.getByTestId('workbook-export').click();
    await expect.poll(() => page.getByTestId('workbook-message').innerText()).toContain('1 arbetsbok sparade');
    const front = await frontSheet(next);
    expect(front).toContain('Återskickad av controllern | Februari är för högt: stäm av med lönebudgeten.');
    expect(front).toMatch(/Sista dag att lämna \| \S+/);

    // The Budgetrunda tab shows both nodes like any other, with the file in the history.
    await app.open('budget');
    await page.getByLabel('Budgetversion').selectOption(version.id);
    await page.getByRole('tab', { name: 'Budgetrunda', exact: true }).click();
    const nodes = page.getByTestId('round-nodes');
    await nodes.waitFor();
    expect(await nodes.locator('tr[data-node="34101"]').innerText()).toContain('godkänd');
    expect(await nodes.locator('tr[data-node="34102"]').innerText()).toContain('återskickad');
    await nodes.locator('tr[data-node="34102"]').getByRole('button', { name: /34102/ }).click();
    const history = page.getByTestId('round-history');
    await history.waitFor();
    expect(await history.innerText()).toContain('via arbetsbok');
    expect(await history.innerText()).toContain('Februari är för högt');
    await expectNoSeriousA11yViolations(page, 'budgetrunda-arbetsbocker');
    expect(app.problems).toEqual([]);
  }, 240_000);
});
