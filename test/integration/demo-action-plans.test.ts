import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeActionPlanStatus, saveActionItem } from '../../electron/services/action-plans/write';
import type { Actor } from '../../electron/services/followup/model';
import { reportDocument } from '../../electron/services/reports/document';
import { buildReport } from '../../electron/services/reports/build';
import type { TableBlock } from '../../electron/services/reports/document-types';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

// Issue 19 point 5 in the demo: Lindgårdens demensboende's approved åtgärdsplan at the delårsrapport, its follow-up
// at September (one pågår, one genomförd) and the åtgärd still open at October; the report's Åtgärdsplaner section at
// both occasions; "Åtgärdsplan saknas" in the deviation grid and, after the deadline, in Översikt's overdue list.

const cells = (t: TableBlock) => t.rows.map((r) => r.cells.map((c) => c.text));
const SCHEDULE = /^Nytt schema efter de boendes behov/;
const AGENCY = /^Avsluta inhyrda sjuksköterskor/;

describe('the demo åtgärdsplan', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await openTestContext(path.join(tempDir('ramkoll-demo-actions-'), 'demo.db'), { demo: true });
  });
  afterAll(() => ctx?.db.close());

  it('has an approved plan of two åtgärder at the delårsrapport, followed up at September and still open at October', async () => {
    const aug = await call('actions.list', { period: 202608 }, ctx);
    const plan = aug.nodes.find((n) => n.code === '31104')!;
    expect(plan).toMatchObject({ large: true, planMissing: false, plan: { status: 'approved' } });
    expect(plan.plan!.items).toHaveLength(2);
    for (const i of plan.plan!.items) {
      expect(i.owner).not.toBe('');
      expect(i.dueDate).toMatch(/^2026-\d\d-\d\d$/);
      expect(i.effectOre).toBeGreaterThan(0);
    }
    expect(plan.plan!.items.map((i) => i.what)).toEqual([expect.stringMatching(SCHEDULE), expect.stringMatching(AGENCY)]);

    const sep = (await call('actions.list', { period: 202609 }, ctx)).nodes.find((n) => n.code === '31104')!;
    expect(sep.earlier.map((e) => [e.what.slice(0, 12), e.followup?.status, e.followup?.comment !== ''])).toEqual([
      ['Nytt schema ', 'in_progress', true],
      ['Avsluta inhy', 'done', true],
    ]);
    const oct = (await call('actions.list', { period: 202610 }, ctx)).nodes.find((n) => n.code === '31104')!;
    expect(oct.earlier).toHaveLength(1);
    expect(oct.earlier[0]).toMatchObject({ what: expect.stringMatching(SCHEDULE), currentStatus: 'in_progress', followup: null });
    expect(oct.earlier[0]!.history.map((h) => h.status)).toEqual(['in_progress']);
  });

  it('shows the plan in the delårsrapport and its follow-up in the September report', () => {
    const aug = reportDocument(buildReport(ctx.db, { period: 202608, scope: null, now: ctx.now() }));
    const plans = aug.sections.find((s) => s.id === 'atgardsplaner')!;
    const planRows = cells(plans.blocks.find((b): b is TableBlock => b.kind === 'table')!).filter((r) => r[0] === '31104 Lindgårdens demensboende');
    expect(planRows.map((r) => [r[1]!.slice(0, 12), r[4], r[5]])).toEqual([
      ['Nytt schema ', '600\u00a0000', 'planerad'],
      ['Avsluta inhy', '350\u00a0000', 'planerad'],
    ]);

    const sep = reportDocument(buildReport(ctx.db, { period: 202609, scope: null, now: ctx.now() }));
    const follow = sep.sections.find((s) => s.id === 'atgardsplaner')!;
    const tables = follow.blocks.filter((b): b is TableBlock => b.kind === 'table');
    const rows = cells(tables[tables.length - 1]!).filter((r) => r[0] === '31104 Lindgårdens demensboende');
    expect(rows.map((r) => [r[1]!.slice(0, 12), r[2], r[4], r[5]])).toEqual([
      ['Nytt schema ', 'Delårsrapport augusti med prognos', 'planerad', 'pågår'],
      ['Avsluta inhy', 'Delårsrapport augusti med prognos', 'planerad', 'genomförd'],
    ]);
    expect(rows[0]![6]).toMatch(/^Det nya schemat gäller från 1 oktober/);
  });

  it('marks the plan and the missing ones in the deviation grid', async () => {
    const aug = await call('followup.deviations.get', { period: 202608, groups: false, levels: null }, ctx);
    const mark = (code: string) => aug.rows.find((r) => r.kind === 'node' && r.code === code)!.actionPlan;
    expect(mark('31104')).toBe('approved');
    // Hemtjänst Norr's large deviation has no plan; a favourable or small one has no mark.
    expect(mark('31202')).toBe('missing');
    expect(aug.rows.filter((r) => r.actionPlan === 'missing').length).toBeGreaterThan(5);
    const actions = await call('actions.list', { period: 202608 }, ctx);
    const missing = new Set(actions.nodes.filter((n) => n.planMissing).map((n) => n.code));
    expect(new Set(aug.rows.filter((r) => r.actionPlan === 'missing').map((r) => r.code))).toEqual(missing);
    expect(aug.rows.filter((r) => r.kind !== 'node').every((r) => r.actionPlan === null)).toBe(true);
    // The top levels alone carry the same marks.
    const top = await call('followup.deviations.get', { period: 202608, groups: true, levels: 3 }, ctx);
    expect(top.rows.find((r) => r.code === '3110')!.actionPlan).toBe('missing');
  });

  it('lists large deviations without an approved plan in the overdue list once their level’s deadline has passed', async () => {
    // 20 November: October's enhet deadline (15 November) has passed, the verksamhet's (25 November) has not.
    const round = await call('followup.round.status', {}, ctx);
    const oct = round.occasions.find((o) => o.period === 202610)!;
    const actions = await call('actions.list', { period: 202610 }, ctx);
    // Lindgården's August plan is in force (an åtgärd pågår), so it is not asked for a new one.
    const units = actions.nodes.filter((n) => n.large && n.level === 'unit' && (n.plan ? n.plan.status !== 'approved' : n.planMissing)).map((n) => n.code);
    expect(units.length).toBeGreaterThan(3);
    expect(oct.overduePlans.map((p) => p.code).sort()).toEqual([...units].sort());
    expect(oct.overduePlanCount).toBe(units.length);
    expect(oct.overduePlans.every((p) => p.level === 'unit' && p.status === null && p.deadline === '2026-11-15')).toBe(true);
    expect(oct.overduePlans.map((p) => p.code)).not.toContain('31104');
    expect(oct.overduePlans.map((p) => p.code)).toContain('31202');

    // A plan written but not approved stays on the list with its status; approved, it leaves it.
    const a: Actor = { siteId: ctx.site.id, user: 'controller', role: 'controller', scopeCode: null, now: ctx.now() };
    const at = { occasionId: oct.id, code: '31202' };
    saveActionItem(ctx.db, a, { ...at, what: 'Färre dubbelbemannade besök', owner: 'Enhetschef Norr', dueDate: '2026-12-31', effect: '', status: 'planned' });
    changeActionPlanStatus(ctx.db, a, { ...at, action: 'ready' });
    const ready = (await call('followup.round.status', {}, ctx)).occasions.find((o) => o.period === 202610)!;
    expect(ready.overduePlans.find((p) => p.code === '31202')).toMatchObject({ status: 'ready' });
    changeActionPlanStatus(ctx.db, a, { ...at, action: 'approve' });
    const approved = (await call('followup.round.status', {}, ctx)).occasions.find((o) => o.period === 202610)!;
    expect(approved.overduePlans.map((p) => p.code)).not.toContain('31202');
    expect(approved.overduePlanCount).toBe(units.length - 1);
  });
});
