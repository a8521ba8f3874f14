import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GoalTree, IndicatorImportResult } from '../../electron/api/features/goals';
import { runCli, runCliJson } from '../support/cli';
import { contentHash } from '../support/db';
import { suiteDir } from '../support/goals';
import { FIXTURES } from '../support/tmp';

/** Goals per level and status straight from the file, without the app's code. */
function sqlCounts(file: string, period: number): Record<string, Record<string, number>> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT g.level, COALESCE(a.status, 'unassessed') AS status, count(*) AS n FROM goal g
         JOIN reporting_occasion o ON o.period = ?
         LEFT JOIN goal_assessment a ON a.goal_id = g.id AND a.occasion_id = o.id AND a.deleted_at IS NULL
         WHERE g.deleted_at IS NULL AND g.level <> 'council' AND g.valid_from_year <= o.year AND (g.valid_to_year IS NULL OR g.valid_to_year >= o.year)
         GROUP BY 1, 2`,
      )
      .all(period) as { level: string; status: string; n: number }[];
    const out: Record<string, Record<string, number>> = {};
    for (const r of rows) (out[r.level] ??= {})[r.status] = r.n;
    return out;
  } finally {
    db.close();
  }
}

/** The occasions of a year as the file holds them: period and name, in period order. */
function occasionsInFile(file: string, year: number): { period: number; name: string }[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT period, name FROM reporting_occasion WHERE year = ? AND deleted_at IS NULL ORDER BY period').all(year) as { period: number; name: string }[];
  } finally {
    db.close();
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ramkoll goals', () => {
  const dir = suiteDir();
  const db = path.join(dir, 'demo.db');
  beforeAll(() => {
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
  });

  it('--occasion 202608 --json prints the tree with statuses, assessments and styrtal, and counts equal to the database', () => {
    const tree = runCliJson<GoalTree>(['goals', '--db', db, '--occasion', '202608']);
    expect(tree.occasion).toMatchObject({ period: 202608, kind: 'interim' });
    const levels = tree.rows.map((r) => r.level);
    expect(levels.filter((l) => l === 'council')).toHaveLength(3);
    expect(levels.filter((l) => l === 'board')).toHaveLength(6);
    // Depth first: every row's parent comes before it.
    const seen = new Set<string>();
    for (const r of tree.rows) {
      if (r.parentId !== null) expect(seen.has(r.parentId), r.code).toBe(true);
      seen.add(r.id);
    }
    const dm = tree.rows.find((r) => r.code === 'DM1.1.1')!;
    expect(dm.assessment).toMatchObject({ status: 'partly_met', roundStatus: 'approved' });
    expect(dm.assessment!.text).toMatch(/fyra av sex hemtjänstgrupper/);
    expect(dm.indicators.map((i) => [i.seriesKey, i.latest])).toEqual([
      ['U21468', { date: '2025-12-31', value: '87' }],
      ['SN-HT-FOK', { date: '2026-08-31', value: '88.5' }],
    ]);
    const counts: Record<string, Record<string, number>> = {};
    for (const c of tree.counts) for (const [k, n] of Object.entries(c.byStatus)) if (n > 0) (counts[c.level] ??= {})[k] = n;
    expect(counts).toEqual(sqlCounts(db, 202608));
    const april = occasionsInFile(db, 2026).find((o) => o.period === 202604)!;
    expect(runCli(['goals', '--db', db, '--occasion', '202604']).stdout).toMatch(new RegExp(`^${escape(april.name)} \\(april 2026\\)\\n[\\s\\S]*Antal per status:\\n {2}Nämndmål: 6`));
  });

  it('exits 1 for an occasion that does not exist, 2 without --occasion', () => {
    // July has no occasion in the calendar; the message names those there are.
    const occasions = occasionsInFile(db, 2026);
    expect(occasions.some((o) => o.period === 202607)).toBe(false);
    const none = runCli(['goals', '--db', db, '--occasion', '202607']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`inget uppföljningstillfälle för period 202607. Uppföljningstillfällen 2026: ${occasions.map((o) => `${o.period} (${o.name})`).join(', ')}.`);
    expect(runCli(['goals', '--db', db]).code).toBe(2);
    expect(runCli(['goals', '--help']).stdout).toMatch(/--occasion ÅÅÅÅMM/);
  });

  it('goals import reads styrtal values, and a bad file exits 1 with the database unchanged', () => {
    const before = contentHash(db);
    const bad = runCli(['goals', 'import', path.join(FIXTURES, 'goals', 'fel-varden.csv'), '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/fel-varden\.csv: 5 fel, inget har ändrats\. rad 3, kolumn Nyckeltal \(A\)/);
    expect(contentHash(db)).toBe(before);

    const r = runCliJson<IndicatorImportResult>(['goals', 'import', path.join(FIXTURES, 'goals', 'kolada-export.csv'), '--db', db]);
    expect(r).toMatchObject({ applied: true, created: 1, updated: 2, unchanged: 2 });
    const text = runCli(['goals', 'import', path.join(FIXTURES, 'goals', 'kolada-export.csv'), '--db', db, '--dry-run']);
    expect(text.stdout).toMatch(/kolada-export\.csv: 10 rader; 0 nya värden, 0 ändrade, 5 oförändrade \(provkörning, inget sparat\)/);
  });
});
