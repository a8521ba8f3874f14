import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { applyLineChanges, type LineChange } from '../budget/line-edit';
import { MONTH_COLUMNS } from '../budget/lines';
import { saveChange } from '../budget/operational-changes';
import { changeCommentStatus, saveComment } from '../followup/comments';
import { loadComments } from '../followup/figures';
import { setForecast } from '../followup/forecast';
import type { Actor } from '../followup/model';
import { oreToDecimalString } from '../money';
import type { WorkbookChange } from './types';

export interface AppliedWorkbook {
  /** How many of the listed changes were written. */
  applied: number;
  lines: number;
  changes: number;
  comments: number;
  forecasts: number;
}

/**
 * Writes accepted changes through the same services as the app (the budget
 * line batch, the VF list, the comment round, the prognos), so every rule
 * that holds for typing holds for a workbook. Call inside one transaction,
 * after a backup: it applies whole or not at all.
 */
export function applyWorkbookChanges(db: Db, actor: Actor, accepted: readonly WorkbookChange[]): AppliedWorkbook {
  const meta = { siteId: actor.siteId, user: actor.user, at: actor.now.toISOString() };
  const result: AppliedWorkbook = { applied: accepted.length, lines: 0, changes: 0, comments: 0, forecasts: 0 };

  // Budget lines: one batch per version, months patched onto the line as it is now.
  const byVersion = new Map<string, WorkbookChange[]>();
  for (const c of accepted) {
    if (c.op.t === 'month' || c.op.t === 'lineMonths' || c.op.t === 'newLine') {
      if (c.versionId === null) throw new RamkollError('INVALID_INPUT', `${c.file}: raden saknar budgetversion.`);
      byVersion.set(c.versionId, [...(byVersion.get(c.versionId) ?? []), c]);
    }
  }
  const monthsOf = db.prepare(`SELECT ${MONTH_COLUMNS.join(', ')} FROM budget_line WHERE id = ?`).raw(true);
  for (const [versionId, list] of byVersion) {
    const patched = new Map<string, number[]>();
    const batch: LineChange[] = [];
    for (const c of list) {
      const op = c.op;
      if (op.t === 'newLine') {
        batch.push({ op: 'create', account: op.account, responsibility: op.responsibility, yearOre: op.months.reduce((a, b) => a + b, 0), months: op.months });
      } else if (op.t === 'lineMonths') {
        patched.set(op.lineId, [...op.months]);
      } else if (op.t === 'month') {
        const months = patched.get(op.lineId) ?? [...(monthsOf.get(op.lineId) as number[])];
        months[op.month - 1] = op.ore;
        patched.set(op.lineId, months);
      }
    }
    for (const [id, months] of patched) batch.push({ op: 'months', id, months });
    applyLineChanges(db, versionId, batch, meta, { allowUnknownCodes: false });
    result.lines += batch.length;
  }

  // VF proposals: each row once, with its accepted fields.
  const vf = new Map<string, Partial<Record<'description' | 'amount_ore' | 'plan1_ore' | 'plan2_ore', string | number>>>();
  for (const c of accepted) {
    const op = c.op;
    if (op.t === 'newChange') {
      saveChange(db, { versionId: c.versionId!, description: op.description, amountOre: op.amounts[0], planOre: [op.amounts[1], op.amounts[2]], status: 'proposed', responsibilityCode: op.responsibility }, meta);
      result.changes++;
    } else if (op.t === 'change') vf.set(op.id, { ...vf.get(op.id), [op.field]: op.value });
  }
  for (const [id, fields] of vf) {
    const now = db.first(
      db.q
        .selectFrom('operational_change as o')
        .leftJoin('dimension_value as v', 'v.id', 'o.responsibility_id')
        .select(['o.version_id', 'o.description', 'o.amount_ore', 'o.plan1_ore', 'o.plan2_ore', 'o.status', 'v.code'])
        .where('o.id', '=', id)
        .where('o.deleted_at', 'is', null),
    );
    if (!now) throw new RamkollError('NOT_FOUND', 'En förändring i arbetsboken finns inte längre. Läs in filen igen.');
    saveChange(
      db,
      {
        id,
        versionId: now.version_id,
        description: String(fields.description ?? now.description),
        amountOre: Number(fields.amount_ore ?? now.amount_ore),
        planOre: [Number(fields.plan1_ore ?? now.plan1_ore), Number(fields.plan2_ore ?? now.plan2_ore)],
        status: now.status,
        responsibilityCode: now.code,
      },
      meta,
    );
    result.changes++;
  }

  // Comments: the texts first (saving a klar comment makes it an utkast), then the status the file says.
  const comments = new Map<string, { occasionId: string; fields: Partial<Record<string, string | number | null>>; fileStatus: string; statusAccepted: boolean }>();
  for (const c of accepted) {
    const op = c.op;
    if (op.t !== 'comment') continue;
    const e = comments.get(op.code) ?? { occasionId: c.occasionId!, fields: {}, fileStatus: op.fileStatus, statusAccepted: false };
    if (op.field === 'status') e.statusAccepted = true;
    else e.fields[op.field] = op.value;
    comments.set(op.code, e);
  }
  for (const [code, e] of comments) {
    const now = loadComments(db, e.occasionId).get(code);
    if (Object.keys(e.fields).length > 0) {
      const effect = 'action_effect_ore' in e.fields ? e.fields.action_effect_ore : (now?.actionEffectOre ?? null);
      saveComment(db, actor, {
        occasionId: e.occasionId,
        code,
        cause: String(e.fields.cause ?? now?.cause ?? ''),
        action: String(e.fields.action ?? now?.action ?? ''),
        actionEffect: effect === null || effect === undefined ? '' : oreToDecimalString(Number(effect)),
      });
    }
    const after = loadComments(db, e.occasionId).get(code);
    if (after && (e.statusAccepted || Object.keys(e.fields).length > 0)) {
      if (e.fileStatus === 'ready' && (after.status === 'draft' || after.status === 'returned')) changeCommentStatus(db, actor, { occasionId: e.occasionId, code, action: 'ready' });
      else if (e.fileStatus === 'draft' && after.status === 'ready') changeCommentStatus(db, actor, { occasionId: e.occasionId, code, action: 'reopen' });
    }
    result.comments++;
  }

  for (const c of accepted) {
    const op = c.op;
    if (op.t !== 'forecast') continue;
    setForecast(db, actor, { occasionId: c.occasionId!, code: op.code, group: op.group, amountOre: op.ore });
    result.forecasts++;
  }
  return result;
}
