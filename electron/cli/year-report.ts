import type { Channel, Input, Output } from '../api/contract/index';
import type { CliCommand } from './command';
import { intOption, printJson, required } from './command';
import { withDatabase } from './context';
import { EXIT } from './io';

/** A channel that answers for one year, the active year when none is given. */
type YearChannel = { [C in Channel]: { year?: number } extends Input<C> ? C : never }[Channel];

/**
 * The options and the run of a read-only command that shows a channel's
 * answer for one year (`--db DB [--year ÅÅÅÅ] [--json]`): as JSON with
 * --json, else as the command's text.
 */
export function yearReport<C extends YearChannel>(channel: C, format: (answer: Output<C>) => string): Pick<CliCommand, 'options' | 'positionals' | 'run'> {
  return {
    options: { db: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
    positionals: { min: 0, max: 0 },
    async run(args, io) {
      const file = required(args, 'db');
      const year = intOption(args, 'year', 2000, 2100);
      const answer = await withDatabase(file, io, { readonly: true }, (s) => s.invoke(channel, (year !== undefined ? { year } : {}) as Input<C>));
      if (args.values.json) printJson(io, answer);
      else io.out(format(answer));
      return EXIT.ok;
    },
  };
}
