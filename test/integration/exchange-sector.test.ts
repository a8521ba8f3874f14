import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import organisation from '../../resources/demo/organisation.json';
import { occasionForPeriod } from '../../electron/services/followup/calendar';
import { runCli, runCliJson } from '../support/cli';
import { DEMO_YEAR, openTestContext } from '../support/db';
import { subtree, writeComment } from '../support/exchange';
import { tempDir } from '../support/tmp';

const SECTOR = '3100';
const inSector = subtree(organisation, SECTOR);

type Line = { account: string; unit: string; dims: string; year: number; months: string };
type Balance = { account: string; unit: string; dims: string; period: number; amount: number };
type Comment = { id: string; occasion: string; unit: string; cause: string; action: string; status: string };

function read(file: string) {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const lines = db
      .prepare(
        `SELECT c.account_code AS account, c.responsibility_code AS unit, c.dims, b.year_ore AS year,
                ${Array.from({ length: 12 }, (_, i) => `b.m${String(i + 1).padStart(2, '0')}_ore`).join(" || ',' || ")} AS months
         FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.deleted_at IS NULL ORDER BY 2, 1, 3`,
      )
      .all() as Line[];
    const balances = db
      .prepare('SELECT c.account_code AS account, c.responsibility_code AS unit, c.dims, a.period, a.amount_ore AS amount FROM actual_balance a JOIN coding c ON c.id = a.coding_id ORDER BY 2, 1, 3, 4')
      .all() as Balance[];
    const comments = db
      .prepare(
        'SELECT d.id, o.name AS occasion, v.code AS unit, d.cause, d.action, d.status FROM deviation_comment d JOIN reporting_occasion o ON o.id = d.occasion_id JOIN dimension_value v ON v.id = d.responsibility_id ORDER BY d.id',
      )
      .all() as Comment[];
    // What each locked occasion was reported with, per ansvar and konto (the follow-up's snapshot).
    const snapshots = db
      .prepare(
        `SELECT o.name AS occasion, o.locked_at AS lockedAt, f.responsibility_code AS unit, f.account_code AS account, f.budget_year_ore AS budgetYear, f.budget_acc_ore AS budgetAcc,
                f.actual_acc_ore AS actualAcc, f.last_year_acc_ore AS lastYearAcc, f.actual_months AS actualMonths
         FROM occasion_snapshot_figure f JOIN reporting_occasion o ON o.id = f.occasion_id ORDER BY 1, 3, 4`,
      )
      .all() as { occasion: string; lockedAt: string; unit: string; account: string; actualAcc: number }[];
    const snapshotForecasts = db
      .prepare('SELECT o.name AS occasion, f.responsibility_code AS unit, f.account_group AS grp, f.amount_ore AS amount FROM occasion_snapshot_forecast f JOIN reporting_occasion o ON o.id = f.occasion_id ORDER BY 1, 2, 3')
      .all() as { occasion: string; unit: string }[];
    const locked = db.prepare('SELECT name, locked_at FROM reporting_occasion WHERE locked_at IS NOT NULL ORDER BY period').all() as { name: string; locked_at: string }[];
    const assessments = db
      .prepare(
        `SELECT a.id, g.code AS goal, o.code AS unit, a.round_status AS round, a.text FROM goal_assessment a JOIN goal g ON g.id = a.goal_id JOIN dimension_value o ON o.id = g.owner_id ORDER BY a.id`,
      )
      .all() as { id: string; unit: string }[];
    return { lines, balances, comments, snapshots, snapshotForecasts, locked, assessments };
  } finally {
    db.close();
  }
}

/** Units outside the sektor that an omfördelning moves budget to or from a unit inside it. */
function reallocationCounterparts(file: string): Set<string> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT f.code AS src, t.code AS dst FROM reallocation r JOIN dimension_value f ON f.id = r.from_responsibility_id
         JOIN dimension_value t ON t.id = r.to_responsibility_id WHERE r.deleted_at IS NULL`,
      )
      .all() as { src: string; dst: string }[];
    const out = new Set<string>();
    for (const r of rows) {
      if (inSector.has(r.src) && !inSector.has(r.dst)) out.add(r.dst);
      if (inSector.has(r.dst) && !inSector.has(r.src)) out.add(r.src);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Avvikelse per unit and period, accumulated from January: budget ack − utfall ack (kept independent of Ramkoll's follow-up code). */
function deviations(lines: Line[], balances: Balance[]): Map<string, number> {
  const out = new Map<string, number>();
  const periods = [...new Set(balances.map((b) => b.period))].filter((p) => Math.floor(p / 100) === DEMO_YEAR).sort();
  const units = new Set([...lines.map((l) => l.unit), ...balances.map((b) => b.unit)]);
  for (const unit of units) {
    for (const period of periods) {
      const month = period % 100;
      const budget = lines.filter((l) => l.unit === unit).reduce((s, l) => s + l.months.split(',').slice(0, month).reduce((a, m) => a + Number(m), 0), 0);
      const actual = balances.filter((b) => b.unit === unit && b.period <= period && Math.floor(b.period / 100) === DEMO_YEAR).reduce((s, b) => s + b.amount, 0);
      out.set(`${unit}|${period}`, budget - actual);
    }
  }
  return out;
}

describe('a sektorchef starting from an empty database', () => {
  it('holds exactly its sektor’s budget, outcome, deviations and comments after the controller’s first package', async () => {
    const dir = tempDir('ramkoll-xsector-');
    const controller = path.join(dir, 'controller.db');
    const chief = path.join(dir, 'sektorchef.db');
    expect(runCli(['init', '--db', controller, '--demo', '--year', String(DEMO_YEAR)]).code).toBe(0);

    // The demo's October round is open: the controller writes comments in and outside the sektor on the calendar's occasion.
    const ctx = await openTestContext(controller);
    const october = occasionForPeriod(ctx.db, DEMO_YEAR * 100 + 10)!;
    expect(october.lockedAt).toBeNull();
    const written = ['31101', '31102', '32101', '33101', '3100'].filter((unit) => writeComment(ctx, october.id, unit, { cause: `Orsak för ${unit}` }));
    expect(written).toContain('3100');
    ctx.db.close();

    // The sektorchef: `ramkoll init` without --demo, role and scope, and a presentation for the controller.
    expect(runCli(['init', '--db', chief]).code).toBe(0);
    const site = runCliJson<{ id: string; role: string; scope: string; fingerprint: string }>(['site', 'set', '--db', chief, '--role', 'sektorchef', '--scope', SECTOR, '--name', 'Sektorchef äldreomsorg']);
    expect(site).toMatchObject({ role: 'sektorchef', scope: SECTOR });
    expect(site.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    expect(runCliJson<{ id: string }>(['site', '--db', chief])).toMatchObject({ id: site.id, fingerprint: site.fingerprint });
    const intro = path.join(dir, 'intro.ramkoll');
    runCliJson(['exchange', 'introduce', '--db', chief, '--out', intro]);
    // The controller compares the fingerprint with the sektorchef and accepts the presentation.
    runCliJson(['exchange', 'import', intro, '--db', controller, '--accept-sender']);

    const pkg = path.join(dir, 'sektor.ramkoll');
    const sent = runCliJson<{ changes: number; outcomeRows: number }>(['exchange', 'export', '--db', controller, '--to', site.id, '--out', pkg]);
    expect(sent.changes).toBeGreaterThan(0);
    // The controller is new to the sektorchef: the package is shown, not read in, until the sektorchef accepts it.
    const first = runCli(['exchange', 'import', pkg, '--db', chief]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/är ny här och presenterar sig som controller för hela organisationen, med nyckelns fingeravtryck [0-9A-F ]{39}\..*Inget har lästs in\.$/m);
    expect(runCli(['exchange', 'inspect', pkg, '--db', chief]).stdout).toMatch(/är ny här.*\n {4}Godta med --accept-sender på ramkoll exchange import\.\n/);
    const got = runCliJson<{ applied: number; refused: number; conflicts: number; senderStatus: string }>(['exchange', 'import', pkg, '--db', chief, '--accept-sender']);
    expect(got).toMatchObject({ refused: 0, conflicts: 0, senderStatus: 'new' });

    const c = read(controller);
    const s = read(chief);
    const sectorLines = c.lines.filter((l) => inSector.has(l.unit));
    const sectorBalances = c.balances.filter((b) => inSector.has(b.unit));
    expect(sectorLines.length).toBeGreaterThan(100);
    expect(sectorBalances.length).toBeGreaterThan(1000);
    expect(s.lines).toEqual(sectorLines);
    expect(s.balances).toEqual(sectorBalances);
    expect(sent.outcomeRows).toBe(sectorBalances.length);
    expect(s.comments).toEqual(c.comments.filter((x) => inSector.has(x.unit)));
    const inOctober = (list: Comment[]) => list.filter((x) => x.occasion === october.name).map((x) => x.unit);
    expect(inOctober(s.comments)).toEqual(expect.arrayContaining(['3100', '31101', '31102']));
    expect(inOctober(s.comments)).not.toContain('32101');
    expect(inOctober(c.comments)).toEqual(expect.arrayContaining(['32101', '33101']));
    for (const unit of written.filter((u) => inSector.has(u))) expect(s.comments.find((x) => x.unit === unit && x.occasion === october.name)?.cause).toBe(`Orsak för ${unit}`);
    const dev = deviations(s.lines, s.balances);
    expect(dev.size).toBeGreaterThan(100);
    expect(dev).toEqual(deviations(sectorLines, sectorBalances));

    // The locks arrived, and each took the same snapshot as the controller's, for the sektor's part.
    expect(c.locked.length).toBeGreaterThan(5);
    expect(s.locked).toEqual(c.locked);
    expect(s.snapshots.length).toBeGreaterThan(1000);
    // An omfördelning between the sektor and another sektor travels with it, and its other end is a row of the snapshot too (the same as the controller's).
    const counterparts = reallocationCounterparts(controller);
    expect(counterparts.size).toBeGreaterThan(0);
    expect(s.snapshots).toEqual(c.snapshots.filter((x) => inSector.has(x.unit) || (x.account === '' && counterparts.has(x.unit) && x.actualAcc === 0)));
    expect(s.snapshotForecasts.length).toBeGreaterThan(0);
    expect(s.snapshotForecasts).toEqual(c.snapshotForecasts.filter((x) => inSector.has(x.unit)));
    // The goal round of the sektor's goals came along with the chain.
    expect(s.assessments.length).toBeGreaterThan(5);
    expect(s.assessments).toEqual(c.assessments.filter((x) => inSector.has(x.unit)));

    // What `ramkoll summary` shows for the year is the sektor's part of the controller's figures.
    const summary = runCliJson<{ budgetLines: number; outcomeRows: number; actualTotal: number }>(['summary', '--db', chief, '--year', String(DEMO_YEAR)]);
    expect(summary.budgetLines).toBe(sectorLines.length);
    expect(summary.actualTotal).toBe(sectorBalances.filter((b) => Math.floor(b.period / 100) === DEMO_YEAR).reduce((a, b) => a + b.amount, 0));

    // A second export has nothing new once the sektorchef has confirmed; importing it changes nothing.
    const back = path.join(dir, 'tillbaka.ramkoll');
    runCliJson(['exchange', 'export', '--db', chief, '--to', runCliJson<{ id: string }>(['site', '--db', controller]).id, '--out', back]);
    runCliJson(['exchange', 'import', back, '--db', controller]);
    const again = path.join(dir, 'igen.ramkoll');
    expect(runCliJson<{ changes: number; outcomeRows: number }>(['exchange', 'export', '--db', controller, '--to', site.id, '--out', again])).toMatchObject({ changes: 0, outcomeRows: 0 });
  });
});
