import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import { printWebPreferences } from '../security';
import { PDF_MARGINS_MM, type PdfPrinter } from '../services/reports/pdf';

const PARTITION = 'ramkoll-pdf';
const inch = (mm: number) => mm / 25.4;

/**
 * Prints a report's HTML to PDF with Electron's own Chromium
 * (webContents.printToPDF) in a hidden window of its own: sandboxed, no
 * JavaScript, no preload, its own in-memory session that loads only the one
 * temporary file of the report. The report's CSP forbids the rest anyway.
 */
export function electronPdfPrinter(): PdfPrinter {
  return async (job) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-rapport-'));
    const file = path.join(dir, 'rapport.html');
    fs.writeFileSync(file, job.html, { mode: 0o600 });
    const allowed = pathToFileURL(file).href;
    const ses = session.fromPartition(PARTITION, { cache: false });
    ses.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !(details.url === allowed || details.url.startsWith('data:')) }));
    ses.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
    const win = new BrowserWindow({
      show: false,
      webPreferences: printWebPreferences(PARTITION),
    });
    try {
      await win.loadURL(allowed);
      const data = await win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: job.footerTemplate,
        margins: { top: inch(PDF_MARGINS_MM.top), bottom: inch(PDF_MARGINS_MM.bottom), left: inch(PDF_MARGINS_MM.left), right: inch(PDF_MARGINS_MM.right) },
        generateTaggedPDF: true,
        generateDocumentOutline: true,
      });
      return new Uint8Array(data);
    } finally {
      win.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
