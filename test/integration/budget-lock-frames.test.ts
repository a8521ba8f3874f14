import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BudgetVersionInfo, LockResult } from '../../electron/api/features/budget';
import { invoke } from '../../electron/api/invoke';
import { naturalId } from '../../electron/services/ids';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

/**
 * Issue 13, part 7: locking a version as decided while nodes are over their
 * ram asks for a confirmation, and the confirmation is kept on the version.
 * The versions here are empty drafts with their own lines and ramar, so the
 * demo's budget (inside its ram or not) does not matter.
 */

const EVEN = naturalId('profile', 'jamn');

async function draftWith(ctx: TestContext, name: string, lines: { account: string; responsibility: string; yearOre: number }[], frames: [string, number][]): Promise<string> {
  const { id } = (await invoke('budget.versions.create', { name, kind: 'draft', basedOnId: null }, ctx)) as { id: string };
  await invoke('budget.lines.apply', { versionId: id, changes: lines.map((l) => ({ op: 'create', ...l, profileId: EVEN })) }, ctx);
  for (const [code, ore] of frames) await invoke('planning.frames.set', { versionId: id, responsibilityCode: code, amountOre: ore }, ctx);
  return id;
}

const versions = async (ctx: TestContext) => (await invoke('budget.versions.list', {}, ctx)) as BudgetVersionInfo[];

describe('locking a version over its ram (issue 13, part 7)', () => {
  it('asks for a confirmation, records who, when and which nodes by how much, and shows it on the version', async () => {
    const file = path.join(tempDir(), 'lock.db');
    const ctx = await openTestContext(file, { demo: true });
    // 31101: 120 000 kr of lines on a ram of 100 000 kr; 31102 within its ram; 3110 has no ram.
    const over = await draftWith(
      ctx,
      'Över ramen',
      [
        { account: '4010', responsibility: '31101', yearOre: 8_000_000 },
        { account: '5010', responsibility: '31101', yearOre: 4_000_000 },
        { account: '4010', responsibility: '31102', yearOre: 3_000_000 },
      ],
      [
        ['31101', 10_000_000],
        ['31102', 5_000_000],
      ],
    );
    const hash = contentHash(file);
    await expect(invoke('budget.versions.lock', { id: over, decisionRef: 'SN 2026-11-25 § 80' }, ctx)).rejects.toThrow(
      /^Ett ansvar är över sin ram i "Över ramen": 31101 [^,]+ 20\u00a0000,00\u00a0kr över ramen\. Lås versionen bara om beslutet gäller trots det/,
    );
    expect(contentHash(file)).toBe(hash);
    expect((await versions(ctx)).find((v) => v.id === over)).toMatchObject({ lockedAt: null, overFrame: null });

    const name31101 = ctx.db.first(ctx.db.q.selectFrom('dimension_value').select('name').where('code', '=', '31101'))!.name;
    const expected = { by: 'test', at: ctx.now().toISOString(), nodes: [{ code: '31101', name: name31101, frameOre: 10_000_000, budgetedOre: 12_000_000, overOre: 2_000_000 }] };
    const locked = (await invoke('budget.versions.lock', { id: over, decisionRef: 'SN 2026-11-25 § 80', overFrameOk: true }, ctx)) as LockResult;
    expect(locked).toEqual({ kind: 'revision', overFrame: expected });
    expect((await versions(ctx)).find((v) => v.id === over)).toMatchObject({ decisionRef: 'SN 2026-11-25 § 80', overFrame: expected });

    // Within its ramar a version locks without being asked, and records nothing.
    const within = await draftWith(ctx, 'Inom ramen', [{ account: '4010', responsibility: '31101', yearOre: 8_000_000 }], [['31101', 10_000_000]]);
    expect(await invoke('budget.versions.lock', { id: within, decisionRef: 'SN 2026-11-26 § 81' }, ctx)).toEqual({ kind: 'revision', overFrame: null });
    ctx.db.close();
  });

  it('ramkoll budget lock refuses without --over-ram-ok, naming the nodes; with it the record is in budget versions --json', async () => {
    const file = path.join(tempDir(), 'lock-cli.db');
    const ctx = await openTestContext(file, { demo: true });
    const over = await draftWith(ctx, 'Över ramen', [{ account: '4010', responsibility: '31102', yearOre: 6_000_000 }], [['31102', 5_000_000]]);
    ctx.db.close();
    const hash = contentHash(file);
    const refused = runCli(['budget', 'lock', '--db', file, '--version', over, '--decision', 'SN 2026-11-25 § 80']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Ett ansvar är över sin ram i "Över ramen": 31102 .* 10\u00a0000,00\u00a0kr över ramen/);
    expect(refused.stderr).toMatch(/Kör igen med --over-ram-ok/);
    expect(contentHash(file)).toBe(hash);
    const ok = runCli(['budget', 'lock', '--db', file, '--version', over, '--decision', 'SN 2026-11-25 § 80', '--over-ram-ok']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Låst över ramen, bekräftat av .+: 31102 .+ 10000\.00 kr över\./);
    const listed = runCliJson<BudgetVersionInfo[]>(['budget', 'versions', '--db', file, '--year', '2026']).find((v) => v.id === over)!;
    expect(listed.overFrame).toMatchObject({ nodes: [{ code: '31102', frameOre: 5_000_000, budgetedOre: 6_000_000, overOre: 1_000_000 }] });
    expect(listed.overFrame!.by).not.toBe('');
    expect(runCli(['budget', 'versions', '--db', file, '--year', '2026']).stdout).toMatch(/Över ramen .*låst över ramen \(1 ansvar, bekräftat av .+\)/);
  });
});
