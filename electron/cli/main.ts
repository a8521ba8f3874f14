import { parseArgs } from 'node:util';
import { isRamkollError } from '../../db/errors';
import { toErrorShape } from '../api/invoke';
import { APP_VERSION } from '../services/version';
import type { CliCommand } from './command';
import { COMMANDS } from './commands/index';
import { EXIT, UsageError, type CliIO } from './io';

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.join(' ').length));
  return [
    `Ramkoll ${APP_VERSION} – detaljbudget, utfall, avvikelser och prognos för en förvaltning`,
    '',
    'Användning: ramkoll KOMMANDO [FLAGGOR]',
    '',
    'Kommandon:',
    ...COMMANDS.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    '"ramkoll KOMMANDO --help" visar kommandots flaggor.',
    '',
    'Belopp i JSON är heltal i öre. Perioder skrivs ÅÅÅÅMM, datum ÅÅÅÅ-MM-DD.',
    'RAMKOLL_TODAY=ÅÅÅÅ-MM-DD i miljön låser dagens datum för körningen (klockslaget löper).',
    'Slutkoder: 0 klart, 1 felaktig indata (filen eller databasen lämnas oförändrad),',
    '           2 felaktig användning, 3 internt fel.',
    '',
  ].join('\n');
}

function commandHelp(c: CliCommand): string {
  return `Användning: ${c.usage}\n\n${c.summary}\n\n${c.help}\n`;
}

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | null {
  let best: { command: CliCommand; rest: string[] } | null = null;
  for (const c of COMMANDS) {
    if (c.name.every((w, i) => argv[i] === w) && (!best || c.name.length > best.command.name.length)) {
      best = { command: c, rest: argv.slice(c.name.length) };
    }
  }
  return best;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(generalHelp());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.out(`${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`ramkoll: okänt kommando "${argv.join(' ')}". Se "ramkoll --help".\n`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const wantsJson = rest.includes('--json');
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { min, max } = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(min === max ? `väntade ${min} argument utöver flaggorna` : `väntade ${min}–${max} argument utöver flaggorna`);
    }
    return await command.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`ramkoll ${command.name.join(' ')}: ${e.message}\nAnvändning: ${command.usage}\n`);
      return EXIT.usage;
    }
    const shape = toErrorShape(e);
    if (wantsJson) io.out(`${JSON.stringify({ error: shape })}\n`);
    io.err(`ramkoll: ${shape.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return isRamkollError(e) ? EXIT.badInput : EXIT.internal;
  }
}
