import { personnelFigures } from '../../services/personnel/figures';
import { requireProfile } from '../../services/ledger/profiles-store';
import { importPersonnel } from '../../services/personnel/import';
import type { PERSONNEL_CHANNELS } from '../channel-names/personnel';
import type { HandlerMap } from './types';

export const personnelHandlers: HandlerMap<(typeof PERSONNEL_CHANNELS)[number]> = {
  'personnel.import': async (input, ctx) =>
    importPersonnel(
      ctx.db,
      {
        path: ctx.files.readable(input.file),
        profile: typeof input.mapping === 'string' ? requireProfile(ctx.db, input.mapping) : (input.mapping ?? null),
        period: input.period ?? null, sheet: input.sheet ?? null, dryRun: input.dryRun },
      { siteId: ctx.site.id, now: ctx.now() },
    ),
  // A sektorchef's installation shows its own sektor's figures.
  'personnel.figures': async (input, ctx) => personnelFigures(ctx.db, input.period, { scopeCode: ctx.site.scopeCode }),
};
