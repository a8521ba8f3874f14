/**
 * `ramkoll calendar` (issue 17, point 5): the årshjul of a year with the
 * reporting occasions and the budget process's steps, late against the
 * program's clock — pinned (RAMKOLL_TODAY) or the machine's, here moved by
 * faketime to two other days — and the step commands.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YearCalendar } from '../../electron/api/features/planning-calendar';
import { CLI_TODAY, runCli, runCliJson } from '../support/cli';
import { ROOT, tempDir } from '../support/tmp';

/** The CLI on the machine's clock set to `at` by faketime, without RAMKOLL_TODAY. */
function atMachineTime(at: string, args: string[]): YearCalendar {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0' };
  delete env.RAMKOLL_TODAY;
  // A run of the whole suite under faketime leaves its own settings here; the inner faketime must start clean.
  for (const k of Object.keys(env)) if (k.startsWith('FAKETIME') || k === 'LD_PRELOAD') delete env[k];
  const r = spawnSync('faketime', [at, process.execPath, path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), ...args, '--json'], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`faketime ${at} ramkoll ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as YearCalendar;
}

const late = (c: YearCalendar) => c.steps.filter((s) => s.late).map((s) => [s.kind, s.daysLate]);

describe('ramkoll calendar', () => {
  let db: string;
  let dir: string;
  // One demo for the file (tempDir's folders go after each test).
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-calcli-'));
    db = path.join(dir, 'demo.db');
    const r = runCli(['init', '--db', db, '--demo', '--year', '2026']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the demo’s occasions and the steps due in the year, with what is late on the pinned day', () => {
    const c = runCliJson<YearCalendar>(['calendar', '--db', db]);
    expect(c.year).toBe(2026);
    expect(c.today).toBe(CLI_TODAY);
    expect(c.occasions.map((o) => o.period)).toEqual([202602, 202603, 202604, 202605, 202606, 202608, 202609, 202610, 202612]);
    // October is the open round: the enheter's deadline (15 November) has passed with comments missing.
    const october = c.occasions.find((o) => o.period === 202610)!;
    expect(october.passed).toEqual({ unit: true, operation: false, sector: false, administration: false });
    expect(october.overdueComments.unit).toBeGreaterThan(0);
    expect(october.late).toBe(true);
    expect(c.occasions.filter((o) => o.late).map((o) => o.period)).toEqual([202610]);
    // The steps planning 2027, dated 2026: all passed are done but detaljbudget från enheterna.
    expect(c.steps.map((s) => [s.dueOn, s.year, s.kind, s.actor, s.doneOn])).toEqual([
      ['2026-03-16', 2027, 'directive', 'economy', '2026-03-16'],
      ['2026-06-15', 2027, 'frames', 'council', '2026-06-15'],
      ['2026-08-25', 2027, 'other', 'controller', '2026-08-25'],
      ['2026-09-15', 2027, 'distribution', 'controller', '2026-09-15'],
      ['2026-10-15', 2027, 'detail_budget', 'unit', null],
      ['2026-11-25', 2027, 'board_decision', 'board', null],
      ['2026-12-10', 2027, 'registration', 'controller', null],
    ]);
    expect(late(c)).toEqual([['detail_budget', 36]]);
    expect(c.lateCount).toBe(2);
    // The year before holds the steps that planned 2026, all done.
    const y2025 = runCliJson<YearCalendar>(['calendar', '--db', db, '--year', '2025']);
    expect(y2025.steps.map((s) => s.year)).toEqual(Array(7).fill(2026));
    expect(y2025.steps.every((s) => s.doneOn !== null && !s.late)).toBe(true);
  });

  it('measures late by the machine’s clock when no date is pinned (faketime, two days)', () => {
    const oct = atMachineTime('2026-10-01 12:00:00', ['calendar', '--db', db]);
    expect(oct.today).toBe('2026-10-01');
    expect(late(oct)).toEqual([]);
    expect(oct.occasions.find((o) => o.period === 202610)!.passed.unit).toBe(false);
    const dec = atMachineTime('2026-12-01 12:00:00', ['calendar', '--db', db]);
    expect(dec.today).toBe('2026-12-01');
    expect(late(dec)).toEqual([
      ['detail_budget', 47],
      ['board_decision', 6],
    ]);
    expect(dec.occasions.find((o) => o.period === 202610)!.passed).toEqual({ unit: true, operation: true, sector: false, administration: false });
  });

  it('adds the default steps, a step of one’s own, marks one done and undoes it; says what is wrong', () => {
    const file = path.join(tempDir('ramkoll-calcli-steps-'), 'steps.db');
    expect(runCli(['init', '--db', file]).code).toBe(0);
    expect(runCliJson<{ added: number }>(['calendar', 'step', 'defaults', '--db', file, '--budget-year', '2027'])).toEqual({ added: 6 });
    const { id } = runCliJson<{ id: string }>(['calendar', 'step', 'add', '--db', file, '--budget-year', '2027', '--kind', 'annat', '--title', 'Budgetdialog', '--due', '2026-11-30', '--actor', 'sektor']);
    let c = runCliJson<YearCalendar>(['calendar', '--db', file, '--year', '2026']);
    expect(c.steps.map((s) => s.name)).toEqual([
      'Budgetdirektiv',
      'Ramar från KF',
      'Fördelning till sektorerna',
      'Detaljbudget från enheterna',
      'Nämndbeslut',
      'Budgetdialog',
      'Registrering i ekonomisystemet',
    ]);
    expect(late(c).map(([k]) => k)).toEqual(['directive', 'frames', 'distribution', 'detail_budget']);
    const detail = c.steps.find((s) => s.kind === 'detail_budget')!;
    expect(runCli(['calendar', 'step', 'done', detail.id, '--db', file]).code).toBe(0);
    c = runCliJson<YearCalendar>(['calendar', '--db', file, '--year', '2026']);
    expect(c.steps.find((s) => s.id === detail.id)).toMatchObject({ doneOn: CLI_TODAY, late: false });
    expect(runCli(['calendar', 'step', 'done', detail.id, '--db', file, '--undo']).code).toBe(0);
    expect(runCliJson<YearCalendar>(['calendar', '--db', file, '--year', '2026']).steps.find((s) => s.id === detail.id)).toMatchObject({ doneOn: null, late: true });
    expect(c.steps.find((s) => s.id === id)).toMatchObject({ actor: 'sector', late: false });

    const text = runCli(['calendar', '--db', file, '--year', '2026']);
    expect(text.stdout).toContain('Detaljbudget från enheterna (budget 2027), Enhet: FÖRSENAT 36 dagar');
    const bad = runCli(['calendar', 'step', 'add', '--db', file, '--budget-year', '2027', '--kind', 'annat', '--due', '2026-11-30', '--actor', 'sektor']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Rubrik: Ge steget en rubrik');
    const actor = runCli(['calendar', 'step', 'add', '--db', file, '--budget-year', '2027', '--kind', 'ramar', '--due', '2026-06-15', '--actor', 'kommunen']);
    expect(actor.code).not.toBe(0);
    expect(actor.stderr).toContain('--actor ska vara ekonomi');
    expect(runCliJson<YearCalendar>(['calendar', '--db', file, '--year', '2026']).steps).toHaveLength(7);
  }, 60_000);

  it('has help that says what late means', () => {
    const help = runCli(['calendar', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('ramkoll calendar --db DB [--year ÅÅÅÅ] [--json]');
    expect(help.stdout).toContain('när dess datum har passerat och det inte är markerat klart');
    expect(runCli(['--help']).stdout).toMatch(/calendar step defaults\s+lägger till budgetprocessens standardsteg/);
  });
});
