import type { Envelope, ProgressEvent } from './contract/index';

export interface WorkerSetup {
  dbFile: string;
  backupDir?: string;
  nativeBinding?: string;
  user: string;
}

/** A path the user chose in a dialog, handed to the worker with the job that needs it. */
export interface GrantedFile {
  path: string;
  mode: 'read' | 'write';
}

export type ToWorker = { type: 'job'; id: number; channel: string; input: unknown; files: Record<string, GrantedFile> } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; event: ProgressEvent }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'fatal'; message: string };
