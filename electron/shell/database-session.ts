import fs from 'node:fs';
import os from 'node:os';
import type { Db, OpenOptions } from '../../db/index';
import type { DatabaseHost } from '../api/context';
import { WorkerClient } from '../api/worker-client';
import type { PdfPrinter } from '../services/reports/pdf';
import { localSite, openRamkollDatabase, type LocalSite } from '../services/setup';

/**
 * The app's open database: the main process's connection and the worker
 * thread's, opened, switched and closed together. Plain Node (no Electron),
 * so integration tests drive it with the real worker.
 */
export interface SessionOptions {
  workerScript: string;
  nativeBinding?: string;
  user?: string;
  /** Prints the worker's PDFs (the app: Electron's printToPDF). */
  pdf?: PdfPrinter;
}

/** What the files look like; a write changes the -wal file or, after a checkpoint, the database file. */
export function fileSignature(file: string): string {
  const part = (f: string) => {
    try {
      const s = fs.statSync(f);
      return `${s.size}@${s.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${part(file)}|${part(`${file}-wal`)}`;
}

export function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'okänd';
  }
}

export class DatabaseSession implements DatabaseHost {
  private current: { db: Db; worker: WorkerClient; openedSignature: string } | null = null;

  constructor(private readonly opts: SessionOptions) {}

  get db(): Db {
    if (!this.current) throw new Error('no database open');
    return this.current.db;
  }

  /** This installation's identity as the database holds it now: Inställningar (site.set) changes it while the session stays open. */
  get site(): LocalSite {
    if (!this.current) throw new Error('no database open');
    return localSite(this.current.db);
  }

  get worker(): WorkerClient {
    if (!this.current) throw new Error('no database open');
    return this.current.worker;
  }

  get file(): string | null {
    return this.current?.db.file ?? null;
  }

  private openOptions(extra: OpenOptions = {}): OpenOptions {
    return { ...(this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {}), ...extra };
  }

  private async connect(file: string, extra: OpenOptions = {}) {
    const { db } = await openRamkollDatabase(file, this.openOptions(extra));
    const worker = new WorkerClient(this.opts.workerScript, {
      dbFile: file,
      backupDir: db.backupDir,
      user: this.opts.user ?? currentUser(),
      ...(this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {}),
    }, this.opts.pdf);
    return { db, worker, openedSignature: fileSignature(file) };
  }

  private async disconnect(): Promise<void> {
    const c = this.current;
    this.current = null;
    if (!c) return;
    await c.worker.close();
    c.db.close();
  }

  /**
   * Opens `file` (creating it if asked) and only then closes the database
   * that was open, so a file that cannot be opened leaves the app where it was.
   */
  async open(file: string, extra: OpenOptions = {}): Promise<{ created: boolean }> {
    const created = !fs.existsSync(file);
    const next = await this.connect(file, extra);
    await this.disconnect();
    this.current = next;
    return { created };
  }

  /** DatabaseHost: close both connections, run fn, open the same file again (also when fn failed). */
  async whileClosed<T>(fn: () => Promise<T>): Promise<T> {
    const file = this.file;
    if (!file) throw new Error('no database open');
    await this.disconnect();
    try {
      return await fn();
    } finally {
      this.current = await this.connect(file);
    }
  }

  /** True when something was written since the database was opened (by this app or anyone else). */
  changedSinceOpen(): boolean {
    return this.current !== null && fileSignature(this.current.db.file) !== this.current.openedSignature;
  }

  /**
   * On quit: a backup when the database changed since it was opened (a
   * session with no changes adds nothing to the 20 kept), then close.
   * Returns the backup's path, or null.
   */
  async closeWithBackup(): Promise<string | null> {
    if (!this.current) return null;
    let taken: string | null = null;
    try {
      if (this.changedSinceOpen()) taken = await this.current.db.backup('vid-stangning');
    } finally {
      await this.disconnect();
    }
    return taken;
  }
}
