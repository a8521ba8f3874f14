import path from 'node:path';
import { writeAtomically } from '../files/write-atomically';
import { reportDocument, type ReportDocument } from './document';
import { writeReportDocx } from './docx';
import { footerTemplate, reportHtml } from './html';
import type { PdfPrinter } from './pdf';
import type { ReportFormat, ReportModel } from './types';
import { writeReportXlsx } from './xlsx';

// The handlers under electron/api still import it from here; they move to files/ with the channel modules (issue 20 point 1).
export { writeAtomically } from '../files/write-atomically';

export const FORMAT_EXTENSIONS: Record<ReportFormat, string> = { pdf: '.pdf', xlsx: '.xlsx', docx: '.docx' };
export const FORMAT_NAMES: Record<ReportFormat, string> = { pdf: 'PDF', xlsx: 'Excel', docx: 'Word' };

/** The bytes of a report in one format. The PDF needs a printer (Electron in the app, Chromium elsewhere). */
export async function renderReport(doc: ReportDocument, format: ReportFormat, printer: PdfPrinter): Promise<Buffer> {
  if (format === 'xlsx') return writeReportXlsx(doc);
  if (format === 'docx') return writeReportDocx(doc);
  const pdf = await printer({ html: reportHtml(doc), footerTemplate: footerTemplate(doc) });
  return Buffer.from(pdf);
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
