import { z } from 'zod';
import { RamkollError } from '../../../db/errors';
import { PERSONNEL_FIELDS } from '../personnel/columns';

/**
 * A mapping profile says how one ekonomisystem's export is read: which
 * column holds what, how periods and amounts are written, which rows to
 * skip. Profiles are saved per ekonomisystem and travel as JSON files, so
 * everything here is validated strictly (unknown keys are refused).
 */

/** A column: its header text (matched like the auto-detection does) or its 0-based position. */
export const columnRefSchema = z.union([z.string().trim().min(1).max(200), z.number().int().min(0).max(499)]);
export type ColumnRef = z.infer<typeof columnRefSchema>;

/** The fields a ledger row can have; the dimension fields map to the dimension codes of DIMENSION_FIELDS. */
export const LEDGER_FIELDS = [
  'account',
  'responsibility',
  'activityCode',
  'activity',
  'project',
  'counterparty',
  'period',
  'year',
  'month',
  'date',
  'amount',
  'debit',
  'credit',
  'sign',
  'voucher',
  'text',
  'counterpartyName',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Dimension fields and the dimension codes (services/dimensions.ts) they fill. */
export const DIMENSION_FIELDS = { activityCode: 'verksamhetskod', activity: 'aktivitet', project: 'projekt', counterparty: 'motpart' } as const;

/** Swedish names of the fields, for the UI and messages. */
export const FIELD_LABELS: Record<LedgerField, string> = {
  account: 'Konto',
  responsibility: 'Ansvar',
  activityCode: 'Verksamhet',
  activity: 'Aktivitet',
  project: 'Projekt',
  counterparty: 'Motpart',
  period: 'Period',
  year: 'År',
  month: 'Månad',
  date: 'Datum',
  amount: 'Belopp',
  debit: 'Debet',
  credit: 'Kredit',
  sign: 'Tecken (+/−, D/K)',
  voucher: 'Verifikation',
  text: 'Text',
  counterpartyName: 'Leverantör/kund',
};

const columnsShape = Object.fromEntries(LEDGER_FIELDS.map((f) => [f, columnRefSchema.optional()])) as Record<LedgerField, z.ZodOptional<typeof columnRefSchema>>;

const SAFE_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const profileSchema = z.strictObject({
  /** Format version of the profile file. */
  version: z.literal(1).default(1),
  name: z.string().trim().min(1).max(100),
  /** The ekonomisystem the profile is for (Raindance, Unit4, Visma …). */
  system: z.string().trim().max(100).default(''),
  description: z.string().max(1000).default(''),
  format: z.enum(['auto', 'csv', 'xlsx', 'xls', 'sie']).default('auto'),
  encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'cp437']).default('auto'),
  delimiter: z.enum(['auto', ';', ',', '\t', '|']).default('auto'),
  /** Excel: the sheet to read; null = the first sheet with content. */
  sheet: z.string().min(1).max(200).nullable().default(null),
  /** Line of the header row (1-based); null finds it, 0 means the file has none (columns by position). */
  headerRow: z.number().int().min(0).max(10_000).nullable().default(null),
  /** Rows to leave out at the top (before the header) and at the bottom of the file. */
  skipTop: z.number().int().min(0).max(10_000).default(0),
  skipBottom: z.number().int().min(0).max(10_000).default(0),
  /** Columns given here win; the others are recognised from their headers unless autoDetect is off. */
  columns: z.strictObject(columnsShape).default({}),
  autoDetect: z.boolean().default(true),
  /** Further dimensions of the kommun: dimension code -> column. */
  extraDims: z
    .record(
      z.string().regex(SAFE_KEY, 'dimensionskoden ska vara små bokstäver, siffror och _').refine((k) => !FORBIDDEN_KEYS.has(k), 'otillåten nyckel'),
      columnRefSchema,
    )
    .default({}),
  /** One period for the whole file (YYYYMM), when the file has no period column. */
  fixedPeriod: z
    .number()
    .int()
    .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'perioden ska skrivas ÅÅÅÅMM')
    .nullable()
    .default(null),
  decimal: z.enum(['auto', ',', '.']).default('auto'),
  /** Flip the sign of every amount (for systems that write costs negative). */
  signFlip: z.boolean().default(false),
  /** Replace only this ansvar and everything under it in the periods of the file, not the whole periods. */
  scopeResponsibility: z.string().trim().min(1).max(40).nullable().default(null),
  /** Words that mark total rows, besides the built-in Summa, Totalt, Delsumma … */
  totalWords: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /**
   * Present in a profile for the HR/payroll system's personnel export
   * (services/personnel/): which column holds which figure; the others are
   * recognised from their headers. Such a profile is saved, listed and sent
   * as the ledger's are, and the ledger import refuses it.
   */
  personnel: z.partialRecord(z.enum(PERSONNEL_FIELDS), columnRefSchema).optional(),
});

export type MappingProfile = z.output<typeof profileSchema>;
export type MappingProfileInput = z.input<typeof profileSchema>;

/** The profile used when the user has chosen none: everything recognised from the file. */
export function automaticProfile(): MappingProfile {
  return profileSchema.parse({ name: 'Automatisk' });
}

/** JSON.parse that refuses keys which could reach an object's prototype. */
export function parseJsonSafely(text: string, fileName: string): unknown {
  let bad: string | null = null;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) bad = key;
      return v;
    });
  } catch (e) {
    throw new RamkollError('BAD_FILE', `${fileName}: filen är inte giltig JSON (${(e as Error).message}).`, [{ file: fileName, message: 'inte giltig JSON' }]);
  }
  if (bad !== null) {
    throw new RamkollError('BAD_FILE', `${fileName}: nyckeln "${bad}" är inte tillåten i en profil.`, [{ file: fileName, column: bad, message: `otillåten nyckel ${bad}` }]);
  }
  return value;
}

/** Validates a profile from a file or another site; every problem is named with its path. */
export function validateProfile(value: unknown, fileName: string): MappingProfile {
  const parsed = profileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ file: fileName, column: i.path.join('.') || '(profilen)', message: i.message }));
  throw new RamkollError('BAD_FILE', `${fileName}: profilen är inte giltig: ${details[0]!.column}: ${details[0]!.message}.`, details);
}

/** The JSON text a profile is exported as: only the profile's own fields, in a stable order. */
export function profileToJson(p: MappingProfile): string {
  return `${JSON.stringify(profileSchema.parse(p), null, 2)}\n`;
}
