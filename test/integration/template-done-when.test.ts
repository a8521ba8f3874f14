/**
 * Issue 19's second Done-when: Ekonomi defines the kommun's report template
 * (sections reordered, headings changed, a section of the kommun's own with a
 * guiding question, unit tkr, a cover title), sends it by package to two
 * controllers, and both förvaltningars reports (PDF, Word, Excel read back)
 * and the kommuntotal of the two follow its sections, order and headings.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../electron/services/followup/model';
import { openRamkollDatabase } from '../../electron/services/setup';
import { changeTextStatus, saveText } from '../../electron/services/texts/sections';
import { runCli, runCliJson } from '../support/cli';
import { docxContent, flat, hasPdfTools, pdfText, xlsxSheets } from '../support/reports';
import { suiteDir } from '../support/goals';

const OCTOBER = 202610;
const dir = suiteDir('ramkoll-template-');
const f = (name: string) => path.join(dir, name);

/** The template: figure and text sections interleaved, every heading changed, "Framtid och utmaningar" left out, "Klimat och miljö" added. */
const SECTIONS = [
  { code: 'resultat', heading: 'Ekonomiskt utfall och helårsprognos' },
  { code: 'klimat', heading: 'Klimat och miljö', guidance: 'Hur har nämnden minskat sina utsläpp under perioden?' },
  { code: 'summary', heading: 'Nämndens sammanfattning', guidance: 'Det viktigaste i tre meningar.' },
  { code: 'events', heading: 'Händelser av väsentlig betydelse' },
  { code: 'verksamhet', heading: 'Ekonomi per {nivå}' },
  { code: 'analys', heading: 'Analys av avvikelserna' },
  { code: 'atgarder', heading: 'Åtgärder för ekonomi i balans' },
  { code: 'prognossakerhet', heading: 'Prognosernas träffsäkerhet' },
  { code: 'mal', heading: 'Målen i korthet' },
  { code: 'personnel', heading: 'Medarbetarna' },
  { code: 'internal_control', heading: 'Internkontrollens resultat' },
  { code: 'investeringar', heading: 'Investeringarna i år' },
];
const TEMPLATE = { sections: SECTIONS, unit: 'tkr', cover: { titles: { monthly_forecast: 'Månadsuppföljning med prognos' }, text: 'Hedemora kommuns gemensamma rapportmall.' } };

const FORVALTNINGAR = [
  { file: f('social.db'), name: 'Socialförvaltningen' },
  { file: f('omsorg.db'), name: 'Omsorgsförvaltningen' },
];

function sql(file: string, statements: string[]): void {
  const db = new BetterSqlite3(file);
  for (const s of statements) db.exec(s);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** The controller writes and approves the förvaltning's own texts of the open October round, the kommun's new section among them. */
async function writeTexts(file: string, name: string): Promise<void> {
  const now = new Date('2026-11-20T10:00:00Z');
  const { db, site } = await openRamkollDatabase(file, {}, now);
  try {
    const occasionId = db.prepare('SELECT id FROM reporting_occasion WHERE period = ?').pluck().get(OCTOBER) as string;
    const controller: Actor = { siteId: site.id, user: 'controller', role: 'controller', scopeCode: null, now };
    for (const [kind, body] of [
      ['klimat', `${name} bytte till fossilfria bilar i hemtjänsten.`],
      ['summary', `${name} håller budgeten efter oktober.`],
    ] as const) {
      saveText(db, controller, { occasionId, code: '3000', kind, body });
      changeTextStatus(db, controller, { occasionId, code: '3000', kind, action: 'ready' });
      changeTextStatus(db, controller, { occasionId, code: '3000', kind, action: 'approve' });
    }
  } finally {
    db.close();
  }
}

/** The template's headings of the sections a report has, in the order they come in `text`. */
function headingsInOrder(text: string, level: string): string[] {
  const headings = SECTIONS.map((s) => s.heading.replace('{nivå}', level));
  return headings.filter((h) => text.includes(h)).sort((a, b) => text.indexOf(a) - text.indexOf(b));
}
const templateOrder = (present: string[], level: string) => SECTIONS.map((s) => s.heading.replace('{nivå}', level)).filter((h) => present.includes(h));

beforeAll(async () => {
  expect(runCli(['init', '--db', f('ekonomi.db')]).code).toBe(0);
  runCliJson(['site', 'set', '--db', f('ekonomi.db'), '--role', 'ekonomi', '--name', 'Ekonomi Hedemora']);
  fs.writeFileSync(f('mall.json'), JSON.stringify(TEMPLATE, null, 2));
  const saved = runCliJson<{ version: number }>(['template', 'set', f('mall.json'), '--db', f('ekonomi.db'), '--json']);
  expect(saved.version).toBe(1);
  const ekonomiIntro = f('intro-ekonomi.ramkoll');
  runCliJson(['exchange', 'introduce', '--db', f('ekonomi.db'), '--out', ekonomiIntro]);
  for (const [i, x] of FORVALTNINGAR.entries()) {
    expect(runCli(['init', '--db', x.file, '--demo', '--year', '2026']).code).toBe(0);
    // The second förvaltning has its own name, and a unit of its own that the template overrides.
    if (i === 1) sql(x.file, [`UPDATE setting SET value = '"${x.name}"' WHERE key = 'administration.name'`, `UPDATE setting SET value = '"mnkr"' WHERE key = 'reports.unit'`]);
    const intro = f(`intro-${i}.ramkoll`);
    runCliJson(['exchange', 'introduce', '--db', x.file, '--out', intro]);
    runCliJson(['exchange', 'import', intro, '--db', f('ekonomi.db'), '--accept-sender']);
    runCliJson(['exchange', 'import', ekonomiIntro, '--db', x.file, '--accept-sender']);
    const site = runCliJson<{ id: string }>(['site', '--db', x.file]);
    const pkg = f(`mall-${i}.ramkoll`);
    runCliJson(['exchange', 'export', '--db', f('ekonomi.db'), '--to', site.id, '--out', pkg]);
    const got = runCliJson<{ refused: number; applied: number }>(['exchange', 'import', pkg, '--db', x.file, '--accept-sender']);
    expect(got.refused).toBe(0);
    await writeTexts(x.file, x.name);
    for (const format of ['pdf', 'docx', 'xlsx']) {
      expect(runCli(['report', '--db', x.file, '--occasion', String(OCTOBER), '--format', format, '--out', f(`rapport-${i}.${format}`)]).code).toBe(0);
    }
  }
  for (const format of ['pdf', 'xlsx']) {
    const r = runCli(['report', ...FORVALTNINGAR.flatMap((x) => ['--db', x.file]), '--occasion', String(OCTOBER), '--format', format, '--out', f(`kommuntotal.${format}`)]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 400_000);

describe('a template from Ekonomi in two förvaltningar', () => {
  it('each controller holds Ekonomi’s template as received, with the kommun’s section and its guiding question', () => {
    for (const x of FORVALTNINGAR) {
      const t = runCliJson<{ version: number; origin: string; unit: string; sections: { code: string; heading: string; guidance: string; kind: string }[] }>(['template', '--db', x.file, '--json']);
      expect(t).toMatchObject({ version: 1, origin: 'received', unit: 'tkr' });
      expect(t.sections.map((s) => s.code)).toEqual(SECTIONS.map((s) => s.code));
      expect(t.sections.find((s) => s.code === 'klimat')).toMatchObject({ heading: 'Klimat och miljö', guidance: 'Hur har nämnden minskat sina utsläpp under perioden?', kind: 'text' });
      const texts = runCliJson<{ kind: string; kindName: string }[]>(['texts', '--db', x.file, '--occasion', String(OCTOBER), '--json']);
      expect(texts.find((r) => r.kind === 'klimat')?.kindName).toBe('Klimat och miljö');
    }
  });

  it.skipIf(!hasPdfTools())('both förvaltningars PDFs have the template’s sections in its order under its headings, its title and unit', () => {
    for (const [i, x] of FORVALTNINGAR.entries()) {
      const text = flat(pdfText(f(`rapport-${i}.pdf`), false));
      const present = headingsInOrder(text, 'sektor');
      expect(present.length, x.name).toBeGreaterThanOrEqual(8);
      expect(present).toEqual(templateOrder(present, 'sektor'));
      for (const h of ['Klimat och miljö', 'Nämndens sammanfattning', 'Ekonomiskt utfall och helårsprognos', 'Ekonomi per sektor', 'Analys av avvikelserna']) expect(text, `${x.name}: ${h}`).toContain(h);
      expect(text).toContain(`${x.name} bytte till fossilfria bilar`);
      expect(text).toContain('Månadsuppföljning med prognos januari–oktober 2026');
      expect(text).toContain('Belopp i tkr');
      // The default headings are gone (the figure tables keep their captions).
      expect(text).not.toMatch(/Sida \d+ av \d+ (Resultat och prognos per sektor|Ekonomisk analys|Väsentliga händelser) /);
    }
  });

  it('both förvaltningars Word documents and workbooks follow the template’s order and headings', async () => {
    for (const [i, x] of FORVALTNINGAR.entries()) {
      const d = docxContent(f(`rapport-${i}.docx`));
      const headings = d.headings.filter(([style]) => style === 'Heading1' || style === 'Heading2').map(([, t]) => t);
      const known = headings.filter((h) => SECTIONS.some((s) => s.heading.replace('{nivå}', 'sektor') === h));
      expect(known.length, x.name).toBeGreaterThanOrEqual(8);
      expect(known).toEqual(templateOrder(known, 'sektor'));
      expect(headings).not.toContain('Resultat och prognos');
      const { wb } = await xlsxSheets(f(`rapport-${i}.xlsx`));
      const sheets = wb.worksheets.map((w) => w.name).filter((n) => n !== 'Framsida');
      const expected = SECTIONS.map((s) => s.heading.replace('{nivå}', 'sektor').slice(0, 31)).filter((h) => sheets.includes(h));
      expect(expected.length, x.name).toBeGreaterThanOrEqual(8);
      expect(sheets.slice(0, expected.length)).toEqual(expected);
      expect(sheets).toContain('Klimat och miljö');
    }
  });

  it.skipIf(!hasPdfTools())('the kommuntotal of the two follows the template too, with each förvaltning’s text under its name', async () => {
    const text = flat(pdfText(f('kommuntotal.pdf'), false));
    const present = headingsInOrder(text, 'förvaltning');
    expect(present).toEqual(templateOrder(present, 'förvaltning'));
    expect(present).toEqual(expect.arrayContaining(['Ekonomiskt utfall och helårsprognos', 'Klimat och miljö', 'Nämndens sammanfattning', 'Ekonomi per förvaltning']));
    for (const x of FORVALTNINGAR) expect(text).toContain(`${x.name} bytte till fossilfria bilar`);
    expect(text).toContain('version 1 från Ekonomi');
    const { wb } = await xlsxSheets(f('kommuntotal.xlsx'));
    const sheets = wb.worksheets.map((w) => w.name).filter((n) => n !== 'Framsida');
    expect(sheets.slice(0, 4)).toEqual(['Ekonomiskt utfall och helårspro', 'Klimat och miljö', 'Nämndens sammanfattning', 'Ekonomi per förvaltning']);
  });
});
