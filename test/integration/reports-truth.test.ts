/**
 * Reports tell the truth about themselves (issue 13, part 5): a report whose
 * months lack outcome says it is preliminary and compares like with like;
 * "Åtgärder för budget i balans" counts each effect once; a fastställd
 * report carries the day it was fastställd; red means unfavourable, never
 * merely negative. Every format is read back with tools of its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { call } from '../support/call';
import { occasionForPeriod } from '../../electron/services/followup/calendar';
import { lockOccasion, unlockOccasion } from '../../electron/services/followup/snapshot';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import { reportHtml } from '../../electron/services/reports/html';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { actor, suiteDir } from '../support/goals';
import { docxContent, docxRowNumbers, effectsCountedOnce, expectedInUnit, flat, pdfRowNumbers, pdfText, xlsxRowNumbers, xlsxSheets } from '../support/reports';
import { ROOT } from '../support/tmp';

const AUGUST = 202608;
const OCTOBER = 202610;
const DECEMBER = 202612;
const NOTICE = 'Utfall saknas för november–december; rapporten är preliminär.';
const dir = suiteDir('ramkoll-reports-truth-');
const demo = path.join(dir, 'demo.db');
const out = (name: string) => path.join(dir, name);

/** Closes the WAL into the file, then copies it and runs the SQL on the copy. */
function copyDb(from: string, to: string, sql: string[] = []): void {
  const db = new BetterSqlite3(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.copyFileSync(from, to);
  const c = new BetterSqlite3(to);
  for (const s of sql) c.exec(s);
  c.pragma('wal_checkpoint(TRUNCATE)');
  c.close();
}

function report(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), 'report', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const responsibility = (code: string) => `(SELECT v.id FROM dimension_value v JOIN dimension d ON d.id = v.dimension_id WHERE d.kind = 'responsibility' AND v.code = '${code}')`;

beforeAll(() => {
  expect(runCli(['init', '--db', demo, '--demo', '--year', '2026']).code).toBe(0);
}, 120_000);

describe('a report whose months lack outcome is preliminary and says so (årsbokslut 202612 with outcome January–October)', () => {
  const prelim = out('prelim.db');
  let oct: CliDeviationRow[];
  let dec: CliDeviationRow[];
  let octTop: CliDeviationRow;
  let decTop: CliDeviationRow;
  /** Nettokostnad: budget helår, budget jan–okt, utfall jan–okt, utfall jan–okt fg år, prognos helår, avvikelse jan–okt, avvikelse prognos. */
  let netRow: number[];

  beforeAll(() => {
    // Outcome January–October, whatever day the demo was built on; the årsbokslut is an open round.
    copyDb(demo, prelim, ['DELETE FROM actual_transaction WHERE period > 202610', 'DELETE FROM actual_balance WHERE period > 202610', `UPDATE reporting_occasion SET locked_at = NULL WHERE period = ${DECEMBER}`]);
    const db = new BetterSqlite3(prelim, { readonly: true });
    const months = (db.prepare('SELECT DISTINCT period FROM actual_balance WHERE period BETWEEN 202601 AND 202612 ORDER BY 1').all() as { period: number }[]).map((r) => r.period);
    db.close();
    expect(months).toEqual([202601, 202602, 202603, 202604, 202605, 202606, 202607, 202608, 202609, 202610]);
    oct = runCliJson<CliDeviationRow[]>(['deviations', '--db', prelim, '--period', String(OCTOBER), '--level', 'sector']);
    dec = runCliJson<CliDeviationRow[]>(['deviations', '--db', prelim, '--period', String(DECEMBER), '--level', 'sector']);
    octTop = oct.find((r) => r.level === 'administration')!;
    decTop = dec.find((r) => r.level === 'administration')!;
    // What the old report showed as "ack": the whole year's budget against ten months' outcome.
    expect(decTop.budgetAcc).toBe(decTop.budgetYear);
    expect(decTop.budgetAcc - octTop.budgetAcc).toBeGreaterThan(100_000_000_00);
    netRow = [decTop.budgetYear, octTop.budgetAcc, octTop.actualAcc, octTop.actualAccLastYear, decTop.forecastYear!, octTop.deviationAcc, decTop.deviationForecast!].map((v) => expectedInUnit(v, 'tkr'));
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const said = report(['--db', prelim, '--occasion', String(DECEMBER), '--format', f, '--out', out(`prelim.${f}`)]);
      expect(said).toContain(`Obs: ${NOTICE}`);
    }
  }, 180_000);

  it('PDF: the front page says so; the accumulated columns are January–October, like with like; no year outcome', () => {
    const front = flat(spawnSync('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', out('prelim.pdf'), '-'], { encoding: 'utf8' }).stdout);
    expect(front).toContain(NOTICE);
    expect(front).toContain('Utfall januari–oktober 2026');
    const text = pdfText(out('prelim.pdf'));
    expect(pdfRowNumbers(text, 'Nettokostnad', 'Resultat och prognos (tkr)')).toEqual(netRow);
    for (const s of dec.filter((r) => r.level === 'sector')) {
      const o = oct.find((r) => r.code === s.code)!;
      const expected = [s.budgetYear, o.budgetAcc, o.actualAcc, o.deviationAcc, s.forecastYear!, s.deviationForecast!].map((v) => expectedInUnit(v, 'tkr'));
      expect(pdfRowNumbers(text, s.code, 'Resultat och prognos per sektor (tkr)'), s.code).toEqual(expected);
    }
    const running = flat(pdfText(out('prelim.pdf'), false));
    expect(running).toContain('Utfallet för januari–oktober 2026 är');
    expect(running).not.toContain('Utfallet för januari–december 2026');
    expect(running).toContain('Budget jan–okt');
    expect(running).toContain('Avvikelse jan–okt');
    // Prognossäkerhet: the four prognoser, and no "utfall helår" while November and December are missing.
    expect(pdfRowNumbers(text, 'Totalt', 'Prognossäkerhet (tkr)')).toHaveLength(4);
    expect(running).toContain('utfall helår visas när hela året har utfall');
  });

  it('Excel: the notice on the front sheet, the same like-with-like figures, and no year outcome in Prognossäkerhet', async () => {
    const { sheets } = await xlsxSheets(out('prelim.xlsx'));
    expect(sheets.get('Framsida')!.flat()).toContain(NOTICE);
    const result = sheets.get('Resultat och prognos')!;
    expect(xlsxRowNumbers(result, 'Nettokostnad')).toEqual(netRow);
    expect(result.flat()).toContain('Utfall jan–okt');
    const accuracy = sheets.get('Prognossäkerhet')!.find((r) => r?.[0] === 'Totalt')!;
    expect(accuracy.filter((v) => typeof v === 'number')).toHaveLength(4);
  });

  it('Word: the notice on the front page and the same figures', () => {
    const d = docxContent(out('prelim.docx'));
    expect(d.paragraphs).toContain(NOTICE);
    expect(docxRowNumbers(d.rows, 'Nettokostnad')).toEqual(netRow);
  });

  it('Rapporter: the occasion list and the preview say so; a complete occasion says nothing', async () => {
    const ctx = await openTestContext(prelim);
    try {
      const options = await call('reports.options', {}, ctx);
      expect(options.occasions.find((o) => o.period === DECEMBER)!.notice).toBe(NOTICE);
      expect(options.occasions.find((o) => o.period === OCTOBER)!.notice).toBeNull();
      const doc = await call('reports.preview', { period: DECEMBER }, ctx);
      expect(doc.notice).toBe(NOTICE);
      expect(doc.front).toContainEqual({ label: 'Utfall', value: 'januari–oktober 2026' });
      expect((await call('reports.preview', { period: OCTOBER }, ctx)).notice).toBeNull();
    } finally {
      ctx.db.close();
    }
  });

  it('goes by the outcome the report is made of, not by the clock: a locked occasion by its snapshot, an open one by the ledger', async () => {
    const file = out('snapshot.db');
    copyDb(prelim, file);
    const ctx = await openTestContext(file);
    try {
      const december = occasionForPeriod(ctx.db, DECEMBER)!;
      lockOccasion(ctx.db, actor('controller'), december.id);
      // November's outcome arrives after the årsbokslut was locked: the locked report still lacks it.
      ctx.db.sqlite.exec('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) SELECT coding_id, 202611, amount_ore, batch_no FROM actual_balance WHERE period = 202610');
      const locked = buildReport(ctx.db, { period: DECEMBER, scope: null, now: new Date('2027-03-15T10:00:00Z') });
      expect(locked.coverage.missing).toEqual([11, 12]);
      expect(locked.front.notice).toBe(NOTICE);
      expect((await call('reports.options', {}, ctx)).occasions.find((o) => o.period === DECEMBER)!.notice).toBe(NOTICE);
      unlockOccasion(ctx.db, actor('controller'), december.id);
      const open = buildReport(ctx.db, { period: DECEMBER, scope: null, now: new Date('2026-06-30T10:00:00Z') });
      expect(open.coverage).toEqual({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], missing: [12] });
      expect(open.front.notice).toBe('Utfall saknas för december; rapporten är preliminär.');
      // A complete occasion is not preliminary, and its figures are follow-up's as they are.
      const complete = buildReport(ctx.db, { period: OCTOBER, scope: null, now: new Date('2026-01-02T10:00:00Z') });
      expect(complete.front.notice).toBeNull();
      expect(complete.totalCovered).toBeNull();
    } finally {
      ctx.db.close();
    }
  });

  it('a kommuntotal of a complete and a preliminary förvaltning is preliminary, and sums both over the common months', async () => {
    const other = out('omsorg-prelim.db');
    copyDb(prelim, other, [`UPDATE setting SET value = '"Omsorgsförvaltningen"' WHERE key = 'administration.name'`]);
    const full = out('full.db');
    copyDb(demo, full, ['DELETE FROM actual_transaction WHERE period > 202610', 'DELETE FROM actual_balance WHERE period > 202610']);
    // The first förvaltning also has November's outcome.
    const c = new BetterSqlite3(full);
    c.exec('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) SELECT coding_id, 202611, amount_ore, batch_no FROM actual_balance WHERE period = 202610');
    c.close();
    report(['--db', full, '--db', other, '--occasion', String(DECEMBER), '--format', 'xlsx', '--out', out('kommuntotal.xlsx')]);
    const { sheets } = await xlsxSheets(out('kommuntotal.xlsx'));
    expect(sheets.get('Framsida')!.flat()).toContain(NOTICE);
    const per = sheets.get('Per förvaltning')!;
    // Both summed over January–October: the first förvaltning's November is left out, like with like.
    const sectorRow = (o: CliDeviationRow, d: CliDeviationRow) => [d.budgetYear, o.budgetAcc, o.actualAcc, o.deviationAcc, d.forecastYear!, d.deviationForecast!].map((v) => expectedInUnit(v, 'tkr'));
    // The helårsprognos is each förvaltning's own: the first one's counts its November (a copy of October, which
    // differs from November's budget where the months of a line differ, e.g. the generated kapitaltjänst).
    const fullDec = runCliJson<CliDeviationRow[]>(['deviations', '--db', full, '--period', String(DECEMBER), '--level', 'sector']).find((r) => r.level === 'administration')!;
    expect(xlsxRowNumbers(per, 'Socialförvaltningen')).toEqual(sectorRow(octTop, fullDec));
    expect(xlsxRowNumbers(per, 'Omsorgsförvaltningen')).toEqual(sectorRow(octTop, decTop));
  });
});

describe('Åtgärder för budget i balans counts each expected effect once', () => {
  it('a level’s summary of the measures below it is not added to them; what it goes beyond them is', async () => {
    const file = out('actions.db');
    const effects: Record<string, number> = { '3000': 500_000, '3100': 1_000_000, '3110': 250_000, '31104': 600_000, '31202': 300_000 };
    copyDb(demo, file, [
      `UPDATE deviation_comment SET action_effect_ore = NULL WHERE occasion_id = (SELECT id FROM reporting_occasion WHERE period = ${AUGUST})`,
      ...Object.entries(effects).map(
        ([code, kr]) =>
          `UPDATE deviation_comment SET action_effect_ore = ${kr * 100}, status = 'approved'
           WHERE responsibility_id = ${responsibility(code)} AND occasion_id = (SELECT id FROM reporting_occasion WHERE period = ${AUGUST})`,
      ),
    ]);
    const db = new BetterSqlite3(file, { readonly: true });
    const written = db.prepare(`SELECT count(*) AS n FROM deviation_comment WHERE action_effect_ore IS NOT NULL AND occasion_id = (SELECT id FROM reporting_occasion WHERE period = ${AUGUST})`).get() as { n: number };
    db.close();
    expect(written.n).toBe(5);
    // 31104 and 31202 count in full (900 000); 3110's 250 000 sums up 31104's 600 000 and adds nothing;
    // 3100's 1 000 000 covers the 900 000 below and adds 100 000; 3000's 500 000 is within the 1 000 000 below.
    const expected = 1_000_000;
    expect(effectsCountedOnce(file, AUGUST)).toEqual({ counted: expected * 100, naive: 2_650_000 * 100 });
    for (const f of ['pdf', 'xlsx', 'docx']) report(['--db', file, '--occasion', String(AUGUST), '--format', f, '--out', out(`actions.${f}`)]);

    const text = pdfText(out('actions.pdf'));
    const caption = 'Åtgärder för budget i balans (kr)';
    expect(pdfRowNumbers(text, 'Summa', caption)).toEqual([expected]);
    // Effect, varav already counted below, counted.
    expect(pdfRowNumbers(text, '3100', caption)).toEqual([1_000_000, 900_000, 100_000]);
    expect(pdfRowNumbers(text, '3110', caption)).toEqual([250_000, 250_000, 0]);
    expect(pdfRowNumbers(text, '3000', caption)).toEqual([500_000, 500_000, 0]);
    expect(pdfRowNumbers(text, '31202', caption)).toEqual([300_000, 300_000]);
    expect(flat(pdfText(out('actions.pdf'), false))).toContain('Varje effekt räknas en gång');

    const { sheets } = await xlsxSheets(out('actions.xlsx'));
    expect(xlsxRowNumbers(sheets.get('Åtgärder')!, 'Summa')).toEqual([expected]);
    expect(xlsxRowNumbers(sheets.get('Åtgärder')!, '3100 ')).toEqual([1_000_000, 900_000, 100_000]);
    const d = docxContent(out('actions.docx'));
    expect(docxRowNumbers(d.rows, 'Summa')).toEqual([expected]);
    expect(docxRowNumbers(d.rows, '3100 Äldreomsorg (sektor)')).toEqual([1_000_000, 900_000, 100_000]);
  });

  it('on the demo’s delårsrapport the förvaltning’s and sektorer’s summaries are no longer added to the enheters’ measures', () => {
    const { counted, naive } = effectsCountedOnce(demo, AUGUST);
    expect(counted).toBeLessThan(naive);
    report(['--db', demo, '--occasion', String(AUGUST), '--format', 'pdf', '--out', out('delar.pdf')]);
    expect(pdfRowNumbers(pdfText(out('delar.pdf')), 'Summa', 'Åtgärder för budget i balans (kr)')).toEqual([expectedInUnit(counted, 'kr')]);
  });
});

describe('the date on a fastställd report is the day it was fastställd', () => {
  it('a locked occasion printed later carries its locked_at as a local date; an utkast carries today', async () => {
    const file = out('fixed.db');
    // Locked at 00:30 on 12 October in Sweden (summer time): 22:30 on the 11th in UTC.
    copyDb(demo, file, [`UPDATE reporting_occasion SET locked_at = '2026-10-11T22:30:00.000Z' WHERE period = ${AUGUST}`]);
    const env = { TZ: 'Europe/Stockholm' };
    report(['--db', file, '--occasion', String(AUGUST), '--format', 'pdf', '--out', out('fixed.pdf')], env);
    const front = flat(spawnSync('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', out('fixed.pdf'), '-'], { encoding: 'utf8' }).stdout);
    expect(front).toMatch(/Datum 2026-10-12 Status fastställd/);
    report(['--db', file, '--occasion', String(AUGUST), '--format', 'docx', '--out', out('fixed.docx')], env);
    expect(docxContent(out('fixed.docx')).rows).toContainEqual(['Datum', '2026-10-12']);
    report(['--db', file, '--occasion', String(AUGUST), '--format', 'xlsx', '--out', out('fixed.xlsx')], env);
    const { sheets } = await xlsxSheets(out('fixed.xlsx'));
    expect(sheets.get('Framsida')!.find((r) => r?.[0] === 'Datum')?.[1]).toBe('2026-10-12');

    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Stockholm';
    const ctx = await openTestContext(file);
    try {
      const later = buildReport(ctx.db, { period: AUGUST, scope: null, now: new Date('2027-03-15T10:00:00Z') });
      expect(later.front).toMatchObject({ status: 'fastställd', date: '2026-10-12' });
      const draft = buildReport(ctx.db, { period: OCTOBER, scope: null, now: new Date('2027-03-15T10:00:00Z') });
      expect(draft.front).toMatchObject({ status: 'utkast', date: '2027-03-15' });
    } finally {
      ctx.db.close();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('red means unfavourable, not negative', () => {
  /** The cells of the table row whose header cell is `label`, after `caption`: [class, text]. */
  function htmlRow(html: string, caption: string, label: string): [string, string][] {
    const table = html.slice(html.indexOf(`<caption>${caption}</caption>`));
    const row = new RegExp(`<tr[^>]*><th scope="row" class="row"[^>]*>${label}</th>(.*?)</tr>`).exec(table);
    expect(row, label).not.toBeNull();
    return [...row![1]!.matchAll(/<td class="([^"]*)">([^<]*)<\/td>/g)].map((m) => [m[1]!, m[2]!]);
  }

  it('HTML for the PDF: revenues and (costs negative) costs are neutral; only deviations below zero are red', async () => {
    const ctx = await openTestContext(demo);
    try {
      for (const sign of ['costs-positive', 'costs-negative'] as const) {
        const html = reportHtml(reportDocument(buildReport(ctx.db, { period: AUGUST, scope: null, sign, now: new Date('2026-11-20T10:00:00Z') })));
        const negativeRow = sign === 'costs-positive' ? 'Intäkter' : 'Personalkostnader';
        const cells = htmlRow(html, 'Resultat och prognos (tkr)', negativeRow);
        // Budget helår, budget ack, utfall ack, utfall fg år, prognos: negative amounts, none red.
        for (const [cls, text] of cells.slice(0, 5)) {
          expect(text.startsWith('−'), `${negativeRow} ${text}`).toBe(true);
          expect(cls, `${negativeRow} ${text}`).toBe('num');
        }
        // The deviations: red exactly when below zero.
        for (const [cls, text] of cells.slice(5)) expect(cls, `${negativeRow} avvikelse ${text}`).toBe(text.startsWith('−') ? 'num unfavourable' : 'num');
        expect(cells.slice(5).some(([cls]) => cls === 'num unfavourable')).toBe(true);
        expect(html).not.toContain('class="num neg"');
      }
    } finally {
      ctx.db.close();
    }
  });

  it('Excel: amounts with a neutral number format, deviations with red negatives, the forecast change red when the net cost rose', async () => {
    for (const sign of ['costs-positive', 'costs-negative'] as const) {
      const file = out(`colours-${sign}.xlsx`);
      report(['--db', demo, '--occasion', String(AUGUST), '--format', 'xlsx', '--sign', sign, '--out', file]);
      const { wb } = await xlsxSheets(file);
      const ws = wb.getWorksheet('Resultat och prognos')!;
      let revenue = 0;
      ws.eachRow((r, n) => {
        if (r.getCell(1).value === 'Intäkter') revenue = n;
      });
      expect(revenue).toBeGreaterThan(0);
      const formats = [2, 3, 4, 5, 6, 7, 8].map((c) => ws.getCell(revenue, c).numFmt);
      expect(formats.slice(0, 5)).toEqual(new Array(5).fill('#,##0;-#,##0;0'));
      expect(formats.slice(5)).toEqual(['#,##0;[Red]-#,##0;0', '#,##0;[Red]-#,##0;0']);
      const acc = wb.getWorksheet('Prognossäkerhet')!;
      let total = 0;
      acc.eachRow((r, n) => {
        if (r.getCell(1).value === 'Totalt' && total === 0) total = n;
      });
      const change = acc.getCell(total, acc.getRow(total).cellCount).numFmt;
      // The change is "later − first" in the presentation's sign: a higher net cost is positive with costs positive, negative with costs negative.
      expect(change).toBe(sign === 'costs-positive' ? '[Red]#,##0;-#,##0;0' : '#,##0;[Red]-#,##0;0');
    }
  });

  it('Word: no negative amount is coloured; negative deviations are', () => {
    report(['--db', demo, '--occasion', String(AUGUST), '--format', 'docx', '--out', out('colours.docx')]);
    const d = docxContent(out('colours.docx'));
    const rows = [...d.xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const revenue = rows.find((r) => r.includes('>Intäkter<'))!;
    const cells = [...revenue.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => ({ red: m[0].includes('w:val="B3261E"'), text: /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/.exec(m[0])?.[1] ?? '' }));
    expect(cells[0]!.text).toBe('Intäkter');
    for (const c of cells.slice(1, 6)) {
      expect(c.text.startsWith('−'), c.text).toBe(true);
      expect(c.red, c.text).toBe(false);
    }
    for (const c of cells.slice(6)) expect(c.red, c.text).toBe(c.text.startsWith('−'));
  });
});
