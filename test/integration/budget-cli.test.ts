import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { BudgetVersionInfo } from '../../electron/api/features/budget';
import { runCli, runCliJson } from '../support/cli';
import { contentHash } from '../support/db';
import { tempDir } from '../support/tmp';

describe('ramkoll budget versions | copy | lock', () => {
  it('lists, copies and locks budget versions, and refuses to lock twice without changing anything', () => {
    const db = path.join(tempDir(), 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const before = runCliJson<BudgetVersionInfo[]>(['budget', 'versions', '--db', db]);
    expect(before.map((v) => [v.name, v.kind, v.current])).toEqual([['Budget 2026', 'adopted', true]]);

    const copied = runCliJson<{ id: string; copiedLines: number; copiedFrames: number; copiedPositions: number; copiedChanges: number }>(['budget', 'copy', '--db', db, '--from', 'current', '--name', 'Revidering juni', '--kind', 'revision']);
    expect(copied.copiedLines).toBe(before[0]!.lines);
    // The ramar, positions and VF-lista come along, as many as the adopted budget has.
    const live = (table: string, version: string) => {
      const file = new BetterSqlite3(db, { readonly: true });
      try {
        return (file.prepare(`SELECT count(*) AS n FROM ${table} WHERE version_id = ? AND deleted_at IS NULL`).get(version) as { n: number }).n;
      } finally {
        file.close();
      }
    };
    expect(copied.copiedFrames).toBe(live('frame', before[0]!.id));
    expect(copied.copiedFrames).toBeGreaterThan(0);
    expect([copied.copiedFrames, copied.copiedPositions, copied.copiedChanges]).toEqual([live('frame', copied.id), live('personnel_position', copied.id), live('operational_change', copied.id)]);
    expect([copied.copiedPositions, copied.copiedChanges]).toEqual([live('personnel_position', before[0]!.id), live('operational_change', before[0]!.id)]);
    const text = runCli(['budget', 'versions', '--db', db]);
    expect(text.code).toBe(0);
    // The copy has as many lines as the adopted budget, printed Swedish style ("1 020 rader").
    const shown = before[0]!.lines.toLocaleString('sv-SE').replace(/\s/g, '[\\s\\u00a0]');
    expect(text.stdout).toMatch(new RegExp(`Revidering juni {2}revidering {2}öppen {2}${shown} rader`));

    // A copy of the demo's budget, whose lines may exceed some ramar: confirmed (budget-lock-frames.test.ts tests the refusal).
    const locked = runCliJson<{ kind: string }>(['budget', 'lock', '--db', db, '--version', copied.id, '--decision', 'SN 2026-06-10 § 60', '--over-ram-ok']);
    expect(locked.kind).toBe('revision');
    const hash = contentHash(db);
    const again = runCli(['budget', 'lock', '--db', db, '--version', copied.id, '--decision', 'igen']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/redan låst/);
    expect(runCli(['budget', 'copy', '--db', db, '--from', 'finns-inte', '--name', 'X']).code).toBe(1);
    expect(runCli(['budget', 'copy', '--db', db, '--from', 'current', '--name', 'X', '--kind', 'adopted']).code).toBe(2);
    expect(contentHash(db)).toBe(hash);
    expect(runCli(['budget', 'lock', '--help']).stdout).toMatch(/--decision/);
  });
});
