import { z } from 'zod';
import { type PersonnelNodeRow, personnelFigures } from '../../services/personnel/figures';
import { type PersonnelImportResult, importPersonnel } from '../../services/personnel/import';
import { type PersonnelPreview, previewPersonnel } from '../../services/personnel/preview';
import { type LastPersonnelImport, type PersonnelUndoResult, lastPersonnelImport, undoPersonnelImport } from '../../services/personnel/replace';
import { profileSchema } from '../../services/ledger/profile';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import { requireProfile } from '../../services/ledger/profiles-store';
import type { HandlerContext } from '../context';

/** The latest import as Import › Personalsiffror shows it, for its undo. */
export type PersonnelLastImport = Omit<LastPersonnelImport, 'previous'> & { replaced: number };

/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202610');

/** Personnel figures from the HR/payroll system (issue 19 point 3): services/personnel/. */
const readSchema = {
  file: fileRefSchema,
  /** A saved mapping profile by name, or one written out (a profile with `personnel` columns); none recognises the headers. */
  mapping: z.union([z.string().min(1).max(100), profileSchema]).optional(),
  period: period.optional(),
  sheet: z.string().min(1).max(200).optional(),
};

const readObject = z.strictObject(readSchema);
/** The parsed input of a read (the preview's, and the part of the import's that says what to read). */
type ReadInput = z.output<typeof readObject>;

function request(input: ReadInput, ctx: HandlerContext) {
  return {
    path: ctx.files.readable(input.file),
    profile: typeof input.mapping === 'string' ? requireProfile(ctx.db, input.mapping) : (input.mapping ?? null),
    period: input.period ?? null,
    sheet: input.sheet ?? null,
  };
}

export const personnelChannels = {
  /** What an export would import: columns, the first rows with their problems by row and column, totals per month, warnings. Writes nothing. */
  'personnel.preview': channel<PersonnelPreview>()(readObject, { heavy: true }, async (input, ctx) => {
    ctx.progress({ task: 'Läser personalfilen', done: 0, total: 1 });
    const preview = await previewPersonnel(ctx.db, request(input, ctx), ctx.now());
    ctx.progress({ task: 'Förhandsgranskning klar', done: 1, total: 1 });
    return preview;
  }),
  /** Reads an export; the file's months replace what earlier imports wrote for them. Refused whole, with every bad row named, on any error. */
  'personnel.import': channel<PersonnelImportResult>()(
    z.strictObject({
      ...readSchema,
      dryRun: z.boolean().default(false),
      /** The user's answer to the warnings (PersonnelImportResult.warnings): false writes nothing while there are any. Left out: no question. */
      confirm: z.boolean().optional(),
    }),
    { heavy: true },
    async (input, ctx) => {
      ctx.progress({ task: 'Läser in personalsiffror', done: 0, total: 1 });
      const result = await importPersonnel(
        ctx.db,
        { ...request(input, ctx), dryRun: input.dryRun, ...(input.confirm !== undefined ? { confirm: input.confirm } : {}) },
        { siteId: ctx.site.id, now: ctx.now() },
      );
      ctx.progress({ task: 'Inläsningen klar', done: 1, total: 1 });
      return result;
    },
  ),
  /** Every node's figures for a month (summed upwards), with the same month last year. */
  // A sektorchef's installation shows its own sektor's figures.
  'personnel.figures': channel<PersonnelNodeRow[]>()(z.strictObject({ period }), async (input, ctx) => personnelFigures(ctx.db, input.period, { scopeCode: ctx.site.scopeCode })),
  /** The latest import, which can be undone; null when there is none (or it was undone). */
  'personnel.lastImport': channel<PersonnelLastImport | null>()(z.strictObject({}), async (_input, ctx) => {
    const last = lastPersonnelImport(ctx.db);
    if (!last) return null;
    const { previous, ...rest } = last;
    return { ...rest, replaced: previous.length };
  }),
  /** Undoes the latest import: its months get back what they had before it. */
  'personnel.undo': channel<PersonnelUndoResult>()(z.strictObject({}), { heavy: true }, async (_input, ctx) => {
    ctx.progress({ task: 'Ångrar inläsningen av personalsiffror', done: 0, total: 1 });
    const r = await undoPersonnelImport(ctx.db, { siteId: ctx.site.id, now: ctx.now() });
    ctx.progress({ task: 'Ångrar inläsningen av personalsiffror', done: 1, total: 1 });
    return r;
  }),
};

export type { PersonnelFigures, PersonnelNodeRow } from '../../services/personnel/figures';
export type { PersonnelImportResult } from '../../services/personnel/import';
export type { PersonnelPeriodTotal, PersonnelPreview, PersonnelPreviewRow } from '../../services/personnel/preview';
export type { PersonnelUndoResult } from '../../services/personnel/replace';
export type { PersonnelField, PersonnelMapping } from '../../services/personnel/columns';
