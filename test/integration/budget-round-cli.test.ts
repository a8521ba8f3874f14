/**
 * `ramkoll round --kind budget` (issue 18, point 4): the round's statuses per
 * node with deadline, ram, proposed total, difference and history, from a
 * database where a chef's proposal was handed in.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BudgetRoundOverview } from '../../electron/api/features/budget-round';
import { saveProposal, submitProposal } from '../../electron/services/budget-round/proposal';
import { actor, insertDetailBudgetStep, insertFrame } from '../support/budget-round';
import { runCli, runCliJson } from '../support/cli';
import { createSmallForvaltning, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

describe('ramkoll round', () => {
  it('lists each node of the budget round with its deadline, ram, proposal, difference and history', async () => {
    const dir = tempDir('ramkoll-roundcli-');
    const file = path.join(dir, 'r.db');
    const ctx = await siteContext(file, 'controller', null, 'Controllern');
    const data = createSmallForvaltning(ctx.db, siteId(ctx));
    insertFrame(ctx.db, siteId(ctx), data.versionId, '91101', 1_400_000_00);
    insertDetailBudgetStep(ctx.db, siteId(ctx), 2026, 'unit', '2026-11-30');
    const me = actor(ctx, 'Cecilia', '2026-11-10T08:00:00Z');
    saveProposal(ctx.db, me, { versionId: data.versionId, code: '91101', lines: [{ account: '5010', responsibility: '91101', yearOre: 1_250_000_00 }], changes: [] });
    submitProposal(ctx.db, me, { versionId: data.versionId, code: '91101' });
    saveProposal(ctx.db, me, { versionId: data.versionId, code: '92101', lines: [{ account: '4010', responsibility: '92101', yearOre: 250_000_00 }], changes: [] });
    ctx.db.close();

    const r = runCliJson<BudgetRoundOverview>(['round', '--db', file, '--kind', 'budget']);
    expect(r).toMatchObject({ kind: 'budget', versionId: data.versionId, year: 2026, locked: false, today: '2026-11-20' });
    expect(r.nodes.map((n) => [n.code, n.status, n.handedIn, n.deadline, n.late, n.frameOre, n.proposedOre, n.differenceOre, n.overFrameOre])).toEqual([
      ['91101', 'submitted', true, '2026-11-30', false, 1_400_000_00, 1_370_000_00, 50_000_00, 0],
      ['92101', 'draft', false, '2026-11-30', false, null, 1_330_000_00, 10_000_00, 0],
    ]);
    expect(r.nodes[0]!.history).toEqual([
      { action: 'submitted', actionName: 'Inlämnad', status: 'submitted', note: null, overFrameOre: null, author: 'Cecilia', site: 'Controllern', at: '2026-11-10T08:00:00.000Z' },
    ]);

    const text = runCli(['round', '--db', file, '--kind', 'budget']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('91101 Enhet Ett A: inlämnad, sista dag 2026-11-30');
    expect(text.stdout).toMatch(/Inlämnad av Cecilia \(Controllern\)/);
    const bad = runCli(['round', '--db', file, '--kind', 'budgt']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--kind ska vara budget/);
  });
});
