import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

export const masterdataCommand: CliCommand = {
  name: ['masterdata'],
  summary: 'läser in organisationen (ansvar) eller kontoplanen från CSV eller Excel',
  usage: 'ramkoll masterdata FIL --db DB --kind organisation|accounts [--sheet BLAD] [--dry-run] [--json]',
  help: [
    '  FIL             CSV-, text- eller Excel-fil (.xlsx, .xls) med rubrikrad',
    '                  organisation: Ansvar, Namn, Överordnad [, Nivå]',
    '                  accounts:     Konto, Namn [, Grupp]',
    '  --db DB         databasfilen',
    '  --kind          organisation eller accounts',
    '  --sheet BLAD    bladet i en Excel-fil (standard: första bladet med innehåll)',
    '  --dry-run       kontrollera filen och visa vad som skulle ändras, utan att ändra',
    '  --json          skriv resultatet som ett JSON-objekt',
  ].join('\n'),
  options: { db: { type: 'string' }, kind: { type: 'string' }, sheet: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = required(args, 'db');
    const kind = required(args, 'kind');
    if (kind !== 'organisation' && kind !== 'accounts') throw new UsageError(`--kind ska vara organisation eller accounts, inte "${kind}"`);
    const sheet = args.values.sheet;
    const result = await withDatabase(file, io, {}, (s) =>
      s.invoke('masterdata.import', { kind, file: args.positionals[0]!, dryRun: Boolean(args.values['dry-run']), ...(typeof sheet === 'string' ? { sheet } : {}) }),
    );
    if (args.values.json) printJson(io, result);
    else {
      const what = kind === 'organisation' ? 'ansvar' : 'konton';
      io.out(
        `${result.fileName}: ${result.rows} ${what}; ${result.created} nya, ${result.updated} ändrade, ${result.unchanged} oförändrade${result.applied ? '' : ' (provkörning, inget sparat)'}\n`,
      );
      for (const n of result.notes) io.out(`  ${n}\n`);
    }
    return EXIT.ok;
  },
};
