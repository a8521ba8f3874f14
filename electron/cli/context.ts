import os from 'node:os';
import path from 'node:path';
import type { OpenOptions } from '../../db/index';
import type { DatabaseHost, HandlerContext } from '../api/context';
import { invoke } from '../api/invoke';
import { noDialogs } from '../api/no-dialogs';
import type { Channel, Input, Output } from '../api/contract/index';
import { systemClock } from '../services/clock';
import { localSite, openRamkollDatabase } from '../services/setup';
import type { CliIO } from './io';

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'okänd';
  }
}

function progressPrinter(io: CliIO): HandlerContext['progress'] {
  let last = 0;
  return (p) => {
    if (!io.interactive) return;
    // Throttles the drawing of the progress bar: a duration, not the date.
    // eslint-disable-next-line no-restricted-syntax -- measuring elapsed time
    const now = Date.now();
    if (now - last < 100 && p.done !== p.total) return;
    last = now;
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : null;
    const bar = pct === null ? '' : `[${'#'.repeat(Math.floor(pct / 5)).padEnd(20, '.')}] ${pct} % `;
    io.err(`\r${bar}${p.task}`.padEnd(70) + (p.total !== null && p.done >= p.total ? '\n' : ''));
  };
}

export interface CliSession {
  invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}

/**
 * Opens the database named on the command line, runs `fn` with a session
 * whose calls go through the same handler map as the app, and closes it.
 */
export async function withDatabase<T>(file: string, io: CliIO, opts: OpenOptions, fn: (s: CliSession) => Promise<T>): Promise<T> {
  const abs = path.resolve(file);
  // RAMKOLL_TODAY pins the date of the whole run (a bad value stops here, before the database is touched).
  const clock = systemClock();
  let opened = await openRamkollDatabase(abs, opts, clock.now());
  // Restoring a backup replaces the file: close, let it happen, open again.
  const database: DatabaseHost = {
    async whileClosed(run) {
      opened.db.close();
      try {
        return await run();
      } finally {
        opened = await openRamkollDatabase(abs, opts, clock.now());
      }
    },
  };
  const ctx: HandlerContext = {
    get db() {
      return opened.db;
    },
    // As the database holds it now: `site set` changes it.
    get site() {
      return localSite(opened.db);
    },
    database,
    user: currentUser(),
    now: () => clock.now(),
    progress: progressPrinter(io),
    signal: new AbortController().signal,
    files: { readable: (ref) => path.resolve(ref), writable: (ref) => path.resolve(ref) },
    dialogs: noDialogs,
  };
  try {
    return await fn({ invoke: <C extends Channel>(channel: C, input: Input<C>) => invoke(channel, input, ctx) as Promise<Output<C>> });
  } finally {
    opened.db.close();
  }
}
