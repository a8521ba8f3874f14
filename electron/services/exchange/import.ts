import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { suspended } from './capture';
import { KIND_NAMES, summaryOf, type ProgressFn } from './export';
import { peerSite, siteInfo } from './identity';
import { Merge, type MergeResult, type RefusedItem } from './merge';
import { DEFAULT_LIMITS, readPackage, type PackageKind, type PackageLimits, type ReadPackage } from './package-file';
import { checkSender, registerSender, requireAccepted, type Acceptance, type KnownSender, type SenderDecision, type SenderStatus, type SenderSummary } from './sender';

export type { RefusedItem } from './merge';
export type { Acceptance, SenderDecision, SenderStatus, SenderSummary } from './sender';

export interface ImportResult {
  packageId: string;
  fileName: string;
  kind: PackageKind;
  kindName: string;
  created: string;
  sender: SenderSummary;
  senderStatus: SenderStatus;
  alreadyImported: boolean;
  applied: number;
  skipped: number;
  conflicts: number;
  refused: number;
  /** The refused changes with their reasons (at most 1 000 listed; `refused` is the full count). */
  refusedItems: RefusedItem[];
  outcomePeriods: number[];
  outcomeRows: number;
  attachments: string[];
  /** Things the user should know: a sender accepted, rows that were joined, … */
  notes: string[];
  /** File name of the backup taken before the import. */
  backup: string | null;
}

export interface PackageInspection {
  packageId: string;
  fileName: string;
  kind: PackageKind;
  kindName: string;
  created: string;
  sender: SenderSummary;
  senderStatus: SenderStatus;
  known: KnownSender | null;
  /** What the user must accept before the package can be read in, each on its own (empty: nothing). */
  decisions: SenderDecision[];
  /** The decisions' messages in one text, or null when there are none. */
  problem: string | null;
  alreadyImportedAt: string | null;
  changes: number;
  contents: { table: string; label: string; rows: number; fields: number }[];
  outcomePeriods: number[];
  occasion: string | null;
  attachments: string[];
}

/** Reads and checks a package without changing anything, for the page to show before importing. */
export function inspectPackage(db: Db, file: string, limits: PackageLimits = DEFAULT_LIMITS): PackageInspection {
  const pkg = readPackage(file, limits);
  const check = checkSender(db, pkg, siteInfo(db));
  const m = pkg.payload.manifest;
  const already = db.prepare('SELECT handled_at FROM xchg_package WHERE id = ?').get(m.id) as { handled_at: string } | undefined;
  return {
    packageId: m.id,
    fileName: pkg.fileName,
    kind: m.kind,
    kindName: KIND_NAMES[m.kind],
    created: m.created,
    sender: check.sender,
    senderStatus: check.status,
    known: check.known,
    decisions: check.decisions,
    problem: check.decisions.length > 0 ? check.decisions.map((d) => d.message).join(' ') : null,
    alreadyImportedAt: already?.handled_at ?? null,
    changes: pkg.payload.changes.length,
    contents: m.contents,
    outcomePeriods: m.outcomePeriods,
    occasion: m.occasion?.name ?? null,
    attachments: m.attachments.map((a) => a.name),
  };
}

export interface ImportOptions {
  file: string;
  /**
   * What the user has accepted about the sender, each its own decision (see
   * sender.ts): a new sender, a new key, a new role or scope, a new name.
   */
  accept?: readonly Acceptance[];
  now: Date;
  progress?: ProgressFn;
  limits?: PackageLimits;
  /** Merge asking SQLite once per row instead of per table: the reference the tests compare the usual path with. */
  perRow?: boolean;
}

/**
 * Imports a package: verifies it, checks that its sender is accepted here as
 * it presents itself, takes a backup, and merges it in one transaction.
 * Changes already here are skipped (so any order, and any file twice, gives
 * the same result); a field only the sender changed moves on; a field both
 * sides changed since their common version becomes a conflict that keeps
 * both values and shows the newer; changes the sender may not make are
 * refused and listed, the rest applied.
 */
export async function importPackage(db: Db, opts: ImportOptions): Promise<ImportResult> {
  const pkg = readPackage(opts.file, opts.limits ?? DEFAULT_LIMITS);
  const me = siteInfo(db);
  const check = checkSender(db, pkg, me);
  const m = pkg.payload.manifest;
  const base = {
    packageId: m.id,
    fileName: pkg.fileName,
    kind: m.kind,
    kindName: KIND_NAMES[m.kind],
    created: m.created,
    sender: check.sender,
    senderStatus: check.status,
    outcomePeriods: m.outcomePeriods,
    attachments: m.attachments.map((a) => a.name),
  };
  const already = db.prepare('SELECT handled_at FROM xchg_package WHERE id = ?').get(m.id) as { handled_at: string } | undefined;
  if (already) {
    // A replay changes nothing, not even the history (so it needs no decision about its sender either).
    return {
      ...base,
      alreadyImported: true,
      applied: 0,
      skipped: pkg.payload.changes.length + (pkg.payload.outcome?.periods.length ?? 0),
      conflicts: 0,
      refused: 0,
      refusedItems: [],
      outcomeRows: 0,
      notes: [`Paketet lästes redan in ${already.handled_at.slice(0, 16).replace('T', ' ')}; inget har ändrats.`],
      backup: null,
    };
  }
  requireAccepted(check, opts.accept ?? []);
  const backup = await db.backup('fore-paketimport');
  // A large package dirties more pages than SQLite's default 2 MB cache holds; spilling them mid-transaction is slow.
  const cache = db.sqlite.pragma('cache_size', { simple: true }) as number;
  db.sqlite.pragma('cache_size = -131072');
  let result: MergeResult;
  try {
    result = db.tx(() =>
      suspended(db, () => {
        const at = opts.now.toISOString();
        const accepted = registerSender(db, pkg, check, at);
        const site = peerSite(db, m.sender.id)!;
        const merged = new Merge(db, pkg, me, { role: site.role, scopeCode: site.scope_code }, site.name, opts.now, opts.progress, !opts.perRow).run();
        const notes = [...accepted, ...merged.notes, ...recordReceived(db, pkg, merged, at)];
        return { ...merged, notes };
      }),
    );
  } finally {
    db.sqlite.pragma(`cache_size = ${cache}`);
  }
  return { ...base, ...result, alreadyImported: false, backup: path.basename(backup) };
}

/** The package in the history, with its result, and its attachments; returns notes about attachments that were damaged. */
function recordReceived(db: Db, pkg: ReadPackage, r: MergeResult, at: string): string[] {
  const m = pkg.payload.manifest;
  const notes: string[] = [];
  const result = { applied: r.applied, skipped: r.skipped, conflicts: r.conflicts, refused: r.refused, refusedItems: r.refusedItems.slice(0, 200), notes: r.notes };
  db.prepare(
    `INSERT INTO xchg_package (id, direction, peer_id, kind, file_name, file_sha256, created_at, handled_at, seq_from, seq_upto, summary, result)
     VALUES (?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.id, m.sender.id, m.kind, pkg.fileName, pkg.sha256, m.created, at, m.range.from, m.range.upto, JSON.stringify(summaryOf(m, pkg.payload.changes.length, pkg.payload.outcome)), JSON.stringify(result));
  // Names are kept apart as Windows compares them (without case): a second "rapport.pdf" is saved as "rapport (2).pdf".
  const taken = new Set<string>();
  for (const a of pkg.payload.attachments) {
    const data = Buffer.from(a.data, 'base64');
    if (createHash('sha256').update(data).digest('hex') !== a.sha256) {
      notes.push(`Bilagan ${a.name} är skadad och sparades inte.`);
      continue;
    }
    const name = freeName(a.name, taken);
    if (name !== a.name) notes.push(`Paketet har flera bilagor som heter ${a.name}; den här sparades som ${name}.`);
    taken.add(name.toLowerCase());
    db.prepare('INSERT INTO xchg_attachment (package_id, name, mime, sha256, data) VALUES (?, ?, ?, ?, ?)').run(m.id, name, a.mime, a.sha256, data);
  }
  return notes;
}

/** `name`, or "name (2).ext", "name (3).ext" … : the first that is not taken (compared without case). */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let k = 2; ; k++) {
    const candidate = `${stem} (${k})${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
