import type { Db } from '../../db/index';
import type { PdfPrinter } from '../services/reports/pdf';
import type { LocalSite } from '../services/setup';
import type { ProgressEvent } from './contract/envelope';

/**
 * Turns the file references in inputs into paths. The CLI passes paths as
 * given; the app only accepts tokens handed out by its own file dialogs, so
 * the renderer can never name an arbitrary file.
 */
export interface FileAccess {
  readable(ref: string): string;
  writable(ref: string): string;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface ChosenFile {
  /** Reference to pass back in inputs (a path on the command line, a token in the app). */
  ref: string;
  /** File name only, for display. */
  name: string;
}

/**
 * Native file dialogs, where the front has them (the app and the test bridge;
 * the CLI takes files as arguments instead). null: the user cancelled.
 */
export interface FileDialogs {
  open(opts: { title: string; filters: FileFilter[] }): Promise<ChosenFile | null>;
  save(opts: { title: string; defaultName: string; filters: FileFilter[] }): Promise<ChosenFile | null>;
}

/**
 * The front's hold on its database file, for the few operations that must
 * replace the file (restoring a backup): it closes every connection the
 * front has to it (its own and the worker thread's), runs fn, and opens the
 * file again, also when fn fails. After it, handlers must not use ctx.db of
 * the same call again.
 */
export interface DatabaseHost {
  whileClosed<T>(fn: () => Promise<T>): Promise<T>;
}

/** Everything a handler may use; each front (IPC, CLI, test bridge) builds one. */
export interface HandlerContext {
  readonly db: Db;
  readonly site: LocalSite;
  /** Who is working, for author fields and batch records. */
  readonly user: string;
  now(): Date;
  progress(update: Omit<ProgressEvent, 'channel'>): void;
  readonly signal: AbortSignal;
  readonly files: FileAccess;
  readonly dialogs: FileDialogs;
  /** Absent where the file cannot be replaced (the worker thread). */
  readonly database?: DatabaseHost;
  /**
   * Prints HTML to PDF where the front has its own Chromium (the app:
   * Electron's printToPDF, also for the worker thread through the main
   * process). Absent: reports use the system's Chromium (CLI, tests).
   */
  readonly pdf?: PdfPrinter;
}
