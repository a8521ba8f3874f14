import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { CommentStatus, OccasionKind, OrgLevel } from '../../../db/schema';
import { parseRichText, RICH_LIMITS } from '../../../shared/rich-text';
import { isChef } from '../../../shared/roles';
import { OrgTree, type OrgNode } from '../figures/org-tree';
import { assertOpen, getOccasion, type Occasion } from '../followup/calendar';
import { followUpWrite } from '../followup/facts';
import { historyOf, logChanges, type HistoryEntry } from '../followup/history';
import type { Actor } from '../followup/model';
import { canApprove, canWrite, isWithin } from '../followup/permissions';
import { newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { textKinds, type TextKind } from './kinds';

/**
 * Text sections per reporting occasion (issue 19 point 1): per node and
 * kind (Sammanfattning, Väsentliga händelser, …) a text in the Markdown
 * subset of shared/rich-text.ts, in the same round and with the same rules
 * as the deviation comments (followup/comments.ts): the level that owns the
 * node writes it, utkast → klar; the level above approves it (godkänd) or
 * sends it back with a note (återskickad). The controller writes the
 * förvaltning's, a sektorchef its sektor's (followup/permissions.ts); only
 * approved texts go into the reports.
 */

export interface TextSectionView {
  id: string;
  kind: string;
  kindName: string;
  code: string;
  name: string;
  level: OrgLevel | null;
  body: string;
  status: CommentStatus;
  returnNote: string | null;
  author: string;
  updatedAt: string;
}

export interface TextNode {
  code: string;
  name: string;
  level: OrgLevel | null;
  depth: number;
  canWrite: boolean;
  canApprove: boolean;
}

export interface TextRound {
  occasion: { id: string; name: string; period: number; kind: OccasionKind; lockedAt: string | null };
  kinds: TextKind[];
  /** The nodes whose texts this installation writes or approves: the förvaltning and its sektorer, or a chef's own part. */
  nodes: TextNode[];
  /** Every text this installation sees in the occasion (a chef's: its own part's). */
  sections: TextSectionView[];
}

export interface TextDetail {
  occasion: TextRound['occasion'];
  kind: TextKind;
  node: { code: string; name: string; level: OrgLevel | null };
  section: TextSectionView | null;
  history: HistoryEntry[];
  /** The same kind's texts of the nodes below, top down: what this level draws on when writing its own. */
  below: (TextSectionView & { depth: number })[];
  canWrite: boolean;
  canApprove: boolean;
}

const MAX_BODY = RICH_LIMITS.chars;
const MAX_NOTE = TEXT_LIMITS.comment;

const occasionView = (o: Occasion): TextRound['occasion'] => ({ id: o.id, name: o.name, period: o.period, kind: o.kind, lockedAt: o.lockedAt });

/** Every live text of an occasion, in kind order and then organisation order. */
export function sectionsOf(db: Db, occasionId: string, tree: OrgTree = OrgTree.load(db)): TextSectionView[] {
  const kinds = textKinds(db);
  const kindById = new Map(kinds.map((k, i) => [k.id, { k, i }]));
  const nodeById = new Map([...tree.byCode.values()].map((n) => [n.id, n]));
  const order = new Map(preorder(tree).map((n, i) => [n.code, i]));
  const rows = db.all(
    db.q
      .selectFrom('text_section')
      .select(['id', 'kind_id', 'responsibility_id', 'body', 'status', 'return_note', 'author', 'updated_at'])
      .where('occasion_id', '=', occasionId)
      .where('deleted_at', 'is', null),
  );
  const out: (TextSectionView & { ki: number; ni: number })[] = [];
  for (const r of rows) {
    const kind = kindById.get(r.kind_id);
    const node = nodeById.get(r.responsibility_id);
    if (!kind || !node) continue;
    out.push({
      id: r.id,
      kind: kind.k.code,
      kindName: kind.k.name,
      code: node.code,
      name: node.name,
      level: node.level,
      body: r.body,
      status: r.status,
      returnNote: r.return_note,
      author: r.author,
      updatedAt: r.updated_at,
      ki: kind.i,
      ni: order.get(node.code) ?? Number.MAX_SAFE_INTEGER,
    });
  }
  out.sort((a, b) => a.ki - b.ki || a.ni - b.ni);
  return out.map(({ ki: _ki, ni: _ni, ...s }) => s);
}

function preorder(tree: OrgTree): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (n: OrgNode) => {
    out.push(n);
    for (const c of tree.children.get(n.code) ?? []) walk(c);
  };
  tree.roots.forEach(walk);
  return out;
}

function depthOf(tree: OrgTree, code: string): number {
  let d = 0;
  for (let n = tree.byCode.get(code); n && n.parentCode !== null; n = tree.byCode.get(n.parentCode)) d++;
  return d;
}

/** The texts of an occasion as this installation sees them, with the nodes it writes for. */
export function textRound(db: Db, actor: Actor, occasionId: string): TextRound {
  const occasion = getOccasion(db, occasionId);
  const tree = OrgTree.load(db);
  const open = occasion.lockedAt === null;
  const chef = isChef(actor.role);
  const sections = sectionsOf(db, occasion.id, tree).filter((s) => !chef || canWrite(actor, tree, s.code));
  // The förvaltning and its sektorer (a chef: its own node), and any node below that has a text already.
  const written = new Set(sections.map((s) => s.code));
  const nodes: TextNode[] = preorder(tree)
    .filter((n) =>
      written.has(n.code) || (chef ? actor.scopeCode !== null && isWithin(tree, n.code, actor.scopeCode) && (n.code === actor.scopeCode || n.level === 'sector') : n.level === 'administration' || n.level === 'sector'),
    )
    .map((n) => ({ code: n.code, name: n.name, level: n.level, depth: depthOf(tree, n.code), canWrite: open && canWrite(actor, tree, n.code), canApprove: open && canApprove(actor, tree, n.code) }));
  return { occasion: occasionView(occasion), kinds: textKinds(db), nodes, sections };
}

function kindFor(db: Db, code: string): TextKind {
  const kind = textKinds(db).find((k) => k.code === code);
  if (!kind) throw new RamkollError('NOT_FOUND', `Det finns inget textavsnitt "${code}". Avsnitten är ${textKinds(db).map((k) => `${k.code} (${k.name})`).join(', ')}.`, [{ column: 'Avsnitt', value: code, message: 'okänt avsnitt' }]);
  return kind;
}

function nodeFor(tree: OrgTree, code: string): OrgNode {
  const node = tree.byCode.get(code);
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${code} finns inte i organisationen; texter skrivs för förvaltningen, sektorer och noderna under dem.`, [{ column: 'Ansvar', value: code, message: 'okänt ansvar' }]);
  return node;
}

export function getTextDetail(db: Db, actor: Actor, occasionId: string, code: string, kindCode: string): TextDetail {
  const occasion = getOccasion(db, occasionId);
  const tree = OrgTree.load(db);
  const node = nodeFor(tree, code);
  const kind = kindFor(db, kindCode);
  if (isChef(actor.role) && !canWrite(actor, tree, code)) {
    throw new RamkollError('FORBIDDEN', `Den här installationen (roll ${actor.role}, ${actor.scopeCode ?? '–'}) ser bara texterna för sin egen del av organisationen.`);
  }
  const all = sectionsOf(db, occasion.id, tree).filter((s) => s.kind === kind.code);
  const section = all.find((s) => s.code === code) ?? null;
  const nodeDepth = depthOf(tree, code);
  return {
    occasion: occasionView(occasion),
    kind,
    node: { code: node.code, name: node.name, level: node.level },
    section,
    history: section ? historyOf(db, 'text_section', section.id) : [],
    below: all.filter((s) => s.code !== code && isWithin(tree, s.code, code)).map((s) => ({ ...s, depth: depthOf(tree, s.code) - nodeDepth })),
    canWrite: occasion.lockedAt === null && canWrite(actor, tree, code),
    canApprove: occasion.lockedAt === null && canApprove(actor, tree, code),
  };
}

/** Refuses a text the reports could not render, naming each line that is wrong. */
export function assertRichText(body: string, label: string): void {
  if (body.length > MAX_BODY) {
    throw new RamkollError('INVALID_INPUT', `${label}: texten är ${body.length} tecken; högst ${MAX_BODY} får plats i ett avsnitt. Korta texten eller dela den på flera avsnitt.`, [
      { column: 'Text', message: `högst ${MAX_BODY} tecken` },
    ]);
  }
  const { problems } = parseRichText(body);
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new RamkollError(
    'INVALID_INPUT',
    `${label}: rad ${first.line}: ${first.message}.${problems.length > 1 ? ` (${problems.length - 1} fel till.)` : ''} Texten har inte sparats.`,
    problems.slice(0, 20).map((p) => ({ line: p.line, column: 'Text', message: p.message })),
  );
}

type Row = { id: string; body: string; status: CommentStatus; return_note: string | null; deleted_at: string | null };

function currentRow(db: Db, occasionId: string, responsibilityId: string, kindId: string): Row | undefined {
  return db.first(
    db.q
      .selectFrom('text_section')
      .select(['id', 'body', 'status', 'return_note', 'deleted_at'])
      .where('occasion_id', '=', occasionId)
      .where('responsibility_id', '=', responsibilityId)
      .where('kind_id', '=', kindId),
  );
}

export interface TextInput {
  occasionId: string;
  code: string;
  kind: string;
  body: string;
}

/**
 * Saves a node's text of a kind. A new or changed text is an utkast (a
 * returned one stays återskickad until it is marked klar); an approved text
 * is changed only after the level above has sent it back. Saving the same
 * text again changes nothing (the editor's autosave).
 */
export function saveText(db: Db, actor: Actor, input: TextInput): TextSectionView {
  const occasion = getOccasion(db, input.occasionId);
  assertOpen(occasion);
  const tree = OrgTree.load(db);
  const node = nodeFor(tree, input.code);
  const kind = kindFor(db, input.kind);
  if (!canWrite(actor, tree, input.code)) {
    throw new RamkollError('FORBIDDEN', `Den här installationen (roll ${actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''}) får inte skriva texter för ansvar ${input.code}.`);
  }
  const body = input.body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  assertRichText(body, `${kind.name} för ${node.name}`);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const row = currentRow(db, occasion.id, node.id, kind.id);
    const live = row && row.deleted_at === null ? row : undefined;
    if (live && live.body === body) return;
    if (live?.status === 'approved') throw new RamkollError('CONFLICT', `${kind.name} för ${node.name} är godkänd. Nivån ovanför kan återskicka texten om den behöver ändras.`);
    const status: CommentStatus = live?.status === 'returned' ? 'returned' : 'draft';
    const next = { body, status, return_note: live?.return_note ?? null, author: actor.user };
    const id = row?.id ?? newId();
    if (row) db.run(db.q.updateTable('text_section').set({ ...next, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }).where('id', '=', id));
    else {
      db.run(
        db.q
          .insertInto('text_section')
          .values({ id, occasion_id: occasion.id, responsibility_id: node.id, kind_id: kind.id, ...next, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }),
      );
    }
    logChanges(db, actor, 'text_section', id, [
      { field: 'body', old: live?.body ?? null, new: next.body },
      { field: 'status', old: live?.status ?? null, new: next.status },
    ]);
  });
  return getTextDetail(db, actor, occasion.id, input.code, kind.code).section!;
}

export type TextStatusAction = 'ready' | 'approve' | 'return' | 'reopen';

const STATUS_WORD: Record<CommentStatus, string> = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' };

/** Klar and back to utkast by the writer; godkänd or återskickad (with a note) by the level above, as for the comments. */
export function changeTextStatus(db: Db, actor: Actor, input: { occasionId: string; code: string; kind: string; action: TextStatusAction; note?: string }): TextSectionView {
  const occasion = getOccasion(db, input.occasionId);
  assertOpen(occasion);
  const tree = OrgTree.load(db);
  const node = nodeFor(tree, input.code);
  const kind = kindFor(db, input.kind);
  const what = `${kind.name} för ${node.name}`;
  const writer = () => {
    if (!canWrite(actor, tree, input.code)) throw new RamkollError('FORBIDDEN', `Den här installationen (roll ${actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''}) får inte skriva texter för ansvar ${input.code}.`);
  };
  const approver = () => {
    if (!canApprove(actor, tree, input.code)) {
      throw new RamkollError('FORBIDDEN', `Den här installationen (roll ${actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''}) får inte godkänna eller återskicka texten för ansvar ${input.code}; det gör nivån ovanför.`);
    }
  };
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const row = currentRow(db, occasion.id, node.id, kind.id);
    if (!row || row.deleted_at !== null) throw new RamkollError('CONFLICT', `${what} är inte skriven ännu. Skriv texten och spara först.`);
    const from = row.status;
    let status: CommentStatus;
    let returnNote = row.return_note;
    switch (input.action) {
      case 'ready':
        writer();
        if (from !== 'draft' && from !== 'returned') throw new RamkollError('CONFLICT', `${what} är redan ${STATUS_WORD[from]}.`);
        if (row.body.trim() === '') throw new RamkollError('INVALID_INPUT', `${what} är tom. Skriv texten innan den markeras klar.`, [{ column: 'Text', message: 'texten saknas' }]);
        status = 'ready';
        returnNote = null;
        break;
      case 'reopen':
        writer();
        if (from !== 'ready') throw new RamkollError('CONFLICT', 'Bara en text som är klar kan tas tillbaka till utkast.');
        status = 'draft';
        break;
      case 'approve':
        approver();
        if (from !== 'ready') throw new RamkollError('CONFLICT', `${what} kan godkännas först när den är markerad klar (nu: ${STATUS_WORD[from]}).`);
        status = 'approved';
        break;
      case 'return': {
        approver();
        if (from !== 'ready' && from !== 'approved') throw new RamkollError('CONFLICT', 'Bara en text som är klar eller godkänd kan återskickas.');
        const note = (input.note ?? '').trim();
        if (note === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad som behöver kompletteras när texten återskickas.', [{ column: 'Meddelande', message: 'meddelandet saknas' }]);
        if (note.length > MAX_NOTE) throw new RamkollError('INVALID_INPUT', `Meddelandet får vara högst ${MAX_NOTE} tecken.`);
        status = 'returned';
        returnNote = note;
        break;
      }
    }
    db.run(db.q.updateTable('text_section').set({ status, return_note: returnNote, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
    logChanges(db, actor, 'text_section', row.id, [
      { field: 'status', old: from, new: status },
      { field: 'return_note', old: row.return_note, new: returnNote },
    ]);
  });
  return getTextDetail(db, actor, occasion.id, input.code, kind.code).section!;
}
