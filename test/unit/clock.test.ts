import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { systemClock } from '../../electron/services/clock';
import { ClockError, makeClock } from '../../shared/clock';
import { addDays, formatDate, formatDateTime, isIsoDate, parseDate, stockholmDate, stockholmInstant, stockholmParts } from '../../shared/dates';

describe('dates as people see them (shared/dates.ts)', () => {
  it('shows times in Swedish time, ÅÅÅÅ-MM-DD HH:MM, winter and summer, whatever the machine’s zone', () => {
    expect(formatDateTime('2026-11-20T10:05:00.000Z')).toBe('2026-11-20 11:05');
    expect(formatDateTime('2026-07-01T22:30:00Z')).toBe('2026-07-02 00:30');
    expect(formatDateTime('2026-12-31T23:30:00Z')).toBe('2027-01-01 00:30');
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    expect(formatDate('2026-03-18')).toBe('2026-03-18');
    expect(formatDate(null)).toBe('');
  });

  it('finds the instant Stockholm’s clocks show a date and time, next to the summer-time changes too', () => {
    expect(stockholmInstant('2026-11-20', 10, 0).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(stockholmInstant('2026-07-01', 0, 30).toISOString()).toBe('2026-06-30T22:30:00.000Z');
    // 29 March 2026 02:00 → 03:00; 25 October 2026 03:00 → 02:00.
    expect(stockholmInstant('2026-03-29', 1, 59).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(stockholmInstant('2026-03-29', 3, 0).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(stockholmDate(stockholmInstant('2026-03-29', 2, 30))).toBe('2026-03-29');
    expect(stockholmInstant('2026-10-25', 4, 0).toISOString()).toBe('2026-10-25T03:00:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        const p = stockholmParts(new Date(t));
        const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
        const back = stockholmInstant(date, p.hour, p.minute, p.second, p.millisecond);
        // The same wall time maps back to the instant, except in the repeated hour of October (the first of the two).
        expect(Math.abs(back.getTime() - t) === 0 || Math.abs(back.getTime() - t) === 3_600_000).toBe(true);
        expect(stockholmDate(back)).toBe(date);
      }),
    );
  });

  it('reads a typed date, or says in Swedish how to write it', () => {
    expect(parseDate('2026-03-18')).toEqual({ ok: true, value: '2026-03-18' });
    expect(parseDate(' 2026-3-5 ')).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseDate('20260318')).toEqual({ ok: true, value: '2026-03-18' });
    expect(parseDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
    expect(parseDate('2026-02-29')).toEqual({ ok: false, message: '2026-02-29 finns inte: februari 2026 har 28 dagar.' });
    expect(parseDate('03/18/2026')).toMatchObject({ ok: false, message: expect.stringContaining('ÅÅÅÅ-MM-DD') });
    expect(parseDate('2026-13-01')).toMatchObject({ ok: false, message: expect.stringContaining('Månaden 13 finns inte') });
    expect(parseDate('')).toMatchObject({ ok: false, message: expect.stringContaining('Datum saknas') });
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('the one clock (shared/clock.ts, RAMKOLL_TODAY)', () => {
  const real = () => new Date('2026-12-06T13:45:10.250Z');

  it('follows the machine’s clock when nothing is pinned', () => {
    const c = makeClock(undefined, real);
    expect(c.pinned).toBeNull();
    expect(c.now().toISOString()).toBe('2026-12-06T13:45:10.250Z');
    expect(c.today()).toBe('2026-12-06');
    expect(makeClock('', real).pinned).toBeNull();
  });

  it('pins the Swedish date and keeps the time of day running, across summer time and near midnight', () => {
    expect(makeClock('2026-08-20', real).now().toISOString()).toBe('2026-08-20T12:45:10.250Z');
    expect(makeClock('2026-08-20', real).today()).toBe('2026-08-20');
    // 23:30 in Stockholm on a winter night stays 23:30 on a summer date (a plain shift by days would land on the next day).
    const late = () => new Date('2026-12-06T22:30:00Z');
    const c = makeClock('2026-07-01', late);
    expect(stockholmDate(c.now())).toBe('2026-07-01');
    expect(formatDateTime(c.now())).toBe('2026-07-01 23:30');
    // Timestamps still advance.
    let t = Date.parse('2026-12-06T08:00:00Z');
    const ticking = makeClock('2027-03-15', () => new Date((t += 1000)));
    expect(ticking.now().getTime()).toBeLessThan(ticking.now().getTime());
  });

  it('refuses a pinned value that is not a date, with a Swedish message, never falling back to the machine’s date', () => {
    for (const bad of ['2026-13-01', '2026-02-30', '20.8.2026', 'idag', '2026-8-20']) {
      expect(() => makeClock(bad, real)).toThrow(ClockError);
      expect(() => makeClock(bad, real)).toThrow(/RAMKOLL_TODAY är ".*", som inte är ett datum\. Ange dagens datum som ÅÅÅÅ-MM-DD/);
    }
    expect(() => systemClock({ RAMKOLL_TODAY: '2026-02-30' })).toThrow(RamkollError);
    expect(systemClock({ RAMKOLL_TODAY: '2027-03-15' }).today()).toBe('2027-03-15');
    expect(systemClock({}).pinned).toBeNull();
  });
});
