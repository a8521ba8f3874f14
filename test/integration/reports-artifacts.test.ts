import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteDir } from '../support/goals';
import { runCli } from '../support/cli';
import { libreOfficeFor, libreOfficePdf, pdfPages, pdfText, words } from '../support/reports';
import { ARTIFACTS } from '../support/tmp';

/**
 * The demo's August delårsrapport in every format, turned into PNG pages a
 * person can look at (test/artifacts/reports/): pdftoppm for the PDF, and
 * LibreOffice (headless) for the Excel and Word files where it is installed.
 */
const OUT = path.join(ARTIFACTS, 'reports');
const dir = suiteDir('ramkoll-report-png-');
const demo = path.join(dir, 'demo.db');

function pngPages(pdf: string, prefix: string): string[] {
  for (const f of fs.readdirSync(OUT)) if (f.startsWith(`${prefix}-`) && f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
  const r = spawnSync('pdftoppm', ['-r', '70', '-png', pdf, path.join(OUT, prefix)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return fs.readdirSync(OUT).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'));
}

beforeAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
  expect(runCli(['init', '--db', demo, '--demo', '--year', '2026']).code).toBe(0);
  for (const f of ['pdf', 'xlsx', 'docx']) {
    const file = path.join(OUT, `delarsrapport-augusti.${f}`);
    const r = runCli(['report', '--db', demo, '--occasion', '202608', '--format', f, '--out', file]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

describe('the delårsrapport as PNG pages', () => {
  it('PDF → PNG with pdftoppm, one picture per page', () => {
    const pdf = path.join(OUT, 'delarsrapport-augusti.pdf');
    const pages = pngPages(pdf, 'pdf');
    expect(pages.length).toBe(pdfPages(pdf));
    expect(pages.length).toBeGreaterThan(5);
  });

  for (const format of ['xlsx', 'docx'] as const) {
    it(`${format} → PDF with LibreOffice → PNG (where LibreOffice is installed)`, () => {
      // One profile of its own for the probe and the conversion (made by the probe), and an output folder per format.
      const profile = path.join(dir, `lo-profile-${format}`);
      const office = libreOfficeFor(format, dir, profile);
      if (!office) {
        console.log(`LibreOffice ${format === 'docx' ? 'Writer' : 'Calc'} is not installed: ${format} is not rendered to PNG here (apt-get install --no-install-recommends libreoffice-${format === 'docx' ? 'writer' : 'calc'}).`);
        return;
      }
      const pdf = libreOfficePdf(office, path.join(OUT, `delarsrapport-augusti.${format}`), path.join(dir, `lo-${format}`), profile);
      expect(pngPages(pdf, format).length).toBeGreaterThan(2);
      // What LibreOffice read is the report: its front page and a sektor's row, in words (its fonts and line breaks are its own).
      const text = words(pdfText(pdf, false));
      expect(text).toContain(words('Delårsrapport augusti'));
      expect(text).toContain(words('3100 Äldreomsorg'));
    }, 300_000);
  }
});
