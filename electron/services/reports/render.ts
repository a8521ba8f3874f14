import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { reportDocument, type ReportDocument } from './document';
import { writeReportDocx } from './docx';
import { footerTemplate, reportHtml } from './html';
import type { PdfPrinter } from './pdf';
import type { ReportFormat, ReportModel } from './types';
import { writeReportXlsx } from './xlsx';

export const FORMAT_EXTENSIONS: Record<ReportFormat, string> = { pdf: '.pdf', xlsx: '.xlsx', docx: '.docx' };
export const FORMAT_NAMES: Record<ReportFormat, string> = { pdf: 'PDF', xlsx: 'Excel', docx: 'Word' };

/** The bytes of a report in one format. The PDF needs a printer (Electron in the app, Chromium elsewhere). */
export async function renderReport(doc: ReportDocument, format: ReportFormat, printer: PdfPrinter): Promise<Buffer> {
  if (format === 'xlsx') return writeReportXlsx(doc);
  if (format === 'docx') return writeReportDocx(doc);
  const pdf = await printer({ html: reportHtml(doc), footerTemplate: footerTemplate(doc) });
  return Buffer.from(pdf);
}

/** Writes beside the target and renames, so a failed render never leaves half a report under the name. */
export function writeAtomically(file: string, bytes: Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOSPC' || code === 'EBUSY') {
      throw new RamkollError('BAD_FILE', `${path.basename(file)} kunde inte sparas (${code}): välj en annan mapp eller stäng filen om den är öppen i ett annat program.`);
    }
    throw e;
  }
}

export interface WrittenReport {
  file: string;
  format: ReportFormat;
  bytes: number;
  title: string;
  /** Set when months of the occasion lack outcome: the report is preliminary. */
  notice: string | null;
}

export async function writeReport(model: ReportModel, format: ReportFormat, file: string, printer: PdfPrinter): Promise<WrittenReport> {
  const doc = reportDocument(model);
  const bytes = await renderReport(doc, format, printer);
  writeAtomically(file, bytes);
  return { file: path.basename(file), format, bytes: bytes.length, title: `${doc.title} – ${doc.subtitle}`, notice: doc.notice };
}
