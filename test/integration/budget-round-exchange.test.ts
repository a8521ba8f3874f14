/**
 * The budget round across packages (issue 18, Done when 2): a chef's
 * installation scoped to an enhet writes three lines and a VF proposal and
 * hands in; the controller sends it back with a note; the chef corrects and
 * hands in again; the controller approves. The version then holds exactly
 * the approved lines, the VF-lista the proposal, and the history shows each
 * step with who and when, on both installations. And a chef's package that
 * writes another node's proposal, the version's lines or an approval is
 * refused and changes nothing.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import type { ImportResult } from '../../electron/services/exchange/import';
import { budgetRoundNode, budgetRoundOverview } from '../../electron/services/budget-round/overview';
import { saveProposal, submitProposal } from '../../electron/services/budget-round/proposal';
import { approveProposal, returnProposal } from '../../electron/services/budget-round/review';
import { naturalId, newId } from '../../electron/services/ids';
import type { TestContext } from '../support/db';
import { actor, insertDetailBudgetStep, insertFrame, versionLines } from '../support/budget-round';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { forge, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

let n = 0;
async function send(dir: string, from: TestContext, to: TestContext): Promise<ImportResult> {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return receive(to, file);
}

async function introduce(dir: string, from: TestContext, to: TestContext): Promise<void> {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

/** A controller and a chef scoped to the enhet 91101 who know each other, with the small förvaltning, a ram and a deadline at both. */
async function pair(prefix: string) {
  const dir = tempDir(prefix);
  const controller = await siteContext(path.join(dir, 'controller.db'), 'controller', null, 'Controllern');
  const chef = await siteContext(path.join(dir, 'chef.db'), 'enhetschef', '91101', 'Enhetschef Ett A');
  open.push(controller, chef);
  await introduce(dir, controller, chef);
  await introduce(dir, chef, controller);
  const data = createSmallForvaltning(controller.db, siteId(controller));
  insertFrame(controller.db, siteId(controller), data.versionId, '91101', 1_400_000_00);
  insertDetailBudgetStep(controller.db, siteId(controller), 2026, 'unit', '2026-10-15');
  expect((await send(dir, controller, chef)).refused).toBe(0);
  return { dir, controller, chef, versionId: data.versionId };
}

const months = (first: number, rest: number) => [first, ...new Array<number>(11).fill(rest)];

describe('the budget round across packages', () => {
  it('hand in, send back with a note, correct, approve: the version holds exactly the approved lines and the history each step', async () => {
    const { dir, controller, chef, versionId } = await pair('ramkoll-round-');
    const v = versionId;
    const anna = (at: string) => actor(chef, 'Anna Enhetschef', at);
    const cecilia = (at: string) => actor(controller, 'Cecilia Controller', at);
    const before = { unitB: versionLines(controller.db, v, '91102'), unitA: versionLines(controller.db, v, '91101') };

    // The chef: three lines (two kodsträngar of the version, one new with a dimension) and a VF proposal, handed in.
    saveProposal(chef.db, anna('2026-11-02T08:00:00Z'), {
      versionId: v,
      code: '91101',
      lines: [
        { account: '5010', responsibility: '91101', yearOre: 1_150_000_00 },
        { account: '4010', responsibility: '91101', yearOre: 260_000_00, months: months(260_000_00 - 11 * 20_000_00, 20_000_00) },
        { account: '3120', responsibility: '91101', dims: { projekt: 'P7' }, yearOre: -30_000_00, note: 'Ny avgift för lovverksamhet' },
      ],
      changes: [{ responsibility: '91101', description: 'Samordna vikarier med Ett B', amountOre: -50_000_00, plan1Ore: -80_000_00, plan2Ore: -80_000_00 }],
    });
    // 1 150 000 + 260 000 − 120 000 (3120 unchanged) − 30 000 = 1 260 000: within the ram of 1 400 000.
    submitProposal(chef.db, anna('2026-11-02T09:00:00Z'), { versionId: v, code: '91101' });
    expect((await send(dir, chef, controller)).refused).toBe(0);

    // The controller sees it handed in, within its ram, and the difference per line.
    const node = budgetRoundNode(controller.db, cecilia('2026-11-03T08:00:00Z'), v, '91101');
    expect(node).toMatchObject({ status: 'submitted', handedIn: true, deadline: '2026-10-15', late: false, frameOre: 1_400_000_00, overFrameOre: 0 });
    expect(node.proposedOre).toBe(1_260_000_00);
    expect(node.differenceOre).toBe(1_260_000_00 - (1_200_000_00 + 240_000_00 - 120_000_00));
    expect(node.lines.map((l) => [l.coding, l.version?.yearOre ?? null, l.proposed.yearOre, l.difference.yearOre])).toEqual([
      ['3120 91101 projekt=P7', null, -30_000_00, -30_000_00],
      ['4010 91101', 240_000_00, 260_000_00, 20_000_00],
      ['5010 91101', 1_200_000_00, 1_150_000_00, -50_000_00],
    ]);
    expect(node.lines[1]!.difference.months).toEqual(node.lines[1]!.proposed.months.map((m, i) => m - node.lines[1]!.version!.months[i]!));
    expect(node.changes.map((c) => [c.description, c.amountOre, c.planOre])).toEqual([['Samordna vikarier med Ett B', -50_000_00, [-80_000_00, -80_000_00]]]);
    // Nothing is in the version yet.
    expect(versionLines(controller.db, v, '91101')).toEqual(before.unitA);

    // Sent back with a note; the chef gets it.
    returnProposal(controller.db, cecilia('2026-11-03T10:00:00Z'), { versionId: v, code: '91101', note: 'Lönerna räcker inte för höstens tjänster: höj 5010.' });
    expect((await send(dir, controller, chef)).refused).toBe(0);
    const atChef = budgetRoundNode(chef.db, anna('2026-11-04T08:00:00Z'), v, '91101');
    expect(atChef).toMatchObject({ status: 'returned', returnNote: 'Lönerna räcker inte för höstens tjänster: höj 5010.' });

    // The chef corrects one line and hands in again.
    saveProposal(chef.db, anna('2026-11-04T09:00:00Z'), {
      versionId: v,
      code: '91101',
      lines: [
        { account: '5010', responsibility: '91101', yearOre: 1_250_000_00 },
        { account: '4010', responsibility: '91101', yearOre: 260_000_00, months: months(260_000_00 - 11 * 20_000_00, 20_000_00) },
        { account: '3120', responsibility: '91101', dims: { projekt: 'P7' }, yearOre: -30_000_00, note: 'Ny avgift för lovverksamhet' },
      ],
      changes: atChef.changes.map((c) => ({ id: c.id, responsibility: c.code, description: c.description, amountOre: c.amountOre, plan1Ore: c.planOre[0], plan2Ore: c.planOre[1] })),
    });
    submitProposal(chef.db, anna('2026-11-04T10:00:00Z'), { versionId: v, code: '91101' });
    expect((await send(dir, chef, controller)).refused).toBe(0);

    // Approved: the version holds exactly the approved lines; nothing else changed.
    const proposal = budgetRoundNode(controller.db, cecilia('2026-11-05T08:00:00Z'), v, '91101');
    expect(proposal.status).toBe('submitted');
    approveProposal(controller.db, cecilia('2026-11-05T09:00:00Z'), { versionId: v, code: '91101' });
    const expected = { ...before.unitA };
    for (const l of proposal.lines) expected[l.coding] = [l.proposed.yearOre, ...l.proposed.months];
    expect(versionLines(controller.db, v, '91101')).toEqual(expected);
    expect(versionLines(controller.db, v, '91101')['5010 91101']![0]).toBe(1_250_000_00);
    expect(versionLines(controller.db, v, '91102')).toEqual(before.unitB);
    expect(controller.db.prepare('SELECT description, amount_ore, plan1_ore, plan2_ore, status FROM operational_change WHERE version_id = ? AND deleted_at IS NULL').all(v)).toEqual([
      { description: 'Samordna vikarier med Ett B', amount_ore: -50_000_00, plan1_ore: -80_000_00, plan2_ore: -80_000_00, status: 'proposed' },
    ]);

    // The history: each step with who, where and when, at the controller and — after the next package — at the chef.
    const steps = [
      ['submitted', 'Anna Enhetschef', 'Enhetschef Ett A', '2026-11-02T09:00:00.000Z', null],
      ['returned', 'Cecilia Controller', 'Controllern', '2026-11-03T10:00:00.000Z', 'Lönerna räcker inte för höstens tjänster: höj 5010.'],
      ['submitted', 'Anna Enhetschef', 'Enhetschef Ett A', '2026-11-04T10:00:00.000Z', null],
      ['approved', 'Cecilia Controller', 'Controllern', '2026-11-05T09:00:00.000Z', null],
    ];
    const overview = budgetRoundOverview(controller.db, cecilia('2026-11-05T10:00:00Z'), v);
    const mine = overview.nodes.find((x) => x.code === '91101')!;
    expect(mine).toMatchObject({ status: 'approved', handedIn: true, differenceOre: 0, pendingLines: 0, pendingChanges: 0 });
    expect(mine.history.map((e) => [e.action, e.author, e.site, e.at, e.note])).toEqual(steps);

    expect((await send(dir, controller, chef)).refused).toBe(0);
    expect(versionLines(chef.db, v, '91101')).toEqual(expected);
    const back = budgetRoundNode(chef.db, anna('2026-11-06T08:00:00Z'), v, '91101');
    expect(back.status).toBe('approved');
    expect(back.history.map((e) => [e.action, e.author, e.site, e.at, e.note])).toEqual(steps);
    expect(back.lines.every((l) => l.status === 'approved')).toBe(true);
  }, 90_000);

  it('a chef’s package that writes another node’s proposal, the version’s lines or an approval is refused and changes nothing', async () => {
    const { dir, controller, chef, versionId } = await pair('ramkoll-round-hostile-');
    const v = versionId;
    // An honest proposal first, handed in and received.
    saveProposal(chef.db, actor(chef, 'Anna', '2026-11-02T08:00:00Z'), { versionId: v, code: '91101', lines: [{ account: '5010', responsibility: '91101', yearOre: 1_100_000_00 }], changes: [] });
    submitProposal(chef.db, actor(chef, 'Anna', '2026-11-02T09:00:00Z'), { versionId: v, code: '91101' });
    expect((await send(dir, chef, controller)).refused).toBe(0);

    const me = siteId(chef);
    const ms = chef.now().getTime();
    const snapshot = () => ({
      rounds: controller.db.prepare('SELECT id, status, return_note FROM budget_round ORDER BY id').all(),
      proposed: controller.db.prepare('SELECT id, coding_id, year_ore, status, deleted_at FROM budget_round_line ORDER BY id').all(),
      changes: controller.db.prepare('SELECT id, status FROM budget_round_change ORDER BY id').all(),
      events: controller.db.prepare('SELECT id, action, status FROM budget_round_event ORDER BY id').all(),
      lines: controller.db.prepare('SELECT id, year_ore, deleted_at FROM budget_line ORDER BY id').all(),
    });
    const mineRound = naturalId('budget_round', `${v}\u0000${naturalId('ansvar', '91101')}`);
    const amounts = (year: number) => JSON.stringify([year, ...months(year - 11 * Math.trunc(year / 12), Math.trunc(year / 12))]);
    const otherRound = naturalId('budget_round', `${v}\u0000${naturalId('ansvar', '91102')}`);
    const lineOfB = controller.db
      .prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.account_code = '5010' AND c.responsibility_code = '91101'")
      .pluck()
      .get(v) as string;
    const line = newId();
    const event = newId();
    const cases: Record<string, [string, string, string, string | number | null][]> = {
      // Another node's proposal: a round and a line for the enhet beside it.
      'another node': [
        ['budget_round', otherRound, 'version_id', v],
        ['budget_round', otherRound, 'responsibility_id', naturalId('ansvar', '91102')],
        ['budget_round', otherRound, 'status', 'submitted'],
        ['budget_round', otherRound, 'return_note', null],
        ['budget_round', otherRound, 'author', 'Anna'],
        ['budget_round', otherRound, 'deleted_at', null],
        ['budget_round_line', line, 'round_id', otherRound],
        ['budget_round_line', line, 'coding', JSON.stringify(['5010', '91102', ''])],
        ['budget_round_line', line, 'amounts', amounts(12_000_00)],
        ['budget_round_line', line, 'note', null],
        ['budget_round_line', line, 'status', 'proposed'],
        ['budget_round_line', line, 'deleted_at', null],
      ],
      // The working version's own line, written directly (inside the chef's own enhet).
      'the version’s lines': [['budget_line', lineOfB, 'amounts', amounts(9_999_999_00)]],
      // Its own proposal approved, with an approval in the history and its line marked approved.
      approval: [
        ['budget_round', mineRound, 'status', 'approved'],
        ['budget_round_event', event, 'round_id', mineRound],
        ['budget_round_event', event, 'action', 'approved'],
        ['budget_round_event', event, 'status', 'approved'],
        ['budget_round_event', event, 'note', null],
        ['budget_round_event', event, 'over_frame_ore', null],
        ['budget_round_event', event, 'author', 'Anna'],
        ['budget_round_event', event, 'acted_at', '2026-11-20T10:00:00.000Z'],
        ['budget_round_event', event, 'deleted_at', null],
      ],
    };
    let k = 0;
    for (const [what, fields] of Object.entries(cases)) {
      const before = snapshot();
      const pkg = forge(chef.db, path.join(dir, `forged${++k}.ramkoll`), { to: siteId(controller), changes: fields.map(([t, id, f, val], i) => [t, id, f, val, version(me, ms + k * 1000, i), null, null]) });
      const r = await receive(controller, pkg);
      expect(r.applied, what).toBe(0);
      expect(r.refused, what).toBeGreaterThan(0);
      expect(snapshot(), what).toEqual(before);
    }
    expect(budgetRoundNode(controller.db, actor(controller, 'Cecilia', '2026-11-03T08:00:00Z'), v, '91101').status).toBe('submitted');

    // Once approved, the proposal's line is the version's: a chef's package that changes it is refused.
    approveProposal(controller.db, actor(controller, 'Cecilia', '2026-11-03T09:00:00Z'), { versionId: v, code: '91101' });
    const approvedLine = controller.db.prepare('SELECT id FROM budget_round_line').pluck().get() as string;
    const before = snapshot();
    const pkg = forge(chef.db, path.join(dir, 'forged-approved.ramkoll'), {
      to: siteId(controller),
      changes: [
        ['budget_round_line', approvedLine, 'amounts', amounts(1_900_000_00), version(me, ms + 10_000, 0), null, null],
        ['budget_round_line', approvedLine, 'status', 'proposed', version(me, ms + 10_000, 1), null, null],
      ],
    });
    const r = await receive(controller, pkg);
    expect(r).toMatchObject({ applied: 0, refused: 2 });
    expect(snapshot()).toEqual(before);
  }, 90_000);
});
