import { isRamkollError } from '../../../db/errors';
import type { PersonnelFigures, PersonnelNodeRow } from '../../api/features/personnel';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';
import fs from 'node:fs';
import { readProfileFile } from '../../services/ledger/profile-files';

function periodOption(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  const m = /^(\d{4})-?(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(`--${name} ska vara en månad ÅÅÅÅMM, t.ex. 202610, inte "${s}"`);
  return Number(m[1]) * 100 + Number(m[2]);
}

const pct = (bp: number | null) => (bp === null ? '–' : `${(bp / 100).toFixed(1).replace('.', ',')} %`);
const fte = (c: number | null) => (c === null ? '–' : (c / 100).toFixed(1).replace('.', ','));
const kr = (ore: number | null) => (ore === null ? '–' : `${Math.round(ore / 100_000).toLocaleString('sv-SE')} tkr`);

function line(f: PersonnelFigures): string {
  return `${f.employees ?? '–'} anställda, ${fte(f.fteCenti)} åa, sjukfrånvaro ${pct(f.sickBp)} (lång ${pct(f.longSickBp)}), ${kr(f.costOre)}`;
}

export function formatPersonnel(rows: PersonnelNodeRow[]): string {
  if (rows.length === 0) return 'Inga personalsiffror för månaden.\n';
  return `${rows.map((r) => `${r.code} ${r.name}${r.imported ? '' : ' (summerat)'}\n    ${line(r.figures)}\n    fg år: ${r.lastYear ? line(r.lastYear) : '–'}`).join('\n')}\n`;
}

const show: CliCommand = {
  name: ['personnel'],
  summary: 'personalsiffrorna för en månad per ansvar (summerade uppåt), med samma månad förra året',
  usage: 'ramkoll personnel --db DB --period ÅÅÅÅMM [--json]',
  help: [
    '  --db DB            databasfilen',
    '  --period ÅÅÅÅMM    månaden, t.ex. 202608',
    '  --json             skriv en JSON-lista i organisationens ordning: { code, name, level, imported, figures, lastYear },',
    '                     där figures och lastYear (null om fjolåret saknas) är { period, employees, permanent, temporary,',
    '                     fteCenti (årsarbetare × 100), sickBp, sickWomenBp, sickMenBp, sickTo29Bp, sick30to49Bp,',
    '                     sickFrom50Bp, longSickBp (procent × 100), costOre (öre) }; null där exporten saknar siffran.',
    '',
    '  Förvaltningens och sektorernas siffror summeras från raderna under dem; sjukfrånvaron vägs med årsarbetarna.',
  ].join('\n'),
  options: { db: { type: 'string' }, period: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const period = periodOption(required(args, 'period'), 'period')!;
    const rows = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('personnel.figures', { period }));
    if (args.values.json) printJson(io, rows);
    else io.out(formatPersonnel(rows));
    return EXIT.ok;
  },
};

const importCommand: CliCommand = {
  name: ['personnel', 'import'],
  summary: 'läser in personalsiffror (anställda, årsarbetare, sjukfrånvaro, personalkostnad) från HR-/lönesystemets export',
  usage: 'ramkoll personnel import FIL --db DB [--mapping NAMN|FIL] [--period ÅÅÅÅMM] [--dry-run] [--json]',
  help: [
    '  FIL                exporten: CSV/text (valfri avgränsare, UTF-8 eller Windows-1252), .xlsx eller .xls, en rad per',
    '                     månad och ansvar (sektor eller lägre). Rubrikerna känns igen: Period, Ansvar, Antal anställda,',
    '                     Tillsvidare, Visstid, Årsarbetare, Sjukfrånvaro totalt %, Sjukfrånvaro kvinnor/män %,',
    '                     Sjukfrånvaro −29 år/30–49 år/50− år %, Långtidssjukfrånvaro %, Personalkostnad kr.',
    '                     Summarader (Totalt, Summa) hoppas över.',
    '  --db DB            databasfilen',
    '  --mapping NAMN     en sparad mappningsprofil med personalkolumner, eller en profilfil (.json), för rubriker som',
    '                     inte känns igen: {"name": "Heroma", "personnel": {"employees": "Antal pers", "cost": 7}}',
    '                     (fälten: period, responsibility, employees, permanent, temporary, fte, sick, sickWomen,',
    '                     sickMen, sickTo29, sick30to49, sickFrom50, longSick, cost; rubrik eller kolumnnummer från 0).',
    '                     Profilen sparas och skickas som utfallets mappningsprofiler (Inställningar › Mappningsprofiler).',
    '  --period ÅÅÅÅMM    månaden för en export utan periodkolumn',
    '  --dry-run          kontrollera filen utan att spara',
    '  --json             skriv { file, format, rowsRead, rowsSkipped, periods, nodes, replaced, ignoredColumns, dryRun,',
    '                     warnings, needsConfirmation, errors: [{ file, line, column, value, message }] }',
    '',
    'Inläsningen tar en säkerhetskopia och sparar allt i en transaktion; filens månader ersätter det som lästs in',
    'för dem tidigare (warnings säger vilka; appens Import › Personalsiffror frågar först och kan ångra).',
    'Med fel i filen läses ingenting in (slutkod 1) och varje fel visas med rad och kolumn.',
  ].join('\n'),
  options: { db: { type: 'string' }, mapping: { type: 'string' }, period: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const db = required(args, 'db');
    const period = periodOption(args.values.period, 'period');
    const json = Boolean(args.values.json);
    const m = args.values.mapping;
    try {
      // As `ramkoll import --profile`: a .json file is read here, anything else is a saved profile's name.
      const mapping = typeof m === 'string' ? (/\.json$/i.test(m) || (fs.existsSync(m) && fs.statSync(m).isFile()) ? readProfileFile(m) : m) : undefined;
      const result = await withDatabase(db, io, {}, async (s) => {
        return s.invoke('personnel.import', {
          file: args.positionals[0]!,
          dryRun: Boolean(args.values['dry-run']),
          ...(mapping ? { mapping } : {}),
          ...(period !== undefined ? { period } : {}),
        });
      });
      if (json) printJson(io, { ...result, errors: [] });
      else io.out(`${result.dryRun ? 'Kontrollerad (inget sparat)' : 'Inläst'}: ${result.rowsRead} rader, perioder ${result.periods.join(', ')}, ${result.nodes.length} ansvar${result.replaced ? `, ${result.replaced} tidigare rader ersatta` : ''}.\n`);
      return EXIT.ok;
    } catch (e) {
      if (!json || !isRamkollError(e)) throw e;
      const errors = e.details.length > 0 ? e.details : [{ message: e.message }];
      printJson(io, { file: args.positionals[0], format: null, rowsRead: 0, rowsSkipped: 0, periods: [], nodes: [], replaced: 0, ignoredColumns: [], dryRun: Boolean(args.values['dry-run']), warnings: [], needsConfirmation: false, errors });
      io.err(`ramkoll: ${e.message}\n`);
      return EXIT.badInput;
    }
  },
};

export const personnelCommands: readonly CliCommand[] = [importCommand, show];
