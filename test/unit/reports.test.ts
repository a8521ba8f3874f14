import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printWebPreferences } from '../../electron/security';
import { barGeometry } from '../../electron/services/reports/bar-geometry';
import { imageSize } from '../../electron/services/reports/docx';
import type { ReportDocument } from '../../electron/services/reports/document';
import { escapeHtml, REPORT_CSP, REPORT_CSS, reportHtml } from '../../electron/services/reports/html';
import { chromiumCandidates, findChromium } from '../../electron/services/reports/pdf';
import { presentValue, roundDiv } from '../../electron/services/reports/present';
import { logoDataUrl } from '../../electron/services/reports/settings';
import { expectedInUnit } from '../support/reports';

describe('unit and sign, in one place', () => {
  it('rounds öre to tkr and mnkr half away from zero, exactly (compared with BigInt arithmetic)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (ore) => {
        expect(presentValue(ore, { unit: 'tkr', sign: 'costs-positive' }, 'amount')).toBe(expectedInUnit(ore, 'tkr'));
        expect(presentValue(ore, { unit: 'mnkr', sign: 'costs-positive' }, 'amount')).toBe(expectedInUnit(ore, 'mnkr'));
      }),
    );
    expect(roundDiv(150_000, 100_000)).toBe(2);
    expect(roundDiv(-150_000, 100_000)).toBe(-2);
    expect(roundDiv(-149_999, 100_000)).toBe(-1);
    expect(Object.is(roundDiv(-1, 100_000), 0)).toBe(true);
  });

  it('costs negative flips budget, outcome and forecast but never a deviation', () => {
    const p = { unit: 'tkr' as const, sign: 'costs-negative' as const };
    expect(presentValue(12_345_600, p, 'amount')).toBe(-123);
    expect(presentValue(-12_345_600, p, 'amount')).toBe(123);
    expect(presentValue(12_345_600, p, 'deviation')).toBe(123);
    expect(Object.is(presentValue(0, p, 'amount'), 0)).toBe(true);
  });
});

describe('the report HTML', () => {
  const doc: ReportDocument = {
    title: 'Delårsrapport <augusti>',
    subtitle: 'Förvaltningen & co',
    kommun: 'Exempelby "kommun"',
    logo: 'data:image/png;base64,AAAA" onerror="alert(1)',
    front: [{ label: 'Status', value: '<i>utkast</i>' }],
    unitNote: 'Belopp i tkr.',
    notice: null,
    fileStem: 'x',
    sections: [
      {
        id: 'analys',
        title: 'Ekonomisk analys',
        sheet: 'Ekonomisk analys',
        blocks: [
          { kind: 'labelled', label: 'Orsak', text: '<script>alert(1)</script><img src=x onerror=alert(2)>' },
          { kind: 'table', caption: 'T', columns: [{ title: '<th>', numeric: false, width: 10 }], rows: [{ cells: [{ kind: 'text', text: '</table><script>x</script>' }] }] },
        ],
      },
    ],
  };

  it('escapes every text, so HTML in a comment is shown as text, and drops a logo that is not a plain data: image', () => {
    const html = reportHtml(doc);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toContain('onerror="alert(1)"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('Delårsrapport &lt;augusti&gt;');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('carries its own CSP: no scripts, no requests, only its own stylesheet (by hash)', () => {
    const html = reportHtml(doc);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toContain('script-src');
    expect(REPORT_CSP).not.toContain('unsafe-inline');
    expect(REPORT_CSP).toContain(`'sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}'`);
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
    expect(html).not.toMatch(/ style="/);
  });
});

describe('bar chart geometry', () => {
  it('draws positive bars right of zero and negative ones left of it, each as long as its value', () => {
    const g = barGeometry({ categories: ['a', 'b'], series: [[100, -50], [20, null]], format: String });
    const zero = g.zeroX;
    const [a0, b0, a1] = [g.bars.find((b) => b.series === 0 && b.value === 100)!, g.bars.find((b) => b.value === -50)!, g.bars.find((b) => b.series === 1)!];
    expect(a0.x).toBeCloseTo(zero, 0);
    expect(b0.x + b0.width).toBeCloseTo(zero, 0);
    expect(a0.width / b0.width).toBeCloseTo(2, 1);
    expect(a1.width / a0.width).toBeCloseTo(0.2, 1);
    expect(g.bars).toHaveLength(3);
    expect(g.categories.map((c) => c.label)).toEqual(['a', 'b']);
  });
});

describe('logo and Chromium', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), Buffer.from([0, 0, 0, 120, 0, 0, 0, 40]), Buffer.alloc(20)]);

  it('takes a PNG, JPEG or SVG logo by its content, and says what is wrong with anything else', () => {
    expect(logoDataUrl('logo.png', png)).toMatch(/^data:image\/png;base64,/);
    expect(logoDataUrl('logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(() => logoDataUrl('logo.png', Buffer.from('<svg></svg>'))).toThrow(/inte en PNG-bild/);
    expect(() => logoDataUrl('logo.gif', png)).toThrow(/PNG-, JPEG- eller SVG-fil/);
    expect(() => logoDataUrl('logo.png', Buffer.concat([png, Buffer.alloc(600 * 1024)]))).toThrow(/högst 512 kB/);
    expect(imageSize(png)).toEqual({ width: 120, height: 40, type: 'png' });
  });

  it('finds Chromium where RAMKOLL_CHROMIUM says, else in the usual places, and never downloads one', () => {
    expect(chromiumCandidates({ RAMKOLL_CHROMIUM: '/opt/c' }, 'linux')).toEqual(['/opt/c']);
    expect(chromiumCandidates({}, 'linux')).toContain('/usr/bin/chromium');
    expect(chromiumCandidates({ ProgramFiles: 'C:\\Program Files' }, 'win32').some((c) => c.endsWith('msedge.exe'))).toBe(true);
    expect(() => findChromium({ RAMKOLL_CHROMIUM: '/nowhere/chromium' })).toThrow(/RAMKOLL_CHROMIUM/);
  });
});

describe('the window that prints PDFs in the app', () => {
  it('is sandboxed, isolated, without JavaScript, preload or devtools, in a session of its own', () => {
    const p = printWebPreferences('ramkoll-pdf');
    expect(p).toMatchObject({ partition: 'ramkoll-pdf', javascript: false, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false, disableBlinkFeatures: 'Auxclick' });
    expect(p).not.toHaveProperty('preload');
  });
});
