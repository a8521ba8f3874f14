import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT } from '../io';
import { formatSummary } from './summary';

export const initCommand: CliCommand = {
  name: ['init'],
  summary: 'skapar eller uppgraderar en databas, med --demo fylld med demoförvaltningen',
  usage: 'ramkoll init --db FIL [--demo] [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db FIL      databasfilen (skapas om den inte finns)',
    '  --demo        fyll databasen med Socialförvaltningen, Exempelby kommun (bara i en tom databas), som den ser ut i dag:',
    '                utfall för de månader som är bokförda (en månad stängs den 10:e i månaden efter), pågående',
    '                kommentarsomgång och tidigare tillfällen låsta; RAMKOLL_TODAY=ÅÅÅÅ-MM-DD väljer en annan dag',
    '  --year ÅÅÅÅ   demons budgetår (standard: det år dagens datum visar; ett tidigare år visas som det var vid årets slut)',
    '  --json        skriv sammanfattningen som ett JSON-objekt',
  ].join('\n'),
  options: { db: { type: 'string' }, demo: { type: 'boolean' }, year: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const year = intOption(args, 'year', 2000, 2100);
    const summary = await withDatabase(file, io, { create: true }, async (s) => {
      if (args.values.demo) return s.invoke('demo.generate', year !== undefined ? { year } : {});
      return s.invoke('summary.get', year !== undefined ? { year } : {});
    });
    if (args.values.json) printJson(io, summary);
    else io.out(formatSummary(summary));
    return EXIT.ok;
  },
};
