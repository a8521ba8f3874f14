import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

const fixture = (name: string) => path.join(FIXTURES, 'ledger', name);
const expected = JSON.parse(fs.readFileSync(fixture('expected.json'), 'utf8')) as Record<string, Record<string, number>>;
/** "3 920 816,40" as the page shows kronor, worked out here without the app's formatting code. */
function kr(ore: number): string {
  const abs = Math.abs(ore);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${ore < 0 ? '\u2212' : ''}${whole},${String(abs % 100).padStart(2, '0')}`;
}

describe('Import page in Chromium', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dbDir: string;

  beforeAll(async () => {
    dbDir = fs.mkdtempSync(path.join(tempDir('ramkoll-e2e-import-'), '..', 'ramkoll-e2e-import-keep-'));
    ctx = await openTestContext(path.join(dbDir, 'demo.db'), { demo: true });
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  const sumOf = (p: number) => (ctx.db.prepare('SELECT coalesce(sum(amount_ore), 0) AS s FROM actual_balance WHERE period = ?').get(p) as { s: number }).s;

  it('chooses a file, previews it with the detected mapping and control totals, imports it, and undoes it from the history', async () => {
    const march = sumOf(202603);
    ctx.dialogs.queue.push(fixture('raindance-2026-03.csv'));
    await app.open('import');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await app.page.getByTestId('preview').waitFor();
    expect(await app.page.getByTestId('chosen-file').innerText()).toBe('raindance-2026-03.csv');
    // The detected mapping: Konto and Belopp columns chosen from the headers.
    expect(await app.page.locator('select[data-field="account"] option:checked').innerText()).toBe('C: Konto');
    expect(await app.page.locator('select[data-field="amount"] option:checked').innerText()).toBe('J: Belopp');
    expect(await app.page.getByTestId('total').innerText()).toBe(kr(expected['raindance-2026-03.csv']!['202603']!));
    expect(await app.page.getByTestId('unknown-codes').innerText()).toContain('Okänt konto i Ramkoll');
    expect(await app.page.locator('tr.row-skipped').count()).toBe(3);
    await app.screenshot('import-forhandsgranskning');

    // Seven rows over the demo's whole March: the page says so, and the import waits for a confirmation.
    expect(await app.page.getByTestId('import-warnings').innerText()).toMatch(/Filen har \d+ kodsträngar för mars 2026, men perioden har [\d\s\u00a0]+ saldon nu/);
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(true);
    await app.page.getByTestId('confirm-warnings').check();
    await app.page.getByTestId('import-button').click();
    await app.page.getByTestId('import-result').waitFor();
    expect(await app.page.getByTestId('import-result').innerText()).toMatch(/Inläst: 7 rader, 1 period \(202603\)/);
    expect(sumOf(202603)).toBe(expected['raindance-2026-03.csv']!['202603']);
    const row = app.page.locator('[data-testid="batch-history"] tbody tr').first();
    await expect.poll(() => row.innerText()).toContain('raindance-2026-03.csv');
    expect(await row.getByTestId('batch-status').innerText()).toBe('aktiv');
    // The demo's batch for January–October covers March too: it says, in words, which undo must come first.
    const demoRow = app.page.locator('[data-testid="batch-history"] tbody tr', { hasText: 'Demo: utfall januari' });
    expect(await demoRow.getByTestId('undo-blocked').innerText()).toBe('Ångra först den senare inläsningen av raindance-2026-03.csv');
    expect(await demoRow.getByRole('button').count()).toBe(0);
    await app.screenshot('import-inlast');

    // The app's own dialog, not the browser's confirm(): titled, focus on Avbryt (it undoes an import), Esc cancels.
    const undoButton = row.getByRole('button', { name: /Ångra inläsningen av raindance-2026-03\.csv/ });
    await undoButton.click();
    const dialog = app.page.getByRole('alertdialog', { name: 'Ångra inläsningen av raindance-2026-03.csv?' });
    await dialog.waitFor();
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toBe('Avbryt');
    await expectNoSeriousA11yViolations(app.page, 'import-angra-fraga');
    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await row.getByTestId('batch-status').innerText()).toBe('aktiv');
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toMatch(/Ångra/);
    await undoButton.click();
    await dialog.getByRole('button', { name: 'Ångra inläsningen' }).click();
    await expect.poll(() => row.getByTestId('batch-status').innerText()).toMatch(/^ångrad/);
    expect(sumOf(202603)).toBe(march);
    await app.screenshot('import-angrad');
    expect(app.problems).toEqual([]);
  });

  it('takes a dropped file, highlights problems and refuses to import while they remain', async () => {
    await app.open('import');
    const content = fs.readFileSync(path.join(FIXTURES, 'ledger', 'bad', 'fel-belopp.csv'), 'latin1');
    const dataTransfer = await app.page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'fel-belopp.csv', { type: 'text/csv' }));
      return dt;
    }, content);
    await app.page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await app.page.getByTestId('problems').waitFor();
    expect(await app.page.getByTestId('chosen-file').innerText()).toBe('fel-belopp.csv');
    expect(await app.page.getByTestId('problems').innerText()).toMatch(/fel-belopp\.csv, rad 2, kolumn Belopp \(D\): "12,345" är inget belopp/);
    expect(await app.page.locator('td.cell-problem').count()).toBe(3);
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(true);
    await app.screenshot('import-fel');
    expect(app.problems).toEqual([]);
  });

  it('reads an Excel workbook, picking the sheet with the table and letting the user choose another', async () => {
    ctx.dialogs.queue.push(fixture('agresso-utfall.xlsx'));
    await app.open('import');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await app.page.getByTestId('preview').waitFor();
    const sheetSelect = app.page.getByLabel('Blad i arbetsboken');
    expect(await sheetSelect.inputValue()).toBe('Utfall');
    // Worked out by hand from the fixture: 12 345,50 + 0,30 + 412 000,25 − 1 500,00.
    expect(await app.page.getByTestId('total').innerText()).toBe(kr(1234550 + 30 + 41050025));
    await app.screenshot('import-excel');
    await sheetSelect.selectOption('Info');
    await app.page.getByText(/hittar ingen rubrikrad med Konto och Belopp/).waitFor();
    expect(app.problems).toEqual([]);
  });

  it('lets the user correct the detected encoding in the mapping: a DOS (CP437) export read as Windows-1252 shows its names right after the change', async () => {
    const file = path.join(dbDir, 'dos-utfall.csv');
    fs.writeFileSync(file, iconv.encode('Ansvar;Ansvar text;Konto;Period;Belopp\r\n31101;Solgårdens äldreboende;4010;202603;100,00\r\n', 'cp437'));
    ctx.dialogs.queue.push(file);
    await app.open('import');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await app.page.getByTestId('preview').waitFor();
    // Not UTF-8, so detection guesses Windows-1252, where CP437's å and ä are † and „.
    expect(await app.page.getByTestId('preview').innerText()).toContain('Solg\u2020rdens \u201eldreboende');
    await app.page.getByLabel('Teckenkodning').selectOption('cp437');
    await app.page.getByRole('button', { name: 'Uppdatera förhandsgranskningen' }).click();
    await expect.poll(() => app.page.getByTestId('preview').innerText()).toContain('Solgårdens äldreboende');
    expect(await app.page.getByTestId('preview').innerText()).toContain('cp437');
    expect(app.problems).toEqual([]);
  });

  it('reads the period field as ÅÅÅÅMM or ÅÅÅÅ-MM, and says so when it cannot read it or the control sum, instead of importing every period', async () => {
    await app.open('import');
    const field = app.page.getByLabel(/Period för hela filen/);
    // "feb" is no period: a message, no preview (before, the field was silently ignored and both months were read).
    await field.fill('feb');
    ctx.dialogs.queue.push(fixture('unit4-utfall.txt'));
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await app.page.getByText(/Perioden "feb" går inte att läsa/).waitFor();
    expect(await app.page.getByTestId('preview').count()).toBe(0);
    // "2026-02" is read as 202602: only February of the file's January and February.
    await field.fill('2026-02');
    await app.page.getByRole('button', { name: 'Förhandsgranska med profilen' }).click();
    await app.page.getByTestId('preview').waitFor();
    const totals = app.page.getByTestId('control-totals');
    expect(await totals.locator('tr[data-period]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-period')))).toEqual(['202602']);
    expect(await app.page.getByTestId('total').innerText()).toBe(kr(expected['unit4-utfall.txt']!['202602']!));
    // A few rows over the demo's February: ready once the warnings are confirmed.
    await app.page.getByTestId('confirm-warnings').check();
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(false);
    // A field changed after the preview: the import waits for a new preview, so what is imported is what was shown.
    await field.fill('');
    await app.page.getByTestId('preview-stale').waitFor();
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(true);
    await field.fill('2026-02');
    await app.page.getByRole('button', { name: 'Förhandsgranska med profilen' }).click();
    await expect.poll(() => app.page.getByTestId('preview-stale').count()).toBe(0);
    // So does another profile chosen in the list: the preview shows the mapping of the one before.
    await app.page.getByLabel('Mappningsprofil').selectOption({ label: 'Visma – transaktioner med debet och kredit (inbyggd)' });
    await app.page.getByTestId('preview-stale').waitFor();
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(true);
    await app.page.getByLabel('Mappningsprofil').selectOption({ label: 'Automatisk (kolumnerna känns igen från rubrikerna)' });
    // A control sum that is no amount stops the preview with its own message.
    await app.page.getByLabel(/Förväntad kontrollsumma/).fill('12,345');
    await app.page.getByRole('button', { name: 'Förhandsgranska med profilen' }).click();
    await app.page.getByText(/Kontrollsumman "12,345" är inget belopp/).waitFor();
    expect(await app.page.getByTestId('preview').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('shows per period what the import replaces, warns about a 2-row correction of a whole month, and imports it for its own ansvar only after a confirmation', async () => {
    const MAY = 202605;
    const q = (sql: string, ...params: unknown[]) => ctx.db.prepare(sql).get(...params) as { n: number; s: number };
    const month = q('SELECT count(*) AS n, coalesce(sum(amount_ore), 0) AS s FROM actual_balance WHERE period = ?', MAY);
    const unitSql = 'SELECT count(*) AS n, coalesce(sum(b.amount_ore), 0) AS s FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE b.period = ? AND c.responsibility_code = ?';
    const unit = q(unitSql, MAY, '31101');
    const others = () =>
      JSON.stringify(ctx.db.prepare("SELECT b.coding_id, b.amount_ore, b.batch_no FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE b.period = ? AND c.responsibility_code <> '31101' ORDER BY 1").all(MAY));
    const othersBefore = others();
    expect(month.n).toBeGreaterThan(100);
    expect(unit.n).toBeGreaterThan(4);
    const file = path.join(dbDir, 'rattelse-31101-maj.csv');
    fs.writeFileSync(file, 'Ansvar;Konto;Period;Belopp\r\n31101;4010;202605;30 000 000,00\r\n31101;5010;202605;24 000 000,00\r\n');
    const fileOre = 54_000_000_00;
    ctx.dialogs.queue.push(file);
    await app.open('import');
    // A fresh page: the test before left its period and control sum in the fields.
    await app.page.reload();
    await app.page.waitForSelector('main h1');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    const table = app.page.getByTestId('replaced-per-period');
    await table.waitFor();
    const cells = () => table.locator(`tr[data-period="${MAY}"] td`).allInnerTexts();
    const count = (n: number) => n.toLocaleString('sv-SE');
    // Now, the file, the difference, the balances replaced and the file's kodsträngar, for the whole month.
    expect(await cells()).toEqual(['maj 2026', kr(month.s), kr(fileOre), kr(fileOre - month.s), count(month.n), '2']);
    const warnings = app.page.getByTestId('import-warnings');
    expect(await warnings.innerText()).toContain(`Filen har 2 kodsträngar för maj 2026, men perioden har ${count(month.n)} saldon nu. Inläsningen ersätter alla ${count(month.n)}`);
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(true);
    expect(await app.page.getByTestId('needs-confirmation').innerText()).toMatch(/bekräfta/);
    await app.screenshot('import-varning-hel-period');

    // Only the ansvar the file has rows for: the figures concern 31101 alone.
    await app.page.getByLabel(/bara de ansvar filen har rader för/).check();
    await expect.poll(cells).toEqual(['maj 2026', kr(unit.s), kr(fileOre), kr(fileOre - unit.s), count(unit.n), '2']);
    expect(await table.locator('caption').innerText()).toContain('filens ansvar: 31101');
    // The confirmation was for the other preview's warnings: it is asked for again.
    expect(await app.page.getByTestId('confirm-warnings').isChecked()).toBe(false);
    expect(await app.page.getByTestId('import-button').isDisabled()).toBe(true);
    await app.page.getByTestId('confirm-warnings').check();
    await app.screenshot('import-rattelse-bekraftad');
    await app.page.getByTestId('import-button').click();
    await app.page.getByTestId('import-result').waitFor();
    expect(await app.page.getByTestId('import-result').innerText()).toContain(`${unit.n} tidigare saldon för filens ansvar (31101) ersattes`);
    expect(q(unitSql, MAY, '31101')).toEqual({ n: 2, s: fileOre });
    expect(others()).toBe(othersBefore);
    expect(app.problems).toEqual([]);
  });
});
