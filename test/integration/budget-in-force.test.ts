import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { Summary } from '../../electron/api/contract/index';
import type { HandlerContext } from '../../electron/api/context';
import { defaultDeadlines } from '../../electron/services/followup/calendar';
import { buildReport } from '../../electron/services/reports/build';
import { openRamkollDatabase } from '../../electron/services/setup';
import { migrations } from '../../migrations/index';
import { call } from '../support/call';
import { CLI_TODAY, runCli, runCliJson } from '../support/cli';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration, kr, writeOutcome } from '../support/followup';
import { tempDir } from '../support/tmp';

/**
 * Issue 13, part 3: one budget in force. Every view computes the budget of
 * a node at a date the same way: the adopted budget, replaced from its
 * decision date by a decided revision, plus the omfördelningar decided up to
 * that date.
 */

type Figures = { budgetYear: number; budgetAcc: number; actualAcc: number; deviationAcc: number };
const pick = (r: Figures): Figures => ({ budgetYear: r.budgetYear, budgetAcc: r.budgetAcc, actualAcc: r.actualAcc, deviationAcc: r.deviationAcc });

/** Översikt, summary, Uppföljning, `deviations` and the report model, per sektor and in total, for the latest period. */
async function expectSameEverywhere(ctx: HandlerContext, period: number): Promise<void> {
  const ov = await call('overview.get', { year: Math.floor(period / 100) }, ctx);
  const sum = await call('summary.get', { year: Math.floor(period / 100) }, ctx);
  const list = await call('followup.deviations.list', { period, level: 'sector' }, ctx);
  const view = await call('followup.deviations.get', { period, groups: false }, ctx);
  const report = buildReport(ctx.db, { period, scope: null, now: ctx.now() });
  expect(ov.latestPeriod).toBe(period);
  const sectors = list.filter((r) => r.level === 'sector');
  expect(sectors.length).toBeGreaterThan(1);
  expect(ov.sectors.filter((s) => s.kind === 'sector').map((s) => [s.code, pick(s)])).toEqual(sectors.map((r) => [r.code, pick(r)]));
  expect(sum.sectors).toEqual(ov.sectors);
  expect(view.rows.filter((r) => r.kind === 'node' && r.level === 'sector').map((r) => [r.code, pick(r)])).toEqual(sectors.map((r) => [r.code, pick(r)]));
  expect(report.units.filter((u) => u.kind === 'node').map((u) => [u.code, u.figures.budgetYear, u.figures.budgetAcc, u.figures.actualAcc])).toEqual(
    sectors.map((r) => [r.code, r.budgetYear, r.budgetAcc, r.actualAcc]),
  );
  const top = list[0]!;
  expect(pick(ov.total)).toEqual(pick(top));
  expect([sum.budgetTotal, sum.actualTotal]).toEqual([top.budgetYear, top.actualAcc]);
  expect(sum.perPeriod.filter((p) => p.period <= period).reduce((s, p) => s + p.budget, 0)).toBe(top.budgetAcc);
}

describe('the budget in force on the demo database', () => {
  it('Översikt and summary show the omfördelningar as Uppföljning, deviations and the report do (sektor 3100 in October)', async () => {
    const ctx = await openTestContext(path.join(tempDir('ramkoll-inforce-demo-'), 'demo.db'), { demo: true });
    try {
      // An omfördelning between two sektorer of our own, so the test does not hang on the demo's.
      await call('planning.reallocations.save', { year: DEMO_YEAR, decisionRef: 'SN 2026-05-06 § 41', decidedOn: `${DEMO_YEAR}-05-06`, fromCode: '3400', toCode: '3100', amountOre: 40_000_000 }, ctx);
      const october = DEMO_YEAR * 100 + 10;
      await expectSameEverywhere(ctx, october);
      // The figures include the omfördelningar and the budget changes (the demo's lönekompensation): budget i kraft − ursprunglig
      // budget is the net moved into 3100 by 31 October plus KF's changes on its nodes.
      const moved = ctx.db
        .prepare(
          `SELECT coalesce(sum(CASE WHEN t.code LIKE '31%' THEN r.amount_ore ELSE 0 END) - sum(CASE WHEN f.code LIKE '31%' THEN r.amount_ore ELSE 0 END), 0) AS n
           FROM reallocation r JOIN dimension_value f ON f.id = r.from_responsibility_id JOIN dimension_value t ON t.id = r.to_responsibility_id
           WHERE r.deleted_at IS NULL AND r.decided_on <= ?`,
        )
        .get(`${DEMO_YEAR}-10-31`) as { n: number };
      const granted = ctx.db
        .prepare(
          `SELECT coalesce(sum(a.amount_ore), 0) AS n FROM budget_change c JOIN budget_change_amount a ON a.change_id = c.id JOIN dimension_value v ON v.id = a.responsibility_id
           WHERE v.code LIKE '31%' AND a.year = c.year AND c.year = ? AND c.deleted_at IS NULL AND a.deleted_at IS NULL AND c.decided_on <= ?`,
        )
        .get(DEMO_YEAR, `${DEMO_YEAR}-10-31`) as { n: number };
      const ov = await call('overview.get', { year: DEMO_YEAR }, ctx);
      const s3100 = ov.sectors.find((s) => s.code === '3100')!;
      expect(moved.n).not.toBe(0);
      expect(granted.n).toBe(42_000_000);
      expect(s3100.budgetYear - s3100.originalYear).toBe(moved.n + granted.n);
      // Översikt lists what changed 3100's budget, each with its other end named.
      const changes = ov.budgetChanges.filter((c) => c.rowCode === '3100');
      expect(changes.reduce((s, c) => s + c.amountOre, 0)).toBe(moved.n + granted.n);
      expect(changes).toContainEqual(expect.objectContaining({ kind: 'reallocation', decisionRef: 'SN 2026-05-06 § 41', text: 'Omfördelning från 3400 Förvaltningsgemensamt', amountOre: 40_000_000 }));
      expect(ov.budgetChanges.filter((c) => c.rowCode === '3400')).toContainEqual(
        expect.objectContaining({ decisionRef: 'SN 2026-05-06 § 41', counterpart: { code: '3100', name: 'Äldreomsorg' }, amountOre: -40_000_000 }),
      );
    } finally {
      ctx.db.close();
    }
  }, 120_000);
});

/** The small förvaltning with outcome January–July and an occasion for every month. */
async function smallWithYear(): Promise<{ ctx: TestContext; file: string; adopted: string }> {
  const file = path.join(tempDir('ramkoll-inforce-'), 'small.db');
  const ctx = await openTestContext(file);
  buildSmallAdministration(ctx);
  writeOutcome(ctx.db, 'utfall-april-juli.csv', [4, 5, 6, 7].map((m) => ({ account: '5010', resp: '11101', period: 202600 + m, kr: 9_500 })));
  for (let m = 1; m <= 12; m++) {
    const period = 202600 + m;
    await call('followup.occasion.save', { year: 2026, period, kind: 'monthly', name: `Månad ${m}`, deadlines: defaultDeadlines(period) }, ctx);
  }
  const adopted = ctx.db.prepare("SELECT id FROM budget_version WHERE kind = 'adopted'").get() as { id: string };
  return { ctx, file, adopted: adopted.id };
}

const unitRow = async (ctx: HandlerContext, period: number, code: string) => (await call('followup.deviations.list', { period, level: null }, ctx)).find((r) => r.code === code && r.level === 'unit')!;

describe('a decided revision', () => {
  it('is the budget in force from its decision date, not before, in every view; an undecided one never is', async () => {
    const { ctx, file, adopted } = await smallWithYear();
    try {
      const revision = await call('budget.versions.create', { year: 2026, name: 'Revidering juni', kind: 'revision', basedOnId: adopted }, ctx);
      const line = ctx.db
        .prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '11101' AND c.account_code = '5010'")
        .get(revision.id) as { id: string };
      // 10 000 kr a month becomes 13 000 kr a month in the revision (156 000 kr for the year).
      await call('budget.lines.apply', { versionId: revision.id, changes: [{ op: 'months', id: line.id, months: new Array<number>(12).fill(kr(13_000)) }] }, ctx);
      const before = await unitRow(ctx, 202606, '11101');
      expect([before.budgetYear, before.budgetAcc]).toEqual([kr(96_000), kr(48_000)]);
      // Not decided yet: follow-up still compares against the adopted budget.
      expect(await unitRow(ctx, 202606, '11101')).toEqual(before);

      // A decision date after the budget year is refused, and nothing changes.
      const hash = contentHash(file);
      await expect(call('budget.versions.lock', { id: revision.id, decisionRef: 'SN 2027-01-12 § 3', decidedOn: '2027-01-12' }, ctx)).rejects.toThrow(/ligger efter budgetåret 2026/);
      await expect(call('budget.versions.lock', { id: revision.id, decisionRef: 'SN', decidedOn: '2026-02-30' }, ctx)).rejects.toThrow(/inte ett datum/);
      expect(contentHash(file)).toBe(hash);

      expect(await call('budget.versions.lock', { id: revision.id, decisionRef: 'SN 2026-06-15 § 50', decidedOn: '2026-06-15' }, ctx)).toEqual({ kind: 'revision', overFrame: null });
      // May ends before the decision: the adopted budget. June ends after it: the revision's months, all of them.
      expect(await unitRow(ctx, 202605, '11101')).toMatchObject({ budgetYear: kr(96_000), budgetAcc: kr(40_000) });
      expect(await unitRow(ctx, 202606, '11101')).toMatchObject({ budgetYear: kr(132_000), budgetAcc: kr(6 * 11_000) });
      const july = await unitRow(ctx, 202607, '11101');
      expect([july.budgetYear, july.budgetAcc]).toEqual([kr(132_000), kr(7 * 11_000)]);

      // Översikt, summary, Uppföljning, deviations and the report agree for July, the latest period.
      await expectSameEverywhere(ctx, 202607);
      const ov = await call('overview.get', { year: 2026 }, ctx);
      expect(ov.budgetVersion?.name).toBe('Revidering juni');
      expect(ov.originalVersion?.name).toBe('Budget 2026');
      expect(ov.budgetAsOf).toBe('2026-07-31');
      const a = ov.sectors.find((s) => s.code === '1100')!;
      expect(a.budgetYear - a.originalYear).toBe(kr(36_000));
      expect(ov.budgetChanges).toEqual([
        { kind: 'revision', decisionRef: 'SN 2026-06-15 § 50', decidedOn: '2026-06-15', text: 'Revidering Revidering juni', counterpart: null, amountOre: kr(36_000), rowCode: '1100', rowName: 'Sektor A' },
      ]);
      const summary = await call('summary.get', { year: 2026 }, ctx);
      expect([summary.budgetVersion, summary.originalBudgetVersion, summary.budgetTotal - summary.originalBudgetTotal]).toEqual(['Revidering juni', 'Budget 2026', kr(36_000)]);
      // The report says what the budget is made of: Ursprunglig budget, the revision, Budget i kraft.
      const report = buildReport(ctx.db, { period: 202607, scope: null, now: ctx.now() });
      expect(report.budgetChanges).toMatchObject({ originalOre: a.originalYear + ov.sectors.filter((s) => s.code !== '1100').reduce((s, r) => s + r.originalYear, 0), inForceOre: report.total.budgetYear });
      expect(report.budgetChanges!.changes.map((c) => [c.text, c.amountOre])).toEqual([['Revidering Revidering juni', kr(36_000)]]);

      // The budget on a date (Omfördelningar): the revision only from 15 June.
      const early = await call('planning.reallocations.get', { year: 2026, asOf: '2026-06-14' }, ctx);
      const late = await call('planning.reallocations.get', { year: 2026, asOf: '2026-06-15' }, ctx);
      expect(early.versionInForce?.name).toBe('Budget 2026');
      expect(late.versionInForce).toEqual({ id: revision.id, name: 'Revidering juni', decisionRef: 'SN 2026-06-15 § 50', decidedOn: '2026-06-15' });
      expect(early.nodes.find((n) => n.code === '11101')).toMatchObject({ originalOre: kr(96_000), revisedOre: 0, budgetOre: kr(96_000) });
      expect(late.nodes.find((n) => n.code === '11101')).toMatchObject({ originalOre: kr(96_000), revisedOre: kr(36_000), budgetOre: kr(132_000) });

      // Versioner: the revision is the budget in force today (the context's clock, 2026-11-20), the adopted one the original.
      const versions = await call('budget.versions.list', { year: 2026 }, ctx);
      expect(versions.map((v) => [v.name, v.current, v.original, v.decidedOn])).toEqual([
        ['Revidering juni', true, false, '2026-06-15'],
        ['Budget 2026', false, true, null],
      ]);

      // A second revision that is not decided changes nothing in follow-up.
      const draft = await call('budget.versions.create', { year: 2026, name: 'Skiss', kind: 'revision', basedOnId: revision.id }, ctx);
      const draftLine = ctx.db.prepare('SELECT id FROM budget_line WHERE version_id = ? LIMIT 1').get(draft.id) as { id: string };
      await call('budget.lines.apply', { versionId: draft.id, changes: [{ op: 'year', id: draftLine.id, yearOre: kr(1_000_000) }] }, ctx);
      expect(await unitRow(ctx, 202607, '11101')).toEqual(july);

      // Locking July's occasion keeps the revision's budget in its snapshot.
      const occasion = (await call('followup.calendar.get', { year: 2026 }, ctx)).occasions.find((o) => o.period === 202607)!;
      await call('followup.occasion.lock', { id: occasion.id }, ctx);
      expect(await unitRow(ctx, 202607, '11101')).toEqual(july);
      await expectSameEverywhere(ctx, 202607);
    } finally {
      ctx.db.close();
    }
  }, 120_000);

  it('takes its decision date from `ramkoll budget lock --decided` (default: today), and refuses a date that is none', () => {
    const dir = tempDir('ramkoll-inforce-cli-');
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', String(DEMO_YEAR)]).code).toBe(0);
    const copy = runCliJson<{ id: string }>(['budget', 'copy', '--db', db, '--from', 'current', '--name', 'Revidering september', '--kind', 'revision']);
    const hash = contentHash(db);
    const bad = runCli(['budget', 'lock', '--db', db, '--version', copy.id, '--decision', 'SN', '--decided', '2026-13-01']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Beslutsdatumet "2026-13-01" är inte ett datum/);
    expect(runCli(['budget', 'lock', '--db', db, '--version', copy.id, '--decision', 'SN', '--decided', 'i morgon']).code).toBe(2);
    expect(contentHash(db)).toBe(hash);
    // The revision's ramar are not what this test is about: it confirms locking over them, whatever the demo's are.
    expect(runCliJson<{ kind: string }>(['budget', 'lock', '--db', db, '--version', copy.id, '--decision', 'SN 2026-09-01 § 70', '--decided', `${DEMO_YEAR}-09-01`, '--over-ram-ok'])).toMatchObject({ kind: 'revision' });
    // Which version `budget versions` marks in force follows the CLI's today (RAMKOLL_TODAY): before 1 September the
    // adopted budget, from it the revision. runCli pins CLI_TODAY (after September) unless told another day.
    const versionsOn = (today: string) => runCli(['budget', 'versions', '--db', db], { env: { RAMKOLL_TODAY: today } }).stdout;
    for (const [today, inForceToday] of [[`${DEMO_YEAR}-08-15`, false], [`${DEMO_YEAR}-09-01`, true], [CLI_TODAY, CLI_TODAY >= `${DEMO_YEAR}-09-01`]] as const) {
      const versions = versionsOn(today);
      expect(versions, today).toMatch(new RegExp(`Revidering september${inForceToday ? ' \\(i kraft\\)' : ''} {2}revidering {2}beslutad 2026-09-01, SN 2026-09-01 § 70`));
      expect(versions, today).toMatch(new RegExp(`Budget 2026${inForceToday ? '' : ' \\(i kraft\\)'} {2}ursprunglig budget {2}beslutad`));
    }
    // Follow-up compares against the budget in force at the latest period with outcome: October's end, after the decision.
    const summary = runCliJson<Summary>(['summary', '--db', db]);
    expect([summary.budgetVersion, summary.originalBudgetVersion]).toEqual([summary.budgetAsOf >= `${DEMO_YEAR}-09-01` ? 'Revidering september' : 'Budget 2026', 'Budget 2026']);
    const deviations = (period: number) => runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', String(period), '--level', 'sector']);
    expect(deviations(202610)[0]!.budgetYear).toBe(summary.budgetTotal);
    expect(runCli(['budget', 'lock', '--help']).stdout).toMatch(/--decided ÅÅÅÅ-MM-DD/);
  }, 120_000);
});

describe('the decision date of versions decided before it was kept', () => {
  it('is the day they were locked, after the migration', async () => {
    const dir = tempDir('ramkoll-inforce-mig-');
    const file = path.join(dir, 'old.db');
    const before = migrations.filter((m) => m.version < 8);
    const old = await openRamkollDatabase(file, { create: true, migrations: before });
    old.db.sqlite.exec(`INSERT OR IGNORE INTO fiscal_year VALUES (2026, 'open', 'x');
      INSERT INTO budget_version (id, year, name, kind, decision_ref, locked_at, created_at, updated_at, updated_by_site) VALUES
        ('a', 2026, 'Budget 2026', 'adopted', 'KF', '2025-11-26T15:00:00.000Z', 'x', 'x', 's'),
        ('r', 2026, 'Rev', 'revision', 'SN', '2026-03-04T09:00:00.000Z', 'x', 'x', 's'),
        ('d', 2026, 'Skiss', 'draft', NULL, NULL, 'x', 'x', 's');`);
    old.db.close();
    const migrated = await openRamkollDatabase(file);
    try {
      expect(migrated.db.prepare('SELECT id, decided_on FROM budget_version ORDER BY id').all()).toEqual([
        { id: 'a', decided_on: '2025-11-26' },
        { id: 'd', decided_on: null },
        { id: 'r', decided_on: '2026-03-04' },
      ]);
      expect(() => migrated.db.prepare("UPDATE budget_version SET decided_on = '2026-02-30' WHERE id = 'd'").run()).toThrow(/CHECK constraint failed/);
    } finally {
      migrated.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
