import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';

/**
 * What a PDF printer gets: the report's HTML and the footer to print on
 * every page; A4 with the margins below. The app prints with Electron's
 * webContents.printToPDF (electron/shell/pdf-printer.ts), the CLI and the
 * tests with Chromium through playwright-core (chromiumPrinter).
 */
export interface PdfJob {
  html: string;
  footerTemplate: string;
}

export type PdfPrinter = (job: PdfJob) => Promise<Uint8Array>;

/** A4 margins in millimetres; the footer sits in the bottom one. */
export const PDF_MARGINS_MM = { top: 16, bottom: 18, left: 15, right: 15 } as const;

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where a Chromium-based browser usually is; RAMKOLL_CHROMIUM first. Never downloaded. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const list: string[] = [];
  if (env.RAMKOLL_CHROMIUM) return [env.RAMKOLL_CHROMIUM];
  if (platform === 'win32') {
    for (const base of [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter((b): b is string => !!b)) {
      list.push(path.join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'), path.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    }
  } else if (platform === 'darwin') {
    list.push('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  } else {
    list.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge');
  }
  return list;
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = chromiumCandidates(env);
  const found = candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new RamkollError(
      'NOT_FOUND',
      env.RAMKOLL_CHROMIUM
        ? `Chromium finns inte på ${env.RAMKOLL_CHROMIUM} (RAMKOLL_CHROMIUM). Ange sökvägen till en Chromium, Chrome eller Edge, eller välj Excel eller Word.`
        : `PDF skapas med Chromium, som inte hittades (sökte ${candidates.join(', ')}). Installera Chromium (Debian/Ubuntu: sudo apt-get install chromium) eller ange sökvägen i RAMKOLL_CHROMIUM, eller välj Excel eller Word.`,
    );
  }
  return found;
}

/** Prints with the system's Chromium through playwright-core: a fresh headless browser per report, no network. */
export const chromiumPrinter: PdfPrinter = async (job) => {
  const executablePath = findChromium();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // The report needs nothing from outside; refuse any request, whatever the HTML says.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(job.html, { waitUntil: 'load' });
    const mm = (v: number) => `${v}mm`;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: job.footerTemplate,
      margin: { top: mm(PDF_MARGINS_MM.top), bottom: mm(PDF_MARGINS_MM.bottom), left: mm(PDF_MARGINS_MM.left), right: mm(PDF_MARGINS_MM.right) },
      tagged: true,
      outline: true,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
};
