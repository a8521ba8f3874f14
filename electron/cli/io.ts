export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: then progress is drawn there. */
  interactive: boolean;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  interactive: Boolean(process.stderr.isTTY),
};

/** Exit codes: documented in `ramkoll --help`. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, internal: 3 } as const;

export class UsageError extends Error {}
