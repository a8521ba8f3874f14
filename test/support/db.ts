import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import type { FileDialogs, FileFilter, HandlerContext } from '../../electron/api/context';
import { generateDemo } from '../../electron/services/demo/generate';
import { openRamkollDatabase } from '../../electron/services/setup';

export const DEMO_YEAR = 2026;

/** File dialogs for tests: each dialog "chooses" the next path queued by the test, or cancels when none is. */
export class QueuedDialogs implements FileDialogs {
  readonly queue: string[] = [];
  readonly asked: { kind: 'open' | 'save'; title: string; extensions: string[] }[] = [];
  async open(opts: { title: string; filters: FileFilter[] }) {
    this.asked.push({ kind: 'open', title: opts.title, extensions: opts.filters.flatMap((f) => f.extensions) });
    const p = this.queue.shift();
    return p === undefined ? null : { ref: p, name: path.basename(p) };
  }
  async save(opts: { title: string; filters: FileFilter[] }) {
    this.asked.push({ kind: 'save', title: opts.title, extensions: opts.filters.flatMap((f) => f.extensions) });
    const p = this.queue.shift();
    return p === undefined ? null : { ref: p, name: path.basename(p) };
  }
}

export type TestContext = HandlerContext & { dialogs: QueuedDialogs };

/** Opens (creating) a database and returns a handler context over it, as the CLI builds one. */
export async function openTestContext(file: string, opts: { demo?: boolean; year?: number } = {}): Promise<TestContext> {
  // Pinned: on 20 November the demo has outcome January–October with October as the open round (many tests
  // rely on it); the tests' CLI runs are pinned to the same date (CLI_TODAY in support/cli.ts). A new
  // database takes its active year from it too.
  const now = new Date(`${opts.year ?? DEMO_YEAR}-11-20T10:00:00Z`);
  const { db, site } = await openRamkollDatabase(file, { create: true }, now);
  if (opts.demo) generateDemo(db, { year: opts.year ?? DEMO_YEAR, siteId: site.id, user: 'test', now });
  return {
    db,
    site,
    user: 'test',
    now: () => now,
    progress: () => {},
    signal: new AbortController().signal,
    files: { readable: (p) => p, writable: (p) => p },
    dialogs: new QueuedDialogs(),
  };
}

/**
 * A fingerprint of everything a database holds (every row of every table, in
 * key order), to show that a failed operation left it unchanged in content.
 */
export function contentHash(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      hash.update(`table ${name}\n`);
      const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as unknown[]).length;
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).raw().all() as unknown[][];
      for (const row of rows) hash.update(JSON.stringify(row) + '\n');
    }
    hash.update(`user_version ${String(db.pragma('user_version', { simple: true }))}`);
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
