/**
 * Budget › Budgetrunda in Chromium at 1366×768 (issue 18, point 2): the
 * controller sees a handed-in proposal per node, opens it line by line,
 * sends it back with a note, approves one row and then the rest, all from
 * the keyboard; a chef's installation writes its proposal from the
 * version's lines and hands it in. Both states axe-clean.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundActor } from '../../electron/services/budget-round/model';
import { saveProposal, submitProposal } from '../../electron/services/budget-round/proposal';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import type { TestContext } from '../support/db';
import { insertDetailBudgetStep, insertFrame, versionLines } from '../support/budget-round';
import { createSmallForvaltning, siteContext, siteId } from '../support/exchange';

const VIEWPORT = { width: 1366, height: 768 };
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('Budgetrunda in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-round-'));
  const open: { app: AppSession; ctx: TestContext }[] = [];
  afterAll(async () => {
    for (const o of open) {
      await o.app.close();
      o.ctx.db.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function installation(name: string, role: 'controller' | 'enhetschef', scope: string | null) {
    const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
    const data = createSmallForvaltning(ctx.db, siteId(ctx));
    insertFrame(ctx.db, siteId(ctx), data.versionId, '91101', 1_400_000_00);
    insertDetailBudgetStep(ctx.db, siteId(ctx), 2026, 'unit', '2026-12-15');
    const app = await launchApp(ctx, { viewport: VIEWPORT });
    open.push({ app, ctx });
    return { ctx, app, versionId: data.versionId };
  }

  const tab = async (app: AppSession) => {
    await app.open('budget');
    await app.page.getByRole('tab', { name: 'Budgetrunda', exact: true }).click();
    await app.page.getByTestId('round-nodes').waitFor();
  };

  let controller: Awaited<ReturnType<typeof installation>>;
  beforeAll(async () => {
    controller = await installation('controller', 'controller', null);
  });

  it('the controller sends a proposal back with a note, then approves one row and the rest, from the keyboard', async () => {
    const { ctx, app, versionId: v } = controller;
    // What the chef's package brought, written as the chef's installation writes it.
    const chef = (at: string): RoundActor => ({ siteId: siteId(ctx), user: 'Anna Enhetschef', role: 'enhetschef', scopeCode: '91101', now: new Date(at) });
    const proposal = {
      versionId: v,
      code: '91101',
      lines: [
        { account: '5010', responsibility: '91101', yearOre: 1_150_000_00 },
        { account: '4010', responsibility: '91101', yearOre: 260_000_00 },
      ],
      changes: [{ responsibility: '91101', description: 'Samordna vikarier', amountOre: -50_000_00, plan1Ore: -80_000_00, plan2Ore: -80_000_00 }],
    };
    saveProposal(ctx.db, chef('2026-11-20T08:00:00Z'), proposal);
    submitProposal(ctx.db, chef('2026-11-20T09:00:00Z'), { versionId: v, code: '91101' });
    const page = app.page;
    await tab(app);
    const row = page.locator('[data-testid="round-nodes"] tr[data-node="91101"]');
    expect(norm(await row.innerText())).toMatch(/91101 Enhet Ett A\s+inlämnad\s+2026-12-15\s+1 400 000,00\s+1 290 000,00\s+−30 000,00\s+–/);

    // Open it with the keyboard.
    await row.getByRole('button', { name: '91101 Enhet Ett A' }).focus();
    await page.keyboard.press('Enter');
    const lines = page.getByTestId('round-lines');
    await lines.waitFor();
    expect(norm(await lines.locator('tr[data-line="5010 91101"]').innerText())).toMatch(/1 200 000,00\s+1 150 000,00\s+−50 000,00/);
    await page.getByLabel('Visa skillnaden per månad').check();
    expect(await lines.locator('thead th').count()).toBe(7 + 12);
    await expectNoSeriousA11yViolations(page, 'budgetrunda-controller');
    await expectKeyboardOperable(page, 'budgetrunda-controller');
    await app.screenshot('budgetrunda-controller');

    // Send it back with a note.
    await page.getByLabel(/Meddelande till chefen/).fill('Höj lönerna: två tjänster tillsätts i augusti.');
    await page.getByRole('button', { name: 'Skicka tillbaka' }).click();
    await expect.poll(() => page.getByTestId('round-notice').innerText()).toBe('Förslaget för 91101 är återskickat till chefen.');
    await expect.poll(() => row.getByTestId('round-status').innerText()).toBe('återskickad');
    expect(ctx.db.prepare('SELECT status, return_note FROM budget_round').get()).toEqual({ status: 'returned', return_note: 'Höj lönerna: två tjänster tillsätts i augusti.' });

    // The chef corrects and hands in again (its next package).
    // The same minute as the controller's steps here (the test's clock stands still): the history keeps the order they were taken in.
    saveProposal(ctx.db, chef('2026-11-20T10:00:00Z'), { ...proposal, lines: [{ ...proposal.lines[0]!, yearOre: 1_250_000_00 }, proposal.lines[1]!] });
    submitProposal(ctx.db, chef('2026-11-20T10:00:00Z'), { versionId: v, code: '91101' });
    await page.getByRole('button', { name: 'Läs om rundan' }).click();
    await expect.poll(() => page.getByTestId('round-node-status').innerText()).toBe('inlämnad');
    // One row approved, chosen with the space bar.
    await lines.getByLabel('Välj raden 5010 91101').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Godkänn valda rader (1)' }).click();
    await expect.poll(() => page.getByTestId('round-notice').innerText()).toBe('1 rader är godkända och inskrivna i versionen.');
    expect(versionLines(ctx.db, v, '91101')['5010 91101']![0]).toBe(1_250_000_00);
    expect(versionLines(ctx.db, v, '91101')['4010 91101']![0]).toBe(240_000_00);
    await expect.poll(() => page.getByTestId('round-node-status').innerText()).toBe('inlämnad');

    await page.getByRole('button', { name: 'Godkänn hela förslaget' }).click();
    await expect.poll(() => page.getByTestId('round-notice').innerText()).toBe('Förslaget för 91101 är godkänt och inskrivet i versionen.');
    await expect.poll(() => page.getByTestId('round-node-status').innerText()).toBe('godkänd');
    expect(versionLines(ctx.db, v, '91101')['4010 91101']![0]).toBe(260_000_00);
    expect(ctx.db.prepare('SELECT description, status FROM operational_change WHERE version_id = ?').all(v)).toEqual([{ description: 'Samordna vikarier', status: 'proposed' }]);
    await expect.poll(() => page.getByTestId('round-history').locator('li').count()).toBe(5);
    const history = await page.getByTestId('round-history').innerText();
    expect(history.split('\n').map((l) => l.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} /, ''))).toEqual([
      'Inlämnad av Anna Enhetschef (controller)',
      'Återskickad av test (controller) – Höj lönerna: två tjänster tillsätts i augusti.',
      'Inlämnad av Anna Enhetschef (controller)',
      'Rader godkända av test (controller) – 1 budgetrad och 0 verksamhetsförändringar godkända',
      'Godkänd av test (controller)',
    ]);
    expect(app.problems).toEqual([]);
  });

  it('a chef writes its proposal from the version’s lines and hands it in', async () => {
    const { ctx, app, versionId: v } = await installation('chef', 'enhetschef', '91101');
    const page = app.page;
    await tab(app);
    // The chef's own node is open at once, with its editor.
    const editor = page.getByTestId('proposal-lines');
    await editor.waitFor();
    await page.getByRole('button', { name: 'Hämta versionens rader (3)' }).click();
    await expect.poll(() => editor.locator('tbody tr').count()).toBe(3);
    await page.getByLabel('Helår rad 3').fill('1 300 000');
    await page.getByRole('button', { name: 'Lägg till verksamhetsförändring' }).click();
    await page.getByLabel('Beskrivning förändring 1').fill('Färre inhyrda');
    await page.getByLabel('Effekt 2026 förändring 1').fill('-40 000');
    await expectNoSeriousA11yViolations(page, 'budgetrunda-chef');
    await expectKeyboardOperable(page, 'budgetrunda-chef');
    await app.screenshot('budgetrunda-chef');
    await page.getByRole('button', { name: 'Spara förslaget' }).click();
    await expect.poll(() => page.getByTestId('round-notice').innerText()).toBe('Förslaget är sparat.');
    // 1 300 000 + 240 000 − 120 000 = 1 420 000: over the ram of 1 400 000, so handing in needs a confirmation.
    await page.getByRole('button', { name: 'Lämna in' }).click();
    await expect.poll(() => page.locator('[role="alert"]').innerText()).toMatch(/20\s000,00\skr över ramen/);
    expect(ctx.db.prepare('SELECT status FROM budget_round').get()).toEqual({ status: 'draft' });
    await page.getByLabel('Lämna in även om förslaget ligger över ramen').check();
    await page.getByRole('button', { name: 'Lämna in' }).click();
    await expect.poll(() => page.getByTestId('round-notice').innerText()).toMatch(/Förslaget är inlämnat/);
    expect(ctx.db.prepare('SELECT status FROM budget_round').get()).toEqual({ status: 'submitted' });
    expect(ctx.db.prepare("SELECT year_ore FROM budget_round_line WHERE status = 'proposed' AND deleted_at IS NULL ORDER BY year_ore").pluck().all()).toEqual([-120_000_00, 240_000_00, 1_300_000_00]);
    expect(ctx.db.prepare('SELECT description, amount_ore, plan1_ore FROM budget_round_change').all()).toEqual([{ description: 'Färre inhyrda', amount_ore: -40_000_00, plan1_ore: -40_000_00 }]);
    // Handed in, it is read only until the controller answers; the version is as it was.
    expect(await page.getByTestId('proposal-lines').count()).toBe(0);
    expect(versionLines(ctx.db, v, '91101')['5010 91101']![0]).toBe(1_200_000_00);
    expect(app.problems).toEqual([]);
  });
});
