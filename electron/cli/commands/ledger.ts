import fs from 'node:fs';
import { isRamkollError } from '../../../db/errors';
import type { BatchInfo, ImportWarning, LedgerImportResult, MappingProfile, ReplaceScope } from '../../api/features/ledger';
import { oreToDecimalString } from '../../services/money';
import { readProfileFile } from '../../services/ledger/profile-files';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError, type CliIO } from '../io';
import { formatDateTime } from '../../../shared/dates';

/** The one JSON object `ramkoll import --json` prints: issue 4's shape, with what it replaces (issue 13). */
export interface ImportJson {
  batch: string | null;
  rows: number;
  periods: string[];
  totalsPerPeriod: Record<string, number>;
  unknownCodes: number;
  skippedRows: { line: number; reason: string }[];
  errors: { line: number; column: string; message: string }[];
  /** Per period: outcome now and after (öre), and the balances replaced, within the scope. */
  replacedPerPeriod: Record<string, { before: number; after: number; difference: number; balancesReplaced: number; fileBalances: number }>;
  replaceScope: ReplaceScope;
  warnings: ImportWarning[];
  /** Warnings without --confirm: nothing was written. */
  needsConfirmation: boolean;
}

function toJson(r: LedgerImportResult): ImportJson {
  return {
    batch: r.batch,
    rows: r.rows,
    periods: r.periods,
    totalsPerPeriod: r.totalsPerPeriod,
    unknownCodes: r.unknownCodes,
    skippedRows: r.skippedRows.map((s) => ({ line: s.line, reason: s.reason })),
    errors: r.errors.map((e) => ({ line: e.line, column: e.column, message: e.message })),
    replacedPerPeriod: r.replacedPerPeriod,
    replaceScope: r.replaceScope,
    warnings: r.warnings,
    needsConfirmation: r.needsConfirmation,
  };
}

/** --scope: an ansvar (with everything under it), "fil" (only the file's own ansvar) or "period" (whole periods, over the profile's scope). */
function scopeOption(v: unknown): ImportScope | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (s === 'fil') return 'file';
  if (s === 'period') return 'period';
  if (s === '' || s.length > 40) throw new UsageError(`--scope ska vara ett ansvar, "fil" eller "period", inte "${s}"`);
  return { responsibility: s };
}

function periodOption(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  const m = /^(\d{4})-?(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(`--period ska vara en period ÅÅÅÅMM, inte "${s}"`);
  return Number(m[1]) * 100 + Number(m[2]);
}

type ImportScope = 'period' | 'file' | { responsibility: string };

const NEEDS_CONFIRMATION =
  'Inget lästes in: läs varningarna och kör igen med --confirm om filen ska ersätta utfallet ändå, eller begränsa den med --scope fil (bara filens ansvar) eller --scope ANSVAR.';

function scopeText(r: LedgerImportResult): string {
  if (r.replaceScope.kind === 'subtree') return `ersätter bara ansvar ${r.replaceScope.responsibility} med allt under`;
  if (r.replaceScope.kind === 'file') return `ersätter bara filens ansvar (${(r.replacedResponsibilities ?? []).join(', ')})`;
  return 'ersätter hela perioderna';
}

function printResult(io: CliIO, r: LedgerImportResult): void {
  const kr = (ore: number) => `${oreToDecimalString(ore)} kr`;
  io.out(`${r.file.fileName}: ${r.rows} rader, ${r.periods.length} perioder, summa ${kr(r.total)}; ${scopeText(r)}\n`);
  for (const p of r.periods) {
    const x = r.replacedPerPeriod[p];
    const change = x ? `  nu ${kr(x.before)}, skillnad ${kr(x.difference)}, ersätter ${x.balancesReplaced} saldon` : '';
    io.out(`  ${p}: ${String(r.rowsPerPeriod[p]).padStart(8)} rader  ${kr(r.totalsPerPeriod[p]!).padStart(22)}${change}\n`);
  }
  if (r.unknownCodes > 0) io.out(`  ${r.unknownCodes} okända koder (inlästa, visas för sig): ${r.unknown.slice(0, 10).map((u) => `${u.dimension} ${u.code}`).join(', ')}\n`);
  if (r.skippedCount > 0) io.out(`  ${r.skippedCount} rader lämnades utanför (summarader, titelrader, balanskonton …)\n`);
  for (const n of r.notes) io.out(`  ${n}\n`);
  for (const e of r.errors.slice(0, 20)) io.err(`  rad ${e.line}${e.column ? `, kolumn ${e.column}` : ''}: ${e.message}\n`);
  if (r.errors.length > 20) io.err(`  … och ${r.errorCount - 20} fel till\n`);
  if (r.errorCount === 0) for (const w of r.warnings) io.err(`Varning: ${w.message}\n`);
  if (r.errorCount > 0) io.err(`${r.errorCount} fel: inget lästes in.\n`);
  else if (r.needsConfirmation) io.err(`${NEEDS_CONFIRMATION}\n`);
  else if (r.unchanged) io.out('Filen är redan inläst: inget ändrades.\n');
  else if (r.dryRun) io.out('Provkörning: inget sparades.\n');
  else io.out(`Inläst som inläsning ${r.batch} (${r.replacedBalances} tidigare saldon ersattes; kan ångras med "ramkoll undo ${r.batch}").\n`);
}

const importCommand: CliCommand = {
  name: ['import'],
  summary: 'läser in utfall från ekonomisystemet (CSV, Excel xlsx/xls eller SIE)',
  usage: 'ramkoll import FIL --db DB [--profile NAMN|FIL] [--period ÅÅÅÅMM] [--scope ANSVAR|fil|period] [--confirm] [--dry-run] [--json]',
  help: [
    '  FIL               utfallsfilen: CSV/text (valfri avgränsare, UTF-8 eller Windows-1252), .xlsx, .xls eller SIE (typ 2, 3, 4E)',
    '  --db DB           databasfilen',
    '  --profile NAMN    en sparad eller inbyggd mappningsprofil, eller en profilfil (.json);',
    '                    det räcker med orden namnet börjar med när bara en profil gör det (t.ex. raindance);',
    '                    utan profil känns kolumnerna igen från rubrikerna',
    '  --period ÅÅÅÅMM   perioden för en fil utan periodkolumn; i en fil med flera perioder läses bara den här',
    '  --scope ANSVAR    ersätt bara utfallet för det ansvaret och allt under det (över profilens val);',
    '  --scope fil       ersätt bara utfallet för de ansvar filen har rader för (en rättelse av några ansvar);',
    '  --scope period    ersätt hela perioderna, också när profilen begränsar till ett ansvar',
    '  --confirm         läs in trots varningarna (se nedan)',
    '  --dry-run         kontrollera filen och visa kontrollsummor och vad som ersätts, utan att spara',
    '  --json            skriv ett JSON-objekt: {"batch", "rows", "periods", "totalsPerPeriod", "unknownCodes", "skippedRows", "errors",',
    '                    "replacedPerPeriod": {"ÅÅÅÅMM": {"before", "after", "difference", "balancesReplaced", "fileBalances"}},',
    '                    "replaceScope", "warnings": [{"kind", "period", "message"}], "needsConfirmation"} (belopp i öre)',
    '',
    'Inläsningen ersätter utfallet för de perioder filen innehåller (eller bara ett ansvars delträd, eller bara filens ansvar:',
    'se --scope och profilens ansvarsbegränsning). Före inläsningen visas per period utfallet nu, filens summa, skillnaden och',
    'hur många saldon som ersätts. Varningar (till stderr, och i JSON) ges när filen har färre än hälften så många kodsträngar',
    'som perioden har nu, och när utfallet ändras för en period som ett låst uppföljningstillfälle redan har rapporterat.',
    'Med varningar läses ingenting in utan --confirm (slutkod 1); --dry-run visar dem utan att något sparas.',
    'Samma fil två gånger ändrar ingenting. Med fel i filen läses ingenting in (slutkod 1).',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    profile: { type: 'string' },
    period: { type: 'string' },
    scope: { type: 'string' },
    confirm: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const db = required(args, 'db');
    const period = periodOption(args.values.period);
    const scope = scopeOption(args.values.scope);
    const profileArg = args.values.profile;
    const json = Boolean(args.values.json);
    try {
      let profile: string | MappingProfile | undefined;
      if (typeof profileArg === 'string') {
        profile = /\.json$/i.test(profileArg) || (fs.existsSync(profileArg) && fs.statSync(profileArg).isFile()) ? readProfileFile(profileArg) : profileArg;
      }
      const result = await withDatabase(db, io, {}, (s) =>
        s.invoke('ledger.import', {
          file: args.positionals[0]!,
          dryRun: Boolean(args.values['dry-run']),
          confirm: Boolean(args.values.confirm),
          ...(profile !== undefined ? { profile } : {}),
          ...(scope !== undefined ? { scope } : {}),
          ...(period !== undefined ? { period } : {}),
        }),
      );
      if (json) printJson(io, toJson(result));
      else printResult(io, result);
      if (json) {
        for (const w of result.errorCount === 0 ? result.warnings : []) io.err(`Varning: ${w.message}\n`);
        if (result.needsConfirmation) io.err(`${NEEDS_CONFIRMATION}\n`);
      }
      return result.errorCount > 0 || result.needsConfirmation ? EXIT.badInput : EXIT.ok;
    } catch (e) {
      // A file that cannot be read at all still answers in the import's own JSON shape.
      if (!json || !isRamkollError(e)) throw e;
      const errors = e.details.length > 0 ? e.details.map((d) => ({ line: d.line ?? 0, column: d.column ?? '', message: d.message })) : [{ line: 0, column: '', message: e.message }];
      printJson(io, {
        batch: null,
        rows: 0,
        periods: [],
        totalsPerPeriod: {},
        unknownCodes: 0,
        skippedRows: [],
        errors,
        replacedPerPeriod: {},
        replaceScope: { kind: 'period', responsibility: null },
        warnings: [],
        needsConfirmation: false,
      } satisfies ImportJson);
      io.err(`ramkoll: ${e.message}\n`);
      return EXIT.badInput;
    }
  },
};

function batchLine(b: BatchInfo): string {
  const periods = b.periods.length > 3 ? `${b.periods[0]}–${b.periods.at(-1)}` : b.periods.join(', ');
  return `${b.id}  ${formatDateTime(b.importedAt)}  ${b.status === 'active' ? 'aktiv ' : 'ångrad'}  ${periods.padEnd(15)}  ${String(b.rows).padStart(8)} rader  ${b.fileName}`;
}

const batchesCommand: CliCommand = {
  name: ['batches'],
  summary: 'listar inläsningarna av utfall, senaste först',
  usage: 'ramkoll batches --db DB [--json]',
  help: ['  --db DB     databasfilen', '  --json      skriv {"batches": [...]} med fil, SHA-256, profil, vem, när, rader, summor och status'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const batches = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('ledger.batches.list', {}));
    if (args.values.json) printJson(io, { batches });
    else if (batches.length === 0) io.out('Inga inläsningar av utfall ännu.\n');
    else for (const b of batches) io.out(`${batchLine(b)}\n`);
    return EXIT.ok;
  },
};

const undoCommand: CliCommand = {
  name: ['undo'],
  summary: 'ångrar en inläsning av utfall och återställer det den ersatte',
  usage: 'ramkoll undo BATCH --db DB [--json]',
  help: ['  BATCH       inläsningens id (se "ramkoll batches")', '  --db DB     databasfilen', '  --json      skriv den ångrade inläsningen som ett JSON-objekt'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const b = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('ledger.batches.undo', { batchId: args.positionals[0]! }));
    if (args.values.json) printJson(io, b);
    else io.out(`Ångrade inläsningen av ${b.fileName} (${b.id}); det utfall den ersatte är återställt.\n`);
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const ledgerCommands: readonly CliCommand[] = [importCommand, batchesCommand, undoCommand];
