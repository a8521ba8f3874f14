import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentRound } from '../../electron/api/features/goal-round';
import { runCli, runCliJson } from '../support/cli';
import { suiteDir } from '../support/goals';

/** The uppdrag's follow-ups at an occasion straight from the file: code → [status, round status, text]. */
function followupsInFile(file: string, period: number): Record<string, [string | null, string, string]> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT a.code, f.status, f.round_status, f.text FROM assignment_followup f JOIN assignment a ON a.id = f.assignment_id
         JOIN reporting_occasion o ON o.id = f.occasion_id WHERE o.period = ? AND f.deleted_at IS NULL AND a.deleted_at IS NULL ORDER BY a.code`,
      )
      .all(period) as { code: string; status: string | null; round_status: string; text: string }[];
    return Object.fromEntries(rows.map((r) => [r.code, [r.status, r.round_status, r.text]]));
  } finally {
    db.close();
  }
}

describe('ramkoll uppdrag', () => {
  const dir = suiteDir();
  const db = path.join(dir, 'demo.db');
  beforeAll(() => {
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
  });

  it('--json prints the uppdrag with their follow-up at an occasion, as the file holds them', () => {
    const round = runCliJson<AssignmentRound>(['uppdrag', '--db', db, '--occasion', '202604', '--json']);
    expect(round.occasion).toMatchObject({ period: 202604, kind: 'tertial' });
    expect(round.assignments.map((a) => [a.code, a.origin, a.originName, a.owner.code, a.decisionRef])).toEqual([
      ['KF-U1', 'council', 'Kommunfullmäktige', '3000', 'KF § 14'],
      ['NU1', 'board', 'Nämnden', '3100', 'SN § 40'],
    ]);
    const fromFile = followupsInFile(db, 202604);
    expect(Object.keys(fromFile)).toEqual(['KF-U1', 'NU1']);
    for (const a of round.assignments) expect([a.followup!.status, a.followup!.roundStatus, a.followup!.text]).toEqual(fromFile[a.code]);
  });

  it('defaults to the latest goal occasion begun by today, and writes text', () => {
    // RAMKOLL_TODAY is 2026-11-20: the delårsrapport (202608) is the latest tertial, delår or årsbokslut begun.
    const round = runCliJson<AssignmentRound>(['uppdrag', '--db', db, '--json']);
    expect(round.occasion.period).toBe(202608);
    const text = runCli(['uppdrag', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Uppdrag vid Delårsrapport augusti');
    expect(text.stdout).toContain('NU1 Minska andelen timanställda inom äldreomsorgen [Nämnden, SN § 40, 2026-03-18; 3100');
    expect(text.stdout).toMatch(/pågår \(godkänd, /);
    expect(text.stdout).toContain(followupsInFile(db, 202608)['NU1']![2]);
  });

  it('refuses a malformed or unknown occasion and is in the help', () => {
    expect(runCli(['uppdrag', '--db', db, '--occasion', '2026-08']).code).toBe(2);
    const none = runCli(['uppdrag', '--db', db, '--occasion', '203001', '--json']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/inget uppföljningstillfälle för period 203001/);
    expect(runCli(['--help']).stdout).toMatch(/uppdrag\s+särskilda uppdrag/);
    expect(runCli(['uppdrag', '--help']).stdout).toMatch(/closed_not_done\s+\(avslutat ej genomfört\)/);
  });
});
