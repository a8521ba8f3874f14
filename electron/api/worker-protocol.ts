import type { PdfJob } from '../services/reports/pdf';
import type { Envelope, ProgressEvent } from './contract/index';

export interface WorkerSetup {
  dbFile: string;
  backupDir?: string;
  nativeBinding?: string;
  user: string;
  /** The main process prints PDFs for the worker (the app's Electron); otherwise the worker has no printer of its own. */
  pdfFromParent?: boolean;
}

/** A path the user chose in a dialog, handed to the worker with the job that needs it. */
export interface GrantedFile {
  path: string;
  mode: 'read' | 'write';
}

export type ToWorker =
  | { type: 'job'; id: number; channel: string; input: unknown; files: Record<string, GrantedFile> }
  | { type: 'cancel'; id: number }
  | { type: 'pdf-result'; request: number; ok: true; bytes: Uint8Array }
  | { type: 'pdf-result'; request: number; ok: false; message: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; event: ProgressEvent }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'fatal'; message: string }
  | { type: 'pdf'; request: number; job: PdfJob };
