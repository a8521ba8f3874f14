import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { BudgetVersionKind } from '../../../db/schema';
import type { OverFrameAck, OverFrameNode } from './frame-ack';
import { nodesOverFrame } from './frames';
import { insertVersionRow, type WriteMeta } from './lines';
import { isIsoDate, kronor } from './planning-common';
import { copyVersionContents, tombstoneVersionContents, type CopiedParts, type RemovedParts } from './version-copy';

export interface CreateVersionInput {
  year: number;
  name: string;
  /** A working draft, or a revision of a decided budget. */
  kind: 'draft' | 'revision';
  /** The version whose lines are copied; null starts empty. */
  basedOnId: string | null;
}

export interface CreateVersionResult extends CopiedParts {
  id: string;
}

function liveVersion(db: Db, id: string) {
  const v = db.first(db.q.selectFrom('budget_version').selectAll().where('id', '=', id));
  if (!v || v.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Budgetversionen finns inte (längre). Välj en annan version.');
  return v;
}

function checkName(db: Db, year: number, name: string, exceptId: string | null): string {
  const n = name.trim();
  if (n === '' || n.length > 100) throw new RamkollError('INVALID_INPUT', 'Ge versionen ett namn (högst 100 tecken).');
  const clash = db.first(
    db.q.selectFrom('budget_version').select('id').where('year', '=', year).where('name', '=', n).where('deleted_at', 'is', null).where('id', '!=', exceptId ?? ''),
  );
  if (clash) throw new RamkollError('CONFLICT', `Det finns redan en budgetversion för ${year} som heter "${n}". Välj ett annat namn.`);
  return n;
}

/**
 * Creates a draft or a revision. Based on another version it is a copy of
 * that budget: every live line (new ids, same kodsträng, profile, months
 * and manual marks), the ramar, the personnel positions with the marks of
 * their generated lines, and the VF-lista linked to the copied lines.
 * Call inside a transaction, after a backup.
 */
export function createVersion(db: Db, input: CreateVersionInput, meta: WriteMeta, onProgress?: (done: number, total: number) => void): CreateVersionResult {
  const base = input.basedOnId === null ? null : liveVersion(db, input.basedOnId);
  const year = base?.year ?? input.year;
  if (base && base.year !== input.year) throw new RamkollError('INVALID_INPUT', `Versionen "${base.name}" gäller ${base.year}, inte ${input.year}.`);
  const name = checkName(db, year, input.name, null);
  const id = insertVersionRow(db, { year, name, kind: input.kind, basedOnId: base?.id ?? null }, meta);
  if (!base) return { id, copiedLines: 0, copiedFrames: 0, copiedPositions: 0, copiedPersonnelLines: 0, copiedChanges: 0, mergedLines: 0 };
  return { id, ...copyVersionContents(db, base.id, id, meta, onProgress) };
}

export function renameVersion(db: Db, id: string, name: string, meta: WriteMeta): void {
  const v = liveVersion(db, id);
  const n = checkName(db, v.year, name, id);
  db.run(db.q.updateTable('budget_version').set({ name: n, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
}

/** "3100 Äldreomsorg 425 700,00 kr över ramen, 3110 Hemtjänst 44 000,00 kr över ramen" (the first few, then how many more). */
function overFrameText(nodes: readonly OverFrameNode[], max = 5): string {
  const shown = nodes.slice(0, max).map((n) => `${n.code} ${n.name} ${kronor(n.overOre)} över ramen`);
  return nodes.length > max ? `${shown.join(', ')} och ${nodes.length - max} till` : shown.join(', ');
}

export interface LockResult {
  kind: BudgetVersionKind;
  /** The nodes over their ram when it was locked, with who confirmed it; null when it was within its ramar. */
  overFrame: OverFrameAck | null;
}

export interface LockOptions {
  /** The user has seen the nodes over their ram and locks all the same. */
  overFrameOk: boolean;
  /** Who locks (recorded with a confirmation). */
  user: string;
}

/**
 * Locks a version as decided, with the decision reference ("SN 2025-11-26 §
 * 98") and the day of the decision. A locked version is immutable. A draft
 * becomes the adopted budget when the year has none yet, else a decided
 * revision; a revision stays one. A decided revision is the budget in force
 * from its decision date (budget/in-force.ts), so the date must be a real
 * day no later than the end of the version's year. While nodes are over
 * their ram it is locked only when the user confirms it, and the
 * confirmation (who, when, which nodes by how much) is kept on the version.
 */
export function lockVersion(db: Db, id: string, decisionRef: string, decidedOn: string, meta: WriteMeta, opts: LockOptions): LockResult {
  const v = liveVersion(db, id);
  if (v.locked_at !== null) throw new RamkollError('CONFLICT', `Versionen "${v.name}" är redan låst (${v.decision_ref ?? 'utan beslutsreferens'}).`);
  const ref = decisionRef.trim();
  if (ref === '' || ref.length > 200) throw new RamkollError('INVALID_INPUT', 'Ange beslutsreferensen, till exempel "SN 2025-11-26 § 98".');
  if (!isIsoDate(decidedOn)) throw new RamkollError('INVALID_INPUT', `Beslutsdatumet "${decidedOn}" är inte ett datum (ÅÅÅÅ-MM-DD).`);
  if (decidedOn > `${v.year}-12-31`) {
    throw new RamkollError('INVALID_INPUT', `Beslutsdatumet ${decidedOn} ligger efter budgetåret ${v.year}: en budget för ${v.year} måste beslutas senast ${v.year}-12-31.`);
  }
  const over = nodesOverFrame(db, id);
  if (over.length > 0 && !opts.overFrameOk) {
    throw new RamkollError(
      'CONFLICT',
      `${over.length === 1 ? 'Ett ansvar är' : `${over.length} ansvar är`} över sin ram i "${v.name}": ${overFrameText(over)}. ` +
        'Lås versionen bara om beslutet gäller trots det: bekräfta att den ska låsas över ramen, så sparas bekräftelsen med versionen.',
      over.map((n) => ({ column: n.code, value: String(n.overOre), message: `${n.code} ${n.name}: ${overFrameText([n])}` })),
    );
  }
  const overFrame: OverFrameAck | null = over.length > 0 ? { by: opts.user, at: meta.at, nodes: over } : null;
  let kind = v.kind;
  if (kind === 'draft') {
    const adopted = db.first(db.q.selectFrom('budget_version').select('id').where('year', '=', v.year).where('kind', '=', 'adopted').where('deleted_at', 'is', null));
    kind = adopted ? 'revision' : 'adopted';
  }
  db.run(
    db.q
      .updateTable('budget_version')
      .set({ kind, decision_ref: ref, decided_on: decidedOn, locked_at: meta.at, over_frame_ack: overFrame ? JSON.stringify(overFrame) : null, updated_at: meta.at, updated_by_site: meta.siteId })
      .where('id', '=', id),
  );
  return { kind, overFrame };
}

/**
 * Removes (tombstones) a version that is not locked, with its lines, ramar,
 * positions and VF-lista; versions made from it keep their own copies.
 */
export function deleteVersion(db: Db, id: string, meta: WriteMeta): RemovedParts {
  const v = liveVersion(db, id);
  if (v.locked_at !== null) throw new RamkollError('FORBIDDEN', `Versionen "${v.name}" är beslutad och låst och kan inte tas bort.`);
  db.run(db.q.updateTable('budget_version').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
  return tombstoneVersionContents(db, id, meta);
}
