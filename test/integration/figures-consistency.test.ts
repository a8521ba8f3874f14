import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { Summary } from '../../electron/api/contract/index';
import { defaultDeadlines } from '../../electron/services/followup/calendar';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { naturalId } from '../../electron/services/ids';
import { buildReport } from '../../electron/services/reports/build';
import { call } from '../support/call';
import { runCliJson } from '../support/cli';
import { expectedFigures, monthsWithOutcome, YEAR, type Money } from '../support/consistency';
import { openTestContext, type TestContext } from '../support/db';
import { SMALL_ORG, subtree } from '../support/exchange';
import { expectedInUnit, xlsxRowNumbers, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

/**
 * Issue 13, "Done when": the same number in every view. Random sequences of
 * budget edits, decided revisions, omfördelningar, ledger imports and undos,
 * comments and occasion locks on a small förvaltning; after each step every
 * node's budget, outcome and deviation must be the same in Översikt,
 * `ramkoll summary`, `ramkoll deviations`, Uppföljning's grid, the report
 * model and the xlsx report's cells, equal to the budget in force worked out
 * from the tables (test/support/consistency.ts), and, after an exchange, in
 * the sektorchef's installation. Steps go through the handlers the CLI
 * calls; the CLI itself runs as a subprocess at some steps and at the end.
 */

const SECTOR = '9100';
const inSector = subtree(SMALL_ORG, SECTOR);
const UNITS = ['91101', '91102', '92101', '92102', '9100', '99999'];
const ACCOUNTS = ['3120', '4010', '5010'];
const EVEN = naturalId('profile', 'jamn');
const NODES = SMALL_ORG.filter((o) => o.parent !== null).map((o) => o.code);
const pick = (r: Money & { deviationAcc?: number }) => ({ budgetYear: r.budgetYear, budgetAcc: r.budgetAcc, actualAcc: r.actualAcc });

interface World {
  dir: string;
  C: TestContext;
  A: TestContext;
  chiefId: string;
  seq: number;
  /** What each locked period showed when it was locked (the oracle's figures then). */
  locked: Map<number, Map<string, Money>>;
  /** For a locked period whose months before it lacked outcome then: the figures over the months that had it (what its report prints). */
  lockedShown: Map<number, Map<string, Money> | null>;
}

/** A handler context whose clock moves on a second per call, so every change has its own time. */
function ticking(ctx: TestContext): TestContext {
  let t = ctx.now().getTime();
  return { ...ctx, now: () => new Date((t += 1000)) };
}

const templates = { dir: '', controller: '', chief: '', chiefId: '' };

async function buildTemplates(): Promise<void> {
  // Kept for the whole file (tempDir's folders go after each test), removed in afterAll.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-consistency-tpl-'));
  const C = ticking(await openTestContext(path.join(dir, 'controller.db')));
  const A = ticking(await openTestContext(path.join(dir, 'chief.db')));
  fs.writeFileSync(path.join(dir, 'org.csv'), ['Ansvar;Namn;Överordnad;Nivå', ...SMALL_ORG.map((o) => `${o.code};${o.name};${o.parent ?? ''};${o.level}`)].join('\r\n'));
  fs.writeFileSync(path.join(dir, 'konton.csv'), 'Konto;Namn\r\n3120;Avgifter\r\n4010;Livsmedel\r\n5010;Löner\r\n');
  await call('masterdata.import', { kind: 'organisation', file: path.join(dir, 'org.csv'), dryRun: false }, C);
  await call('masterdata.import', { kind: 'accounts', file: path.join(dir, 'konton.csv'), dryRun: false }, C);
  C.db.tx(() => ensureFiscalYear(C.db, YEAR, C.now().toISOString()));
  // A working budget, not yet adopted: follow-up compares against it until it is decided.
  const v = await call('budget.versions.create', { year: YEAR, name: 'Budget 2026', kind: 'draft', basedOnId: null }, C);
  const changes = ['91101', '91102', '92101', '92102'].flatMap((unit, u) =>
    ACCOUNTS.map((account, a) => ({ op: 'create' as const, account, responsibility: unit, profileId: EVEN, yearOre: (account === '3120' ? -1 : 1) * (1_200_000 + 240_000 * u + 120_000 * a) * 100 })),
  );
  await call('budget.lines.apply', { versionId: v.id, changes: [...changes, { op: 'create', account: '5010', responsibility: '9100', profileId: EVEN, yearOre: 60_000_000 }] }, C);
  for (let m = 1; m <= 12; m++) {
    const period = YEAR * 100 + m;
    await call('followup.occasion.save', { year: YEAR, period, kind: 'monthly', name: `Månad ${m}`, deadlines: defaultDeadlines(period) }, C);
  }
  await ledger({ C, dir, seq: 0 } as World, [1, 2, 3].flatMap((m) => UNITS.slice(0, 4).map((u, i) => ({ unit: i, account: 2, period: m, kr: 95_000 + 1000 * i + m }))));
  await call('site.set', { role: 'sektorchef', scope: SECTOR, name: 'Sektorchef Ett' }, A);
  for (const [from, to] of [
    [C, A],
    [A, C],
  ] as const) {
    const intro = path.join(dir, `intro-${from === C ? 'c' : 'a'}.ramkoll`);
    await call('exchange.introduce', { file: intro }, from);
    // Each accepts the other's presentation, as after comparing the fingerprints.
    await call('exchange.import', { file: intro, accept: ['sender'] }, to);
  }
  templates.chiefId = (await call('site.get', {}, A)).id;
  C.db.close();
  A.db.close();
  Object.assign(templates, { dir, controller: path.join(dir, 'controller.db'), chief: path.join(dir, 'chief.db') });
}

async function ledger(w: Pick<World, 'C' | 'dir' | 'seq'>, rows: { unit: number; account: number; period: number; kr: number }[]): Promise<void> {
  const file = path.join(w.dir, `utfall-${++w.seq}.csv`);
  fs.writeFileSync(file, ['Ansvar;Konto;Period;Belopp', ...rows.map((r) => `${UNITS[r.unit]};${ACCOUNTS[r.account]};${YEAR * 100 + r.period};${r.kr},00`)].join('\r\n'));
  // A small file over a fuller period asks for a confirmation: the scenario's user gives it, so every import applies.
  const r = await call('ledger.import', { file, dryRun: false, confirm: true }, w.C);
  expect(r.errors).toEqual([]);
  expect(r.needsConfirmation).toBe(false);
}

const latestPeriod = (ctx: TestContext) => (ctx.db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(YEAR * 100 + 1, YEAR * 100 + 12) as { p: number | null }).p;
const occasionOf = async (ctx: TestContext, period: number) => (await call('followup.calendar.get', { year: YEAR }, ctx)).occasions.find((o) => o.period === period)!;

/** The unlocked version being worked on; a revision of the budget in force when there is none. */
async function workingVersion(w: World): Promise<string> {
  const versions = await call('budget.versions.list', { year: YEAR }, w.C);
  const open = versions.find((v) => v.lockedAt === null);
  if (open) return open.id;
  const base = versions.find((v) => v.current)!;
  return (await call('budget.versions.create', { year: YEAR, name: `Revidering ${++w.seq}`, kind: 'revision', basedOnId: base.id }, w.C)).id;
}

const date = (month: number, day: number) => `${YEAR}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

async function exchange(w: World): Promise<void> {
  const file = path.join(w.dir, `paket-${++w.seq}.ramkoll`);
  await call('exchange.export', { to: w.chiefId, file, full: false }, w.C);
  const r = await call('exchange.import', { file, accept: [] }, w.A);
  expect([r.refused, r.conflicts]).toEqual([0, 0]);
  await checkChief(w);
}

/** Every view of the controller's installation, for the latest period with outcome. */
async function check(w: World, where: string): Promise<void> {
  const { C } = w;
  const latest = latestPeriod(C);
  const period = latest ?? YEAR * 100 + 11;
  const rows = await call('followup.deviations.list', { period, level: null }, C);
  const node = (code: string) => rows.find((r) => r.code === code && r.level !== 'direct' && r.level !== 'unknown')!;
  const expected = w.locked.get(period) ?? expectedFigures(C.db, period);
  for (const o of SMALL_ORG) expect(pick(node(o.code)), `${where}: deviations ${o.code} ${period}`).toEqual(expected.get(o.code));
  for (const r of rows) expect(r.deviationAcc).toBe(r.budgetAcc - r.actualAcc);

  const grid = await call('followup.deviations.get', { period, groups: false }, C);
  for (const r of grid.rows.filter((x) => x.kind === 'node')) expect(pick(r), `${where}: Uppföljning ${r.code}`).toEqual(pick(node(r.code)));

  const ov = await call('overview.get', { year: YEAR }, C);
  const sum = await call('summary.get', { year: YEAR }, C);
  const top = node('9000');
  expect(ov.sectors.filter((s) => s.kind === 'sector').map((s) => [s.code, s.budgetYear]), `${where}: Översikt`).toEqual([
    ['9100', node('9100').budgetYear],
    ['9200', node('9200').budgetYear],
  ]);
  expect(sum.sectors, `${where}: summary`).toEqual(ov.sectors);
  expect([sum.budgetTotal, ov.total.budgetYear]).toEqual([top.budgetYear, top.budgetYear]);
  expect(ov.budgetChanges.reduce((s, c) => s + c.amountOre, 0)).toBe(ov.total.budgetYear - ov.total.originalYear);
  if (latest === null) return;
  for (const s of ov.sectors.filter((x) => x.kind === 'sector')) expect({ ...pick(s), d: s.deviationAcc }, `${where}: Översikt ${s.code}`).toEqual({ ...pick(node(s.code)), d: node(s.code).deviationAcc });
  expect(pick(ov.total), `${where}: Översikt totalt`).toEqual(pick(top));
  expect([sum.actualTotal, sum.perPeriod.filter((p) => p.period <= period).reduce((s, p) => s + p.budget, 0)]).toEqual([top.actualAcc, top.budgetAcc]);

  // The report model, at every level: the förvaltning's sektorer, each sektor's verksamheter, each verksamhet's enheter.
  for (const scope of [null, '9100', '9200', '9110', '9210']) {
    const m = buildReport(C.db, { period, scope, now: C.now() });
    expect(pick(m.total), `${where}: rapport ${scope ?? 'förvaltningen'}`).toEqual(pick(node(scope ?? '9000')));
    for (const u of m.units.filter((x) => x.kind === 'node')) expect(pick(u.figures), `${where}: rapport ${u.code}`).toEqual(pick(node(u.code)));
  }
  // The xlsx report's cells, read back with ExcelJS: rounded to tkr from the same öre. Where months before the
  // period have no outcome, the report compares budget and utfall over the months that have it (a preliminary
  // report), so the expected ack figures are worked out over those months; a locked occasion prints its snapshot.
  const file = path.join(w.dir, `rapport-${++w.seq}.xlsx`);
  await call('reports.export', { period, format: 'xlsx', file, unit: 'tkr', sign: 'costs-positive' }, C);
  const sheet = (await xlsxSheets(file)).sheets.get('Per sektor')!;
  const withOutcome = monthsWithOutcome(C.db, period);
  const shown = w.locked.has(period) ? w.lockedShown.get(period)! : withOutcome.length < period % 100 ? expectedFigures(C.db, period, withOutcome) : null;
  for (const [label, code] of [
    ['9100 Sektor Ett', '9100'],
    ['9200 Sektor Två', '9200'],
    ['Totalt', '9000'],
  ] as const) {
    const r = node(code);
    const acc = shown ? shown.get(code)! : r;
    expect(xlsxRowNumbers(sheet, label)!.slice(0, 4), `${where}: xlsx ${label}`).toEqual([r.budgetYear, acc.budgetAcc, acc.actualAcc, acc.budgetAcc - acc.actualAcc].map((v) => expectedInUnit(v, 'tkr')));
  }
}

/** The sektorchef's installation: its sektor and what is below it, each as the controller has it. */
async function checkChief(w: World): Promise<void> {
  const { A, C } = w;
  const period = latestPeriod(A) ?? YEAR * 100 + 11;
  const mine = await call('followup.deviations.list', { period, level: null }, A);
  const theirs = (await call('followup.deviations.list', { period, level: null }, C)).filter((r) => inSector.has(r.code));
  const top = (r: CliDeviationRow) => (r.code === SECTOR && r.level === 'sector' ? { ...r, parent: null } : r);
  expect(mine, `sektorchefen ${period}`).toEqual(theirs.map(top));
  const ov = await call('overview.get', { year: YEAR }, A);
  const sector = theirs.find((r) => r.code === SECTOR)!;
  expect(ov.sectors.map((s) => [s.code, s.budgetYear])).toEqual([[SECTOR, sector.budgetYear]]);
  if (latestPeriod(A) !== null) {
    expect(pick(ov.sectors[0]!)).toEqual(pick(sector));
    const m = buildReport(A.db, { period, scope: SECTOR, now: A.now() });
    expect(pick(m.total)).toEqual(pick(sector));
  }
}

/** `ramkoll summary` and `ramkoll deviations` as subprocesses, against the handlers' answers. */
async function checkCli(w: World): Promise<void> {
  const latest = latestPeriod(w.C);
  if (latest === null) return;
  const summary = runCliJson<Summary>(['summary', '--db', w.C.db.file, '--year', String(YEAR)]);
  expect(summary).toEqual(await call('summary.get', { year: YEAR }, w.C));
  const rows = runCliJson<CliDeviationRow[]>(['deviations', '--db', w.C.db.file, '--period', String(latest)]);
  expect(rows).toEqual(await call('followup.deviations.list', { period: latest, level: null }, w.C));
}

const row = fc.record({ unit: fc.nat(UNITS.length - 1), account: fc.nat(ACCOUNTS.length - 1), period: fc.integer({ min: 1, max: 12 }), kr: fc.integer({ min: -20_000, max: 300_000 }) });
const day = { month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) };
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), line: fc.nat(20), kr: fc.integer({ min: -500_000, max: 2_000_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decide' as const), ...day }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('realloc' as const), from: fc.nat(NODES.length - 1), to: fc.nat(NODES.length - 1), kr: fc.integer({ min: 1, max: 400_000 }), account: fc.nat(ACCOUNTS.length), ...day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unrealloc' as const), pick: fc.nat(10) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('import' as const), rows: fc.array(row, { minLength: 1, maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('comment' as const), node: fc.nat(NODES.length - 1), approve: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lock' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exchange' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cli' as const) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

async function step(w: World, o: Op): Promise<void> {
  const { C } = w;
  if (o.kind === 'edit') {
    const versionId = await workingVersion(w);
    const lines = C.db.prepare('SELECT id FROM budget_line WHERE version_id = ? AND deleted_at IS NULL ORDER BY id').all(versionId) as { id: string }[];
    await call('budget.lines.apply', { versionId, changes: [{ op: 'year', id: lines[o.line % lines.length]!.id, yearOre: o.kr * 100 }] }, C);
  } else if (o.kind === 'decide') {
    const open = (await call('budget.versions.list', { year: YEAR }, C)).find((v) => v.lockedAt === null);
    if (open) await call('budget.versions.lock', { id: open.id, decisionRef: `SN ${date(o.month, o.day)}`, decidedOn: date(o.month, o.day) }, C);
  } else if (o.kind === 'realloc') {
    if (o.from === o.to) return;
    const account = o.account === ACCOUNTS.length ? null : ACCOUNTS[o.account]!;
    await call('planning.reallocations.save', { year: YEAR, decisionRef: `KS ${date(o.month, o.day)}`, decidedOn: date(o.month, o.day), fromCode: NODES[o.from]!, toCode: NODES[o.to]!, accountCode: account, amountOre: o.kr * 100 }, C);
  } else if (o.kind === 'unrealloc') {
    const list = (await call('planning.reallocations.get', { year: YEAR, asOf: `${YEAR}-12-31` }, C)).reallocations;
    if (list.length > 0) await call('planning.reallocations.delete', { id: list[o.pick % list.length]!.id }, C);
  } else if (o.kind === 'import') {
    await ledger(w, o.rows);
  } else if (o.kind === 'undo') {
    const undoable = (await call('ledger.batches.list', {}, C)).filter((b) => b.status === 'active' && b.undoBlockedBy === null);
    if (undoable.length > 0) await call('ledger.batches.undo', { batchId: undoable[o.pick % undoable.length]!.id }, C);
  } else if (o.kind === 'comment') {
    const latest = latestPeriod(C);
    const occasion = latest === null ? null : await occasionOf(C, latest);
    if (!occasion || occasion.lockedAt !== null) return;
    const code = NODES[o.node]!;
    await call('followup.comment.save', { occasionId: occasion.id, code, cause: `Orsak ${w.seq}`, action: 'Åtgärd', actionEffect: '10 000' }, C);
    await call('followup.comment.status', { occasionId: occasion.id, code, action: 'ready' }, C);
    if (o.approve) await call('followup.comment.status', { occasionId: occasion.id, code, action: 'approve' }, C);
  } else if (o.kind === 'lock') {
    const latest = latestPeriod(C);
    const occasion = latest === null ? null : await occasionOf(C, latest);
    if (!occasion || occasion.lockedAt !== null) return;
    w.locked.set(latest!, expectedFigures(C.db, latest!));
    const withOutcome = monthsWithOutcome(C.db, latest!);
    w.lockedShown.set(latest!, withOutcome.length < latest! % 100 ? expectedFigures(C.db, latest!, withOutcome) : null);
    await call('followup.occasion.lock', { id: occasion.id }, C);
    // The lock goes to the sektorchef at once: its snapshot is taken from what it holds when the lock arrives.
    await exchange(w);
  } else if (o.kind === 'exchange') {
    await exchange(w);
  } else {
    await checkCli(w);
  }
}

async function scenario(ops: readonly Op[]): Promise<void> {
  const dir = tempDir('ramkoll-consistency-');
  fs.copyFileSync(templates.controller, path.join(dir, 'controller.db'));
  fs.copyFileSync(templates.chief, path.join(dir, 'chief.db'));
  const w: World = {
    dir,
    C: ticking(await openTestContext(path.join(dir, 'controller.db'))),
    A: ticking(await openTestContext(path.join(dir, 'chief.db'))),
    chiefId: templates.chiefId,
    seq: 0,
    locked: new Map(),
    lockedShown: new Map(),
  };
  try {
    await check(w, 'från början');
    for (const [i, o] of ops.entries()) {
      await step(w, o);
      await check(w, `steg ${i + 1} (${o.kind})`);
    }
    await exchange(w);
    await checkCli(w);
  } finally {
    w.C.db.close();
    w.A.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the same figures in every view', () => {
  beforeAll(buildTemplates, 120_000);
  afterAll(() => templates.dir && fs.rmSync(templates.dir, { recursive: true, force: true }));

  it('after any sequence of budget edits, decisions, omfördelningar, imports, undos, comments, locks and exchanges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 9 }), async (ops) => scenario(ops)),
      { numRuns: Number(process.env.RAMKOLL_PROPERTY_RUNS ?? 6), seed: Number(process.env.RAMKOLL_PROPERTY_SEED ?? 13), endOnFailure: true },
    );
  }, 300_000);

  it('an omfördelning between sektorer and a revision decided mid-year, step by step', async () => {
    await scenario([
      { kind: 'decide', month: 1, day: 1 },
      { kind: 'realloc', from: NODES.indexOf('91101'), to: NODES.indexOf('92102'), kr: 120_000, account: 2, month: 2, day: 14 },
      { kind: 'edit', line: 3, kr: 1_700_000 },
      { kind: 'decide', month: 3, day: 20 },
      { kind: 'import', rows: [{ unit: 1, account: 1, period: 4, kr: 70_000 }] },
      { kind: 'lock' },
      { kind: 'realloc', from: NODES.indexOf('9200'), to: NODES.indexOf('9110'), kr: 33_333, account: 3, month: 4, day: 2 },
      { kind: 'import', rows: [{ unit: 0, account: 2, period: 5, kr: 101_000 }] },
      { kind: 'cli' },
    ]);
  }, 120_000);
});
