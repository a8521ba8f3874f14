/**
 * Utbyte › Arbetsböcker i Excel (issue 18, point 3), the controller's side
 * in Chromium: export a node's workbook, read a chef's edited file back,
 * see the difference, accept it (over the node's ram only when confirmed).
 * Done when 3, with the budget round's "send back", is workbook-round.test.ts.
 */
import path from 'node:path';
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

describe('Arbetsböcker on Utbyte', () => {
  it('exports a workbook for a node, reads the edited file and accepts its change', async () => {
    const dir = tempDir('ramkoll-workbook-e2e-');
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    const adopted = (await call('budget.versions.list', { year: 2026 }, ctx)).find((v) => v.kind === 'adopted')!;
    const version = await call('budget.versions.create', { year: 2026, name: 'Arbetsversion', kind: 'draft', basedOnId: adopted.id }, ctx);
    app = await launchApp(ctx);
    await app.open('utbyte');
    const page = app.page;
    const section = page.getByTestId('workbooks');
    await section.waitFor();
    await page.getByTestId('workbook-node').selectOption('31102');
    const file = path.join(dir, 'arbetsbok-31102.xlsx');
    ctx.dialogs.queue.push(file);
    await page.getByTestId('workbook-export').click();
    await expect.poll(() => page.getByTestId('workbook-message').innerText()).toContain('1 arbetsbok sparade');

    const line = ctx.db.prepare("SELECT b.id, b.m05_ore FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31102' ORDER BY c.account_code, c.dims LIMIT 1").get(version.id) as { id: string; m05_ore: number };
    const x = await XlsxEditor.open(file);
    await x.number('Budget', 'L7', 43210);
    await x.save(file);

    ctx.dialogs.queue.push(file);
    await page.getByTestId('workbook-choose').click();
    const changes = page.getByTestId('workbook-changes');
    await changes.waitFor();
    expect(await changes.locator('tbody tr').count()).toBe(1);
    expect(await changes.locator('tbody tr').innerText()).toContain('maj');
    await expectNoSeriousA11yViolations(page, 'utbyte-arbetsbocker');
    await expectKeyboardOperable(page, 'utbyte-arbetsbocker');
    expect((ctx.db.prepare('SELECT m05_ore FROM budget_line WHERE id = ?').get(line.id) as { m05_ore: number }).m05_ore).toBe(line.m05_ore);

    // Accepting is the node's approval in the budget round: over 31102's ram it needs the controller's confirmation.
    await page.getByTestId('workbook-accept-chosen').click();
    await expect.poll(() => page.getByTestId('workbooks').getByRole('alert').innerText()).toContain('över ramen');
    expect((ctx.db.prepare('SELECT m05_ore FROM budget_line WHERE id = ?').get(line.id) as { m05_ore: number }).m05_ore).toBe(line.m05_ore);
    await page.getByTestId('workbook-over-frame-ok').check();
    await page.getByTestId('workbook-accept-chosen').click();
    await expect.poll(() => page.getByTestId('workbook-message').innerText()).toContain('1 ändring inlästa');
    expect(await page.getByTestId('workbook-message').innerText()).toContain('Budgetrundan: 31102 godkänd');
    expect((ctx.db.prepare('SELECT m05_ore FROM budget_line WHERE id = ?').get(line.id) as { m05_ore: number }).m05_ore).toBe(4321000);
    // Read again after accepting: nothing new.
    await expect.poll(() => page.getByTestId('workbook-changes').count()).toBe(0);
  }, 180_000);
});
