import { z } from 'zod';
import path from 'node:path';
import { type BatchInfo, listBatches, undoBatch } from '../../services/ledger/batches';
import { profileSchema, automaticProfile, type MappingProfile } from '../../services/ledger/profile';
import { type ProfileInfo, deleteProfile, listProfiles, requireProfile, saveProfile } from '../../services/ledger/profiles-store';
import type { LedgerCheck, LedgerImportResult } from '../../services/ledger/types';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import { checkLedgerFile } from '../../services/ledger/check';
import { importLedger } from '../../services/ledger/load';
import { readProfileFile, writeProfileFile } from '../../services/ledger/profile-files';
import { RamkollError } from '../../../db/errors';
import type { HandlerContext } from '../context';

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

const readObject = z.strictObject(readSchema);
/** The parsed input of a read (the preview's, and the part of the import's that says what to read). */
type ReadInput = z.output<typeof readObject>;

function request(input: ReadInput, ctx: HandlerContext) {
  let profile: MappingProfile;
  let profileName: string | null;
  if (input.profile === undefined) {
    profile = automaticProfile();
    profileName = null;
  } else if (typeof input.profile === 'string') {
    profile = requireProfile(ctx.db, input.profile);
    // The full name, also when the profile was found by the words it begins with.
    profileName = profile.name;
  } else {
    profile = input.profile;
    profileName = input.profile.name;
  }
  if (profile.personnel) {
    throw new RamkollError('INVALID_INPUT', `Profilen "${profile.name}" är en mappning för personalsiffror (ramkoll personnel import), inte för utfall.`);
  }
  return {
    path: ctx.files.readable(input.file),
    profile,
    profileName,
    period: input.period ?? null,
    sheet: input.sheet ?? null,
    expectedTotal: input.expectedTotal ?? null,
    scope: input.scope ?? null,
  };
}

const progressOf = (ctx: HandlerContext) => (task: string, done: number, total: number | null) => ctx.progress({ task, done, total });

/** The channels of the ledger import: preview, import, batches with undo, and mapping profiles. */
export const ledgerChannels = {
  'ledger.preview': channel<LedgerCheck>()(readObject, { heavy: true }, async (input, ctx) => {
    const { check } = await checkLedgerFile(ctx.db, request(input, ctx), progressOf(ctx));
    ctx.progress({ task: 'Förhandsgranskning klar', done: 1, total: 1 });
    return check;
  }),
  'ledger.import': channel<LedgerImportResult>()(
    z.strictObject({
      ...readSchema,
      dryRun: z.boolean().default(false),
      /** The user has seen the warnings (see LedgerCheck.warnings) and imports all the same; without it a file with warnings writes nothing. */
      confirm: z.boolean().default(false),
    }),
    { heavy: true },
    async (input, ctx) => {
      const result = await importLedger(ctx.db, { ...request(input, ctx), dryRun: input.dryRun, confirmed: input.confirm }, { siteId: ctx.site.id, user: ctx.user, now: ctx.now() }, progressOf(ctx));
      ctx.progress({ task: 'Inläsningen klar', done: 1, total: 1 });
      return result;
    },
  ),
  'ledger.batches.list': channel<BatchInfo[]>()(z.strictObject({}), async (_input, ctx) => listBatches(ctx.db)),
  'ledger.batches.undo': channel<BatchInfo>()(z.strictObject({ batchId: z.string().min(1).max(100) }), { heavy: true }, async (input, ctx) => {
    ctx.progress({ task: 'Ångrar inläsningen', done: 0, total: 1 });
    const r = await undoBatch(ctx.db, input.batchId, ctx.now());
    ctx.progress({ task: 'Ångrar inläsningen', done: 1, total: 1 });
    return r;
  }),
  'ledger.profiles.list': channel<ProfileInfo[]>()(z.strictObject({}), async (_input, ctx) => listProfiles(ctx.db)),
  'ledger.profiles.save': channel<ProfileInfo>()(z.strictObject({ profile: profileSchema }), async (input, ctx) => saveProfile(ctx.db, input.profile, ctx.site.id, ctx.now())),
  'ledger.profiles.delete': channel<{ name: string }>()(z.strictObject({ name: z.string().min(1).max(100) }), async (input, ctx) => {
    deleteProfile(ctx.db, input.name, ctx.site.id, ctx.now());
    return { name: input.name };
  }),
  'ledger.profiles.export': channel<{ fileName: string }>()(z.strictObject({ name: z.string().min(1).max(100), file: fileRefSchema }), async (input, ctx) => {
    const file = ctx.files.writable(input.file);
    writeProfileFile(file, requireProfile(ctx.db, input.name));
    return { fileName: path.basename(file) };
  }),
  'ledger.profiles.import': channel<ProfileInfo>()(z.strictObject({ file: fileRefSchema }), async (input, ctx) => saveProfile(ctx.db, readProfileFile(ctx.files.readable(input.file)), ctx.site.id, ctx.now())),
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
