import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameBalances } from '../../electron/services/budget/frames';
import { personnelOverview } from '../../electron/services/budget/personnel';
import { generateDemo } from '../../electron/services/demo/generate';
import { closingDate, demoTimeline, lastClosedPeriod } from '../../electron/services/demo/timeline';
import { defaultCalendar } from '../../electron/services/followup/calendar';
import { getSetting } from '../../electron/services/settings';
import { openRamkollDatabase } from '../../electron/services/setup';
import { addDays, isoDateOf, stockholmDate, stockholmInstant } from '../../shared/dates';
import { tempDir } from '../support/tmp';

/**
 * The demo förvaltning is built as of the clock's date and must make sense
 * on any day: outcome only for closed months, nothing dated in the future,
 * the reported occasions locked and the open round's month closed, goals
 * assessed only at occasions reached, every ram covering its lines.
 */

const occasionMonths = (year: number) => defaultCalendar(year).map((o) => o.period);

describe('the demo’s timeline (a month closes on the 10th of the month after)', () => {
  it('on 2026-12-06 is 2026 with outcome January–October and October open, as on 2026-11-20', () => {
    expect(demoTimeline('2026-12-06')).toEqual({ asOf: '2026-12-06', year: 2026, outcomeMonths: 10, openPeriod: 202610 });
    expect(demoTimeline('2026-11-20')).toEqual({ asOf: '2026-11-20', year: 2026, outcomeMonths: 10, openPeriod: 202610 });
    expect(demoTimeline('2026-12-10')).toMatchObject({ year: 2026, outcomeMonths: 11, openPeriod: 202610 });
    // Early in the year nothing of this year with an occasion has closed: last year, then complete, with its årsbokslut open from 10 January.
    expect(demoTimeline('2026-01-02')).toEqual({ asOf: '2026-01-02', year: 2025, outcomeMonths: 11, openPeriod: 202510 });
    expect(demoTimeline('2027-01-10')).toMatchObject({ year: 2026, outcomeMonths: 12, openPeriod: 202612 });
    expect(demoTimeline('2027-03-09')).toMatchObject({ year: 2026, outcomeMonths: 12, openPeriod: 202612 });
    expect(demoTimeline('2027-03-10')).toMatchObject({ year: 2027, outcomeMonths: 2, openPeriod: 202702 });
  });

  it('holds its rule on every date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), (n) => {
        const today = addDays('2020-01-01', n);
        const t = demoTimeline(today);
        const last = t.year * 100 + t.outcomeMonths;
        // Every month with outcome has closed; the month after has not, unless the year is complete.
        expect(closingDate(last) <= today).toBe(true);
        if (t.outcomeMonths < 12) expect(closingDate(last + 1) > today).toBe(true);
        expect(lastClosedPeriod(today) >= last).toBe(true);
        // The open round is the latest occasion with outcome.
        expect(t.openPeriod).toBe(Math.max(...occasionMonths(t.year).filter((p) => p <= last)));
      }),
      { numRuns: 500 },
    );
  });

  it('shows an earlier year as it stood on its last day as the demo’s year, and refuses a year without a closed month', () => {
    expect(demoTimeline('2026-11-20', 2025)).toEqual({ asOf: '2026-03-09', year: 2025, outcomeMonths: 12, openPeriod: 202512 });
    expect(() => demoTimeline('2026-11-20', 2027)).toThrow(/Demoförvaltningen för 2027 kan inte skapas per 2026-11-20/);
  });
});

const DATES = ['2026-01-02', '2026-03-10', '2026-06-30', '2026-08-10', '2026-12-31', '2027-01-12', '2027-03-15', '2028-02-29'];

describe.each(DATES)('the demo built on %s', (date) => {
  it('has outcome only for closed months, nothing in the future, locks only reported periods and ramar around its lines', async () => {
    const { db, site } = await openRamkollDatabase(path.join(tempDir(), `demo-${date}.db`), { create: true }, stockholmInstant(date, 9, 0));
    const now = stockholmInstant(date, 10, 15);
    const t = generateDemo(db, { siteId: site.id, user: 'test', now });
    const q = <T>(sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).all(...params) as T[];
    const one = <T>(sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).get(...params) as T;
    expect(t.asOf).toBe(date);
    expect(getSetting(db, 'demo.asOf')).toBe(date);
    expect(getSetting(db, 'year.active')).toBe(t.year);

    // Outcome: the demo year's closed months and all of last year, no period after the last closed one.
    const periods = q<{ period: number }>('SELECT DISTINCT period FROM actual_balance ORDER BY 1').map((r) => r.period);
    const expected = [...Array.from({ length: 12 }, (_, i) => (t.year - 1) * 100 + i + 1), ...Array.from({ length: t.outcomeMonths }, (_, i) => t.year * 100 + i + 1)];
    expect(periods).toEqual(expected);
    for (const p of periods) expect(closingDate(p) <= date, `outcome for ${p} before its books close`).toBe(true);

    // Nothing written, decided, locked or measured after now.
    const iso = now.toISOString();
    const late = [
      ...q<{ at: string }>('SELECT updated_at AS at FROM deviation_comment UNION ALL SELECT created_at FROM deviation_comment UNION ALL SELECT at FROM change_log'),
      ...q<{ at: string }>('SELECT updated_at AS at FROM goal_assessment UNION ALL SELECT created_at FROM goal_assessment_event UNION ALL SELECT updated_at FROM forecast'),
      ...q<{ at: string }>('SELECT locked_at AS at FROM reporting_occasion WHERE locked_at IS NOT NULL UNION ALL SELECT taken_at FROM occasion_snapshot'),
    ].filter((r) => r.at > iso);
    expect(late).toEqual([]);
    expect(q<{ d: string }>('SELECT decided_on AS d FROM reallocation WHERE decided_on > ?', date)).toEqual([]);
    expect(q<{ d: string }>('SELECT decided_on AS d FROM budget_change WHERE decided_on > ?', date)).toEqual([]);
    expect(q<{ d: string }>('SELECT measured_on AS d FROM indicator_value WHERE measured_on > ?', date)).toEqual([]);

    // The reported occasions are locked, the open round's month has closed, later occasions are open and untouched.
    const occasions = q<{ id: string; period: number; locked: number }>('SELECT id, period, locked_at IS NOT NULL AS locked FROM reporting_occasion WHERE deleted_at IS NULL ORDER BY period');
    for (const o of occasions) {
      if (o.period < t.openPeriod) expect(o.locked, `${o.period} reported`).toBe(1);
      else expect(o.locked, `${o.period} not reported`).toBe(0);
      if (o.locked) expect(closingDate(o.period) <= date).toBe(true);
    }
    expect(closingDate(t.openPeriod) <= date).toBe(true);
    const later = occasions.filter((o) => o.period > t.openPeriod).map((o) => o.id);
    const touched = (table: string) => later.length === 0 ? 0 : one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE occasion_id IN (${later.map(() => '?').join(',')})`, ...later).n;
    expect(touched('deviation_comment')).toBe(0);
    expect(touched('goal_assessment')).toBe(0);
    expect(touched('forecast')).toBe(0);
    // The open round has begun: some comments are written.
    const open = occasions.find((o) => o.period === t.openPeriod)!;
    expect(one<{ n: number }>('SELECT count(*) AS n FROM deviation_comment WHERE occasion_id = ?', open.id).n).toBeGreaterThan(0);

    // The adopted budget is inside its ram at every node that has one, and the personnel lines are those of the positions.
    const version = one<{ id: string }>("SELECT id FROM budget_version WHERE kind = 'adopted' AND year = ?", t.year);
    const frames = frameBalances(db, version.id).nodes.filter((n) => n.frameOre !== null);
    expect(frames.length).toBeGreaterThan(20);
    expect(frames.filter((n) => n.budgetedOre > n.frameOre!).map((n) => `${n.code}: ${n.budgetedOre} > ${n.frameOre}`)).toEqual([]);
    const personnel = personnelOverview(db, version.id);
    expect(personnel.generated.length).toBe(3);
    expect(personnel.generated.every((g) => g.upToDate)).toBe(true);
    db.close();
  }, 60_000);
});

it('the demo of a date is the same every time (no real clock inside)', async () => {
  const build = async (name: string) => {
    const { db, site } = await openRamkollDatabase(path.join(tempDir(), name), { create: true });
    generateDemo(db, { siteId: site.id, user: 'test', now: stockholmInstant('2026-06-30', 10, 15) });
    const rows = db.sqlite.prepare('SELECT period, sum(amount_ore) AS s FROM actual_balance GROUP BY 1 ORDER BY 1').all();
    const comments = db.sqlite.prepare('SELECT status, updated_at FROM deviation_comment ORDER BY updated_at, status').all();
    db.close();
    return { rows, comments };
  };
  expect(await build('a.db')).toEqual(await build('b.db'));
  expect(stockholmDate(stockholmInstant(isoDateOf(2026, 6, 30), 10, 15))).toBe('2026-06-30');
}, 60_000);
