import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { setSite, siteInfo } from '../../electron/services/exchange/identity';
import { generateDemo } from '../../electron/services/demo/generate';
import { openRamkollDatabase } from '../../electron/services/setup';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { QueuedDialogs, type TestContext } from '../support/db';
import { receive } from '../support/exchange';
import { docxContent, pdfRowNumbers, pdfText, swedishNumber, words, xlsxSheets, type SheetRows } from '../support/reports';
import { tempDir } from '../support/tmp';

/**
 * Issue 19's first Done-when, end to end in Chromium at 1366×768: a
 * sektorchef writes Väsentliga händelser in its own installation and sends
 * it by package; the controller approves it, imports a personnel export and
 * records an intern kontroll result in the app, and exports the
 * delårsrapport as PDF, docx and xlsx. Read back, each has the approved
 * texts in the order of the kinds of section (read from the data), none of
 * the unapproved, and the personnel figures of the file as it is written.
 */

// The demo as it stands on 20 September: August (the delårsrapport) is the open round.
const NOW = new Date('2026-09-20T10:00:00Z');
const AUGUST = 202608;
const SECTOR = '3300';
const SECTOR_NAME = 'Individ- och familjeomsorg';
const VIEWPORT = { width: 1366, height: 768 };

const EVENTS_TEXT = 'Familjecentralen i Norra staden öppnade i juni och har haft 240 besök sedan dess.';
const SUMMARY_TEXT = 'Sektorn håller budgeten efter augusti trots fler placeringar av barn och unga.';
// Written and marked klar, never approved: must not reach the report.
const FUTURE_TEXT = 'Utkastet om framtiden som ingen har godkänt nämner en ny mottagning.';
const CONTROL_TEXT = 'Tjugo attesterade fakturor granskades i augusti utan anmärkning.';

let app: AppSession | null = null;
const open: TestContext[] = [];

afterEach(async () => {
  await app?.close();
  app = null;
  for (const c of open.splice(0)) c.db.close();
});

async function contextAt(file: string, demo: boolean): Promise<TestContext> {
  const { db, site } = await openRamkollDatabase(file, { create: true }, NOW);
  if (demo) generateDemo(db, { siteId: site.id, user: 'test', now: NOW });
  const ctx: TestContext = {
    db,
    site,
    user: 'test',
    now: () => NOW,
    progress: () => {},
    signal: new AbortController().signal,
    files: { readable: (p) => p, writable: (p) => p },
    dialogs: new QueuedDialogs(),
  };
  open.push(ctx);
  return ctx;
}

async function closeApp(): Promise<void> {
  await app?.close();
  app = null;
}

/** Uppföljning › Texter on the occasion of August. */
async function openTexts(page: Page): Promise<void> {
  await app!.open('uppfoljning');
  await page.getByTestId('period-select').selectOption(String(AUGUST));
  await page.getByRole('tab', { name: 'Texter', exact: true }).click();
}

/** Writes a text in the editor and marks it klar, as the sektorchef does. */
async function writeReady(page: Page, kind: string, text: string): Promise<void> {
  await page.getByTestId(`text-cell-${kind}-${SECTOR}`).click();
  const body = page.getByLabel('Text', { exact: true });
  await body.waitFor();
  await body.fill(text);
  await page.getByRole('status').filter({ hasText: 'Utkastet är sparat.' }).waitFor();
  await page.getByRole('button', { name: 'Markera klar' }).click();
  await page.getByRole('status').filter({ hasText: 'Markerad klar.' }).waitFor();
  await page.keyboard.press('Escape');
}

/** The HR export the controller imports: a row per sektor for August and for August a year earlier, as an HR system writes it. */
function writeHrExport(file: string, sectors: readonly { code: string; name: string }[]): void {
  const lines = ['Period;Ansvar;Ansvar (T);Antal anställda;Årsarbetare;Sjukfrånvaro totalt %;Personalkostnad kr'];
  sectors.forEach((s, i) => {
    for (const [period, shift] of [
      [AUGUST, 0],
      [AUGUST - 100, -9],
    ] as const) {
      const employees = 101 + 57 * i + shift;
      const fteTenths = employees * 9 - 7 * i;
      lines.push(
        `${period};${s.code};${s.name};${employees};${Math.floor(fteTenths / 10)},${fteTenths % 10};${6 + i + (shift ? 1 : 0)},${(3 * i + 4) % 10};${(4_100 + 1_234 * i + shift).toLocaleString('sv-SE').replace(/\u00a0/g, ' ')} 000`,
      );
    }
  });
  lines.push(';Totalt;;;;;');
  fs.writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

interface FileRow {
  period: number;
  code: string;
  name: string;
  employees: number;
  fte: number;
  sick: number;
  costTkr: number;
}

/** The export as the test reads it, apart from Ramkoll's reader: the figures as the file writes them. */
function readHrExport(file: string): FileRow[] {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(';'))
    .filter((c) => /^\d{6}$/.test(c[0]!))
    .map((c) => ({
      period: Number(c[0]),
      code: c[1]!,
      name: c[2]!,
      employees: Number(c[3]),
      fte: swedishNumber(c[4]!)!,
      sick: swedishNumber(c[5]!)!,
      // Whole thousands of kronor: the report's tkr.
      costTkr: Number(c[6]!.replace(/\s/g, '')) / 1000,
    }));
}

/** Every cell that holds text, sheet by sheet in the workbook's order (shared strings and rich text alike). */
function xlsxTexts(sheets: Map<string, SheetRows>): string {
  const out: string[] = [];
  for (const rows of sheets.values()) {
    for (const r of rows) {
      for (const v of r ?? []) {
        if (typeof v === 'string') out.push(v);
        else if (v && typeof v === 'object' && 'richText' in v) out.push((v.richText as { text: string }[]).map((t) => t.text).join(''));
      }
    }
  }
  return out.join('\n');
}

/** Every row of a table (docx rows, xlsx rows) whose first cell is exactly `label`, as its numbers. */
function rowsNamed(rows: readonly (readonly unknown[] | undefined)[], label: string): number[][] {
  return rows
    .filter((r) => r !== undefined && String(r[0] ?? '').trim() === label)
    .map((r) => r!.slice(1).map((v) => (typeof v === 'number' ? v : typeof v === 'string' ? swedishNumber(v) : null)).filter((v): v is number => v !== null));
}

/** Positions of the texts in `text`, in the order given; -1 where one is missing. */
const positions = (text: string, items: readonly string[]) => items.map((t) => words(text).indexOf(words(t)));

describe('issue 19 Done-when: sektorchef’s text by package, approved, personnel export and intern kontroll, in the delårsrapport', () => {
  it('the PDF, docx and xlsx have the approved texts in the kinds’ order, not the unapproved, and the file’s personnel figures', async () => {
    const dir = tempDir('ramkoll-e2e-done19-');
    const controller = await contextAt(path.join(dir, 'controller.db'), true);
    const chief = await contextAt(path.join(dir, 'sektorchef.db'), false);
    setSite(chief.db, { role: 'sektorchef', scope: SECTOR, name: 'Sektorchef IFO' }, NOW);
    setSite(controller.db, { role: 'controller', scope: null, name: 'Controller socialförvaltningen' }, NOW);

    // The sektorchef's installation is set up from the controller's package.
    const intro = path.join(dir, 'presentation.ramkoll');
    exportIntroduction(chief.db, intro, NOW);
    await receive(controller, intro);
    const toChief = path.join(dir, 'till-sektorn.ramkoll');
    exportPackage(controller.db, { to: siteInfo(chief.db).id, file: toChief, now: NOW });
    expect((await receive(chief, toChief)).refused).toBe(0);

    // The sektorchef writes in the app: Väsentliga händelser and Sammanfattning, and a Framtid text that stays klar.
    app = await launchApp(chief, { viewport: VIEWPORT });
    let page = app.page;
    await openTexts(page);
    await writeReady(page, 'events', EVENTS_TEXT);
    await writeReady(page, 'future', FUTURE_TEXT);
    await writeReady(page, 'summary', SUMMARY_TEXT);
    expect(app.problems).toEqual([]);
    await closeApp();
    const back = path.join(dir, 'tillbaka.ramkoll');
    exportPackage(chief.db, { to: siteInfo(controller.db).id, file: back, now: NOW });

    // The controller reads the package in and approves two of the three in the app.
    const got = await receive(controller, back);
    expect(got.refused).toBe(0);
    app = await launchApp(controller, { viewport: VIEWPORT });
    page = app.page;
    await openTexts(page);
    for (const kind of ['events', 'summary']) {
      await page.getByTestId(`text-cell-${kind}-${SECTOR}`).click();
      await page.getByLabel('Text', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Godkänn' }).click();
      await page.getByRole('status').filter({ hasText: 'Godkänd.' }).waitFor();
      await page.keyboard.press('Escape');
    }
    const texts = await call('texts.list', { period: AUGUST }, controller);
    const status = (kind: string) => texts.find((t) => t.code === SECTOR && t.kind === kind)?.status;
    expect([status('events'), status('summary'), status('future')]).toEqual(['approved', 'approved', 'ready']);

    // The personnel export through Import › Personalsiffror.
    const sectors = (await call('personnel.figures', { period: AUGUST }, controller)).filter((r) => r.level === 'sector').map((r) => ({ code: r.code, name: r.name }));
    expect(sectors.length).toBeGreaterThan(1);
    const hr = path.join(dir, 'hr-export-augusti.csv');
    writeHrExport(hr, sectors);
    await app.open('import');
    const section = page.getByTestId('personnel-import');
    controller.dialogs.queue.push(hr);
    await section.getByRole('button', { name: 'Välj personalfil …' }).click();
    // The demo has imported both months: the replacement is confirmed.
    await section.getByTestId('personnel-warnings').getByRole('checkbox').check();
    await section.getByTestId('personnel-import-button').click();
    await section.getByTestId('personnel-result').filter({ hasText: 'hr-export-augusti.csv är inläst' }).waitFor();

    // An intern kontroll result for the delår, in Uppföljning › Intern kontroll.
    const plan = await call('control.plan', { year: 2026 }, controller);
    const interim = plan.occasions.find((o) => o.period === AUGUST)!;
    const control = plan.controls.find((c) => c.occasionKinds.includes('interim') && !c.results[interim.id])!;
    expect(control).toBeDefined();
    await app.open('uppfoljning');
    await page.getByRole('tab', { name: 'Intern kontroll', exact: true }).click();
    await page.getByTestId('control-occasion').selectOption(interim.id);
    await page.getByTestId(`control-row-${control.code}`).click();
    await page.getByTestId('control-observations').fill(CONTROL_TEXT);
    await page.getByTestId('control-observations').press('Control+Enter');
    await page.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();
    await page.getByTestId('control-observations').press('Escape');

    // The delårsrapport from Rapporter, in the three formats.
    const exported: Record<'pdf' | 'docx' | 'xlsx', string> = { pdf: path.join(dir, 'delar.pdf'), docx: path.join(dir, 'delar.docx'), xlsx: path.join(dir, 'delar.xlsx') };
    for (const format of ['pdf', 'docx', 'xlsx'] as const) {
      await app.open('oversikt');
      await app.open('rapporter');
      await page.getByLabel('Uppföljningstillfälle').selectOption(String(AUGUST));
      await page.getByTestId('report-preview').waitFor();
      await page.getByTestId('open-export').click();
      await page.getByTestId(`format-${format}`).check();
      controller.dialogs.queue.push(exported[format]);
      await page.getByTestId('export-save').click();
      await page.getByTestId('export-done').waitFor({ timeout: 90_000 });
      await page.getByRole('button', { name: 'Stäng' }).click();
    }
    expect(app.problems).toEqual([]);

    // What is expected, from the data and the file, not from the report code.
    const kinds = (await call('texts.round', { occasionId: interim.id }, controller)).kinds.map((k) => k.code);
    const personnelMarker = `Personal ${AUGUST % 100}/2026`;
    const ordered = [
      { kind: 'events', text: EVENTS_TEXT },
      { kind: 'summary', text: SUMMARY_TEXT },
      { kind: 'personnel', text: personnelMarker },
      { kind: 'internal_control', text: CONTROL_TEXT },
    ].sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
    expect(ordered.every((o) => kinds.includes(o.kind))).toBe(true);
    // Every text of the occasion that is not approved, the sektorchef's Framtid and the demo's among them.
    const unapproved = texts.filter((t) => t.status !== 'approved').map((t) => t.text.split('\n')[0]!.replace(/[*|]/g, '').trim()).filter((t) => t.length > 20);
    expect(unapproved).toContain(FUTURE_TEXT);

    const file = readHrExport(hr);
    const of = (period: number, code: string) => file.find((r) => r.period === period && r.code === code)!;
    const expectedMain = (code: string) => {
      const now = of(AUGUST, code);
      const before = of(AUGUST - 100, code);
      return [now.employees, before.employees, now.fte, before.fte, now.sick, before.sick];
    };
    const expectedCost = (code: string) => [of(AUGUST, code).costTkr, of(AUGUST - 100, code).costTkr];
    const sum = (period: number, k: 'employees' | 'fte') => Math.round(file.filter((r) => r.period === period).reduce((s, r) => s + r[k] * 10, 0)) / 10;
    const admin = (await call('personnel.figures', { period: AUGUST }, controller)).find((r) => r.level === 'administration')!;

    const pdf = pdfText(exported.pdf, false);
    const docx = docxContent(exported.docx);
    const { sheets } = await xlsxSheets(exported.xlsx);
    // The docx's running text in document order: paragraphs and table cells as the XML has them.
    const readBack = { pdf, docx: [...docx.xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' '), xlsx: xlsxTexts(sheets) };
    for (const [format, text] of Object.entries(readBack)) {
      const at = positions(text, ordered.map((o) => o.text));
      expect(at.every((p) => p >= 0), `${format}: every approved text and section is there (${JSON.stringify(at)})`).toBe(true);
      expect([...at].sort((a, b) => a - b), `${format}: in the order of the kinds ${ordered.map((o) => o.kind).join(', ')}`).toEqual(at);
      for (const u of unapproved) expect(words(text), `${format}: unapproved "${u}"`).not.toContain(words(u));
    }

    // The personnel figures are the file's: per sektor with the year before, the costs in tkr, and the förvaltning's sums.
    const pdfRows = pdfText(exported.pdf);
    const xlsxRows = [...sheets.values()].flat();
    for (const s of sectors) {
      expect(pdfRowNumbers(pdfRows, s.name, personnelMarker), `pdf ${s.code}`).toEqual(expectedMain(s.code));
      expect(pdfRowNumbers(pdfRows, s.name, `Personalkostnad ${AUGUST % 100}/2026`), `pdf cost ${s.code}`).toEqual(expectedCost(s.code));
      expect(rowsNamed(docx.rows, s.name).slice(0, 2), `docx ${s.code}`).toEqual([expectedMain(s.code), expectedCost(s.code)]);
      expect(rowsNamed(xlsxRows, s.name).slice(0, 2), `xlsx ${s.code}`).toEqual([expectedMain(s.code), expectedCost(s.code)]);
    }
    // The first row with the förvaltning's name and the main table's six figures (other tables name it too, without them).
    const mainRow = (rows: number[][]) => rows.find((r) => r.length === 6) ?? [];
    for (const rows of [mainRow(rowsNamed(docx.rows, admin.name)), mainRow(rowsNamed(xlsxRows, admin.name)), pdfRowNumbers(pdfRows, admin.name, personnelMarker)!]) {
      expect(rows.slice(0, 4)).toEqual([sum(AUGUST, 'employees'), sum(AUGUST - 100, 'employees'), sum(AUGUST, 'fte'), sum(AUGUST - 100, 'fte')]);
    }
    expect(SECTOR_NAME).toBe(sectors.find((s) => s.code === SECTOR)!.name);
  }, 400_000);
});
