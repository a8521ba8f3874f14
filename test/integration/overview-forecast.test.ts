import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('Översikt: a prognos column beside the ack figures', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await openTestContext(path.join(tempDir(), 'overview-forecast.db'), { demo: true });
  });

  it('shows per sektor and in total the helårsprognos Uppföljning shows for the same period, from the same occasion', async () => {
    const ov = await call('overview.get', {}, ctx);
    expect(ov.latestPeriod).not.toBeNull();
    const view = await call('followup.deviations.get', { period: ov.latestPeriod! }, ctx);
    expect(view.forecastOccasion).not.toBeNull();
    expect(ov.forecastOccasion).toEqual({ name: view.forecastOccasion!.name, period: view.forecastOccasion!.period });
    const sectors = ov.sectors.filter((s) => s.kind === 'sector');
    expect(sectors.length).toBeGreaterThan(1);
    for (const s of sectors) {
      const row = view.rows.find((r) => r.kind === 'node' && r.code === s.code)!;
      expect(s.forecastYear, s.code).toBe(row.forecastYear);
    }
    const root = view.rows.find((r) => r.parentKey === null)!;
    expect(ov.total.forecastYear).toBe(root.forecastYear);
    // A forecast that is not just the budget: the demo's occasions set some.
    expect(sectors.some((s) => s.forecastYear !== s.budgetYear)).toBe(true);
  });
});
