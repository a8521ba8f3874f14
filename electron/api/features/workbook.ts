import { z } from 'zod';
import path from 'node:path';
import { type WorkbookExportResult, exportWorkbook } from '../../services/workbook/export';
import { type WorkbookImportResult, importWorkbooks, returnWorkbookFile } from '../../services/workbook/import';
import { TEXT_LIMITS } from '../../services/text-limits';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import { actorOf } from '../../services/followup/actor';
import { parseRound } from '../../services/workbook/model';

const roundSchema = z.string().regex(/^(budget|occasion:\d{4}(0[1-9]|1[0-2]))$/, 'Omgången skrivs budget eller occasion:ÅÅÅÅMM, t.ex. occasion:202610.');

/** The Excel round-trip: a workbook per chef's node out, any number of them back as a list of differences to accept. */
export const workbookChannels = {
  'workbook.export': channel<WorkbookExportResult>()(
    z.strictObject({
      node: z.string().trim().min(1).max(40),
      round: roundSchema,
      /** The working version; left out: the newest unlocked one. */
      versionId: z.string().min(1).max(64).optional(),
      file: fileRefSchema,
    }),
    { heavy: true },
    async (input, ctx) => {
      const file = ctx.files.writable(input.file);
      ctx.progress({ task: 'Skapar arbetsboken', done: 0, total: 1 });
      const result = await exportWorkbook(ctx.db, { node: input.node, round: parseRound(input.round), versionId: input.versionId ?? null, siteId: ctx.site.id, user: ctx.user, now: ctx.now() }, file);
      ctx.progress({ task: 'Skapar arbetsboken', done: 1, total: 1 });
      return result;
    },
  ),
  'workbook.import': channel<WorkbookImportResult>()(
    z.strictObject({
      files: z.array(fileRefSchema).min(1).max(200),
      /** Left out: only read. 'all': every change (no conflict); or the ids of the changes and conflicts to accept. */
      accept: z.union([z.literal('all'), z.array(z.string().min(1).max(600)).max(100_000)]).optional(),
      /** Accepting puts a node over its ram: the controller has seen it and approves all the same. */
      overFrameOk: z.boolean().optional(),
    }),
    { heavy: true },
    async (input, ctx) => {
      const files = input.files.map((ref) => {
        const p = ctx.files.readable(ref);
        return { path: p, name: path.basename(p) };
      });
      const overFrameOk = input.overFrameOk === true;
      const accept = input.accept === undefined ? null : input.accept === 'all' ? { all: true, ids: [], overFrameOk } : { all: false, ids: input.accept, overFrameOk };
      ctx.progress({ task: 'Läser arbetsböckerna', done: 0, total: files.length });
      const result = await importWorkbooks(ctx.db, files, actorOf(ctx), accept, () => ctx.db.backup('fore-arbetsbok'));
      ctx.progress({ task: 'Läser arbetsböckerna', done: files.length, total: files.length });
      return result;
    },
  ),
  /** Sends one budget workbook back to its chef with a note: the round records återskickad; nothing of the file is written. */
  'workbook.return': channel<{ file: string; node: string; note: string }>()(
    z.strictObject({
      file: fileRefSchema,
      note: z.string().max(TEXT_LIMITS.comment),
    }),
    { heavy: true },
    async (input, ctx) => {
      const p = ctx.files.readable(input.file);
      return returnWorkbookFile(ctx.db, { path: p, name: path.basename(p) }, actorOf(ctx), input.note, () => ctx.db.backup('fore-aterskickad-arbetsbok'));
    },
  ),
};

export type { WorkbookExportResult } from '../../services/workbook/export';
export type { WorkbookImportResult } from '../../services/workbook/import';
export type { WorkbookChange, WorkbookConflict, WorkbookProblem } from '../../services/workbook/types';
