import path from 'node:path';
import { listBatches, undoBatch } from '../../services/ledger/batches';
import { checkLedgerFile } from '../../services/ledger/check';
import { importLedger } from '../../services/ledger/load';
import { automaticProfile, type MappingProfile } from '../../services/ledger/profile';
import { readProfileFile, writeProfileFile } from '../../services/ledger/profile-files';
import { deleteProfile, listProfiles, requireProfile, saveProfile } from '../../services/ledger/profiles-store';
import { RamkollError } from '../../../db/errors';
import type { LEDGER_CHANNELS } from '../channel-names/ledger';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';

interface ReadInput {
  file: string;
  profile?: string | MappingProfile | undefined;
  sheet?: string | undefined;
  period?: number | undefined;
  expectedTotal?: number | undefined;
  scope?: 'period' | 'file' | { responsibility: string } | undefined;
}

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

export const ledgerHandlers: HandlerMap<(typeof LEDGER_CHANNELS)[number]> = {
  'ledger.preview': async (input, ctx) => {
    const { check } = await checkLedgerFile(ctx.db, request(input, ctx), progressOf(ctx));
    ctx.progress({ task: 'Förhandsgranskning klar', done: 1, total: 1 });
    return check;
  },
  'ledger.import': async (input, ctx) => {
    const result = await importLedger(ctx.db, { ...request(input, ctx), dryRun: input.dryRun, confirmed: input.confirm }, { siteId: ctx.site.id, user: ctx.user, now: ctx.now() }, progressOf(ctx));
    ctx.progress({ task: 'Inläsningen klar', done: 1, total: 1 });
    return result;
  },
  'ledger.batches.list': async (_input, ctx) => listBatches(ctx.db),
  'ledger.batches.undo': async (input, ctx) => {
    ctx.progress({ task: 'Ångrar inläsningen', done: 0, total: 1 });
    const r = await undoBatch(ctx.db, input.batchId, ctx.now());
    ctx.progress({ task: 'Ångrar inläsningen', done: 1, total: 1 });
    return r;
  },
  'ledger.profiles.list': async (_input, ctx) => listProfiles(ctx.db),
  'ledger.profiles.save': async (input, ctx) => saveProfile(ctx.db, input.profile, ctx.site.id, ctx.now()),
  'ledger.profiles.delete': async (input, ctx) => {
    deleteProfile(ctx.db, input.name, ctx.site.id, ctx.now());
    return { name: input.name };
  },
  'ledger.profiles.export': async (input, ctx) => {
    const file = ctx.files.writable(input.file);
    writeProfileFile(file, requireProfile(ctx.db, input.name));
    return { fileName: path.basename(file) };
  },
  'ledger.profiles.import': async (input, ctx) => saveProfile(ctx.db, readProfileFile(ctx.files.readable(input.file)), ctx.site.id, ctx.now()),
};
