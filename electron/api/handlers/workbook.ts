import path from 'node:path';
import { actorOf } from '../../services/followup/actor';
import { exportWorkbook } from '../../services/workbook/export';
import { importWorkbooks, returnWorkbookFile } from '../../services/workbook/import';
import { parseRound } from '../../services/workbook/model';
import type { WORKBOOK_CHANNELS } from '../channel-names/workbook';
import type { HandlerMap } from './types';

export const workbookHandlers: HandlerMap<(typeof WORKBOOK_CHANNELS)[number]> = {
  'workbook.export': async (input, ctx) => {
    const file = ctx.files.writable(input.file);
    ctx.progress({ task: 'Skapar arbetsboken', done: 0, total: 1 });
    const result = await exportWorkbook(ctx.db, { node: input.node, round: parseRound(input.round), versionId: input.versionId ?? null, siteId: ctx.site.id, user: ctx.user, now: ctx.now() }, file);
    ctx.progress({ task: 'Skapar arbetsboken', done: 1, total: 1 });
    return result;
  },
  'workbook.import': async (input, ctx) => {
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
  'workbook.return': async (input, ctx) => {
    const p = ctx.files.readable(input.file);
    return returnWorkbookFile(ctx.db, { path: p, name: path.basename(p) }, actorOf(ctx), input.note, () => ctx.db.backup('fore-aterskickad-arbetsbok'));
  },
};
