export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: then progress is drawn there. */
  interactive: boolean;
}

const closed = { out: false, err: false };

/**
 * A reader that stops early (`ramkoll … | head`) closes the pipe: the rest of
 * the output has nowhere to go and is dropped, and the exit code still tells
 * what the command did (the database may well have changed). Without this an
 * EPIPE was an unhandled error and exit 1, which promises "unchanged".
 */
export function tolerateClosedPipes(): void {
  const watch = (stream: NodeJS.WriteStream, key: keyof typeof closed) =>
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed[key] = true;
    });
  watch(process.stdout, 'out');
  watch(process.stderr, 'err');
}

export const processIO: CliIO = {
  out: (t) => {
    if (!closed.out) process.stdout.write(t);
  },
  err: (t) => {
    if (!closed.err) process.stderr.write(t);
  },
  interactive: Boolean(process.stderr.isTTY),
};

/** Exit codes: documented in `ramkoll --help`. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, internal: 3 } as const;

export class UsageError extends Error {}

/**
 * Sets the exit code from the command's promise. Node ends a process whose
 * work waits for something that will never come with exit 0, as if all went
 * well; such an end is reported as an internal error instead.
 */
export function exitWith(run: Promise<number>, io: CliIO = processIO): void {
  let settled = false;
  run.then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (e: unknown) => {
      settled = true;
      io.err(`ramkoll: internt fel: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
  process.on('exit', () => {
    if (settled) return;
    io.err('ramkoll: internt fel: kommandot avslutades innan det var klart. Det som inte hann sparas helt har inte sparats.\n');
    process.exitCode = EXIT.internal;
  });
}
