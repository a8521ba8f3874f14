import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { CommentStatus } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import { assertOpen, getOccasion } from '../followup/calendar';
import { followUpWrite } from '../followup/facts';
import { logChanges } from '../followup/history';
import type { Actor, Threshold } from '../followup/model';
import { canWrite } from '../followup/permissions';
import { loadThresholds, reaches } from '../followup/thresholds';
import { newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';

const MAX_TEXT = TEXT_LIMITS.comment;
import { occasionProjects } from './occasion-figures';
import type { Figures } from './overview';
import { isChef } from '../../../shared/roles';

/**
 * The investment projects in a reporting occasion's comment round (issue 17
 * point 2): per project the year's and the whole project's budget, outcome,
 * prognos and avvikelse (budget − prognos), and whether a comment is
 * required: where either avvikelse reaches the threshold of the level of
 * the project's ansvar (the same rule and thresholds as the drift comments,
 * followup/thresholds.ts). Orsak and åtgärd go through the same statuses as
 * a drift comment: utkast, klar (the writer), godkänd or återskickad (the
 * controller). A sektorchef writes for the projects of its sektor.
 */

export interface InvestmentComment {
  cause: string;
  action: string;
  status: CommentStatus;
  returnNote: string | null;
  author: string;
  updatedAt: string;
}

export interface InvestmentRoundProject {
  id: string;
  code: string;
  name: string;
  responsibilityCode: string;
  responsibilityName: string;
  categoryName: string;
  year: Figures;
  wholeProject: Figures;
  threshold: Threshold;
  required: boolean;
  comment: InvestmentComment | null;
  canWrite: boolean;
  canApprove: boolean;
}

export interface InvestmentRound {
  occasionId: string;
  occasionName: string;
  year: number;
  locked: boolean;
  projects: InvestmentRoundProject[];
  /** Projects whose comment is required, and of them those without a comment written (or still returned). */
  required: number;
  missing: number;
}

function commentsOf(db: Db, occasionId: string): Map<string, InvestmentComment & { id: string }> {
  const rows = db.all(
    db.q
      .selectFrom('investment_comment')
      .select(['id', 'project_id', 'cause', 'action', 'status', 'return_note', 'author', 'updated_at'])
      .where('occasion_id', '=', occasionId)
      .where('deleted_at', 'is', null),
  );
  return new Map(rows.map((r) => [r.project_id, { id: r.id, cause: r.cause, action: r.action, status: r.status, returnNote: r.return_note, author: r.author, updatedAt: r.updated_at }]));
}

/** The projects of the occasion's year with their figures and comments; a sektorchef sees the projects of its sektor. */
export function investmentRound(db: Db, actor: Actor, occasionId: string): InvestmentRound {
  const occasion = getOccasion(db, occasionId);
  const projectFigures = occasionProjects(db, occasion);
  const tree = OrgTree.load(db);
  const thresholds = loadThresholds(db);
  const comments = commentsOf(db, occasion.id);
  const projects: InvestmentRoundProject[] = [];
  for (const p of projectFigures) {
    if (p.year.budgetOre === 0 && p.year.actualOre === 0 && p.year.forecastOre === 0) continue;
    const node = tree.byCode.get(p.responsibilityCode);
    if (isChef(actor.role) && !canWrite(actor, tree, p.responsibilityCode)) continue;
    const threshold = thresholds[node?.level ?? 'unit'];
    const required = reaches(p.year.deviationOre, p.year.budgetOre, threshold) || reaches(p.wholeProject.deviationOre, p.wholeProject.budgetOre, threshold);
    const c = comments.get(p.id);
    projects.push({
      id: p.id,
      code: p.code,
      name: p.name,
      responsibilityCode: p.responsibilityCode,
      responsibilityName: p.responsibilityName,
      categoryName: p.categoryName,
      year: p.year,
      wholeProject: p.wholeProject,
      threshold,
      required,
      comment: c ? { cause: c.cause, action: c.action, status: c.status, returnNote: c.returnNote, author: c.author, updatedAt: c.updatedAt } : null,
      canWrite: occasion.lockedAt === null && canWrite(actor, tree, p.responsibilityCode),
      canApprove: occasion.lockedAt === null && actor.role === 'controller',
    });
  }
  const required = projects.filter((p) => p.required);
  return {
    occasionId: occasion.id,
    occasionName: occasion.name,
    year: occasion.year,
    locked: occasion.lockedAt !== null,
    projects,
    required: required.length,
    missing: required.filter((p) => !p.comment || p.comment.cause.trim() === '' || p.comment.status === 'returned').length,
  };
}

function projectFor(db: Db, actor: Actor, occasionId: string, code: string) {
  const occasion = getOccasion(db, occasionId);
  assertOpen(occasion);
  const project = db.first(db.q.selectFrom('investment_project').select(['id', 'name', 'responsibility_id']).where('code', '=', code).where('deleted_at', 'is', null));
  if (!project) throw new RamkollError('NOT_FOUND', `Det finns inget investeringsprojekt med projekt-id ${code}.`, [{ column: 'Projekt', value: code, message: 'okänt projekt' }]);
  const tree = OrgTree.load(db);
  const node = [...tree.byCode.values()].find((n) => n.id === project.responsibility_id);
  if (!node || !canWrite(actor, tree, node.code)) {
    throw new RamkollError('FORBIDDEN', `Den här installationen (roll ${actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''}) får inte skriva kommentarer för projekt ${code}.`);
  }
  const row = db.first(
    db.q.selectFrom('investment_comment').select(['id', 'cause', 'action', 'status', 'return_note', 'deleted_at']).where('occasion_id', '=', occasion.id).where('project_id', '=', project.id),
  );
  return { occasion, project, row };
}

export interface InvestmentCommentInput {
  occasionId: string;
  projectCode: string;
  cause: string;
  action: string;
}

/** Saves orsak and åtgärd of a project in the round: a new or changed comment is an utkast (a returned one stays returned until marked klar). */
export function saveInvestmentComment(db: Db, actor: Actor, input: InvestmentCommentInput): InvestmentRoundProject {
  const { occasion, project, row } = projectFor(db, actor, input.occasionId, input.projectCode);
  if (input.cause.length > MAX_TEXT || input.action.length > MAX_TEXT) throw new RamkollError('INVALID_INPUT', `Orsak och åtgärd får vara högst ${MAX_TEXT} tecken var.`);
  const live = row && row.deleted_at === null ? row : undefined;
  if (live?.status === 'approved') throw new RamkollError('CONFLICT', `Kommentaren för ${project.name} är godkänd. Controllern kan återskicka den om den behöver ändras.`);
  const at = actor.now.toISOString();
  const next = { cause: input.cause.trim(), action: input.action.trim(), status: (live?.status === 'returned' ? 'returned' : 'draft') as CommentStatus, author: actor.user };
  followUpWrite(db, () => {
    const id = row?.id ?? newId();
    if (row) db.run(db.q.updateTable('investment_comment').set({ ...next, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }).where('id', '=', id));
    else {
      db.run(
        db.q
          .insertInto('investment_comment')
          .values({ id, occasion_id: occasion.id, project_id: project.id, ...next, return_note: null, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }),
      );
    }
    logChanges(db, actor, 'investment_comment', id, [
      { field: 'cause', old: live?.cause ?? null, new: next.cause },
      { field: 'action', old: live?.action ?? null, new: next.action },
      { field: 'status', old: live?.status ?? null, new: next.status },
    ]);
  });
  return investmentRound(db, actor, occasion.id).projects.find((p) => p.id === project.id)!;
}

export type InvestmentStatusAction = 'ready' | 'approve' | 'return' | 'reopen';

/** Klar and back to utkast by the writer; godkänd or återskickad (with a note) by the controller. */
export function changeInvestmentCommentStatus(
  db: Db,
  actor: Actor,
  input: { occasionId: string; projectCode: string; action: InvestmentStatusAction; note?: string },
): InvestmentRoundProject {
  const { occasion, project, row } = projectFor(db, actor, input.occasionId, input.projectCode);
  if (!row || row.deleted_at !== null) throw new RamkollError('CONFLICT', `${project.name} har ingen kommentar ännu. Skriv orsak och åtgärd och spara först.`);
  const from = row.status;
  let status: CommentStatus;
  let returnNote = row.return_note;
  if (input.action === 'ready') {
    if (from !== 'draft' && from !== 'returned') throw new RamkollError('CONFLICT', `Kommentaren för ${project.name} är redan ${from === 'ready' ? 'klar' : 'godkänd'}.`);
    if (row.cause.trim() === '') throw new RamkollError('INVALID_INPUT', `Skriv en orsak till avvikelsen för ${project.name} innan kommentaren markeras klar.`, [{ column: 'Orsak', message: 'orsaken saknas' }]);
    status = 'ready';
    returnNote = null;
  } else if (input.action === 'reopen') {
    if (from !== 'ready') throw new RamkollError('CONFLICT', 'Bara en kommentar som är klar kan tas tillbaka till utkast.');
    status = 'draft';
  } else {
    if (actor.role !== 'controller') throw new RamkollError('FORBIDDEN', 'Bara controllern godkänner eller återskickar kommentarer till investeringsprojekt.');
    if (input.action === 'approve') {
      if (from !== 'ready') throw new RamkollError('CONFLICT', `Kommentaren för ${project.name} kan godkännas först när den är markerad klar.`);
      status = 'approved';
    } else {
      if (from !== 'ready' && from !== 'approved') throw new RamkollError('CONFLICT', 'Bara en kommentar som är klar eller godkänd kan återskickas.');
      const note = (input.note ?? '').trim();
      if (note === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad som behöver kompletteras när kommentaren återskickas.', [{ column: 'Meddelande', message: 'meddelandet saknas' }]);
      if (note.length > MAX_TEXT) throw new RamkollError('INVALID_INPUT', `Meddelandet får vara högst ${MAX_TEXT} tecken.`);
      status = 'returned';
      returnNote = note;
    }
  }
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    db.run(db.q.updateTable('investment_comment').set({ status, return_note: returnNote, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
    logChanges(db, actor, 'investment_comment', row.id, [
      { field: 'status', old: from, new: status },
      { field: 'return_note', old: row.return_note, new: returnNote },
    ]);
  });
  return investmentRound(db, actor, occasion.id).projects.find((p) => p.id === project.id)!;
}
