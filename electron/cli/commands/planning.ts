import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const kr = (ore: number) => (ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const budgetExportCommand: CliCommand = {
  name: ['budget', 'export'],
  summary: 'exporterar detaljbudgeten till ekonomisystemet som CSV, SIE (typ 3, #PBUDGET) eller formaterad Excel',
  usage: 'ramkoll budget export --db DB --version ID|current --format csv|sie|xlsx --out FIL [--profile PROFIL] [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db DB            databasfilen',
    '  --version ID       budgetversionens id, eller current: budgeten i kraft vid årets slut (den beslutade',
    '                     budgeten, eller den senast beslutade revideringen)',
    '  --format           csv (kolumner enligt --profile eller standardlayouten), sie (SIE typ 3 med #PBUDGET',
    '                     per period och objekt, #DIM, #OBJEKT och #KONTO) eller xlsx (formaterad Excel)',
    '                     CSV och SIE har bara budgetåret (det ekonomisystemet registrerar); xlsx har också',
    '                     bladet Flerårsplan: ram i kraft och budget/plan per ansvar och kontogrupp för budgetåret',
    '                     och de två planåren, med planårens antaganden på bladet Om filen',
    '  --out FIL          filen som skrivs (en befintlig fil ersätts)',
    '  --profile PROFIL   sparad CSV-layout (Budget › Import och export); utan den: Ansvar;Konto;dimensioner;Årsbelopp;Jan…Dec',
    '  --year ÅÅÅÅ        året för --version current (standard: databasens aktiva år)',
    '  --json             skriv resultatet som ett JSON-objekt (belopp i öre)',
  ].join('\n'),
  options: { db: { type: 'string' }, version: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, profile: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const version = required(args, 'version');
    const format = required(args, 'format');
    if (format !== 'csv' && format !== 'sie' && format !== 'xlsx') throw new UsageError(`--format ska vara csv, sie eller xlsx, inte "${format}"`);
    const out = required(args, 'out');
    const year = intOption(args, 'year', 2000, 2100);
    const profile = args.values.profile;
    const result = await withDatabase(file, io, { readonly: true }, (s) =>
      s.invoke('planning.export.budget', { version, format, file: out, ...(year !== undefined ? { year } : {}), ...(typeof profile === 'string' ? { profile } : {}) }),
    );
    if (args.values.json) printJson(io, result);
    else {
      io.out(`${result.fileName}: ${result.versionName} (${result.year}), ${result.codings} kodsträngar, ${result.records} ${result.format === 'sie' ? '#PBUDGET-poster' : 'rader'}, totalt ${kr(result.totalOre)} kr\n`);
      for (const n of result.notes) io.out(`  ${n}\n`);
    }
    return EXIT.ok;
  },
};

const budgetImportCommand: CliCommand = {
  name: ['budget', 'import'],
  summary: 'läser in en detaljbudget från Excel, CSV (kodsträng + årsbelopp eller tolv månader) eller SIE (#PBUDGET)',
  usage: 'ramkoll budget import FIL --db DB [--profile PROFIL] [--version ID] [--replace] [--year ÅÅÅÅ] [--name NAMN] [--sheet BLAD] [--dry-run] [--json]',
  help: [
    '  FIL              xlsx-, xls-, CSV- eller textfil med rubrikrad: Konto, Ansvar, andra dimensioner (t.ex. Motpart),',
    '                   och Årsbelopp (periodiseras med kolumnen Profil, annars jämnt) och/eller Jan…Dec / 202601…202612;',
    '                   eller en rad per period: Konto, Ansvar, Period, Belopp;',
    '                   eller en SIE-fil (.se, .si, .sie) med #PBUDGET per period och objekt: en budgetrad per',
    '                   kodsträng (ansvar och andra dimensioner efter SIE-numret), med profil där månaderna följer',
    '                   en periodiseringsprofil, annars med månaderna som i filen (manuell fördelning)',
    '  --db DB          databasfilen',
    '  --profile PROFIL läs kolumnerna enligt en sparad exportprofil (filer som exporterats med den profilen;',
    '                   gäller inte SIE)',
    '  --version ID     läs in i en befintlig, olåst version (standard: skapa en ny arbetsversion)',
    '  --replace        ersätt versionens rader i stället för att lägga till',
    '  --year ÅÅÅÅ      året för en ny version (standard: året i filens månadskolumner, annars aktivt år)',
    '  --name NAMN      namnet på en ny version (standard: "Import FILNAMN")',
    '  --sheet BLAD     bladet i en Excel-fil (standard: första bladet med innehåll)',
    '  --dry-run        kontrollera filen och visa vad som skulle läsas in, utan att ändra',
    '  --json           skriv resultatet som ett JSON-objekt (belopp i öre)',
    '',
    '  En fil med fel ändrar ingenting; varje fel anges med fil, rad och kolumn.',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    profile: { type: 'string' },
    version: { type: 'string' },
    replace: { type: 'boolean' },
    year: { type: 'string' },
    name: { type: 'string' },
    sheet: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = required(args, 'db');
    const year = intOption(args, 'year', 2000, 2100);
    const str = (k: string) => (typeof args.values[k] === 'string' ? (args.values[k] as string) : undefined);
    if (args.values.replace && !str('version')) throw new UsageError('--replace kräver --version');
    const input = {
      file: args.positionals[0]!,
      replace: Boolean(args.values.replace),
      dryRun: Boolean(args.values['dry-run']),
      ...(year !== undefined ? { year } : {}),
      ...(str('profile') !== undefined ? { profile: str('profile')! } : {}),
      ...(str('version') !== undefined ? { versionId: str('version')! } : {}),
      ...(str('name') !== undefined ? { versionName: str('name')! } : {}),
      ...(str('sheet') !== undefined ? { sheet: str('sheet')! } : {}),
    };
    const result = await withDatabase(file, io, {}, (s) => s.invoke('planning.import.budget', input));
    if (args.values.json) printJson(io, result);
    else {
      const where = result.createdVersion ? `ny version "${result.versionName}"` : `versionen "${result.versionName}"${result.replacedLines > 0 ? ` (${result.replacedLines} rader ersattes)` : ''}`;
      io.out(`${result.fileName}: ${result.lines} budgetrader för ${result.year}, totalt ${kr(result.totalOre)} kr → ${where}${result.applied ? '' : ' (provkörning, inget sparat)'}\n`);
      for (const n of result.notes) io.out(`  ${n}\n`);
    }
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const planningCommands: readonly CliCommand[] = [budgetExportCommand, budgetImportCommand];
