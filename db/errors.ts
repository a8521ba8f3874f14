/**
 * The one error type that carries a message meant for the user (in Swedish).
 * Every front shows `message` as is; anything that is not a RamkollError is a
 * bug and is shown as an internal error with a hint to the log.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'BAD_FILE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DB_TOO_NEW'
  | 'DB_CORRUPT'
  | 'DB_LOCKED'
  | 'DB_READONLY'
  | 'DISK_FULL'
  | 'FORBIDDEN'
  | 'CANCELLED';

/** One located problem in an input file or form, e.g. a bad cell in row 12. */
export interface ProblemDetail {
  file?: string;
  line?: number;
  column?: string;
  value?: string;
  message: string;
}

export class RamkollError extends Error {
  readonly code: ErrorCode;
  readonly details: ProblemDetail[];
  constructor(code: ErrorCode, message: string, details: ProblemDetail[] = []) {
    super(message);
    this.name = 'RamkollError';
    this.code = code;
    this.details = details;
  }
}

export function isRamkollError(e: unknown): e is RamkollError {
  return e instanceof RamkollError;
}

/** Translate SQLite failures that the user can act on into a RamkollError. */
export function translateSqliteError(e: unknown, file: string): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return e;
  if (code === 'SQLITE_FULL') {
    return new RamkollError('DISK_FULL', `Disken är full: ${file} kunde inte skrivas. Frigör utrymme och försök igen; inget har ändrats.`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new RamkollError('DB_LOCKED', `Databasen ${file} används av ett annat program. Stäng det andra programmet och försök igen; inget har ändrats.`);
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new RamkollError('DB_READONLY', `Databasen ${file} är skrivskyddad. Kontrollera filens behörigheter eller öppna en kopia.`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new RamkollError(
      'DB_READONLY',
      `Databasen ${file} kunde inte öppnas för skrivning: filen eller mappen den ligger i är skrivskyddad eller saknas. ` +
        'Ramkoll behöver kunna skriva i mappen. Kopiera filen till en mapp där du kan skriva, eller kontrollera behörigheterna; inget har ändrats.',
    );
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new RamkollError('DB_CORRUPT', `Filen ${file} är inte en hel Ramkoll-databas (${code}). Återställ en säkerhetskopia.`);
  }
  return e;
}
