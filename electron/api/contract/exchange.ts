import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import type { ConflictInfo } from '../../services/exchange/conflicts';
import type { ExportResult, OccasionOption } from '../../services/exchange/export';
import type { FolderState } from '../../services/exchange/folder';
import type { FieldChange, PackageRecord } from '../../services/exchange/history';
import type { PeerInfo, ScopeOption, SiteInfo } from '../../services/exchange/identity';
import type { ImportResult, PackageInspection } from '../../services/exchange/import';
import { fileRefSchema } from './core';
import { channel } from './define';

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

/** The channels of the file exchange: identity, packages in and out, conflicts, history, the watched folder. */
export const exchangeContract = {
  'site.get': channel<SiteDetails>()(z.strictObject({})),
  'site.set': channel<SiteDetails>()(z.strictObject({ name: z.string().min(1).max(100).optional(), role: role.optional(), scope: scope.optional() })),
  'site.peers': channel<PeerInfo[]>()(z.strictObject({})),
  'site.addPeer': channel<PeerInfo>()(z.strictObject({ id: siteId, name: z.string().min(1).max(100), role, scope })),
  'exchange.overview': channel<ExchangeOverview>()(z.strictObject({})),
  'exchange.suggestName': channel<{ name: string }>()(z.strictObject({ to: siteId.nullable() })),
  'exchange.export': channel<ExportResult>()(
    z.strictObject({ to: siteId, file: fileRefSchema, occasionId: rowId.nullable().optional(), attachment: fileRefSchema.nullable().optional(), full: z.boolean().default(false) }),
    { heavy: true },
  ),
  'exchange.introduce': channel<IntroductionResult>()(z.strictObject({ file: fileRefSchema })),
  'exchange.inspect': channel<PackageInspection>()(z.strictObject({ file: fileRefSchema })),
  'exchange.import': channel<ImportResult>()(z.strictObject({ file: fileRefSchema, accept }), { heavy: true }),
  'exchange.conflicts': channel<ConflictInfo[]>()(z.strictObject({ all: z.boolean().default(false) })),
  'exchange.resolve': channel<ConflictInfo>()(z.strictObject({ id: rowId, version: z.string().min(1).max(120) })),
  'exchange.history': channel<PackageRecord[]>()(z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) })),
  'exchange.fieldHistory': channel<FieldChange[]>()(z.strictObject({ table: z.string().min(1).max(64), rowId, field: z.string().min(1).max(64).optional() })),
  'exchange.folder.get': channel<FolderState>()(z.strictObject({})),
  /** The watched folder is the folder of a file chosen in a dialog; null stops watching. */
  'exchange.folder.set': channel<FolderState>()(z.strictObject({ file: fileRefSchema.nullable() })),
  'exchange.folder.inspect': channel<PackageInspection>()(z.strictObject({ packageId: rowId })),
  'exchange.folder.import': channel<ImportResult>()(z.strictObject({ packageId: rowId, accept }), { heavy: true }),
  'exchange.attachment.save': channel<{ bytes: number }>()(z.strictObject({ packageId: rowId, name: z.string().min(1).max(255), file: fileRefSchema })),
};

export type { ConflictInfo, ConflictCandidate } from '../../services/exchange/conflicts';
export type { ExportResult, ContentLine, OccasionOption } from '../../services/exchange/export';
export type { FolderState, FolderPackage } from '../../services/exchange/folder';
export type { FieldChange, PackageRecord } from '../../services/exchange/history';
export type { PeerInfo, ScopeOption, SiteInfo } from '../../services/exchange/identity';
export type { Acceptance, ImportResult, PackageInspection, RefusedItem, SenderDecision } from '../../services/exchange/import';
