import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { invoke } from '../../electron/api/invoke';
import { deleteGoal, deleteIndicator, saveGoal, saveIndicator, setIndicatorValue, type GoalInput } from '../../electron/services/goals/chain';
import { goalTree } from '../../electron/services/goals/tree';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { actor, suiteDir } from '../support/goals';

const ekonomi = actor('ekonomi');
const controller = actor('controller');
const sektorchefAo = actor('sektorchef', 'chef-ao', '3100');

function refused(fn: () => unknown): RamkollError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RamkollError);
    return e as RamkollError;
  }
  throw new Error('expected a refusal');
}

describe('the goal chain', () => {
  let ctx: TestContext;
  let file: string;
  let council: string;
  let board: string;

  const input = (over: Partial<GoalInput>): GoalInput => ({
    level: 'board',
    parentId: council,
    code: 'X',
    title: 'Ett mål',
    description: '',
    ownerCode: '3000',
    validFromYear: 2026,
    validToYear: 2027,
    ...over,
  });

  const dir = suiteDir();
  beforeAll(async () => {
    file = path.join(dir, 'chain.db');
    ctx = await openTestContext(file, { demo: true });
    council = saveGoal(ctx.db, ekonomi, { level: 'council', parentId: null, code: 'T-IM', title: 'Trygg kommun', description: 'Från KF', ownerCode: '3000', validFromYear: 2025, validToYear: 2028 }).id;
    board = saveGoal(ctx.db, controller, input({ code: 'T-NM', title: 'Tryggare äldre', ownerCode: '3100' })).id;
  });
  afterAll(() => ctx?.db.close());

  it('keeps inriktningsmål read-only for the förvaltning: controller and sektorchef are refused, nothing changes', () => {
    const before = contentHash(file);
    const create = { level: 'council' as const, parentId: null, code: 'T-IM2', title: 'Annat', description: '', ownerCode: '3000', validFromYear: 2026, validToYear: null };
    for (const who of [controller, sektorchefAo]) {
      expect(refused(() => saveGoal(ctx.db, who, create)).code).toBe('FORBIDDEN');
      const e = refused(() => saveGoal(ctx.db, who, { ...create, id: council, code: 'T-IM', title: 'Ändrad rubrik' }));
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toMatch(/Inriktningsmålen beslutas av kommunfullmäktige/);
      expect(refused(() => deleteGoal(ctx.db, who, council)).code).toBe('FORBIDDEN');
      expect(
        refused(() =>
          saveIndicator(ctx.db, who, { goalId: council, name: 'N', unit: '%', direction: 'higher', source: 'kolada', seriesKey: 'N00945', sourceNote: '', startValue: null, startYear: null, targetValue: '1', targetYear: 2027 }),
        ).code,
      ).toBe('FORBIDDEN');
    }
    // Nor may they change the values of a series only an inriktningsmål follows.
    saveIndicator(ctx.db, ekonomi, { goalId: council, name: 'Invånare 65+', unit: '%', direction: 'higher', source: 'kolada', seriesKey: 'N00945', sourceNote: '', startValue: '20,1', startYear: 2024, targetValue: '22', targetYear: 2028 });
    const afterEkonomi = contentHash(file);
    expect(refused(() => setIndicatorValue(ctx.db, controller, { seriesKey: 'N00945', date: '2025-12-31', value: '21' })).code).toBe('FORBIDDEN');
    expect(contentHash(file)).toBe(afterEkonomi);
    expect(afterEkonomi).not.toBe(before);
    // Ekonomi, for its part, does not write the förvaltning's goals.
    expect(refused(() => saveGoal(ctx.db, ekonomi, input({ code: 'T-NM9' }))).code).toBe('FORBIDDEN');
  });

  it('puts each level under the level above, with an owner of the right level inside the parent owner', () => {
    const before = contentHash(file);
    const bad = (over: Partial<GoalInput>, pattern: RegExp) => {
      const e = refused(() => saveGoal(ctx.db, controller, input(over)));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(pattern);
    };
    bad({ level: 'sub', parentId: council, code: 'T-D1', ownerCode: '3120' }, /hör till ett nämndmål/);
    bad({ level: 'board', parentId: null, code: 'T-N1' }, /måste höra till ett inriktningsmål/);
    bad({ level: 'sub', parentId: board, code: 'T-D1', ownerCode: '31201' }, /ägs av en sektor eller verksamhet, inte av en enhet/);
    bad({ level: 'sub', parentId: board, code: 'T-D1', ownerCode: '3210' }, /3210 ligger inte under 3100/);
    bad({ level: 'sub', parentId: board, code: 'T-D1', ownerCode: '3120', validToYear: 2029 }, /inom T-NMs giltighet 2026–2027/);
    bad({ level: 'sub', parentId: board, code: 'DM1.1.1', ownerCode: '3120' }, /koden DM1.1.1 används redan/);
    bad({ level: 'sub', parentId: board, code: 'T-D1', ownerCode: '9999' }, /ansvar 9999 finns inte/);
    bad({ level: 'sub', parentId: board, code: ' ', title: '', ownerCode: '3120' }, /koden saknas.*rubriken saknas/);
    expect(contentHash(file)).toBe(before);
  });

  it('builds the chain down to aktiviteter and shows it as a tree at the occasion', () => {
    const sub = saveGoal(ctx.db, sektorchefAo, input({ level: 'sub', parentId: board, code: 'T-DM', title: 'Kortare väntetid', ownerCode: '3110' })).id;
    const act = saveGoal(ctx.db, sektorchefAo, input({ level: 'activity', parentId: sub, code: 'T-A', title: 'Ny rutin', ownerCode: '31101', validFromYear: 2026, validToYear: 2026 })).id;
    const ind = saveIndicator(ctx.db, sektorchefAo, {
      goalId: sub,
      name: 'Väntetid',
      unit: 'dagar',
      direction: 'lower',
      source: 'own',
      seriesKey: 'T-VANT',
      sourceNote: 'Egen',
      startValue: '45,50',
      startYear: 2025,
      targetValue: '30',
      targetYear: 2027,
    });
    expect([ind.start_value, ind.target_value]).toEqual(['45.5', '30']);
    for (const [date, value] of [
      ['2026-04-30', '40,25'],
      ['2026-08-31', '41'],
      ['2026-10-31', '35'],
    ] as const) {
      setIndicatorValue(ctx.db, sektorchefAo, { seriesKey: 'T-VANT', date, value });
    }
    const tree = goalTree(ctx.db, 202608);
    const rows = tree.rows.filter((r) => r.code.startsWith('T-'));
    expect(rows.map((r) => [r.code, r.depth, r.level])).toEqual([
      ['T-IM', 0, 'council'],
      ['T-NM', 1, 'board'],
      ['T-DM', 2, 'sub'],
      ['T-A', 3, 'activity'],
    ]);
    expect(rows[2]!.parentId).toBe(board);
    expect(rows[3]!.id).toBe(act);
    expect(rows[2]!.ownerPath).toEqual(['3000', '3100', '3110']);
    const v = rows[2]!.indicators[0]!;
    // At the delårsrapport (August) the October value is not yet known.
    expect(v.latest).toEqual({ date: '2026-08-31', value: '41' });
    expect(v.series.map((p) => p.value)).toEqual(['40.25', '41']);
    expect(v.trend).toBe('worse'); // lower is better, and it rose
    expect(v.targetReached).toBe(false);
  });

  it('lets a sektorchef change goals only inside the sektor', () => {
    const before = contentHash(file);
    const e = refused(() => saveGoal(ctx.db, sektorchefAo, input({ level: 'board', code: 'T-NM2', ownerCode: '3200' })));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/inom din sektor \(3100\)/);
    expect(contentHash(file)).toBe(before);
  });

  it('checks styrtal: Kolada keys, own codes and exact values', () => {
    const base = { goalId: board, name: 'S', unit: '%', direction: 'higher' as const, sourceNote: '', startValue: null, startYear: null, targetValue: '1', targetYear: 2027 };
    expect(refused(() => saveIndicator(ctx.db, controller, { ...base, source: 'kolada', seriesKey: 'N123' })).message).toMatch(/bokstav och fem siffror/);
    expect(refused(() => saveIndicator(ctx.db, controller, { ...base, source: 'own', seriesKey: 'N12345' })).message).toMatch(/får inte se ut som en Kolada-nyckel/);
    expect(refused(() => saveIndicator(ctx.db, controller, { ...base, source: 'own', seriesKey: 'EGEN', targetValue: 'tio' })).message).toMatch(/Målvärde.*inget tal/);
    expect(refused(() => saveIndicator(ctx.db, controller, { ...base, source: 'own', seriesKey: 'EGEN', startValue: '3' })).message).toMatch(/startvärde och startår anges tillsammans/);
    const k = saveIndicator(ctx.db, controller, { ...base, source: 'kolada', seriesKey: 'u21468', targetValue: '0,1' });
    expect([k.series_key, k.target_value]).toEqual(['U21468', '0.1']);
    deleteIndicator(ctx.db, controller, k.id);
    expect(goalTree(ctx.db, 202608).rows.find((r) => r.id === board)!.indicators).toEqual([]);
  });

  it('removes goals as tombstones, and only those without sub-goals', () => {
    const e = refused(() => deleteGoal(ctx.db, controller, board));
    expect(e.message).toMatch(/T-NM har 1 underliggande mål \(T-DM\)/);
    const leaf = saveGoal(ctx.db, controller, input({ code: 'T-NM3', title: 'Tillfälligt' })).id;
    deleteGoal(ctx.db, controller, leaf);
    const row = ctx.db.sqlite.prepare('SELECT deleted_at FROM goal WHERE id = ?').get(leaf) as { deleted_at: string | null };
    expect(row.deleted_at).toBe('2026-11-20T10:00:00.000Z');
    expect(goalTree(ctx.db, 202608).rows.some((r) => r.id === leaf)).toBe(false);
  });

  it('takes the role from the local site on every front (the handlers pass ctx.site.role to the services)', async () => {
    const before = contentHash(file);
    const input = { level: 'council', parentId: null, code: 'T-IM3', title: 'Från handlern', ownerCode: '3000', validFromYear: 2026, validToYear: null };
    const asController = await invoke('goals.goal.save', input, ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect((asController as RamkollError).code).toBe('FORBIDDEN');
    const asSektorchef = await invoke('goals.goal.save', input, { ...ctx, site: { ...ctx.site, role: 'sektorchef', scopeCode: '3100' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((asSektorchef as RamkollError).code).toBe('FORBIDDEN');
    expect(contentHash(file)).toBe(before);
    const asEkonomi = (await invoke('goals.goal.save', input, { ...ctx, site: { ...ctx.site, role: 'ekonomi' } })) as { code: string };
    expect(asEkonomi.code).toBe('T-IM3');
  });
});
