import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { BudgetChangeList } from '../../electron/api/features/planning';
import type { HandlerContext } from '../../electron/api/context';
import { defaultDeadlines } from '../../electron/services/followup/calendar';
import { buildReport } from '../../electron/services/reports/build';
import { call } from '../support/call';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration, kr, writeOutcome } from '../support/followup';
import { xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

/**
 * Issue 17, point 3: budget changes during the year. A KF/KS decision that
 * changes the ram (a tilläggsanslag, a lönekompensation …) enters the budget
 * in force from the month of its decision date, and every view of budget
 * against outcome reads it through budget/in-force.ts.
 *
 * The small förvaltning: Enhet X (11101) has 10 000 kr a month on 5010 and
 * −2 000 kr on 3010, 96 000 kr net a year. A tilläggsanslag of 70 000 kr on
 * 11101 (konto 5010), decided 15 June, is spread over June–December:
 * 10 000 kr a month. So budget helår is 96 000 through May and 166 000 from
 * June; budget ack is 40 000 at May, 48 000 + 10 000 at June and
 * 56 000 + 20 000 at July.
 */

const TILLAGG = {
  year: 2026,
  kind: 'supplementary' as const,
  decisionRef: 'KF 2026-06-15 § 87',
  decidedOn: '2026-06-15',
  text: 'Ökat antal brukare',
  accountCode: '5010',
  amounts: [
    { code: '11101', amountOre: kr(70_000) },
    { code: '11101', year: 2027, amountOre: kr(120_000) },
  ],
};

async function smallWithYear(): Promise<{ ctx: TestContext; file: string }> {
  const file = path.join(tempDir('ramkoll-kfchange-'), 'small.db');
  const ctx = await openTestContext(file);
  buildSmallAdministration(ctx);
  writeOutcome(ctx.db, 'utfall-april-juli.csv', [4, 5, 6, 7].map((m) => ({ account: '5010', resp: '11101', period: 202600 + m, kr: 9_500 })));
  for (let m = 1; m <= 12; m++) {
    const period = 202600 + m;
    await call('followup.occasion.save', { year: 2026, period, kind: 'monthly', name: `Månad ${m}`, deadlines: defaultDeadlines(period) }, ctx);
  }
  return { ctx, file };
}

const unitRow = async (ctx: HandlerContext, period: number, code: string) => (await call('followup.deviations.list', { period, level: null }, ctx)).find((r) => r.code === code && r.level === 'unit')!;

describe('a tilläggsanslag decided 15 June', () => {
  it('raises the budget in force from June in Översikt, Uppföljning, the report and Ramar, and not before', async () => {
    const { ctx } = await smallWithYear();
    try {
      const may = await unitRow(ctx, 202605, '11101');
      const june = await unitRow(ctx, 202606, '11101');
      expect([may.budgetYear, may.budgetAcc, june.budgetYear, june.budgetAcc]).toEqual([kr(96_000), kr(40_000), kr(96_000), kr(48_000)]);
      const { id } = await call('planning.budgetChanges.save', TILLAGG, ctx);

      // Before the decision month nothing changes; from June budget helår holds the whole amount and budget ack a month of it each month.
      expect(await unitRow(ctx, 202605, '11101')).toEqual(may);
      expect(await unitRow(ctx, 202606, '11101')).toMatchObject({ budgetYear: kr(166_000), budgetAcc: kr(58_000) });
      expect(await unitRow(ctx, 202607, '11101')).toMatchObject({ budgetYear: kr(166_000), budgetAcc: kr(76_000) });
      // In the group of its konto (5010: personalkostnader), rolled up to the sektor and the förvaltning.
      const view = await call('followup.deviations.get', { period: 202607, groups: true }, ctx);
      const personnel = view.rows.find((r) => r.key === 'n:11101/g:personnel')!;
      expect([personnel.budgetYear, personnel.budgetAcc]).toEqual([kr(120_000 + 70_000), kr(70_000 + 20_000)]);

      // Översikt (July, the latest period with outcome): Ursprunglig budget beside Budget i kraft, and the decision in Budgetändringar.
      const ov = await call('overview.get', { year: 2026 }, ctx);
      expect(ov.latestPeriod).toBe(202607);
      const a = ov.sectors.find((s) => s.code === '1100')!;
      expect(a.budgetYear - a.originalYear).toBe(kr(70_000));
      expect(ov.budgetChanges).toEqual([
        { kind: 'budgetChange', decisionRef: 'KF 2026-06-15 § 87', decidedOn: '2026-06-15', text: 'Tilläggsanslag: Ökat antal brukare', counterpart: null, amountOre: kr(70_000), rowCode: '1100', rowName: 'Sektor A' },
      ]);
      // Month by month (summary's perPeriod): May as budgeted, June on 10 000 kr more.
      const summary = await call('summary.get', { year: 2026 }, ctx);
      const before = ctx.db.prepare("SELECT sum(m05_ore) AS may, sum(m06_ore) AS june FROM budget_line WHERE deleted_at IS NULL").get() as { may: number; june: number };
      expect(summary.perPeriod.find((p) => p.period === 202605)!.budget).toBe(before.may);
      expect(summary.perPeriod.find((p) => p.period === 202606)!.budget).toBe(before.june + kr(10_000));
      expect(summary.budgetTotal - summary.originalBudgetTotal).toBe(kr(70_000));

      // The report: July's budget includes it and lists the decision; May's neither.
      const july = buildReport(ctx.db, { period: 202607, scope: null, now: ctx.now() });
      expect(july.budgetChanges!.changes).toEqual([expect.objectContaining({ kind: 'budgetChange', text: 'Tilläggsanslag: Ökat antal brukare', decisionRef: 'KF 2026-06-15 § 87', amountOre: kr(70_000) })]);
      expect(july.budgetChanges!.inForceOre - july.budgetChanges!.originalOre).toBe(kr(70_000));
      const mayReport = buildReport(ctx.db, { period: 202605, scope: null, now: ctx.now() });
      expect(mayReport.budgetChanges).toBeNull();
      expect(july.total.budgetYear - mayReport.total.budgetYear).toBe(kr(70_000));

      // Drill-down of the unit lists the decision beside the lines.
      const drill = await call('followup.drilldown', { period: 202607, key: 'n:11101' }, ctx);
      expect(drill.budgetChanges).toEqual([
        { id: expect.any(String), decisionRef: 'KF 2026-06-15 § 87', decidedOn: '2026-06-15', text: 'Ökat antal brukare', responsibility: '11101', account: '5010', yearOre: kr(70_000), months: [0, 0, 0, 0, 0, ...new Array<number>(7).fill(kr(10_000))] },
      ]);

      // Omfördelningar's budget on a date and the Ramar tab: the change counts from 15 June, on the node and above it.
      const early = await call('planning.reallocations.get', { year: 2026, asOf: '2026-06-14' }, ctx);
      const late = await call('planning.reallocations.get', { year: 2026, asOf: '2026-06-15' }, ctx);
      expect(early.nodes.find((n) => n.code === '11101')).toMatchObject({ changedOre: 0, budgetOre: kr(96_000) });
      expect(late.nodes.find((n) => n.code === '11101')).toMatchObject({ changedOre: kr(70_000), budgetOre: kr(166_000) });
      expect(late.nodes.find((n) => n.code === '1000')!.changedOre).toBe(kr(70_000));
      const adopted = (ctx.db.prepare("SELECT id FROM budget_version WHERE kind = 'adopted'").get() as { id: string }).id;
      await call('planning.frames.set', { versionId: adopted, responsibilityCode: '1100', amountOre: kr(200_000) }, ctx);
      const frames = await call('planning.frames.get', { versionId: adopted }, ctx);
      expect(frames.nodes.find((n) => n.code === '1100')).toMatchObject({ frameOre: kr(200_000), changedOre: kr(70_000), frameInForceOre: kr(270_000) });
      expect((await call('planning.frames.get', { versionId: adopted, asOf: '2026-05-31' }, ctx)).nodes.find((n) => n.code === '1100')).toMatchObject({ changedOre: 0, frameInForceOre: kr(200_000) });

      // Locking July keeps the decision in the snapshot: the figures and the list stay as they were.
      const occasion = (await call('followup.calendar.get', { year: 2026 }, ctx)).occasions.find((o) => o.period === 202607)!;
      await call('followup.occasion.lock', { id: occasion.id }, ctx);
      expect(await unitRow(ctx, 202607, '11101')).toMatchObject({ budgetYear: kr(166_000), budgetAcc: kr(76_000) });
      expect((await call('overview.get', { year: 2026 }, ctx)).budgetChanges).toEqual(ov.budgetChanges);

      // Removed, it is gone from the budget in force (May's and June's open periods); brought back, it is there again.
      await call('planning.budgetChanges.delete', { id }, ctx);
      expect(await unitRow(ctx, 202606, '11101')).toMatchObject({ budgetYear: kr(96_000), budgetAcc: kr(48_000) });
      await call('planning.budgetChanges.restore', { id }, ctx);
      expect(await unitRow(ctx, 202606, '11101')).toMatchObject({ budgetYear: kr(166_000), budgetAcc: kr(58_000) });
    } finally {
      ctx.db.close();
    }
  }, 120_000);

  it('is the same through the CLI: `budget change add`, `budget changes`, `deviations` and the xlsx report', async () => {
    const { ctx, file } = await smallWithYear();
    ctx.db.close();
    const dir = path.dirname(file);
    const add = runCli([
      'budget', 'change', 'add', '--db', file, '--kind', 'tilläggsanslag', '--decision', TILLAGG.decisionRef, '--date', TILLAGG.decidedOn,
      '--text', TILLAGG.text, '--account', '5010', '--amount', '11101=70 000', '--amount', '11101:2027=120000', '--json',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const { id } = JSON.parse(add.stdout) as { id: string };
    const list = runCliJson<BudgetChangeList>(['budget', 'changes', '--db', file, '--year', '2026', '--json']);
    expect(list).toEqual({
      year: 2026,
      totalOre: kr(70_000),
      changes: [
        {
          id, year: 2026, kind: 'supplementary', kindName: 'Tilläggsanslag', decisionRef: 'KF 2026-06-15 § 87', decidedOn: '2026-06-15', text: 'Ökat antal brukare',
          accountCode: '5010', accountName: 'Månadslön', budgetYearOre: kr(70_000), updatedAt: expect.any(String),
          amounts: [
            { code: '11101', name: 'Enhet X', year: 2026, amountOre: kr(70_000) },
            { code: '11101', name: 'Enhet X', year: 2027, amountOre: kr(120_000) },
          ],
        },
      ],
    });
    expect(runCli(['budget', 'changes', '--db', file]).stdout).toMatch(/2026-06-15 {2}KF 2026-06-15 § 87 {2}Tilläggsanslag: Ökat antal brukare/);

    const deviations = (period: number) => runCliJson<CliDeviationRow[]>(['deviations', '--db', file, '--period', String(period), '--level', 'unit', '--json']).find((r) => r.code === '11101')!;
    expect([deviations(202605).budgetYear, deviations(202605).budgetAcc]).toEqual([kr(96_000), kr(40_000)]);
    expect([deviations(202606).budgetYear, deviations(202606).budgetAcc]).toEqual([kr(166_000), kr(58_000)]);

    // The report's xlsx: "Budget i kraft, helår" lists the decision, in tkr.
    const out = path.join(dir, 'juli.xlsx');
    const r = runCli(['report', '--db', file, '--occasion', '202607', '--format', 'xlsx', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { sheets } = await xlsxSheets(out);
    const rows = [...sheets.values()].flat();
    const row = rows.find((x) => typeof x?.[0] === 'string' && x[0].startsWith('Tilläggsanslag: Ökat antal brukare'));
    expect(row).toBeDefined();
    expect(row!.slice(1)).toEqual(expect.arrayContaining(['KF 2026-06-15 § 87, 2026-06-15', 70]));
    const sum = rows.find((x) => x?.[0] === 'Budgetändringar');
    expect(sum!.slice(1).filter((v) => typeof v === 'number')).toEqual([70]);
    const mayOut = path.join(dir, 'maj.xlsx');
    expect(runCli(['report', '--db', file, '--occasion', '202605', '--format', 'xlsx', '--out', mayOut]).code).toBe(0);
    expect([...(await xlsxSheets(mayOut)).sheets.values()].flat().some((x) => typeof x?.[0] === 'string' && x[0].startsWith('Tilläggsanslag'))).toBe(false);

    // A lönekompensation on two nodes; bad input names the field and changes nothing.
    const hash = contentHash(file);
    const bad = runCli(['budget', 'change', 'add', '--db', file, '--kind', 'lönekompensation', '--decision', 'KS § 12', '--date', '2026-09-10', '--text', 'Löneöversyn', '--amount', '9999=1000']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/belopp rad 1: ansvar: Ansvaret 9999 finns inte i organisationen/);
    expect(runCli(['budget', 'change', 'add', '--db', file, '--kind', 'bonus', '--decision', 'KS', '--date', '2026-09-10', '--text', 'x', '--amount', '1100=1']).code).toBe(2);
    expect(contentHash(file)).toBe(hash);
    expect(runCli(['budget', 'change', 'add', '--db', file, '--kind', 'lönekompensation', '--decision', 'KS 2026-09-10 § 12', '--date', '2026-09-10', '--text', 'Löneöversyn 2026', '--amount', '11101=12000', '--amount', '12101=3000,50']).code).toBe(0);
    const after = runCliJson<BudgetChangeList>(['budget', 'changes', '--db', file, '--json']);
    expect(after.changes.map((c) => [c.kind, c.budgetYearOre])).toEqual([['supplementary', kr(70_000)], ['pay', kr(15_000.5)]]);
    expect(runCli(['budget', 'change', 'delete', id, '--db', file]).code).toBe(0);
    expect(runCliJson<BudgetChangeList>(['budget', 'changes', '--db', file, '--json']).changes.map((c) => c.kind)).toEqual(['pay']);
    expect(runCli(['budget', 'change', 'add', '--help']).stdout).toMatch(/--amount ANSVAR=KRONOR/);
    expect(runCli(['--help']).stdout).toMatch(/budget changes/);
  }, 120_000);
});

describe('recording a budget change', () => {
  it('refuses bad input with the field named and leaves the database unchanged', async () => {
    const { ctx, file } = await smallWithYear();
    try {
      const hash = contentHash(file);
      const attempt = async (patch: Record<string, unknown>) => {
        try {
          await call('planning.budgetChanges.save', { ...TILLAGG, ...patch } as typeof TILLAGG, ctx);
        } catch (e) {
          return e as { message: string; details: { column?: string; message: string }[] };
        }
        throw new Error(`saved: ${JSON.stringify(patch)}`);
      };
      const columns = async (patch: Record<string, unknown>) => (await attempt(patch)).details.map((d) => d.column);
      expect(await columns({ decisionRef: '  ' })).toEqual(['beslut']);
      expect(await columns({ text: '' })).toEqual(['text']);
      expect(await columns({ decidedOn: '2027-01-15' })).toEqual(['beslutsdatum']);
      expect(await columns({ decidedOn: '2026-02-30' })).toEqual(['beslutsdatum']);
      expect(await columns({ accountCode: '9999' })).toEqual(['konto']);
      expect(await columns({ amounts: [{ code: '7777', amountOre: 1 }] })).toEqual(['belopp rad 1: ansvar']);
      expect(await columns({ amounts: [{ code: '1100', amountOre: 1 }, { code: '1100', year: 2029, amountOre: 1 }] })).toEqual(['belopp rad 2: år']);
      expect(await columns({ amounts: [{ code: '1100', amountOre: 0 }] })).toEqual(['belopp rad 1: belopp']);
      expect(await columns({ amounts: [{ code: '1100', amountOre: 5 }, { code: '1100', year: 2026, amountOre: 7 }] })).toEqual(['belopp rad 2: ansvar']);
      // Every problem at once, the first in the message.
      const many = await attempt({ decisionRef: '', text: '', amounts: [{ code: '7777', amountOre: 0 }] });
      expect(many.message).toMatch(/^Budgetändringen kan inte sparas: beslut: Ange beslutet .* \(och 3 fel till\)$/);
      // The schema: kind, amounts and dates by their field.
      expect((await attempt({ kind: 'bonus' })).details[0]!.column).toBe('kind');
      expect((await attempt({ amounts: [] })).details[0]!.column).toBe('amounts');
      expect((await attempt({ amounts: [{ code: '1100', amountOre: 1.5 }] })).details[0]!.column).toBe('amounts.0.amountOre');
      expect(contentHash(file)).toBe(hash);

      // A correction replaces the amounts: a node left out goes, a new one comes, an unchanged one stays.
      const { id } = await call('planning.budgetChanges.save', TILLAGG, ctx);
      await call('planning.budgetChanges.save', { ...TILLAGG, id, amounts: [{ code: '11101', amountOre: kr(70_000) }, { code: '12101', amountOre: kr(-5_000) }] }, ctx);
      const list = await call('planning.budgetChanges.list', { year: 2026 }, ctx);
      expect(list.changes[0]!.amounts.map((a) => [a.code, a.year, a.amountOre])).toEqual([
        ['11101', 2026, kr(70_000)],
        ['12101', 2026, kr(-5_000)],
      ]);
      expect(list.totalOre).toBe(kr(65_000));
      await expect(call('planning.budgetChanges.save', { ...TILLAGG, id: 'finns-inte' }, ctx)).rejects.toThrow(/finns inte/);
    } finally {
      ctx.db.close();
    }
  }, 60_000);

  it('is refused on a sektorchef’s installation', async () => {
    const { ctx } = await smallWithYear();
    try {
      const chief = { ...ctx, site: { ...ctx.site, role: 'sektorchef' as const, scopeCode: '1100' } };
      await expect(call('planning.budgetChanges.save', TILLAGG, chief)).rejects.toThrow(/En sektorchef kan inte registrera budgetändringar/);
      expect((await call('planning.budgetChanges.list', { year: 2026 }, ctx)).changes).toEqual([]);
    } finally {
      ctx.db.close();
    }
  });
});

describe('the demo förvaltning', () => {
  it('has one budget change during the year, a lönekompensation with a plan year, in Översikt and Budgetändringar', async () => {
    const ctx = await openTestContext(path.join(tempDir('ramkoll-kfchange-demo-'), 'demo.db'), { demo: true });
    try {
      const list = await call('planning.budgetChanges.list', { year: DEMO_YEAR }, ctx);
      expect(list.changes.map((c) => [c.kindName, c.decisionRef, c.amounts.map((a) => a.year)])).toEqual([
        ['Lönekompensation', `KF ${DEMO_YEAR}-05-20 § 61`, [DEMO_YEAR, DEMO_YEAR, DEMO_YEAR, DEMO_YEAR + 1, DEMO_YEAR + 1, DEMO_YEAR + 1]],
      ]);
      const ov = await call('overview.get', { year: DEMO_YEAR }, ctx);
      const pay = ov.budgetChanges.filter((c) => c.kind === 'budgetChange');
      expect(pay.map((c) => c.rowCode).sort()).toEqual(['3100', '3200', '3300']);
      expect(pay.reduce((s, c) => s + c.amountOre, 0)).toBe(list.totalOre);
    } finally {
      ctx.db.close();
    }
  }, 120_000);
});
