import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOccasions } from '../../electron/services/followup/calendar';
import type { Actor } from '../../electron/services/followup/model';
import { controlPlan } from '../../electron/services/internal-control/plan';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import type { TableBlock } from '../../electron/services/reports/document-types';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('the demo förvaltning’s internal control plan', () => {
  it('has six controls with risk values and results at its locked tertial and delårsrapport, in the report', async () => {
    const ctx = await openTestContext(path.join(tempDir('ramkoll-controldemo-'), 'demo.db'), { demo: true });
    const controller: Actor = { siteId: ctx.site.id, user: 'test', role: 'controller', scopeCode: null, now: ctx.now() };
    const plan = controlPlan(ctx.db, controller, 2026);
    expect(plan.controls.map((c) => [c.code, c.process, c.riskValue, c.node.code])).toEqual([
      ['IK1', 'Attest av leverantörsfakturor', 6, '3000'],
      ['IK2', 'Inköp enligt LOU och avtalstrohet', 9, '3100'],
      ['IK3', 'Delegation och anmälan av delegationsbeslut', 8, '3300'],
      ['IK4', 'Representation och gåvor', 4, '3000'],
      ['IK5', 'Löneutbetalningar', 8, '3200'],
      ['IK6', 'Informationssäkerhet och behörigheter', 12, '3000'],
    ]);
    const occasions = listOccasions(ctx.db, 2026);
    const tertial = occasions.find((o) => o.kind === 'tertial')!;
    const interim = occasions.find((o) => o.kind === 'interim')!;
    for (const o of [tertial, interim]) {
      expect(o.lockedAt).not.toBeNull();
      const due = plan.controls.filter((c) => c.occasionKinds.includes(o.kind as 'tertial' | 'interim'));
      expect(due.length).toBeGreaterThan(2);
      for (const c of due) expect(c.results[o.id], `${c.code} ${o.name}`).toBeDefined();
    }
    // Every deviation has an åtgärd with who and by when.
    for (const r of plan.controls.flatMap((c) => Object.values(c.results)).filter((r) => r.deviation)) {
      expect(r.actions).not.toBe('');
      expect(r.actionOwner).not.toBe('');
      expect(r.actionDue).toMatch(/^2026-\d\d-\d\d$/);
    }
    const doc = reportDocument(buildReport(ctx.db, { period: interim.period, scope: null, now: ctx.now() }));
    const section = doc.sections.find((s) => s.title === 'Intern kontroll')!;
    expect(section.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'rich', 'rich']);
    // Löneutbetalningar (IK5) is followed up at the tertial and the årsbokslut, not the delår.
    expect((section.blocks[1] as TableBlock).rows.map((r) => (r.cells[0]!.kind === 'text' ? r.cells[0]!.text.split(' ')[0] : ''))).toEqual(['IK1', 'IK2', 'IK3', 'IK4', 'IK6']);
    ctx.db.close();
  }, 120_000);
});
