import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionRound } from '../../electron/api/features/action-plans';
import { changeActionPlanStatus, saveActionFollowup, saveActionItem } from '../../electron/services/action-plans/write';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { tempDir } from '../support/tmp';

describe('ramkoll actions', () => {
  it('writes the occasion’s large deviations with their plans, a missing plan, and the follow-up of earlier åtgärder', async () => {
    const file = path.join(tempDir('ramkoll-actionscli-'), 'r.db');
    const ctx = await openTestContext(file);
    const data = createSmallForvaltning(ctx.db, ctx.site.id);
    ctx.db.prepare("UPDATE forecast SET amount_ore = 5_000_000_00 WHERE responsibility_id IN (SELECT id FROM dimension_value WHERE code IN ('91101', '92101'))").run();
    const a: Actor = { siteId: ctx.site.id, user: 'controller', role: 'controller', scopeCode: null, now: ctx.now() };
    const at = ctx.now().toISOString();
    const nov = newId();
    ctx.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202611, 'monthly', 'November 2026', ?, ?, ?)").run(nov, at, at, ctx.site.id);
    const plan = saveActionItem(ctx.db, a, { occasionId: data.occasionId, code: '91101', what: 'Färre timanställda', owner: 'Enhetschef Anna', dueDate: '2026-12-31', effect: '400 000', status: 'planned' });
    changeActionPlanStatus(ctx.db, a, { occasionId: data.occasionId, code: '91101', action: 'ready' });
    changeActionPlanStatus(ctx.db, a, { occasionId: data.occasionId, code: '91101', action: 'approve' });
    saveActionFollowup(ctx.db, a, { occasionId: nov, itemId: plan.plan!.items[0]!.id, status: 'in_progress', comment: 'Halva effekten nådd.' });
    ctx.db.close();

    const oct = runCliJson<ActionRound>(['actions', '--db', file, '--occasion', '202610']);
    expect(oct.occasion).toMatchObject({ name: 'Oktober 2026', period: 202610 });
    const byCode = new Map(oct.nodes.map((n) => [n.code, n]));
    expect(byCode.get('91101')).toMatchObject({ large: true, planMissing: false, plan: { status: 'approved', items: [{ what: 'Färre timanställda', effectOre: 400_000_00, status: 'planned' }] } });
    expect(byCode.get('92101')).toMatchObject({ large: true, planMissing: true, plan: null });
    const novJson = runCliJson<ActionRound>(['actions', '--db', file, '--occasion', '202611']);
    expect(novJson.nodes.find((n) => n.code === '91101')!.earlier).toEqual([expect.objectContaining({ what: 'Färre timanställda', currentStatus: 'in_progress', followup: expect.objectContaining({ comment: 'Halva effekten nådd.' }) })]);

    const text = runCli(['actions', '--db', file, '--occasion', '202611']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('92101 Enhet Två A: stor avvikelse');
    expect(text.stdout).toContain('ÅTGÄRDSPLAN SAKNAS');
    expect(text.stdout).toContain('- Färre timanställda (Enhetschef Anna, senast 2026-12-31); Oktober 2026: planerad → nu: pågår – Halva effekten nådd.');
    expect(runCli(['actions', '--db', file, '--occasion', '2026-11']).code).toBe(2);
    const none = runCli(['actions', '--db', file, '--occasion', '202603', '--json']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/inget uppföljningstillfälle för 202603/);
    expect(runCli(['--help']).stdout).toMatch(/actions\s+åtgärdsplanerna/);
  });
});
