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
}
