import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDaysPerMonth } from '../../electron/services/budget/holidays';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { contentHash, openTestContext, type TestContext } from '../support/db';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

interface DbLine {
  id: string;
  resp: string;
  acc: string;
  profile: string | null;
  manual: number;
  year: number;
  months: number[];
}

/** Largest remainder written for the test: the first months get the left-over öre when remainders tie. */
function spread(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const exact = weights.map((w) => (abs * w) / sum);
  const parts = exact.map(Math.floor);
  let left = abs - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((x, y) => y.r - x.r || x.i - y.i);
  for (let k = 0; left > 0; k++, left--) parts[order[k]!.i]! += 1;
  return parts.map((p) => sign * p + 0);
}

describe('Budgetrader in Chromium: type a line, paste a block from the clipboard, change a profile, undo', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;
  let file: string;

  const grid = () => app.page.getByTestId('lines-grid');
  const row = (rowIndex: number) => grid().locator(`.ag-row[row-index="${rowIndex}"]`).first();
  const cell = (rowIndex: number, col: string) => row(rowIndex).locator(`.ag-cell[col-id="${col}"]`);
  const draftId = () => ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'draft').where('deleted_at', 'is', null))!.id;
  const dbLines = (): DbLine[] =>
    (
      ctx.db
        .prepare(
          `SELECT b.id, c.responsibility_code AS resp, c.account_code AS acc, b.profile_id AS profile, b.manual, b.year_ore AS year, ${MONTHS.join(', ')}
           FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL`,
        )
        .all(draftId()) as Record<string, string | number | null>[]
    ).map((r) => ({ id: r.id as string, resp: r.resp as string, acc: r.acc as string, profile: r.profile as string | null, manual: r.manual as number, year: r.year as number, months: MONTHS.map((m) => r[m] as number) }));
  const rowIdAt = async (rowIndex: number) => (await row(rowIndex).getAttribute('row-id'))!;
  const status = () => app.page.getByTestId('lines-status').innerText();
  const waitStatus = async (text: RegExp) => expect.poll(status, { timeout: 15_000 }).toMatch(text);
  /** Opens a panel of the toolbar (Ny rad, Urval …) unless it is open: the forms are hidden until asked for. */
  const openPanel = async (name: RegExp) => {
    const b = app.page.getByRole('toolbar', { name: 'Budgetrader' }).getByRole('button', { name });
    if ((await b.getAttribute('aria-expanded')) !== 'true') await b.click();
  };

  beforeAll(async () => {
    // Kept for the whole file (tempDir() is emptied after each test): the database is checked between the tests.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-budget-'));
    file = path.join(dir, 'demo.db');
    ctx = await openTestContext(file, { demo: true });
    app = await launchApp(ctx);
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // Wide enough that the grid draws all twelve months (it only draws the columns in view).
    await app.page.setViewportSize({ width: 2600, height: 1000 });
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the locked adopted budget read-only and makes a working draft from it', async () => {
    await app.open('budget');
    await expect.poll(() => app.page.locator('main').innerText(), { timeout: 15_000 }).toMatch(/är beslutad och låst/);
    await app.page.getByRole('button', { name: 'Skapa arbetsversion utifrån den här' }).click();
    await expect.poll(() => app.page.locator('.version-select select').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? ''), { timeout: 15_000 }).toMatch(/Arbetsversion utifrån Budget 2026/);
    await grid().locator('.ag-row').first().waitFor();
    const adoptedLines = ctx.db.prepare("SELECT count(*) AS n FROM budget_line b JOIN budget_version v ON v.id = b.version_id WHERE v.kind = 'adopted'").get() as { n: number };
    expect(dbLines()).toHaveLength(adoptedLines.n);
    await expect.poll(() => app.page.getByTestId('lines-totals').innerText()).toContain(`${adoptedLines.n.toLocaleString('sv-SE')} rader`);
  });

  it('types a new line, pastes 3 × 12 amounts from the clipboard, changes a profile and undoes it, with totals right in the grid and in the database', async () => {
    const page = app.page;
    // A new line through the form, typed with the keyboard.
    await openPanel(/^Ny rad/);
    await page.locator('#new-resp').fill('31101');
    await page.locator('#new-acc').fill('4070');
    await page.locator('#new-amount').fill('12 000,06');
    await page.locator('#new-amount').press('Enter');
    await waitStatus(/Ny rad: sparat/);
    const created = dbLines().filter((l) => l.resp === '31101' && l.acc === '4070');
    expect(created).toHaveLength(1);
    expect(created[0]!.months).toEqual(spread(1_200_006, new Array(12).fill(1)));
    expect(created[0]!.manual).toBe(0);

    // The new line has focus on its year amount; go to January and paste a block of 3 rows × 12 months.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.ag-row')?.getAttribute('row-id') ?? null)).toBe(created[0]!.id);
    const start = Number(await grid().locator(`.ag-row[row-id="${created[0]!.id}"]`).first().getAttribute('row-index'));
    await cell(start, 'm1').click();
    const block = [0, 1, 2].map((r) => Array.from({ length: 12 }, (_, m) => (r === 1 && m === 1 ? `\u2212${m + 1} 000,50` : `${(r + 1) * 1000 + m * 10},${String(m * 7).padStart(2, '0')}`)));
    const expectedMonths = block.map((cells) =>
      cells.map((c) => {
        const negative = c.startsWith('\u2212');
        const [kr, ore] = c.replace('\u2212', '').replace(/\s/g, '').split(',') as [string, string];
        return (negative ? -1 : 1) * (Number(kr) * 100 + Number(ore));
      }),
    );
    const targets = [start, start + 1, start + 2];
    const targetIds = await Promise.all(targets.map(rowIdAt));
    await page.evaluate((text) => navigator.clipboard.writeText(text), block.map((r) => r.join('\t')).join('\r\n') + '\r\n');
    await page.keyboard.press('Control+V');
    await waitStatus(/Klistra in 3 × 12: sparat/);
    const afterPaste = new Map(dbLines().map((l) => [l.id, l]));
    targetIds.forEach((id, r) => {
      const l = afterPaste.get(id)!;
      expect(l.months).toEqual(expectedMonths[r]);
      expect(l.year).toBe(expectedMonths[r]!.reduce((a, b) => a + b, 0));
      expect(l.manual).toBe(1);
    });
    // A manual line is marked by more than colour: a pencil in Manuell and the row's own class (a tinted, striped ground).
    const manualRow = () => grid().locator(`.ag-row[row-id="${targetIds[1]}"]`).first();
    await expect.poll(() => cell(start + 1, 'manual').innerText()).toBe('✎ manuell');
    await expect.poll(() => manualRow().getAttribute('class')).toMatch(/\brow-manual\b/);
    expect(shownNumber(await cell(start + 1, 'm2').innerText())).toBe(expectedMonths[1]![1]! / 100);

    // Change the profile of the second pasted line to Arbetsdagar in the grid: the year amount is spread again.
    await cell(start + 1, 'profile').click();
    await page.keyboard.press('F2');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('listbox').getByRole('option', { name: 'Arbetsdagar', exact: true }).click();
    await waitStatus(/Ändra profil: sparat/);
    const year = expectedMonths[1]!.reduce((a, b) => a + b, 0);
    const respread = dbLines().find((l) => l.id === targetIds[1])!;
    expect(respread.manual).toBe(0);
    expect(respread.months).toEqual(spread(year, workingDaysPerMonth(2026)));
    expect(respread.year).toBe(year);
    await expect.poll(() => manualRow().getAttribute('class')).not.toMatch(/\brow-manual\b/);

    // Undo with Ctrl+Z: the pasted months come back, manual again.
    await cell(start + 1, 'm3').click();
    await page.keyboard.press('Control+Z');
    await waitStatus(/Ångrade: Ändra profil/);
    const undone = dbLines().find((l) => l.id === targetIds[1])!;
    expect(undone.months).toEqual(expectedMonths[1]);
    expect(undone.manual).toBe(1);
    // The mark is back at once with the undo, not at the next reload.
    await expect.poll(() => manualRow().getAttribute('class')).toMatch(/\brow-manual\b/);
    await expect.poll(() => cell(start + 1, 'manual').innerText()).toBe('✎ manuell');

    // Totals: the pinned row and the summary line show the database's sums.
    const lines = dbLines();
    const dbYear = lines.reduce((a, l) => a + l.year, 0);
    const dbMonths = MONTHS.map((_, i) => lines.reduce((a, l) => a + l.months[i]!, 0));
    const pinned = grid().locator('.ag-row-pinned').first();
    await expect.poll(async () => shownNumber(await pinned.locator('.ag-cell[col-id="year"]').innerText())).toBe(dbYear / 100);
    for (let m = 1; m <= 12; m++) expect(shownNumber(await pinned.locator(`.ag-cell[col-id="m${m}"]`).innerText()), `month ${m}`).toBe(dbMonths[m - 1]! / 100);
    expect(shownNumber(await page.getByTestId('total-year').innerText())).toBe(dbYear / 100);
    await app.screenshot('budget-rader');
    expect(app.problems).toEqual([]);
  });

  it('refuses a bad amount with a clear message and changes nothing', async () => {
    const page = app.page;
    const hash = contentHash(file);
    await cell(2, 'm4').click();
    await page.keyboard.type('12,345');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lines-errors').innerText(), { timeout: 10_000 }).toMatch(/"12,345" är inget belopp/);
    expect(contentHash(file)).toBe(hash);
  });

  it('asks before saving a line with a code the kontoplan does not have', async () => {
    const page = app.page;
    const before = dbLines().length;
    await openPanel(/^Ny rad/);
    await page.locator('#new-resp').fill('31101');
    await page.locator('#new-acc').fill('4999');
    await page.locator('form.new-line').getByLabel('Motpart').fill('3410');
    await page.locator('#new-amount').fill('100');
    await page.getByRole('button', { name: 'Lägg till rad' }).click();
    await expect.poll(() => page.getByRole('alertdialog').innerText()).toMatch(/Konto 4999, Motpart 3410/);
    expect(dbLines()).toHaveLength(before);
    await page.getByRole('button', { name: 'Spara ändå' }).click();
    await waitStatus(/Ny rad: sparat/);
    expect(dbLines().filter((l) => l.acc === '4999')).toHaveLength(1);
    // The line brings a dimension no line had: its column appears.
    await expect.poll(() => grid().locator('.ag-header-cell[col-id="dim:motpart"]').count()).toBe(1);
  });

  it('filters by sektor and verksamhet with subtotals per enhet, and copies a block as tab-separated text', async () => {
    const page = app.page;
    await openPanel(/^Urval/);
    await page.locator('#filter-sector').selectOption('3200');
    await page.locator('#filter-operation').selectOption('3210');
    await page.locator('#filter-grouping').selectOption('unit');
    await expect.poll(() => page.getByTestId('lines-totals').innerText()).toMatch(/^Urval/);
    const operation = dbLines().filter((l) => l.resp.startsWith('321'));
    const sum = (ls: DbLine[]) => ls.reduce((a, l) => a + l.year, 0) / 100;
    await expect.poll(async () => shownNumber(await page.getByTestId('total-year').innerText())).toBe(sum(operation));
    const subtotal = grid().locator('.ag-row.row-subtotal').first();
    await expect.poll(() => subtotal.locator('.ag-cell[col-id="resp"]').innerText(), { timeout: 10_000 }).toMatch(/^Summa 32101 /);
    expect(shownNumber(await subtotal.locator('.ag-cell[col-id="year"]').innerText())).toBe(sum(operation.filter((l) => l.resp === '32101')));
    const sector = operation;

    // Select Jan–Feb of the first two lines with Shift+arrows and copy.
    await cell(0, 'm1').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+C');
    await waitStatus(/Kopierade 2 × 2 celler/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const first = [await rowIdAt(0), await rowIdAt(1)].map((id) => sector.find((l) => l.id === id)!);
    const kr = (o: number) => `${o < 0 ? '-' : ''}${Math.floor(Math.abs(o) / 100)}${Math.abs(o) % 100 ? `,${String(Math.abs(o) % 100).padStart(2, '0')}` : ''}`;
    expect(copied).toBe(first.map((l) => `${kr(l.months[0]!)}\t${kr(l.months[1]!)}\r\n`).join(''));
    await app.screenshot('budget-rader-urval');
    expect(app.problems).toEqual([]);
  });

  it('raises the marked lines by a percentage, exactly, as one step that Ctrl+Z undoes', async () => {
    const page = app.page;
    const ids = [await rowIdAt(0), await rowIdAt(1)];
    const before = new Map(dbLines().map((l) => [l.id, l]));
    for (const r of [0, 1]) await row(r).locator('.ag-selection-checkbox input').click();
    await expect.poll(() => page.getByTestId('selected-count').innerText()).toBe('2 rader markerade');
    await page.locator('#bulk-percent').fill('10');
    await page.getByRole('button', { name: 'Höj/sänk' }).click();
    await waitStatus(/Höj med 10 %: sparat/);
    const after = new Map(dbLines().map((l) => [l.id, l]));
    for (const id of ids) {
      // Demo amounts are whole kronor, so +10 % is exact: year × 11 / 10.
      expect(after.get(id)!.year).toBe((before.get(id)!.year * 11) / 10);
      expect(after.get(id)!.months.reduce((a, b) => a + b, 0)).toBe(after.get(id)!.year);
    }
    await cell(3, 'm1').click();
    await page.keyboard.press('Control+Z');
    await waitStatus(/Ångrade: Höj med 10 %/);
    const undone = new Map(dbLines().map((l) => [l.id, l]));
    for (const id of ids) expect(undone.get(id)).toEqual(before.get(id));
    expect(app.problems).toEqual([]);
  });

  it('the menu’s Ångra and Gör om (the shell’s undo and redo commands) act on the grid, and on a text field that has the focus', async () => {
    const page = app.page;
    const id = await rowIdAt(2);
    const before = dbLines().find((l) => l.id === id)!;
    await cell(2, 'year').click();
    await page.keyboard.type('4711');
    await page.keyboard.press('Enter');
    await waitStatus(/Ändra årsbelopp: sparat/);
    expect(dbLines().find((l) => l.id === id)!.year).toBe(471_100);

    // The focus leaves the grid (a toolbar button): the menu still undoes the grid's step.
    await page.getByRole('toolbar', { name: 'Budgetrader' }).getByRole('button', { name: /^Ångra/ }).focus();
    await app.sendAppEvent({ type: 'undo' });
    await waitStatus(/Ångrade: Ändra årsbelopp/);
    expect(dbLines().find((l) => l.id === id)).toEqual(before);
    await app.sendAppEvent({ type: 'redo' });
    await waitStatus(/Gjorde om: Ändra årsbelopp/);
    expect(dbLines().find((l) => l.id === id)!.year).toBe(471_100);

    // Typing in the new line's amount field: Ångra undoes the typing there, not the grid's step.
    await openPanel(/^Ny rad/);
    const amount = page.locator('#new-amount');
    await amount.click();
    // One typing step (one input event): Chrome's own undo of typing, which the menu hands the field, takes it back whole.
    await page.keyboard.insertText('250');
    await app.sendAppEvent({ type: 'undo' });
    expect(await amount.inputValue()).toBe('');
    expect(await status()).toMatch(/Gjorde om: Ändra årsbelopp/);
    expect(dbLines().find((l) => l.id === id)!.year).toBe(471_100);

    // Back in the grid, the menu's Ångra undoes the step again.
    await cell(3, 'm1').click();
    await app.sendAppEvent({ type: 'undo' });
    await waitStatus(/Ångrade: Ändra årsbelopp/);
    expect(dbLines().find((l) => l.id === id)).toEqual(before);
    expect(app.problems).toEqual([]);
  });
  it('Ctrl+End and Ctrl+Home go to the last and first cell of the lines, Ctrl+arrows to the edge of the row and column', async () => {
    const page = app.page;
    const focused = () =>
      page.evaluate(() => {
        const c = document.activeElement?.closest('[data-testid="lines-grid"] .ag-cell');
        return c ? { row: Number(c.closest('.ag-row')!.getAttribute('row-index')), col: c.getAttribute('col-id') } : null;
      });
    const cols = await page.evaluate(() => {
      const heads = [...document.querySelectorAll('[data-testid="lines-grid"] .ag-header-cell[col-id]')].map((h) => h.getAttribute('col-id')!).filter((c) => c !== 'ag-Grid-SelectionColumn');
      return heads;
    });
    // All lines, no subtotals: the filter of the tests before is the session's.
    await openPanel(/^Urval/);
    const clear = page.getByRole('button', { name: 'Rensa urvalet' });
    if (await clear.isEnabled()) await clear.click();
    await expect.poll(() => page.getByTestId('lines-totals').innerText()).toMatch(/^Totalt/);
    const last = dbLines().length - 1;
    await cell(1, 'year').click();
    await page.keyboard.press('Control+End');
    await expect.poll(focused).toEqual({ row: last, col: cols.at(-1) });
    await page.keyboard.press('Control+Home');
    await expect.poll(focused).toEqual({ row: 0, col: cols[0] });
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(focused).toEqual({ row: last, col: cols[0] });
    await page.keyboard.press('Control+ArrowRight');
    await expect.poll(focused).toEqual({ row: last, col: cols.at(-1) });
    expect(app.problems).toEqual([]);
  });
});
