import { describe, expect, it } from 'vitest';
import { easterSunday, swedishHolidays, workingDaysPerMonth } from '../../electron/services/budget/holidays';

describe('Swedish holidays', () => {
  it('finds Easter Sunday (dates from the almanac)', () => {
    expect(easterSunday(2000)).toEqual([4, 23]);
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2025)).toEqual([4, 20]);
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
    expect(easterSunday(2038)).toEqual([4, 25]);
  });

  it('lists the movable holidays of 2026 on the right dates', () => {
    const byName = new Map(swedishHolidays(2026).map((h) => [h.name, h.date]));
    expect(byName.get('Långfredagen')).toBe('2026-04-03');
    expect(byName.get('Annandag påsk')).toBe('2026-04-06');
    expect(byName.get('Kristi himmelsfärdsdag')).toBe('2026-05-14');
    expect(byName.get('Pingstdagen')).toBe('2026-05-24');
    expect(byName.get('Midsommarafton')).toBe('2026-06-19');
    expect(byName.get('Midsommardagen')).toBe('2026-06-20');
    expect(byName.get('Alla helgons dag')).toBe('2026-10-31');
  });

  it('counts working days per month (2026 counted by hand from the calendar)', () => {
    const days = workingDaysPerMonth(2026);
    // January: 22 weekdays less New Year (Thu) and Epiphany (Tue).
    expect(days[0]).toBe(20);
    // April: 22 weekdays less Good Friday and Easter Monday.
    expect(days[3]).toBe(20);
    // June: 22 weekdays less midsummer eve (Fri); national day is a Saturday.
    expect(days[5]).toBe(21);
    // December: 23 weekdays less Christmas Eve, Christmas Day and New Year's Eve.
    expect(days[11]).toBe(20);
  });
});
