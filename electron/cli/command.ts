import type { ParseArgsConfig } from 'node:util';
import { UsageError, type CliIO } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CliCommand {
  /** Words that select the command, e.g. ['init'] or ['budget', 'export']. */
  name: string[];
  summary: string;
  usage: string;
  /** Longer help: what each option does. */
  help: string;
  options: OptionSpec;
  positionals: { min: number; max: number };
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** The value of a string option that the command requires. */
export function required(args: ParsedArgs, name: string): string {
  const v = args.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} saknas`);
  return v;
}

/** An integer option such as --year, checked against a range. */
export function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = args.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} ska vara ett heltal mellan ${min} och ${max}, inte "${String(v)}"`);
  }
  return Number(v);
}

export function printJson(io: CliIO, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
