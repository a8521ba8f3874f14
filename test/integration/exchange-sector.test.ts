import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import organisation from '../../resources/demo/organisation.json';
import { newId } from '../../electron/services/ids';
import { runCli, runCliJson } from '../support/cli';
import { DEMO_YEAR, openTestContext } from '../support/db';
import { insertComment, subtree } from '../support/exchange';
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
    return { lines, balances, comments };
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

    // Follow-up data the demo does not have: an occasion of its own (November, which the demo's calendar leaves out) and comments in and outside the sektor.
    const ctx = await openTestContext(controller);
    const occasion = newId();
    ctx.db
      .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, 'monthly_forecast', 'November', ?, ?, ?)")
      .run(occasion, DEMO_YEAR, DEMO_YEAR * 100 + 11, 'x', 'x', ctx.site.id);
    for (const unit of ['31101', '31102', '32101', '33101', '3100']) insertComment(ctx.db, ctx.site.id, occasion, unit, `Orsak för ${unit}`, 'draft');
    ctx.db.close();

    // The sektorchef: `ramkoll init` without --demo, role and scope, and a presentation for the controller.
    expect(runCli(['init', '--db', chief]).code).toBe(0);
    const site = runCliJson<{ id: string; role: string; scope: string; fingerprint: string }>(['site', 'set', '--db', chief, '--role', 'sektorchef', '--scope', SECTOR, '--name', 'Sektorchef äldreomsorg']);
    expect(site).toMatchObject({ role: 'sektorchef', scope: SECTOR });
    expect(site.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    expect(runCliJson<{ id: string }>(['site', '--db', chief])).toMatchObject({ id: site.id, fingerprint: site.fingerprint });
    const intro = path.join(dir, 'intro.ramkoll');
    runCliJson(['exchange', 'introduce', '--db', chief, '--out', intro]);
    runCliJson(['exchange', 'import', intro, '--db', controller]);

    const pkg = path.join(dir, 'sektor.ramkoll');
    const sent = runCliJson<{ changes: number; outcomeRows: number }>(['exchange', 'export', '--db', controller, '--to', site.id, '--out', pkg]);
    expect(sent.changes).toBeGreaterThan(0);
    const got = runCliJson<{ applied: number; refused: number; conflicts: number; senderStatus: string }>(['exchange', 'import', pkg, '--db', chief]);
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
    // Of the test's own comments, those in the sektor (the demo's comments on its occasions come along too).
    expect(s.comments.filter((x) => x.occasion === 'November').map((x) => x.unit).sort()).toEqual(['3100', '31101', '31102']);
    const dev = deviations(s.lines, s.balances);
    expect(dev.size).toBeGreaterThan(100);
    expect(dev).toEqual(deviations(sectorLines, sectorBalances));

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
