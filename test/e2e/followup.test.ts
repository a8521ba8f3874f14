import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';

/** Independent of the app's own formatting code: round half away from zero. */
function expected(ore: number, divisor: number): number {
  const r = Math.round(Math.abs(ore) / divisor);
  return ore < 0 ? -r : r;
}

const key = (r: CliDeviationRow) => (r.level === 'direct' ? `d:${r.code}` : r.level === 'unknown' ? `u:${r.code}` : `n:${r.code}`);

describe('Uppföljning in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  let db: string;
  let rows: CliDeviationRow[];
  let target: CliDeviationRow;
  let operation: CliDeviationRow;
  let sector: CliDeviationRow;

  beforeAll(async () => {
    // Not tempDir(): that folder goes after each test, and the last tests run the CLI on this database.
    db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-followup-')), 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    rows = runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', '202610']);
    // An enhet whose comment is required and not written yet, in the first sektor that has one.
    target = rows.find((r) => r.level === 'unit' && r.commentStatus === 'missing')!;
    operation = rows.find((r) => r.level === 'operation' && r.code === target.parent)!;
    sector = rows.find((r) => r.level === 'sector' && r.code === operation.parent)!;
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    if (db) fs.rmSync(path.dirname(db), { recursive: true, force: true });
  });

  const row = (k: string) => app.page.locator(`.ag-row[row-id="${k}"]`);
  /** Scrolls the grid until the row is drawn (rows outside the viewport are not in the page). */
  async function reveal(k: string): Promise<number> {
    for (let i = 0; i < 60 && (await row(k).count()) === 0; i++) {
      const moved = await app.page.evaluate(() => {
        const scroller = [...document.querySelectorAll<HTMLElement>('[data-testid="deviation-grid"] *')].find(
          (e) => e.scrollHeight > e.clientHeight + 20 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
        );
        if (!scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight) return false;
        scroller.scrollTop += 200;
        return true;
      });
      if (!moved) break;
      await app.page.waitForTimeout(50);
    }
    return row(k).count();
  }
  const cell = (k: string, col: string) => app.page.locator(`.ag-row[row-id="${k}"] .ag-cell[col-id="${col}"]`).first();
  async function shown(k: string) {
    const read = async (col: string) => shownNumber(await cell(k, col).innerText());
    return {
      budgetYear: await read('budgetYear'),
      budgetAcc: await read('budgetAcc'),
      actualAcc: await read('actualAcc'),
      deviationAcc: await read('deviationAcc'),
      actualAccLastYear: await read('actualAccLastYear'),
      forecastYear: await read('forecastYear'),
      deviationForecast: await read('deviationForecast'),
    };
  }
  const cliFigures = (r: CliDeviationRow, divisor: number) => ({
    budgetYear: expected(r.budgetYear, divisor),
    budgetAcc: expected(r.budgetAcc, divisor),
    actualAcc: expected(r.actualAcc, divisor),
    deviationAcc: expected(r.deviationAcc, divisor),
    actualAccLastYear: expected(r.actualAccLastYear, divisor),
    forecastYear: expected(r.forecastYear!, divisor),
    deviationForecast: expected(r.deviationForecast!, divisor),
  });

  it('shows the förvaltning and its sektorer with the figures of `ramkoll deviations`, in tkr and kr', async () => {
    await app.open('uppfoljning');
    await app.page.waitForSelector('[data-testid="deviation-grid"] .ag-row');
    expect(await app.page.getByTestId('period-select').inputValue()).toBe('202610');
    const top = rows.filter((r) => r.level === 'administration' || r.level === 'sector');
    for (const divisor of [100_000, 100]) {
      if (divisor === 100) await app.page.getByLabel('kr', { exact: true }).check();
      for (const r of top) expect(await shown(key(r)), `${r.code} ${r.name}`).toEqual(cliFigures(r, divisor));
    }
    await app.page.getByLabel('tkr', { exact: true }).check();
    const total = app.page.locator('.ag-row[row-id="total"]').first();
    expect(shownNumber(await total.locator('.ag-cell[col-id="actualAcc"]').innerText())).toBe(expected(rows[0]!.actualAcc, 100_000));
    const deviation = await cell(key(rows[0]!), 'deviationAcc').getAttribute('class');
    expect(deviation).toContain(rows[0]!.deviationAcc < 0 ? 'unfavourable' : 'favourable');
    await app.screenshot('uppfoljning');
    expect(app.problems).toEqual([]);
  });

  it('expands a sektor, filters to deviations over the threshold, and finds the enhet', async () => {
    await row(key(sector)).locator('.tree-toggle').click();
    await expect.poll(() => row(key(operation)).count()).toBe(1);
    expect(await row(key(target)).count()).toBe(0);

    await app.page.getByLabel('Endast avvikelser över tröskeln').check();
    // The filter opens the way to what it found.
    await expect.poll(() => reveal(key(target))).toBe(1);
    const ids = await app.page.locator('.ag-row').evaluateAll((els) => els.map((e) => e.getAttribute('row-id')!));
    for (const id of ids) {
      const r = rows.find((x) => key(x) === id);
      if (r?.level === 'unit') expect(r.commentStatus, `${r.code} shown under the threshold filter`).not.toBeNull();
    }
    const quiet = rows.find((r) => r.parent === operation.code && r.level === 'unit' && r.commentStatus === null);
    if (quiet) expect(await row(key(quiet)).count()).toBe(0);
    expect(await shown(key(target))).toEqual(cliFigures(target, 100_000));
    await app.screenshot('uppfoljning-filter');
    expect(app.problems).toEqual([]);
  });

  it('writes orsak and åtgärd for the enhet, marks it klar, approves it as the level above, and the status rolls up', async () => {
    const rollup = async (k: string): Promise<[number, number]> => {
      await reveal(k);
      const m = /(\d+) av (\d+) godkända/.exec(await cell(k, 'rollup').innerText());
      return m ? [Number(m[1]), Number(m[2])] : [0, 0];
    };
    const [opApproved, opRequired] = await rollup(key(operation));
    const [sectorApproved] = await rollup(key(sector));

    await cell(key(target), 'budgetYear').click();
    const panel = app.page.getByTestId('node-panel');
    await expect.poll(() => panel.locator('h2').innerText()).toContain(target.name);
    await panel.getByLabel('Orsak').fill('Fler timanställda vikarier under sommaren än planerat, på grund av hög sjukfrånvaro.');
    await panel.getByLabel('Åtgärd', { exact: true }).fill('Schemaöversyn med bemanningsenheten; vakanser tillsätts med tillsvidareanställda från december.');
    await panel.getByLabel('Förväntad effekt av åtgärden (kr)').fill('150 000');
    await panel.getByRole('button', { name: 'Markera klar' }).click();
    await expect.poll(() => cell(key(target), 'commentStatus').innerText()).toContain('klar');
    await expect.poll(() => cell(key(target), 'commentShort').innerText()).toContain('Fler timanställda vikarier');

    await panel.getByRole('button', { name: 'Godkänn' }).click();
    await expect.poll(() => cell(key(target), 'commentStatus').innerText()).toContain('godkänd');
    await expect.poll(() => rollup(key(operation))).toEqual([opApproved + 1, opRequired]);
    await expect.poll(async () => (await rollup(key(sector)))[0]).toBe(sectorApproved + 1);
    // Author and time on every change, visible in the history.
    const history = await panel.getByTestId('comment-history').innerText();
    expect(history).toMatch(/test: orsak skriven; åtgärd skriven; förväntad effekt skriven; skapad som utkast/);
    expect(history).toMatch(/test: utkast → klar/);
    expect(history).toMatch(/test: klar → godkänd/);
    await app.screenshot('uppfoljning-kommentar');

    const after = runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', '202610']);
    expect(after.find((r) => r.code === target.code)!.commentStatus).toBe('approved');
    expect(app.problems).toEqual([]);
  });

  it('works from the keyboard: arrows open and close rows, Shift+arrows mark cells, Ctrl+C copies them for Excel', async () => {
    await app.page.getByLabel('Endast avvikelser över tröskeln').uncheck();
    await app.page.getByRole('button', { name: 'Fäll ihop alla' }).click();
    await cell(key(rows[0]!), 'name').click();
    await app.page.keyboard.press('ArrowRight');
    const firstSector = rows.find((r) => r.level === 'sector')!;
    await expect.poll(() => row(key(firstSector)).count()).toBe(1);
    await app.page.keyboard.press('ArrowLeft');
    await expect.poll(() => row(key(firstSector)).count()).toBe(0);
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(() => row(key(firstSector)).count()).toBe(1);

    // From the förvaltning's Budget ack, two rows down and one column right (Utfall ack, pinned beside it).
    await cell(key(rows[0]!), 'budgetAcc').click();
    await app.page.keyboard.down('Shift');
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowRight');
    await app.page.keyboard.up('Shift');
    // The listener is in place before the keys are pressed, and keeps what the app put on the clipboard.
    await app.page.evaluate(() => {
      const w = window as unknown as { __copied?: string };
      window.addEventListener('copy', (e) => (w.__copied = (e as ClipboardEvent).clipboardData!.getData('text/plain')), { once: true });
    });
    await app.page.keyboard.press('Control+c');
    const copied = expect.poll(() => app.page.evaluate(() => (window as unknown as { __copied?: string }).__copied ?? null));
    const sectors = rows.filter((r) => r.level === 'sector');
    const lines = [rows[0]!, sectors[0]!, sectors[1]!].map((r) => `${expected(r.budgetAcc, 100_000)}\t${expected(r.actualAcc, 100_000)}`);
    await copied.toBe(lines.join('\r\n'));
    expect(app.problems).toEqual([]);
  });

  it('sorts within siblings, searches the hierarchy, shows account groups and accounts, and exports what it shows to Excel', async () => {
    const order = async () =>
      (await app.page.locator('.ag-row[row-index]').evaluateAll((els) => els.map((e) => [e.getAttribute('row-id')!, Number(e.getAttribute('row-index'))] as const)))
        .filter(([id]) => id !== 'total')
        .sort((a, b) => a[1] - b[1])
        .map(([id]) => id)
        .filter((id, i, all) => all.indexOf(id) === i);
    await app.page.getByRole('button', { name: 'Fäll ihop alla' }).click();
    await row(key(rows[0]!)).locator('.tree-toggle').click();
    await row(key(sector)).locator('.tree-toggle').click();
    const sectors = rows.filter((r) => r.level === 'sector');
    const operations = rows.filter((r) => r.parent === sector.code && (r.level === 'operation' || r.level === 'direct'));
    const header = app.page.locator('.ag-header-cell[col-id="budgetYear"]');
    for (const direction of [1, -1]) {
      await header.click();
      const bySize = (list: CliDeviationRow[]) => [...list].sort((a, b) => direction * (a.budgetYear - b.budgetYear));
      const expectedOrder = [key(rows[0]!)];
      for (const s of bySize(sectors)) {
        expectedOrder.push(key(s));
        if (s === sector) expectedOrder.push(...bySize(operations).map(key));
      }
      await expect.poll(order).toEqual(expectedOrder);
    }
    await header.click();

    await app.page.getByLabel('Sök ansvar').fill(operation.name);
    await expect.poll(() => row(key(operation)).count()).toBe(1);
    const other = sectors.find((s) => s !== sector)!;
    expect(await row(key(other)).count()).toBe(0);
    await app.page.getByLabel('Sök ansvar').fill('');

    await app.page.getByLabel('Kontogrupper').check();
    const personnel = `${key(rows[0]!)}/g:personnel`;
    await expect.poll(() => row(personnel).count()).toBe(1);
    await row(personnel).locator('.tree-toggle').click();
    await expect.poll(() => row(`${personnel}/a:5010`).count()).toBe(1);
    expect(await cell(`${personnel}/a:5010`, 'name').innerText()).toContain('Månadslön');
    await app.screenshot('uppfoljning-kontogrupper');
    await app.page.getByLabel('Kontogrupper').uncheck();

    const file = path.join(path.dirname(db), 'avvikelser.xlsx');
    ctx.dialogs.queue.push(file);
    await app.page.getByRole('button', { name: 'Exportera till Excel' }).click();
    // ExcelJS is loaded on the first export: more than the poll's default second on a busy machine.
    await expect.poll(() => app.page.getByText(/rader exporterade till avvikelser\.xlsx/).count(), { timeout: 15_000 }).toBe(1);
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Avvikelser')!;
    expect(ws.getRow(5).getCell(1).value).toBe(rows[0]!.code);
    expect(ws.getRow(5).getCell(5).value).toBeCloseTo(rows[0]!.actualAcc / 100_000, 5);
    expect(app.problems).toEqual([]);
  });

  it('shows the chart and what a figure is made of', async () => {
    await cell(key(sector), 'budgetYear').click();
    const panel = app.page.getByTestId('node-panel');
    await panel.getByRole('tab', { name: 'Diagram' }).click();
    await expect.poll(() => panel.locator('svg path.line-actual').count()).toBe(1);
    expect(await panel.locator('svg path.line-forecast').count()).toBe(1);
    await app.screenshot('uppfoljning-diagram');
    await panel.getByRole('tab', { name: 'Underlag' }).click();
    await expect.poll(() => panel.getByTestId('drilldown').locator('table').count()).toBeGreaterThanOrEqual(3);
    expect(await panel.getByTestId('drilldown').innerText()).toContain('Demo: utfall');
    expect(app.problems).toEqual([]);
  });

  it('shows forecast accuracy, the calendar, and on Översikt the comments that are missing and overdue', async () => {
    await app.page.getByRole('tab', { name: 'Prognosträffsäkerhet' }).click();
    await app.page.getByTestId('accuracy-table').waitFor();
    await app.screenshot('uppfoljning-traffsakerhet');
    await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).click();
    await expect.poll(() => app.page.locator('.calendar-table tbody tr').count()).toBe(9);
    await app.screenshot('uppfoljning-arshjul');

    await app.open('oversikt');
    const panel = app.page.getByTestId('round-panel');
    await panel.waitFor();
    // The test clock is 20 November: the enheter's deadline (15 November) has passed.
    const unitRow = panel.locator('tr[data-level="unit"]');
    expect(await unitRow.innerText()).toContain('2026-11-15 (passerat)');
    expect(Number(await unitRow.locator('td').last().innerText())).toBeGreaterThan(0);
    await app.screenshot('oversikt-kommentarer');
    expect(app.problems).toEqual([]);
  });
  it('ranks every enhet across the tree in a flat Största avvikelser list, and Ctrl+End / Ctrl+Home go to the last and first cell', async () => {
    // A new page load: the filters and the search of the tests before are the session's, and start afresh.
    await app.open('uppfoljning');
    await app.page.reload();
    await app.page.getByTestId('deviation-grid').locator('.ag-row').first().waitFor();
    await app.page.getByLabel('Största avvikelser').check();
    // The rows without an organisational node below them (enheter, and the direct and unknown rows), most unfavourable first.
    const isNode = (r: CliDeviationRow) => r.level !== 'direct' && r.level !== 'unknown';
    const leaves = rows.filter((r) => !isNode(r) || !rows.some((c) => isNode(c) && c.parent === r.code));
    const ranked = [...leaves].sort((a, b) => a.deviationAcc - b.deviationAcc);
    await expect.poll(() => app.page.getByTestId('visible-count').innerText()).toBe(`${leaves.length.toLocaleString('sv-SE')} rader visas`);
    const firstIds = async () =>
      (await app.page.locator('[data-testid="deviation-grid"] .ag-row[row-index]:not(.ag-row-pinned)').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('row-index')), e.getAttribute('row-id')!] as const)))
        .sort((a, b) => a[0] - b[0])
        .map(([, id]) => id)
        .filter((id, i, all) => all.indexOf(id) === i)
        .slice(0, 3);
    await expect.poll(firstIds).toEqual(ranked.slice(0, 3).map(key));

    const focused = () =>
      app.page.evaluate(() => {
        const c = document.activeElement?.closest('.ag-cell');
        return c ? { row: Number(c.closest('.ag-row')!.getAttribute('row-index')), col: c.getAttribute('col-id') } : null;
      });
    const lastCol = await app.page.locator('[data-testid="deviation-grid"] .ag-header-cell[col-id]').evaluateAll((els) => {
      const shown = els.map((e) => ({ id: e.getAttribute('col-id')!, left: e.getBoundingClientRect().left + (e.closest('.ag-header-viewport') ? 10_000 : 0) }));
      return shown.sort((a, b) => a.left - b.left).at(-1)!.id;
    });
    await cell(key(ranked[0]!), 'name').click();
    await app.page.keyboard.press('Control+End');
    await expect.poll(focused).toEqual({ row: leaves.length - 1, col: lastCol });
    await app.page.keyboard.press('Control+Home');
    await expect.poll(focused).toEqual({ row: 0, col: 'name' });
    await app.page.keyboard.press('Control+ArrowRight');
    await expect.poll(focused).toEqual({ row: 0, col: lastCol });
    await app.page.keyboard.press('Control+ArrowDown');
    await expect.poll(focused).toEqual({ row: leaves.length - 1, col: lastCol });
    await app.page.getByLabel('Träd').check();
    expect(app.problems).toEqual([]);
  });
});
