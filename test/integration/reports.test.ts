import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { countsFromDb, suiteDir } from '../support/goals';
import { CLI_TODAY, runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { docxContent, docxRowNumbers, effectsCountedOnce, expectedInUnit, flat, pdfRowNumbers, pdfText, words, xlsxRowNumbers, xlsxSheets } from '../support/reports';
import { ROOT } from '../support/tmp';
import { buildReport } from '../../electron/services/reports/build';

const AUGUST = 202608;
const dir = suiteDir('ramkoll-reports-');
const demo = path.join(dir, 'demo.db');

interface Comment {
  code: string;
  cause: string;
  action: string;
  effect: number | null;
}

let rows: CliDeviationRow[];
let top: CliDeviationRow;
let sectors: CliDeviationRow[];
let approved: Comment[];
const out = (name: string) => path.join(dir, name);

/** Closes the WAL into the file, then copies it (a database the CLI has closed). */
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

function approvedComments(file: string, period: number): Comment[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT d.code, c.cause, c.action, c.action_effect_ore AS effect FROM deviation_comment c
         JOIN reporting_occasion o ON o.id = c.occasion_id JOIN dimension_value d ON d.id = c.responsibility_id
         WHERE o.period = ? AND c.status = 'approved' AND c.deleted_at IS NULL ORDER BY d.code`,
      )
      .all(period) as Comment[];
  } finally {
    db.close();
  }
}

/** The per-sektor columns with a forecast: budget helår, budget ack, utfall ack, avvikelse ack, prognos helår, avvikelse budget–prognos. */
const sectorRow = (r: CliDeviationRow, unit: 'tkr' | 'mnkr' = 'tkr') =>
  [r.budgetYear, r.budgetAcc, r.actualAcc, r.deviationAcc, r.forecastYear!, r.deviationForecast!].map((v) => expectedInUnit(v, unit));
/** "Nettokostnad" in Resultat och prognos: budget helår, budget ack, utfall ack, utfall ack fg år, prognos helår, avvikelse ack, avvikelse prognos. */
const netRow = (r: CliDeviationRow) => [r.budgetYear, r.budgetAcc, r.actualAcc, r.actualAccLastYear, r.forecastYear!, r.deviationAcc, r.deviationForecast!].map((v) => expectedInUnit(v, 'tkr'));

function report(args: string[]): void {
  const r = runCli(['report', ...args]);
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(() => {
  expect(runCli(['init', '--db', demo, '--demo', '--year', '2026']).code).toBe(0);
  rows = runCliJson<CliDeviationRow[]>(['deviations', '--db', demo, '--period', String(AUGUST), '--level', 'sector']);
  top = rows.find((r) => r.level === 'administration')!;
  sectors = rows.filter((r) => r.level === 'sector');
  approved = approvedComments(demo, AUGUST);
  expect(sectors.length).toBeGreaterThan(2);
  expect(approved.length).toBeGreaterThan(10);
  for (const f of ['pdf', 'xlsx', 'docx']) report(['--db', demo, '--occasion', String(AUGUST), '--format', f, '--out', out(`delar.${f}`)]);
}, 180_000);

describe('the delårsrapport read back: the figures of `ramkoll deviations` and the approved comments', () => {
  it('PDF: every sektor, the total and nettokostnad to the krona in tkr; every approved orsak and åtgärd; page numbers', () => {
    const text = pdfText(out('delar.pdf'));
    for (const s of sectors) expect(pdfRowNumbers(text, s.code, 'Resultat och prognos per sektor (tkr)'), s.code).toEqual(sectorRow(s));
    expect(pdfRowNumbers(text, 'Totalt', 'Resultat och prognos per sektor (tkr)')).toEqual(sectorRow(top));
    expect(pdfRowNumbers(text, 'Nettokostnad', 'Resultat och prognos (tkr)')).toEqual(netRow(top));
    const pages = (text.match(/Sida \d+ av \d+/g) ?? []).length;
    expect(pages).toBeGreaterThan(5);
    expect(text).toContain(`Sida ${pages} av ${pages}`);
    const running = words(pdfText(out('delar.pdf'), false));
    for (const c of approved) {
      expect(running, c.code).toContain(words(c.cause));
      expect(running, c.code).toContain(words(c.action));
    }
    // Each expected effect once: a level's summary of the measures below it is not added to them.
    const { counted } = effectsCountedOnce(demo, AUGUST);
    expect(pdfRowNumbers(text, 'Summa', 'Åtgärder för budget i balans (kr)')).toEqual([expectedInUnit(counted, 'kr')]);
  });

  it('Excel: one sheet per section, the figures as numbers in tkr, frozen headers, fit to width, the comments as text', async () => {
    const { wb, sheets } = await xlsxSheets(out('delar.xlsx'));
    // The demo's approved text sections come first (issue 19), one sheet each.
    expect([...sheets.keys()]).toEqual(['Framsida', 'Sammanfattning', 'Väsentliga händelser', 'Framtid och utmaningar', 'Personal', 'Intern kontroll', 'Resultat och prognos', 'Per sektor', 'Ekonomisk analys', 'Åtgärder', 'Åtgärdsplaner', 'Prognossäkerhet', 'Mål', 'Investeringar']);
    const per = sheets.get('Per sektor')!;
    for (const s of sectors) expect(xlsxRowNumbers(per, s.code), s.code).toEqual(sectorRow(s));
    expect(xlsxRowNumbers(per, 'Totalt')).toEqual(sectorRow(top));
    expect(xlsxRowNumbers(sheets.get('Resultat och prognos')!, 'Nettokostnad')).toEqual(netRow(top));
    const ws = wb.getWorksheet('Per sektor')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen' });
    expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, paperSize: 9 });
    const header = ws.getRow((ws.views[0] as { ySplit: number }).ySplit);
    expect(header.getCell(1).value).toBe('Sektor');
    expect(header.getCell(2).font?.bold).toBe(true);
    const amount = ws.findRow(per.findIndex((r) => typeof r?.[0] === 'string' && r[0].startsWith(sectors[0]!.code)) + 1)!.getCell(2);
    // Amounts are neutral whatever their sign; a deviation's negatives (unfavourable) are red.
    expect(amount.numFmt).toBe('#,##0;-#,##0;0');
    expect(ws.getCell(Number(amount.row), 5).numFmt).toBe('#,##0;[Red]-#,##0;0');
    const texts = new Set(sheets.get('Ekonomisk analys')!.flat().filter((v): v is string => typeof v === 'string'));
    for (const c of approved) {
      expect(texts.has(c.cause), c.code).toBe(true);
      if (c.action) expect(texts.has(c.action), c.code).toBe(true);
    }
    expect(xlsxRowNumbers(sheets.get('Åtgärder')!, 'Summa')).toEqual([expectedInUnit(effectsCountedOnce(demo, AUGUST).counted, 'kr')]);
  });

  it('Word: real headings and tables (header rows repeated), the figures and the comments, charts as Word charts', () => {
    const d = docxContent(out('delar.docx'));
    for (const s of sectors) expect(docxRowNumbers(d.rows, `${s.code} `), s.code).toEqual(sectorRow(s));
    expect(docxRowNumbers(d.rows, 'Nettokostnad')).toEqual(netRow(top));
    expect(d.headings.filter(([style]) => style === 'Heading1').map(([, t]) => t)).toEqual([
      'Sammanfattning',
      'Väsentliga händelser',
      'Framtid och utmaningar',
      'Personal',
      'Intern kontroll',
      'Resultat och prognos',
      'Resultat och prognos per sektor',
      'Ekonomisk analys',
      'Åtgärder för budget i balans',
      // The demo's approved åtgärdsplan at the delårsrapport (Lindgårdens demensboende).
      'Åtgärdsplaner vid stora avvikelser',
      'Prognossäkerhet',
      'Mål- och resultatuppföljning',
      'Investeringsredovisning',
    ]);
    expect(d.tablesWithHeaderRows).toBeGreaterThan(5);
    expect(d.xml).toContain('<w:cantSplit/>');
    expect(d.charts.length).toBe(2);
    const running = flat(d.paragraphs.join(' '));
    for (const c of approved) {
      expect(running, c.code).toContain(flat(c.cause));
      expect(running, c.code).toContain(flat(c.action));
    }
  });

  it('Mål- och resultatuppföljning: the count per status equals the database, in every format', async () => {
    const ctx = await openTestContext(demo);
    const counts = countsFromDb(ctx.db, AUGUST);
    ctx.db.close();
    const order = { board: ['met', 'partly_met', 'not_met', 'not_started', 'unassessed'], sub: ['met', 'partly_met', 'not_met', 'not_started', 'unassessed'], activity: ['done', 'in_progress', 'not_started', 'unassessed'] };
    const expected = (level: keyof typeof order) => {
      const c = counts[level] ?? {};
      const list = order[level].map((s) => c[s] ?? 0);
      return [...list, list.reduce((a, b) => a + b, 0)];
    };
    const { sheets } = await xlsxSheets(out('delar.xlsx'));
    const text = pdfText(out('delar.pdf'));
    const d = docxContent(out('delar.docx'));
    for (const [label, level] of [
      ['Nämndmål', 'board'],
      ['Delmål', 'sub'],
      ['Aktiviteter', 'activity'],
    ] as const) {
      expect(xlsxRowNumbers(sheets.get('Mål')!, label), label).toEqual(expected(level));
      expect(pdfRowNumbers(text, label, 'Mål- och resultatuppföljning\nNämndmål och delmål per status'), label).toEqual(expected(level));
      expect(docxRowNumbers(d.rows, label), label).toEqual(expected(level));
    }
  });

  it('shows the approved assessments of nämndmål and delmål, and not the ones still in the round', () => {
    const db = new BetterSqlite3(demo, { readonly: true });
    const list = db
      .prepare(
        `SELECT a.text, a.round_status AS round FROM goal_assessment a JOIN reporting_occasion o ON o.id = a.occasion_id
         JOIN goal g ON g.id = a.goal_id
         WHERE o.period = ? AND a.deleted_at IS NULL AND a.text <> '' AND g.level IN ('board', 'sub') AND g.deleted_at IS NULL`,
      )
      .all(AUGUST) as { text: string; round: string }[];
    db.close();
    // Without the pages' running footer (kommun · report, Sida N av M): an assessment may run over a page break.
    const body = pdfText(out('delar.pdf'), false)
      .split('\n')
      .filter((line) => !/^Sida \d+ av \d+$/.test(line.trim()) && !/^Exempelby kommun · /.test(line.trim()))
      .join('\n');
    const running = words(body);
    expect(list.some((a) => a.round === 'approved')).toBe(true);
    expect(list.some((a) => a.round !== 'approved')).toBe(true);
    for (const a of list) expect(running.includes(words(a.text)), a.text.slice(0, 40)).toBe(a.round === 'approved');
  });
});

describe('presentation, scope and kommuntotal', () => {
  it('mnkr with costs negative: amounts change sign, deviations keep theirs (positive is favourable)', async () => {
    report(['--db', demo, '--occasion', String(AUGUST), '--format', 'xlsx', '--unit', 'mnkr', '--sign', 'costs-negative', '--out', out('mnkr.xlsx')]);
    const { sheets } = await xlsxSheets(out('mnkr.xlsx'));
    for (const s of sectors) {
      const [by, ba, aa, da, fy, df] = sectorRow(s, 'mnkr');
      expect(xlsxRowNumbers(sheets.get('Per sektor')!, s.code), s.code).toEqual([-by!, -ba!, -aa!, da, -fy!, df].map((v) => (v === 0 ? 0 : v)));
    }
  });

  it('one sektor: a row per verksamhet and the sektor as the total', () => {
    report(['--db', demo, '--occasion', String(AUGUST), '--scope', '3100', '--format', 'docx', '--out', out('3100.docx')]);
    const ops = runCliJson<CliDeviationRow[]>(['deviations', '--db', demo, '--period', String(AUGUST), '--level', 'operation']).filter((r) => r.parent === '3100' && r.level === 'operation');
    expect(ops.length).toBeGreaterThan(1);
    const d = docxContent(out('3100.docx'));
    for (const o of ops) expect(docxRowNumbers(d.rows, `${o.code} `), o.code).toEqual(sectorRow(o));
    expect(docxRowNumbers(d.rows, 'Totalt')).toEqual(sectorRow(sectors.find((s) => s.code === '3100')!));
    expect(flat(d.paragraphs.join(' '))).toContain('Socialförvaltningen, sektor 3100 Äldreomsorg');
  });

  it('kommuntotal from two förvaltningar’s databases: summed in öre, then rounded', async () => {
    const other = out('omsorg.db');
    copyDb(demo, other, [`UPDATE setting SET value = '"Omsorgsförvaltningen"' WHERE key = 'administration.name'`]);
    report(['--db', demo, '--db', other, '--occasion', String(AUGUST), '--format', 'xlsx', '--out', out('kommuntotal.xlsx')]);
    const { sheets } = await xlsxSheets(out('kommuntotal.xlsx'));
    const per = sheets.get('Per förvaltning')!;
    expect(xlsxRowNumbers(per, 'Socialförvaltningen')).toEqual(sectorRow(top));
    expect(xlsxRowNumbers(per, 'Omsorgsförvaltningen')).toEqual(sectorRow(top));
    const twice: CliDeviationRow = { ...top, budgetYear: 2 * top.budgetYear, budgetAcc: 2 * top.budgetAcc, actualAcc: 2 * top.actualAcc, deviationAcc: 2 * top.deviationAcc, forecastYear: 2 * top.forecastYear!, deviationForecast: 2 * top.deviationForecast! };
    expect(xlsxRowNumbers(per, 'Totalt')).toEqual(sectorRow(twice));
    const front = sheets.get('Framsida')!.flat().filter((v): v is string => typeof v === 'string');
    expect(front).toContain('Socialförvaltningen, Omsorgsförvaltningen');
  });
});

describe('safety and errors', () => {
  it('comment texts cannot become formulas in Excel or HTML in the PDF, and stay readable text in Word', async () => {
    const bad = out('injection.db');
    const html = '<b>fet</b><script>alert(1)</script><img src=x onerror="alert(2)">';
    const texts = { '3100': ['=HYPERLINK("http://evil.example","klicka")', '+1+2'], '3300': [html, '@SUM(A1)'], '3000': ['-2+3', '=1+1'] };
    const sql = Object.entries(texts).map(
      ([code, [cause, action]]) =>
        `UPDATE deviation_comment SET cause = '${cause!.replace(/'/g, "''")}', action = '${action!.replace(/'/g, "''")}'
         WHERE responsibility_id = (SELECT id FROM dimension_value WHERE code = '${code}' AND dimension_id = (SELECT id FROM dimension WHERE kind = 'responsibility'))
           AND occasion_id = (SELECT id FROM reporting_occasion WHERE period = ${AUGUST})`,
    );
    copyDb(demo, bad, sql);
    expect(approvedComments(bad, AUGUST).filter((c) => c.cause === html)).toHaveLength(1);
    for (const f of ['pdf', 'xlsx', 'docx']) report(['--db', bad, '--occasion', String(AUGUST), '--format', f, '--out', out(`injection.${f}`)]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out('injection.xlsx'));
    const strings = new Map<string, ExcelJS.Cell>();
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string' && !strings.has(cell.value)) strings.set(cell.value, cell);
        }),
      ),
    );
    for (const t of Object.values(texts).flat()) {
      // A text cell that shows exactly what was written (no apostrophe in sight), in the Text format when it looks like a formula.
      const cell = strings.get(t);
      expect(cell, t).toBeDefined();
      expect(cell!.type).toBe(ExcelJS.ValueType.String);
      if (/^[=+\-@]/.test(t)) expect(cell!.numFmt, t).toBe('@');
    }
    expect([...strings.keys()].filter((s) => /^'[=+\-@]/.test(s))).toEqual([]);

    const running = words(pdfText(out('injection.pdf'), false));
    expect(running).toContain(words(html));
    expect(running).toContain(words('=HYPERLINK("http://evil.example","klicka")'));

    const d = docxContent(out('injection.docx'));
    expect(flat(d.paragraphs.join(' '))).toContain(html);
    expect(d.xml).not.toContain('<script>');
  });

  it('says what is wrong: no occasion for the period, an unknown sektor, a wrong format, no Chromium', () => {
    const none = runCli(['report', '--db', demo, '--occasion', '202607', '--format', 'pdf', '--out', out('x.pdf')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/inget uppföljningstillfälle för juli 2026.*202608 Delårsrapport augusti med prognos/s);
    const scope = runCli(['report', '--db', demo, '--occasion', String(AUGUST), '--scope', '9999', '--format', 'xlsx', '--out', out('x.xlsx')]);
    expect(scope.code).toBe(1);
    expect(scope.stderr).toMatch(/Ansvaret 9999 finns inte.*3100 Äldreomsorg/);
    const format = runCli(['report', '--db', demo, '--occasion', String(AUGUST), '--format', 'odt', '--out', out('x.odt')]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format ska vara pdf, xlsx eller docx');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), 'report', '--db', demo, '--occasion', String(AUGUST), '--format', 'pdf', '--out', out('x.pdf')], {
      encoding: 'utf8',
      env: { ...process.env, RAMKOLL_TODAY: CLI_TODAY, RAMKOLL_CHROMIUM: path.join(dir, 'no-chromium-here') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('RAMKOLL_CHROMIUM');
    expect(fs.existsSync(out('x.pdf'))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('dates an utkast by the user’s clock: just after midnight in Sweden it is already the next day', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Stockholm';
    const ctx = await openTestContext(demo);
    try {
      // October is the demo's open round (an utkast). 00:30 on 1 December in Sweden (UTC+1) is 23:30 on 30 November in UTC.
      const m = buildReport(ctx.db, { period: 202610, scope: null, now: new Date('2026-11-30T23:30:00Z') });
      expect(m.front.status).toBe('utkast');
      expect(m.front.date).toBe('2026-12-01');
      expect(m.front.version).toContain('löpande siffror 2026-12-01');
    } finally {
      ctx.db.close();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('kommuntotal: a source that is no Ramkoll database is named, with what to choose instead', () => {
    const wrong = out('rapport.pdf');
    fs.writeFileSync(wrong, '%PDF-1.4 inte en databas '.repeat(200));
    const r = runCli(['report', '--db', demo, '--db', wrong, '--occasion', String(AUGUST), '--format', 'xlsx', '--out', out('k.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: rapport\.pdf är ingen hel Ramkoll-databas\. Välj förvaltningens databasfil \(eller en kopia av den\)/m);
    expect(fs.existsSync(out('k.xlsx'))).toBe(false);
  });
});
