import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertVersionEditable, insertBudgetLines } from '../../electron/services/budget/lines';
import { workingDaysPerMonth } from '../../electron/services/budget/holidays';
import { naturalId, newId } from '../../electron/services/ids';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('insertBudgetLines', () => {
  it('periodises by profile, keeps manual months, and refuses a locked version', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'l.db'), { demo: true });
    const at = ctx.now().toISOString();
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    expect(() => assertVersionEditable(ctx.db, adopted)).toThrow(/låst/);

    const draft = newId();
    ctx.db.run(
      ctx.db.q.insertInto('budget_version').values({ id: draft, year: 2026, name: 'Arbete', kind: 'draft', based_on_id: null, decision_ref: null, locked_at: null, created_at: at, updated_at: at, updated_by_site: ctx.site.id, deleted_at: null }),
    );
    const even = naturalId('profile', 'jamn');
    const ids = ctx.db.tx(() =>
      insertBudgetLines(
        ctx.db,
        draft,
        [
          { account: '4010', responsibility: '31101', yearOre: 1_200_001 },
          { account: '4010', responsibility: '31102', yearOre: -250_000, profileId: naturalId('profile', 'arbetsdagar') },
          { account: '4010', responsibility: '31103', yearOre: 300, months: [300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
          { account: '5010', responsibility: '31101', yearOre: 1_000_000, profileId: naturalId('profile', 'forra-aret') },
        ],
        { siteId: ctx.site.id, at },
        even,
      ),
    );
    const rows = ids.map((id) => ctx.db.prepare('SELECT * FROM budget_line WHERE id = ?').get(id) as Record<string, number | string | null>);
    const months = (r: Record<string, unknown>) => Array.from({ length: 12 }, (_, i) => r[`m${String(i + 1).padStart(2, '0')}_ore`] as number);
    // Even: 1 200 001 öre = 100 000 × 12 + 1, the extra öre to the first month.
    expect(months(rows[0]!)).toEqual([100_001, ...new Array(11).fill(100_000)]);
    // Working days: proportional to the days of each month, summing exactly.
    const wd = workingDaysPerMonth(2026);
    const total = wd.reduce((a, b) => a + b, 0);
    months(rows[1]!).forEach((m, i) => expect(Math.abs(m - (-250_000 * wd[i]!) / total)).toBeLessThan(1));
    expect(months(rows[1]!).reduce((a, b) => a + b, 0)).toBe(-250_000);
    expect(rows[2]!.manual).toBe(1);
    expect(rows[2]!.profile_id).toBeNull();
    // Last year's outcome: the demo has salaries for 2025, low in July.
    const m4 = months(rows[3]!);
    expect(m4.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(m4[6]!).toBeLessThan(m4[5]!);

    expect(() => ctx.db.tx(() => insertBudgetLines(ctx.db, draft, [{ account: '4010', responsibility: '31101', yearOre: 10, months: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }], { siteId: ctx.site.id, at }, even))).toThrow(
      /summerar till 1 öre/,
    );
    ctx.db.close();
  });
});
