import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { invokeEnveloped } from '../../electron/api/invoke';
import { defaultDeadlines, saveOccasion, type Occasion } from '../../electron/services/followup/calendar';
import { changeCommentStatus, getCommentDetail, saveComment } from '../../electron/services/followup/comments';
import { figureTree } from '../../electron/services/followup/figures';
import type { Actor } from '../../electron/services/followup/model';
import { commentRoundStatus } from '../../electron/services/followup/round';
import { saveThreshold } from '../../electron/services/followup/thresholds';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration, controller, kr, writeOutcome } from '../support/followup';
import { tempDir } from '../support/tmp';

function errorOf(fn: () => unknown): RamkollError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RamkollError) return e;
    throw e;
  }
  throw new Error('expected a RamkollError');
}

describe('the comment round', () => {
  let ctx: TestContext;
  let occasion: Occasion;
  let boss: Actor;
  let sektorA: Actor;

  beforeEach(async () => {
    ctx = await openTestContext(path.join(tempDir(), 'comments.db'));
    buildSmallAdministration(ctx);
    boss = controller(ctx, 'Maria Controller');
    sektorA = { ...boss, user: 'Sara Sektorchef', role: 'sektorchef', scopeCode: '1100' };
    occasion = saveOccasion(ctx.db, boss, { year: 2026, period: 202604, kind: 'tertial', name: 'Tertial 1', deadlines: defaultDeadlines(202604) });
    saveThreshold(ctx.db, boss, { level: 'unit', amountOre: kr(5_000), percentBp: 1500 });
  });

  it('goes utkast → klar → godkänd, or återskickad with a note, with author and time on every change', () => {
    const enhet: Actor = { ...sektorA, user: 'Erik Enhetschef', now: new Date('2026-05-10T08:00:00Z') };
    saveComment(ctx.db, enhet, { occasionId: occasion.id, code: '11102', cause: 'Lön utan budget', action: 'Begär omfördelning', actionEffect: '5 000' });
    expect(getCommentDetail(ctx.db, enhet, occasion.id, '11102').comment).toMatchObject({ status: 'draft', actionEffectOre: kr(5_000), author: 'Erik Enhetschef' });

    changeCommentStatus(ctx.db, { ...enhet, now: new Date('2026-05-11T08:00:00Z') }, { occasionId: occasion.id, code: '11102', action: 'ready' });
    // Changing a klar comment takes it back to utkast: the level above approves what it sees.
    saveComment(ctx.db, { ...enhet, now: new Date('2026-05-12T08:00:00Z') }, { occasionId: occasion.id, code: '11102', cause: 'Lön utan budget, vikarie', action: 'Begär omfördelning', actionEffect: '5 000' });
    expect(getCommentDetail(ctx.db, enhet, occasion.id, '11102').comment!.status).toBe('draft');
    changeCommentStatus(ctx.db, enhet, { occasionId: occasion.id, code: '11102', action: 'ready' });

    expect(errorOf(() => changeCommentStatus(ctx.db, sektorA, { occasionId: occasion.id, code: '11102', action: 'return' })).message).toMatch(/Skriv vad som behöver kompletteras/);
    changeCommentStatus(ctx.db, { ...sektorA, now: new Date('2026-05-20T08:00:00Z') }, { occasionId: occasion.id, code: '11102', action: 'return', note: 'Ange effekt i år.' });
    const returned = getCommentDetail(ctx.db, enhet, occasion.id, '11102').comment!;
    expect(returned).toMatchObject({ status: 'returned', returnNote: 'Ange effekt i år.' });
    saveComment(ctx.db, enhet, { occasionId: occasion.id, code: '11102', cause: 'Lön utan budget, vikarie', action: 'Omfördelning från 11101', actionEffect: '4 000' });
    expect(getCommentDetail(ctx.db, enhet, occasion.id, '11102').comment!.status).toBe('returned');
    changeCommentStatus(ctx.db, enhet, { occasionId: occasion.id, code: '11102', action: 'ready' });
    changeCommentStatus(ctx.db, { ...sektorA, now: new Date('2026-05-22T08:00:00Z') }, { occasionId: occasion.id, code: '11102', action: 'approve' });

    const detail = getCommentDetail(ctx.db, boss, occasion.id, '11102');
    expect(detail.comment).toMatchObject({ status: 'approved', returnNote: null, action: 'Omfördelning från 11101', actionEffectOre: kr(4_000) });
    const statusChanges = detail.history.filter((h) => h.field === 'status').map((h) => [h.author, h.oldValue, h.newValue]);
    expect(statusChanges).toEqual([
      ['Erik Enhetschef', null, 'draft'],
      ['Erik Enhetschef', 'draft', 'ready'],
      ['Erik Enhetschef', 'ready', 'draft'],
      ['Erik Enhetschef', 'draft', 'ready'],
      ['Sara Sektorchef', 'ready', 'returned'],
      ['Erik Enhetschef', 'returned', 'ready'],
      ['Sara Sektorchef', 'ready', 'approved'],
    ]);
    expect(detail.history.find((h) => h.field === 'return_note' && h.newValue === 'Ange effekt i år.')).toMatchObject({ author: 'Sara Sektorchef', at: '2026-05-20T08:00:00.000Z' });
    expect(detail.history.filter((h) => h.field === 'cause').map((h) => h.newValue)).toEqual(['Lön utan budget', 'Lön utan budget, vikarie']);
    // Approved: the writer can no longer change it.
    expect(errorOf(() => saveComment(ctx.db, enhet, { occasionId: occasion.id, code: '11102', cause: 'x', action: '', actionEffect: '' })).code).toBe('CONFLICT');
  });

  it('lets a sektorchef write for its own sektor and approve below it, not above or beside it', () => {
    saveComment(ctx.db, sektorA, { occasionId: occasion.id, code: '1100', cause: 'Sektorns orsak', action: '', actionEffect: '' });
    changeCommentStatus(ctx.db, sektorA, { occasionId: occasion.id, code: '1100', action: 'ready' });
    expect(errorOf(() => changeCommentStatus(ctx.db, sektorA, { occasionId: occasion.id, code: '1100', action: 'approve' })).code).toBe('FORBIDDEN');
    expect(errorOf(() => saveComment(ctx.db, sektorA, { occasionId: occasion.id, code: '12101', cause: 'x', action: '', actionEffect: '' })).code).toBe('FORBIDDEN');
    expect(errorOf(() => saveComment(ctx.db, { ...boss, role: 'ekonomi' }, { occasionId: occasion.id, code: '11101', cause: 'x', action: '', actionEffect: '' })).code).toBe('FORBIDDEN');
    expect(changeCommentStatus(ctx.db, boss, { occasionId: occasion.id, code: '1100', action: 'approve' }).status).toBe('approved');
  });

  it('shows each level the comments below it, required ones that are missing included', () => {
    saveComment(ctx.db, boss, { occasionId: occasion.id, code: '11102', cause: 'Lön utan budget', action: '', actionEffect: '' });
    const detail = getCommentDetail(ctx.db, boss, occasion.id, '1000');
    const below = detail.below.map((b) => [b.code, b.status, b.required]);
    // Enhet threshold 5 000 kr or 15 %: 11102 (−5 000 kr) and 12101 (22,5 %), not 11101 (4 400 kr, 13,75 %).
    // Default thresholds above: sektor B and verksamhet B1 at 22,5 % pass 2 % and 3 %; sektor A (1,1 %) and A1 (1,9 %) do not.
    expect(below).toEqual([
      ['11102', 'draft', true],
      ['1200', 'missing', true],
      ['1210', 'missing', true],
      ['12101', 'missing', true],
    ]);
    expect(detail.required).toBe(true); // 4 122,23 kr is 7,4 % of the förvaltning's 56 000 kr
  });

  it('rolls statuses up the tree and counts overdue comments against the deadlines', () => {
    saveComment(ctx.db, boss, { occasionId: occasion.id, code: '11102', cause: 'Lön utan budget', action: '', actionEffect: '' });
    changeCommentStatus(ctx.db, boss, { occasionId: occasion.id, code: '11102', action: 'ready' });
    changeCommentStatus(ctx.db, boss, { occasionId: occasion.id, code: '11102', action: 'approve' });
    const tree = figureTree(ctx.db, { period: 202604 });
    // Required: 1000, 11102, 1200, 1210 and 12101 (see the test above); 11102 is now approved.
    expect(tree.byKey.get('n:1110')!.rollup).toEqual({ required: 1, missing: 0, draft: 0, ready: 0, approved: 1, returned: 0 });
    expect(tree.byKey.get('n:1200')!.rollup).toEqual({ required: 3, missing: 3, draft: 0, ready: 0, approved: 0, returned: 0 });
    expect(tree.byKey.get('n:1000')!.rollup).toEqual({ required: 5, missing: 4, draft: 0, ready: 0, approved: 1, returned: 0 });

    // April's outcome starts the round: 11101 gets 10 000 kr of salary, −5 600 kr against budget ack.
    writeOutcome(ctx.db, 'utfall-april.csv', [{ account: '5010', resp: '11101', period: 202604, kr: 10_000 }]);
    // The enhet deadline is 15 May: on the 16th the missing 11101 and 12101 are overdue.
    const onTime = commentRoundStatus(ctx.db, 2026, new Date('2026-05-15T12:00:00Z'));
    const late = commentRoundStatus(ctx.db, 2026, new Date('2026-05-16T12:00:00Z'));
    const unit = (s: typeof late) => s.occasions.find((o) => o.id === occasion.id)!.levels.find((l) => l.level === 'unit')!;
    expect(unit(onTime)).toMatchObject({ deadline: '2026-05-15', passed: false, overdue: 0, required: 3, approved: 1, missing: 2 });
    expect(unit(late)).toMatchObject({ passed: true, overdue: 2 });
    expect(late.occasions[0]!.open.find((o) => o.code === '12101')).toMatchObject({ status: 'missing', overdue: true });
  });

  it('says what is wrong with a typed effect and leaves the database unchanged', async () => {
    const before = contentHash(ctx.db.file);
    const r = await invokeEnveloped('followup.comment.save', { occasionId: occasion.id, code: '11102', cause: 'x', action: 'y', actionEffect: '12,345' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: [{ column: 'Förväntad effekt', value: '12,345' }] } });
    const ready = await invokeEnveloped('followup.comment.status', { occasionId: occasion.id, code: '11102', action: 'ready' }, ctx);
    expect(ready).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(contentHash(ctx.db.file)).toBe(before);
  });
});
