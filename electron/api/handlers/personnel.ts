import { personnelFigures } from '../../services/personnel/figures';
import { requireProfile } from '../../services/ledger/profiles-store';
import type { MappingProfile } from '../../services/ledger/profile';
import { importPersonnel } from '../../services/personnel/import';
import { previewPersonnel } from '../../services/personnel/preview';
import { lastPersonnelImport, undoPersonnelImport } from '../../services/personnel/replace';
import type { PERSONNEL_CHANNELS } from '../channel-names/personnel';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';

interface ReadInput {
  file: string;
  mapping?: string | MappingProfile | undefined;
  period?: number | undefined;
  sheet?: string | undefined;
}

function request(input: ReadInput, ctx: HandlerContext) {
  return {
    path: ctx.files.readable(input.file),
    profile: typeof input.mapping === 'string' ? requireProfile(ctx.db, input.mapping) : (input.mapping ?? null),
    period: input.period ?? null,
    sheet: input.sheet ?? null,
  };
}

export const personnelHandlers: HandlerMap<(typeof PERSONNEL_CHANNELS)[number]> = {
  'personnel.preview': async (input, ctx) => {
    ctx.progress({ task: 'Läser personalfilen', done: 0, total: 1 });
    const preview = await previewPersonnel(ctx.db, request(input, ctx), ctx.now());
    ctx.progress({ task: 'Förhandsgranskning klar', done: 1, total: 1 });
    return preview;
  },
  'personnel.import': async (input, ctx) => {
    ctx.progress({ task: 'Läser in personalsiffror', done: 0, total: 1 });
    const result = await importPersonnel(
      ctx.db,
      { ...request(input, ctx), dryRun: input.dryRun, ...(input.confirm !== undefined ? { confirm: input.confirm } : {}) },
      { siteId: ctx.site.id, now: ctx.now() },
    );
    ctx.progress({ task: 'Inläsningen klar', done: 1, total: 1 });
    return result;
  },
  // A sektorchef's installation shows its own sektor's figures.
  'personnel.figures': async (input, ctx) => personnelFigures(ctx.db, input.period, { scopeCode: ctx.site.scopeCode }),
  'personnel.lastImport': async (_input, ctx) => {
    const last = lastPersonnelImport(ctx.db);
    if (!last) return null;
    const { previous, ...rest } = last;
    return { ...rest, replaced: previous.length };
  },
  'personnel.undo': async (_input, ctx) => {
    ctx.progress({ task: 'Ångrar inläsningen av personalsiffror', done: 0, total: 1 });
    const r = await undoPersonnelImport(ctx.db, { siteId: ctx.site.id, now: ctx.now() });
    ctx.progress({ task: 'Ångrar inläsningen av personalsiffror', done: 1, total: 1 });
    return r;
  },
};
