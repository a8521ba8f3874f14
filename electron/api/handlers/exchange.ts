import path from 'node:path';
import { countOpenConflicts, listConflicts, resolveConflict } from '../../services/exchange/conflicts';
import { exportIntroduction, exportPackage, occasionOptions, suggestedFileName } from '../../services/exchange/export';
import { folderPackagePath, scanFolder, setExchangeFolder } from '../../services/exchange/folder';
import { fieldHistory, listPackages, saveAttachment } from '../../services/exchange/history';
import { addPeer, listPeers, scopeOptions, setSite, siteInfo } from '../../services/exchange/identity';
import { importPackage, inspectPackage } from '../../services/exchange/import';
import type { EXCHANGE_CHANNELS } from '../channel-names/exchange';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';

const details = (ctx: HandlerContext) => ({ ...siteInfo(ctx.db), scopeOptions: scopeOptions(ctx.db) });
const progress = (ctx: HandlerContext) => (p: { task: string; done: number; total: number | null }) => ctx.progress(p);
/** '' clears a scope, as null does. */
const scopeOf = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim());

export const exchangeHandlers: HandlerMap<(typeof EXCHANGE_CHANNELS)[number]> = {
  'site.get': async (_input, ctx) => details(ctx),
  'site.set': async (input, ctx) => {
    const scope = scopeOf(input.scope);
    setSite(ctx.db, { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.role ? { role: input.role } : {}), ...(scope !== undefined ? { scope } : {}) }, ctx.now());
    return details(ctx);
  },
  'site.peers': async (_input, ctx) => listPeers(ctx.db),
  'site.addPeer': async (input, ctx) => addPeer(ctx.db, { id: input.id, name: input.name, role: input.role, scope: scopeOf(input.scope) ?? null }, ctx.now()),
  'exchange.overview': async (_input, ctx) => ({
    site: siteInfo(ctx.db),
    peers: listPeers(ctx.db),
    occasions: occasionOptions(ctx.db),
    openConflicts: countOpenConflicts(ctx.db),
    folder: scanFolder(ctx.db),
  }),
  'exchange.suggestName': async (input, ctx) => ({ name: suggestedFileName(ctx.db, input.to, ctx.now()) }),
  'exchange.export': async (input, ctx) =>
    exportPackage(ctx.db, {
      to: input.to,
      file: ctx.files.writable(input.file),
      occasionId: input.occasionId ?? null,
      attachments: input.attachment ? [{ path: ctx.files.readable(input.attachment) }] : [],
      full: input.full,
      now: ctx.now(),
      progress: progress(ctx),
    }),
  'exchange.introduce': async (input, ctx) => exportIntroduction(ctx.db, ctx.files.writable(input.file), ctx.now()),
  'exchange.inspect': async (input, ctx) => inspectPackage(ctx.db, ctx.files.readable(input.file)),
  'exchange.import': async (input, ctx) => importPackage(ctx.db, { file: ctx.files.readable(input.file), accept: input.accept, now: ctx.now(), progress: progress(ctx) }),
  'exchange.conflicts': async (input, ctx) => listConflicts(ctx.db, input.all ? 'all' : 'open'),
  'exchange.resolve': async (input, ctx) => resolveConflict(ctx.db, input.id, input.version, ctx.now(), ctx.user),
  'exchange.history': async (input, ctx) => listPackages(ctx.db, input.limit),
  'exchange.fieldHistory': async (input, ctx) => fieldHistory(ctx.db, input.table, input.rowId, input.field),
  'exchange.folder.get': async (_input, ctx) => scanFolder(ctx.db),
  'exchange.folder.set': async (input, ctx) => {
    setExchangeFolder(ctx.db, input.file === null ? null : path.dirname(ctx.files.writable(input.file)));
    return scanFolder(ctx.db);
  },
  'exchange.folder.inspect': async (input, ctx) => inspectPackage(ctx.db, folderPackagePath(ctx.db, input.packageId)),
  'exchange.folder.import': async (input, ctx) =>
    importPackage(ctx.db, { file: folderPackagePath(ctx.db, input.packageId), accept: input.accept, now: ctx.now(), progress: progress(ctx) }),
  'exchange.attachment.save': async (input, ctx) => saveAttachment(ctx.db, input.packageId, input.name, ctx.files.writable(input.file)),
};
