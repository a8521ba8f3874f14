import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliControlPlan } from '../../electron/api/features/internal-control';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { saveControl } from '../../electron/services/internal-control/plan';
import { saveControlResult } from '../../electron/services/internal-control/results';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { tempDir } from '../support/tmp';

describe('ramkoll control', () => {
  it('writes the year’s plan with risk values and the results, all or of one occasion', async () => {
    const file = path.join(tempDir('ramkoll-controlcli-'), 'r.db');
    const ctx = await openTestContext(file);
    createSmallForvaltning(ctx.db, ctx.site.id);
    const a: Actor = { siteId: ctx.site.id, user: 'controller', role: 'controller', scopeCode: null, now: ctx.now() };
    const at = ctx.now().toISOString();
    const [t1, t2] = [newId(), newId()];
    ctx.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202604, 'tertial', 'Tertial 1 2026', ?, ?, ?)").run(t1, at, at, ctx.site.id);
    ctx.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202608, 'interim', 'Delårsrapport augusti 2026', ?, ?, ?)").run(t2, at, at, ctx.site.id);
    const base = { year: 2026, risk: 'Risk', controlStep: 'Stickprov', responsible: 'Controller', probability: 2, consequence: 2 };
    const ik1 = saveControl(ctx.db, a, { ...base, code: 'IK1', process: 'Attest', node: '9100', probability: 3, consequence: 4, occasionKinds: ['tertial', 'interim'] });
    saveControl(ctx.db, a, { ...base, code: 'IK2', process: 'Representation', node: '9200', occasionKinds: ['interim'] });
    saveControlResult(ctx.db, { ...a, user: 'chef' }, { controlId: ik1.id, occasionId: t1, performed: true, deviation: false, observations: 'Inga fel i 20 fakturor.', actions: '', actionOwner: '', actionDue: null });
    saveControlResult(ctx.db, a, { controlId: ik1.id, occasionId: t2, performed: false, deviation: false, observations: '', actions: 'Görs i september.', actionOwner: 'Ekonomichef', actionDue: '2026-09-30' });
    ctx.db.close();

    const all = runCliJson<CliControlPlan>(['control', '--db', file, '--year', '2026']);
    expect(all.occasion).toBeNull();
    expect(all.controls.map((c) => [c.code, c.riskValue, c.when, c.results.map((r) => r.period)])).toEqual([
      ['IK1', 12, ['tertial', 'delår'], [202604, 202608]],
      ['IK2', 4, ['delår'], []],
    ]);
    const t1Only = runCliJson<CliControlPlan>(['control', '--db', file, '--year', '2026', '--occasion', '202604']);
    expect(t1Only.occasion).toEqual({ period: 202604, name: 'Tertial 1 2026' });
    expect(t1Only.controls).toEqual([
      expect.objectContaining({ code: 'IK1', process: 'Attest', responsibility: '9100', responsibilityName: 'Sektor Ett', results: [{ period: 202604, occasion: 'Tertial 1 2026', performed: true, deviation: false, observations: 'Inga fel i 20 fakturor.', actions: '', actionOwner: '', actionDue: null, author: 'chef' }] }),
    ]);
    const text = runCli(['control', '--db', file, '--year', '2026', '--occasion', '202608']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('IK1 Attest (risk 3×4 = 12)');
    expect(text.stdout).toContain('Delårsrapport augusti 2026: ej utförd, ingen avvikelse (controller)');
    expect(text.stdout).toContain('Åtgärder: Görs i september. (Ekonomichef, senast 2026-09-30)');
    expect(runCli(['control', '--db', file, '--year', '2026', '--occasion', '2026-08']).code).toBe(2);
    const none = runCli(['control', '--db', file, '--year', '2026', '--occasion', '202610', '--json']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/inget tertial, delår eller årsbokslut för 202610/);
    expect(runCli(['--help']).stdout).toMatch(/control\s+internkontrollplanen/);
  });
});
