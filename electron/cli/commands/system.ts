import path from 'node:path';
import { defaultBackupDir } from '../../../db/backup';
import { isRamkollError } from '../../../db/errors';
import { checkDatabaseFile } from '../../../db/check-file';
import { CorruptDatabaseError } from '../../../db/integrity';
import { listBackups } from '../../services/backups/catalog';
import type { BackupInfo, BackupList, RestoreResult } from '../../api/features/system';
import { restoreBackup } from '../../services/backups/restore';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT } from '../io';
import { formatDateTime } from '../../../shared/dates';
import { clockNow } from '../../services/clock';

const when = (iso: string) => formatDateTime(iso);
const size = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;

function formatList(l: BackupList): string {
  if (l.backups.length === 0) return `Inga säkerhetskopior av ${l.databaseName} i ${l.folderName}.\n`;
  const lines = [`Säkerhetskopior av ${l.databaseName} i ${l.folderName} (nyast först):`];
  for (const b of l.backups) lines.push(`  ${b.name}  ${when(b.takenAt)}  ${size(b.sizeBytes).padStart(8)}  ${b.reason}`);
  return `${lines.join('\n')}\n`;
}

const backupList: CliCommand = {
  name: ['backup', 'list'],
  summary: 'listar databasens säkerhetskopior, nyast först',
  usage: 'ramkoll backup list --db FIL [--json]',
  help: [
    '  --db FIL   databasfilen; säkerhetskopiorna ligger i mappen FIL.backups bredvid den',
    '  --json     skriv listan som ett JSON-objekt',
    '',
    'Säkerhetskopior tas automatiskt före varje import, sammanslagning och uppgradering',
    'och när appen stängs. De 20 senaste sparas, och dessutom den senaste från varje månad.',
  ].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = path.resolve(required(args, 'db'));
    let list: BackupList;
    try {
      list = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('backup.list', {}));
    } catch (e) {
      // The list matters most when the database is damaged: read the folder without it.
      // SQLite may meet the damage before the open's check does (a damaged page of the schema or of the settings).
      const sqliteCorrupt = e instanceof Error && /^SQLITE_(CORRUPT|NOTADB)/.test(String((e as { code?: unknown }).code));
      if (!sqliteCorrupt && (!isRamkollError(e) || e.code !== 'DB_CORRUPT')) throw e;
      list = listBackups({ file, backupDir: defaultBackupDir(file) });
    }
    if (args.values.json) printJson(io, list);
    else io.out(formatList(list));
    return EXIT.ok;
  },
};

const backupCreate: CliCommand = {
  name: ['backup', 'create'],
  summary: 'tar en säkerhetskopia av databasen nu',
  usage: 'ramkoll backup create --db FIL [--json]',
  help: ['  --db FIL   databasfilen', '  --json     skriv säkerhetskopian som ett JSON-objekt'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const made: BackupInfo = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('backup.create', {}));
    if (args.values.json) printJson(io, made);
    else io.out(`Säkerhetskopia tagen: ${made.name} (${size(made.sizeBytes)})\n`);
    return EXIT.ok;
  },
};

const backupRestore: CliCommand = {
  name: ['backup', 'restore'],
  summary: 'återställer en säkerhetskopia (det nuvarande läget säkerhetskopieras först)',
  usage: 'ramkoll backup restore NAMN --db FIL [--json]',
  help: [
    '  NAMN       säkerhetskopians filnamn, som "ramkoll backup list" visar det',
    '  --db FIL   databasfilen som ska ersättas',
    '  --json     skriv resultatet som ett JSON-objekt',
    '',
    'Kopian kontrolleras (PRAGMA integrity_check) innan den ersätter databasen. Det nuvarande',
    'läget sparas först som en ny säkerhetskopia; en skadad databas flyttas i stället undan',
    'bredvid sig själv (NAMN.skadad-TID.db). Ingen annan får ha databasen öppen.',
  ].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = path.resolve(required(args, 'db'));
    const name = args.positionals[0]!;
    let result: RestoreResult;
    try {
      result = await withDatabase(file, io, {}, (s) => s.invoke('backup.restore', { name }));
    } catch (e) {
      // A damaged database cannot be opened, which is exactly when a restore is needed.
      if (!(e instanceof CorruptDatabaseError)) throw e;
      result = await restoreBackup({ file, backupDir: defaultBackupDir(file), name, db: null, whileClosed: (fn) => fn(), now: clockNow() });
    }
    if (args.values.json) printJson(io, result);
    else {
      io.out(`Återställde ${result.restored.name} (${when(result.restored.takenAt)}).\n`);
      if (result.safetyBackup) io.out(`Läget före återställningen sparades som ${result.safetyBackup.name}.\n`);
      if (result.setAsideAs) io.out(`Den skadade databasen flyttades till ${result.setAsideAs}.\n`);
    }
    return EXIT.ok;
  },
};

const check: CliCommand = {
  name: ['check'],
  summary: 'kontrollerar att databasen är hel (PRAGMA integrity_check)',
  usage: 'ramkoll check --db FIL [--json]',
  help: [
    '  --db FIL   databasfilen',
    '  --json     skriv resultatet som ett JSON-objekt',
    '',
    'Filen läses utan att något skrivs till den, så en skrivskyddad fil kan också kontrolleras.',
    'Slutkod 0: databasen är hel. Slutkod 1: den är skadad; meddelandet namnger den senaste',
    'hela säkerhetskopian att återställa.',
  ].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    // Read only: a check never changes the file, and a read-only file is checked as it is.
    const r = checkDatabaseFile(path.resolve(file));
    if (args.values.json) printJson(io, { ok: true, schemaVersion: r.schemaVersion, readOnly: r.readOnly });
    else io.out(`${path.basename(file)} är hel (schemaversion ${r.schemaVersion}).${r.readOnly ? ' Filen är skrivskyddad: Ramkoll kan läsa den men inte ändra den.' : ''}\n`);
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const systemCommands: readonly CliCommand[] = [backupList, backupCreate, backupRestore, check];
