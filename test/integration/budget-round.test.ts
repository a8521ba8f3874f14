/**
 * The budget round's services on one installation (issue 18, point 2): who
 * may write, hand in, approve and send back; every row checked before
 * anything is written; over the ram a confirmation, not a stop; approval per
 * row leaves the rest in the proposal.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { budgetRoundNode, budgetRoundOverview } from '../../electron/services/budget-round/overview';
import { saveProposal, submitProposal } from '../../electron/services/budget-round/proposal';
import { approveProposal, returnProposal } from '../../electron/services/budget-round/review';
import type { TestContext } from '../support/db';
import { actor, insertDetailBudgetStep, insertFrame, versionLines } from '../support/budget-round';
import { createSmallForvaltning, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

async function site(role: 'controller' | 'enhetschef', scope: string | null) {
  const dir = tempDir('ramkoll-round1-');
  const ctx = await siteContext(path.join(dir, 'r.db'), role, scope, role === 'controller' ? 'Controllern' : 'Chefen');
  open.push(ctx);
  const data = createSmallForvaltning(ctx.db, siteId(ctx));
  insertFrame(ctx.db, siteId(ctx), data.versionId, '91101', 1_400_000_00);
  insertDetailBudgetStep(ctx.db, siteId(ctx), 2026, 'unit', '2026-10-15');
  return { ctx, v: data.versionId };
}

const T = '2026-11-10T08:00:00Z';

describe('the budget round on one installation', () => {
  it('lets a chef write only its own node’s proposal, and never approve or send back', async () => {
    const { ctx, v } = await site('enhetschef', '91101');
    const me = actor(ctx, 'Anna', T);
    expect(() => saveProposal(ctx.db, me, { versionId: v, code: '91102', lines: [{ account: '5010', responsibility: '91102', yearOre: 1 }], changes: [] })).toThrow(/får inte skriva budgetförslag för ansvar 91102/);
    // A line of another node inside its own proposal is named by row and column; nothing is written.
    expect(() =>
      saveProposal(ctx.db, me, {
        versionId: v,
        code: '91101',
        lines: [
          { account: '5010', responsibility: '91101', yearOre: 100_00 },
          { account: '5010', responsibility: '91102', yearOre: 100_00 },
          { account: '9999', responsibility: '91101', yearOre: 100_00 },
          { account: '4010', responsibility: '91101', yearOre: 100_00, months: new Array<number>(12).fill(1) },
        ],
        changes: [{ responsibility: '91101', description: ' ', amountOre: 0, plan1Ore: 0, plan2Ore: 0 }],
      }),
    ).toThrow(/rad 2, ansvar: ansvaret 91102 ligger inte under 91101.*rad 3, konto: kontot 9999 finns inte.*rad 4, månader: månaderna summerar till 0,12.*verksamhetsförändring 1: beskrivning/s);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM budget_round').get()).toEqual({ n: 0 });

    saveProposal(ctx.db, me, { versionId: v, code: '91101', lines: [{ account: '5010', responsibility: '91101', yearOre: 1_000_000_00 }], changes: [] });
    submitProposal(ctx.db, me, { versionId: v, code: '91101' });
    expect(() => saveProposal(ctx.db, me, { versionId: v, code: '91101', lines: [], changes: [] })).toThrow(/är inlämnat och kan inte ändras/);
    expect(() => approveProposal(ctx.db, me, { versionId: v, code: '91101' })).toThrow(/får inte godkänna budgetförslag; det gör controllern/);
    expect(() => returnProposal(ctx.db, me, { versionId: v, code: '91101', note: 'x' })).toThrow(/får inte skicka tillbaka budgetförslag/);
    expect(budgetRoundNode(ctx.db, me, v, '91101').status).toBe('submitted');
    expect(() => budgetRoundNode(ctx.db, me, v, '91102')).toThrow(/kan inte se budgetförslaget för ansvar 91102/);
  });

  it('asks for a confirmation over the ram, keeps by how much, and wants a note to send back', async () => {
    const { ctx, v } = await site('controller', null);
    const me = actor(ctx, 'Cecilia', T);
    // 1 500 000 + 240 000 − 120 000 = 1 620 000 against a ram of 1 400 000.
    saveProposal(ctx.db, me, { versionId: v, code: '91101', lines: [{ account: '5010', responsibility: '91101', yearOre: 1_500_000_00 }], changes: [] });
    const over = budgetRoundOverview(ctx.db, me, v).nodes.find((n) => n.code === '91101')!;
    expect(over).toMatchObject({ status: 'draft', proposedOre: 1_620_000_00, overFrameOre: 220_000_00, late: true, deadline: '2026-10-15' });
    expect(() => submitProposal(ctx.db, me, { versionId: v, code: '91101' })).toThrow(/220\u00a0000,00\u00a0kr över ramen.*bekräfta/);
    expect(budgetRoundNode(ctx.db, me, v, '91101').status).toBe('draft');
    expect(submitProposal(ctx.db, me, { versionId: v, code: '91101', overFrameOk: true }).overFrameOre).toBe(220_000_00);
    expect(budgetRoundNode(ctx.db, me, v, '91101').history.map((e) => [e.action, e.overFrameOre])).toEqual([['submitted', 220_000_00]]);
    expect(() => returnProposal(ctx.db, me, { versionId: v, code: '91101', note: '  ' })).toThrow(/alltid tillbaka med ett meddelande/);
    expect(() => approveProposal(ctx.db, me, { versionId: v, code: '91101' })).toThrow(/över ramen/);
    expect(versionLines(ctx.db, v, '91101')['5010 91101']![0]).toBe(1_200_000_00);
  });

  it('approves per row: the rows approved are in the version, the rest stay proposed until the node is approved', async () => {
    const { ctx, v } = await site('controller', null);
    const me = actor(ctx, 'Cecilia', T);
    saveProposal(ctx.db, me, {
      versionId: v,
      code: '91101',
      lines: [
        { account: '5010', responsibility: '91101', yearOre: 1_100_000_00 },
        { account: '4010', responsibility: '91101', yearOre: 200_000_00 },
      ],
      changes: [{ responsibility: '91101', description: 'Färre inhyrda', amountOre: -10_000_00, plan1Ore: -20_000_00, plan2Ore: -20_000_00 }],
    });
    submitProposal(ctx.db, me, { versionId: v, code: '91101' });
    const node = budgetRoundNode(ctx.db, me, v, '91101');
    const salaries = node.lines.find((l) => l.account === '5010')!;
    const r = approveProposal(ctx.db, me, { versionId: v, code: '91101', lineIds: [salaries.id] });
    expect(r).toMatchObject({ lines: 1, changes: 0, status: 'submitted' });
    const lines = versionLines(ctx.db, v, '91101');
    expect(lines['5010 91101']).toEqual([salaries.proposed.yearOre, ...salaries.proposed.months]);
    expect(lines['4010 91101']![0]).toBe(240_000_00);
    const after = budgetRoundNode(ctx.db, me, v, '91101');
    expect(after).toMatchObject({ status: 'submitted', pendingLines: 1, pendingChanges: 1 });
    expect(after.history.map((e) => [e.action, e.status, e.note])).toEqual([
      ['submitted', 'submitted', null],
      ['approved_rows', 'submitted', '1 budgetrad och 0 verksamhetsförändringar godkända'],
    ]);
    expect(approveProposal(ctx.db, me, { versionId: v, code: '91101' })).toMatchObject({ lines: 1, changes: 1, status: 'approved' });
    expect(versionLines(ctx.db, v, '91101')['4010 91101']![0]).toBe(200_000_00);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM operational_change WHERE version_id = ?').get(v)).toEqual({ n: 1 });
    // The whole proposal is in the version now: nothing left to differ.
    expect(budgetRoundNode(ctx.db, me, v, '91101')).toMatchObject({ status: 'approved', differenceOre: 0 });
  });

  it('is closed when the version is locked', async () => {
    const { ctx, v } = await site('controller', null);
    ctx.db.prepare("UPDATE budget_version SET locked_at = '2026-11-01T00:00:00Z', decision_ref = 'SN §1', decided_on = '2026-11-01' WHERE id = ?").run(v);
    expect(() => saveProposal(ctx.db, actor(ctx, 'C', T), { versionId: v, code: '91101', lines: [], changes: [] })).toThrow(/är låst; budgetrundan i den är avslutad/);
  });
});
