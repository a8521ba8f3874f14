import fs from 'node:fs';
import path from 'node:path';

/**
 * The support log (userData/logs/ramkoll.log): one line per event with time
 * and level, errors with their stack. When the file passes maxBytes it is
 * renamed to ramkoll.1.log (the older ones move up to ramkoll.<keep-1>.log,
 * the oldest is dropped), so the folder never grows past keep × maxBytes.
 * Plain Node, no Electron: tested on its own. Writing never throws: a log
 * that cannot be written must not take the app down.
 */
export interface LogOptions {
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
}

export type LogLevel = 'info' | 'warn' | 'error';

export class RotatingLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    opts: LogOptions = {},
  ) {
    this.file = path.join(dir, 'ramkoll.log');
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = Math.max(1, opts.keep ?? 5);
    this.now = opts.now ?? (() => new Date());
  }

  /** ramkoll.log, ramkoll.1.log, … ramkoll.<keep-1>.log */
  fileNumber(n: number): string {
    return n === 0 ? this.file : path.join(this.dir, `ramkoll.${n}.log`);
  }

  private rotate(): void {
    fs.rmSync(this.fileNumber(this.keep - 1), { force: true });
    for (let n = this.keep - 2; n >= 0; n--) {
      if (fs.existsSync(this.fileNumber(n))) fs.renameSync(this.fileNumber(n), this.fileNumber(n + 1));
    }
  }

  write(level: LogLevel, message: string, error?: unknown): void {
    try {
      const detail = error instanceof Error ? `\n${error.stack ?? error.message}` : error !== undefined ? `\n${String(error)}` : '';
      const line = `${this.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${detail}`.replace(/\n/g, '\n    ') + '\n';
      fs.mkdirSync(this.dir, { recursive: true });
      let size = 0;
      try {
        size = fs.statSync(this.file).size;
      } catch {
        size = 0;
      }
      if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      fs.appendFileSync(this.file, line);
    } catch {
      // Nowhere left to report it.
    }
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string, error?: unknown): void {
    this.write('warn', message, error);
  }

  error(message: string, error?: unknown): void {
    this.write('error', message, error);
  }
}
