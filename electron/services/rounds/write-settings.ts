import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { isChef } from '../../../shared/roles';
import { writeRefusal, WRITE_KIND_LABEL, type WriteKind } from '../../../shared/rights';
import { OrgTree } from '../figures/org-tree';
import type { Actor } from '../followup/model';
import { logChanges } from '../followup/history';
import { assertController, parentIn } from '../followup/permissions';
import { ORG_LEVEL_NAMES } from '../dimensions';
import { newId } from '../ids';
import { anyClosed, type RoundRef } from './closed';

/**
 * The controller's setting per round and node whether the level may write
 * there (issue 18 point 1): a row in round_write_setting with allowed = 0
 * closes `what` for the node and the nodes below it; no row, or allowed = 1,
 * leaves it open. It never stops the controller. The handlers ask
 * `assertChefMayWrite`, the exchange the same SQL (closed.ts) through the
 * registry's write rules.
 */

/** The kinds of write a round's grid shows: a budget round the budget lines and VF proposals, a prognos round the prognos. */
export const ROUND_WHATS: Readonly<Record<RoundRef['kind'], readonly WriteKind[]>> = { budget: ['budget', 'vf'], prognos: ['prognos'] };

export interface WriteSettingNode {
  code: string;
  name: string;
  level: string | null;
  depth: number;
  /** Per kind of write: set here (true open, false closed), or null when not set (open unless a node above is closed). */
  set: Partial<Record<WriteKind, boolean | null>>;
  /** Per kind of write: closed here or above. */
  closed: Partial<Record<WriteKind, boolean>>;
}

export interface WriteSettings {
  kind: RoundRef['kind'];
  ref: string;
  roundName: string;
  whats: readonly WriteKind[];
  nodes: WriteSettingNode[];
}

function roundName(db: Db, round: RoundRef): string {
  const name =
    round.kind === 'budget'
      ? (db.prepare('SELECT name FROM budget_version WHERE id = ? AND deleted_at IS NULL').pluck().get(round.ref) as string | undefined)
      : (db.prepare('SELECT name FROM reporting_occasion WHERE id = ? AND deleted_at IS NULL').pluck().get(round.ref) as string | undefined);
  if (name === undefined) {
    throw new RamkollError('NOT_FOUND', round.kind === 'budget' ? `Det finns ingen budgetversion med id ${round.ref}.` : `Det finns inget uppföljningstillfälle med id ${round.ref}.`);
  }
  return name;
}

/** Is `what` closed for the node (or a node above it) in the round? */
export function isClosed(db: Db, round: RoundRef, code: string, what: WriteKind): boolean {
  return anyClosed((sql, ...params) => (db.prepare(sql).pluck().get(...params) as number | undefined) ?? null, round, what, [code]);
}

/**
 * Refuses a write the rights table or the controller's setting does not
 * allow: the check every handler of a chef's write makes (budget lines and
 * VF proposals in a budget round, prognos in a prognos round).
 */
export function assertChefMayWrite(db: Db, actor: Actor, what: WriteKind, code: string, round: RoundRef, tree: OrgTree = OrgTree.load(db)): void {
  const closed = isChef(actor.role) && isClosed(db, round, code, what);
  const refusal = writeRefusal(actor, what, code, parentIn(tree), closed);
  if (refusal) throw new RamkollError('FORBIDDEN', refusal, [{ column: 'Ansvar', value: code, message: refusal }]);
}

/** The grid of a round: every node below the förvaltning, with its settings. */
export function listWriteSettings(db: Db, round: RoundRef): WriteSettings {
  const name = roundName(db, round);
  const whats = ROUND_WHATS[round.kind];
  const tree = OrgTree.load(db);
  const rows = db
    .prepare(
      `SELECT v.code, s.what, s.allowed FROM round_write_setting s JOIN dimension_value v ON v.id = s.responsibility_id
       WHERE s.round_kind = ? AND s.round_ref = ? AND s.deleted_at IS NULL`,
    )
    .all(round.kind, round.ref) as { code: string; what: WriteKind; allowed: number }[];
  const set = new Map(rows.map((r) => [`${r.code}|${r.what}`, r.allowed === 1]));
  const nodes: WriteSettingNode[] = [];
  const walk = (code: string | null, depth: number, closedAbove: Partial<Record<WriteKind, boolean>>) => {
    for (const n of tree.children.get(code) ?? []) {
      const own: WriteSettingNode['set'] = {};
      const closed: WriteSettingNode['closed'] = {};
      for (const w of whats) {
        own[w] = set.get(`${n.code}|${w}`) ?? null;
        closed[w] = (closedAbove[w] ?? false) || own[w] === false;
      }
      // The förvaltning itself is the controller's: it is the root the grid hangs from, not a row of it.
      if (n.level !== 'administration') nodes.push({ code: n.code, name: n.name, level: n.level, depth, set: own, closed });
      walk(n.code, n.level === 'administration' ? depth : depth + 1, closed);
    }
  };
  walk(null, 0, {});
  return { kind: round.kind, ref: round.ref, roundName: name, whats, nodes };
}

export interface WriteSettingInput extends RoundRef {
  code: string;
  what: WriteKind;
  /** true: open, false: closed; null: no setting of its own (follows the node above). */
  allowed: boolean | null;
}

/** The controller opens or closes `what` for a node in a round. */
export function setWriteSetting(db: Db, actor: Actor, input: WriteSettingInput): WriteSettings {
  assertController(actor, 'bestämma vilka nivåer som får skriva i en omgång');
  roundName(db, input);
  if (!ROUND_WHATS[input.kind].includes(input.what)) {
    throw new RamkollError('INVALID_INPUT', `En ${input.kind === 'budget' ? 'budgetomgång' : 'prognosomgång'} har ingen inställning för ${WRITE_KIND_LABEL[input.what]}.`);
  }
  const node = OrgTree.load(db).byCode.get(input.code);
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${input.code} finns inte i organisationen.`, [{ column: 'Ansvar', value: input.code, message: 'okänt ansvar' }]);
  if (node.level === 'administration') throw new RamkollError('INVALID_INPUT', `${ORG_LEVEL_NAMES.administration} skriver controllern själv: välj en sektor, verksamhet eller enhet.`);
  const at = actor.now.toISOString();
  db.tx(() => {
    const before = db
      .prepare('SELECT id, allowed, deleted_at FROM round_write_setting WHERE round_kind = ? AND round_ref = ? AND responsibility_id = ? AND what = ?')
      .get(input.kind, input.ref, node.id, input.what) as { id: string; allowed: number; deleted_at: string | null } | undefined;
    const old = before && before.deleted_at === null ? before.allowed : null;
    const next = input.allowed === null ? null : input.allowed ? 1 : 0;
    if (old === next) return;
    let id = before?.id;
    if (!id) {
      id = newId();
      db.prepare(
        `INSERT INTO round_write_setting (id, round_kind, round_ref, responsibility_id, what, allowed, created_at, updated_at, updated_by_site, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      ).run(id, input.kind, input.ref, node.id, input.what, next ?? 1, at, at, actor.siteId);
    } else if (next === null) {
      db.prepare('UPDATE round_write_setting SET deleted_at = ?, updated_at = ?, updated_by_site = ? WHERE id = ?').run(at, at, actor.siteId, id);
    } else {
      db.prepare('UPDATE round_write_setting SET allowed = ?, deleted_at = NULL, updated_at = ?, updated_by_site = ? WHERE id = ?').run(next, at, actor.siteId, id);
    }
    logChanges(db, actor, 'round_write_setting', id, [{ field: 'allowed', old, new: next }]);
  });
  return listWriteSettings(db, input);
}
