import type { Db } from '../../db/index';
import type { LocalSite } from '../services/setup';
import type { ProgressEvent } from './contract/index';

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
}
