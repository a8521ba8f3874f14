import { z } from 'zod';
import type { BatchInfo } from '../../services/ledger/batches';
import { profileSchema } from '../../services/ledger/profile';
import type { ProfileInfo } from '../../services/ledger/profiles-store';
import type { LedgerCheck, LedgerImportResult } from '../../services/ledger/types';
import { fileRefSchema } from './core';
import { channel } from './define';

const periodSchema = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'perioden ska skrivas ÅÅÅÅMM');

/** What to read and how: a saved profile by name, a profile written out (from the mapping editor), or none (recognise everything). */
const readSchema = {
  file: fileRefSchema,
  profile: z.union([z.string().min(1).max(100), profileSchema]).optional(),
  sheet: z.string().min(1).max(200).optional(),
  period: periodSchema.optional(),
  /** The sum the user expects, in öre. */
  expectedTotal: z.number().int().optional(),
  /**
   * Which balances of the file's periods to replace, over the profile's
   * scope: 'period' the whole periods, 'file' only those of the ansvar the
   * file has rows for, or one ansvar and everything under it.
   */
  scope: z.union([z.literal('period'), z.literal('file'), z.strictObject({ responsibility: z.string().trim().min(1).max(40) })]).optional(),
};

/** The channels of the ledger import: preview, import, batches with undo, and mapping profiles. */
export const ledgerContract = {
  'ledger.preview': channel<LedgerCheck>()(z.strictObject(readSchema), { heavy: true }),
  'ledger.import': channel<LedgerImportResult>()(
    z.strictObject({
      ...readSchema,
      dryRun: z.boolean().default(false),
      /** The user has seen the warnings (see LedgerCheck.warnings) and imports all the same; without it a file with warnings writes nothing. */
      confirm: z.boolean().default(false),
    }),
    { heavy: true },
  ),
  'ledger.batches.list': channel<BatchInfo[]>()(z.strictObject({})),
  'ledger.batches.undo': channel<BatchInfo>()(z.strictObject({ batchId: z.string().min(1).max(100) }), { heavy: true }),
  'ledger.profiles.list': channel<ProfileInfo[]>()(z.strictObject({})),
  'ledger.profiles.save': channel<ProfileInfo>()(z.strictObject({ profile: profileSchema })),
  'ledger.profiles.delete': channel<{ name: string }>()(z.strictObject({ name: z.string().min(1).max(100) })),
  'ledger.profiles.export': channel<{ fileName: string }>()(z.strictObject({ name: z.string().min(1).max(100), file: fileRefSchema })),
  'ledger.profiles.import': channel<ProfileInfo>()(z.strictObject({ file: fileRefSchema })),
};

export type { BatchInfo } from '../../services/ledger/batches';
export type { ProfileInfo } from '../../services/ledger/profiles-store';
export type {
  LedgerCheck,
  LedgerImportResult,
  PreviewRow,
  UnknownCode,
  LedgerProblem,
  SkippedRow,
  LedgerFileInfo,
  ReplaceScope,
  PeriodReplacement,
  ImportWarning,
} from '../../services/ledger/types';
export type { MappingProfile, MappingProfileInput, LedgerField, ColumnRef } from '../../services/ledger/profile';
