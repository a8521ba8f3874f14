import { z } from 'zod';
import path from 'node:path';
import { ROLES } from '../../../shared/roles';
import { type ConflictInfo, countOpenConflicts, listConflicts, resolveConflict } from '../../services/exchange/conflicts';
import { type ExportResult, type OccasionOption, exportIntroduction, exportPackage, occasionOptions, suggestedFileName } from '../../services/exchange/export';
import { type FolderState, folderPackagePath, scanFolder, setExchangeFolder } from '../../services/exchange/folder';
import { type FieldChange, type PackageRecord, fieldHistory, listPackages, saveAttachment } from '../../services/exchange/history';
import { type PeerInfo, type ScopeOption, type SiteInfo, addPeer, listPeers, scopeOptions, setSite, siteInfo } from '../../services/exchange/identity';
import { type ImportResult, type PackageInspection, importPackage, inspectPackage } from '../../services/exchange/import';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import type { HandlerContext } from '../context';

const role = z.enum(ROLES);
const siteId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'ett installations-id (bokstäver, siffror och bindestreck)');
/** An ansvar code; '' or null clears the scope (the whole organisation). */
const scope = z.union([z.string().max(20), z.null()]);
const rowId = z.string().min(1).max(64);
/** What the user has accepted about a package's sender, each its own decision: a new sender, a new key, a new role or scope, a new name. */
const accept = z.array(z.enum(['sender', 'key', 'role', 'name'])).max(4).default([]);

export interface SiteDetails extends SiteInfo {
  /** Nodes the scope can be set to (förvaltning, sektorer, verksamheter). */
  scopeOptions: ScopeOption[];
}

export interface ExchangeOverview {
  site: SiteInfo;
  peers: PeerInfo[];
  occasions: OccasionOption[];
  openConflicts: number;
  folder: FolderState;
}

export interface IntroductionResult {
  packageId: string;
  fileName: string;
  fingerprint: string;
}

const details = (ctx: HandlerContext) => ({ ...siteInfo(ctx.db), scopeOptions: scopeOptions(ctx.db) });
const progress = (ctx: HandlerContext) => (p: { task: string; done: number; total: number | null }) => ctx.progress(p);
/** '' clears a scope, as null does. */
const scopeOf = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim());

/** The channels of the file exchange: identity, packages in and out, conflicts, history, the watched folder. */
export const exchangeChannels = {
  'site.get': channel<SiteDetails>()(z.strictObject({}), async (_input, ctx) => details(ctx)),
  'site.set': channel<SiteDetails>()(z.strictObject({ name: z.string().min(1).max(100).optional(), role: role.optional(), scope: scope.optional() }), async (input, ctx) => {
    const scope = scopeOf(input.scope);
    setSite(ctx.db, { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.role ? { role: input.role } : {}), ...(scope !== undefined ? { scope } : {}) }, ctx.now());
    return details(ctx);
  }),
  'site.peers': channel<PeerInfo[]>()(z.strictObject({}), async (_input, ctx) => listPeers(ctx.db)),
  'site.addPeer': channel<PeerInfo>()(z.strictObject({ id: siteId, name: z.string().min(1).max(100), role, scope }), async (input, ctx) => addPeer(ctx.db, { id: input.id, name: input.name, role: input.role, scope: scopeOf(input.scope) ?? null }, ctx.now())),
  'exchange.overview': channel<ExchangeOverview>()(z.strictObject({}), async (_input, ctx) => ({
    site: siteInfo(ctx.db),
    peers: listPeers(ctx.db),
    occasions: occasionOptions(ctx.db),
    openConflicts: countOpenConflicts(ctx.db),
    folder: scanFolder(ctx.db),
  })),
  'exchange.suggestName': channel<{ name: string }>()(z.strictObject({ to: siteId.nullable() }), async (input, ctx) => ({ name: suggestedFileName(ctx.db, input.to, ctx.now()) })),
  'exchange.export': channel<ExportResult>()(
    z.strictObject({ to: siteId, file: fileRefSchema, occasionId: rowId.nullable().optional(), attachment: fileRefSchema.nullable().optional(), full: z.boolean().default(false) }),
    { heavy: true },
    async (input, ctx) =>
      exportPackage(ctx.db, {
        to: input.to,
        file: ctx.files.writable(input.file),
        occasionId: input.occasionId ?? null,
        attachments: input.attachment ? [{ path: ctx.files.readable(input.attachment) }] : [],
        full: input.full,
        now: ctx.now(),
        progress: progress(ctx),
      }),
  ),
  'exchange.introduce': channel<IntroductionResult>()(z.strictObject({ file: fileRefSchema }), async (input, ctx) => exportIntroduction(ctx.db, ctx.files.writable(input.file), ctx.now())),
  'exchange.inspect': channel<PackageInspection>()(z.strictObject({ file: fileRefSchema }), async (input, ctx) => inspectPackage(ctx.db, ctx.files.readable(input.file))),
  'exchange.import': channel<ImportResult>()(z.strictObject({ file: fileRefSchema, accept }), { heavy: true }, async (input, ctx) => importPackage(ctx.db, { file: ctx.files.readable(input.file), accept: input.accept, now: ctx.now(), progress: progress(ctx) })),
  'exchange.conflicts': channel<ConflictInfo[]>()(z.strictObject({ all: z.boolean().default(false) }), async (input, ctx) => listConflicts(ctx.db, input.all ? 'all' : 'open')),
  'exchange.resolve': channel<ConflictInfo>()(z.strictObject({ id: rowId, version: z.string().min(1).max(120) }), async (input, ctx) => resolveConflict(ctx.db, input.id, input.version, ctx.now(), ctx.user)),
  'exchange.history': channel<PackageRecord[]>()(z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) }), async (input, ctx) => listPackages(ctx.db, input.limit)),
  'exchange.fieldHistory': channel<FieldChange[]>()(z.strictObject({ table: z.string().min(1).max(64), rowId, field: z.string().min(1).max(64).optional() }), async (input, ctx) => fieldHistory(ctx.db, input.table, input.rowId, input.field)),
  'exchange.folder.get': channel<FolderState>()(z.strictObject({}), async (_input, ctx) => scanFolder(ctx.db)),
  /** The watched folder is the folder of a file chosen in a dialog; null stops watching. */
  'exchange.folder.set': channel<FolderState>()(z.strictObject({ file: fileRefSchema.nullable() }), async (input, ctx) => {
    setExchangeFolder(ctx.db, input.file === null ? null : path.dirname(ctx.files.writable(input.file)));
    return scanFolder(ctx.db);
  }),
  'exchange.folder.inspect': channel<PackageInspection>()(z.strictObject({ packageId: rowId }), async (input, ctx) => inspectPackage(ctx.db, folderPackagePath(ctx.db, input.packageId))),
  'exchange.folder.import': channel<ImportResult>()(z.strictObject({ packageId: rowId, accept }), { heavy: true }, async (input, ctx) =>
    importPackage(ctx.db, { file: folderPackagePath(ctx.db, input.packageId), accept: input.accept, now: ctx.now(), progress: progress(ctx) })),
  'exchange.attachment.save': channel<{ bytes: number }>()(z.strictObject({ packageId: rowId, name: z.string().min(1).max(255), file: fileRefSchema }), async (input, ctx) => saveAttachment(ctx.db, input.packageId, input.name, ctx.files.writable(input.file))),
};

export type { ConflictInfo, ConflictCandidate } from '../../services/exchange/conflicts';
export type { ExportResult, ContentLine, OccasionOption } from '../../services/exchange/export';
export type { FolderState, FolderPackage } from '../../services/exchange/folder';
export type { FieldChange, PackageRecord } from '../../services/exchange/history';
export type { PeerInfo, ScopeOption, SiteInfo } from '../../services/exchange/identity';
export type { Acceptance, ImportResult, PackageInspection, RefusedItem, SenderDecision } from '../../services/exchange/import';
