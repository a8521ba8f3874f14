import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';
import { figureTree } from '../../electron/services/followup/figures';
import { keptFigureTree } from '../../electron/services/followup/kept-tree';
import { deviationRows, totalRow } from '../../electron/services/followup/rows';
import { actionPlanMarks } from '../../electron/services/action-plans/marks';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

type View = Output<'followup.deviations.get'>;

const PERIOD = 202610;

/** Uppföljning's tree is kept between asks on one connection, and built anew after any change to the database. */
describe('the kept figure tree of Uppföljning', () => {
  it('is reused while nothing changes, and never shows figures older than the database', async () => {
    const file = path.join(tempDir(), 'demo.db');
    const ctx = await openTestContext(file, { demo: true });
    const other = new Database(file);
    try {
      const fresh = () => {
        const t = figureTree(ctx.db, { period: PERIOD });
        return { rows: deviationRows(t, { groups: true, marks: actionPlanMarks(ctx.db, t) }), total: totalRow(t) };
      };
      const view = async () => {
        const v = (await invoke('followup.deviations.get', { period: PERIOD, groups: true, levels: null }, ctx)) as View;
        return { rows: v.rows, total: v.total };
      };

      const first = keptFigureTree(ctx.db, { period: PERIOD });
      expect(keptFigureTree(ctx.db, { period: PERIOD })).toBe(first);
      expect(keptFigureTree(ctx.db, { period: PERIOD - 1 })).not.toBe(first);
      expect(await view()).toEqual(fresh());

      // A write on this connection that does not move a figure still builds the tree anew.
      const before = keptFigureTree(ctx.db, { period: PERIOD });
      ctx.db.prepare("UPDATE budget_line SET note = 'kept-tree' WHERE rowid = (SELECT min(rowid) FROM budget_line)").run();
      expect(keptFigureTree(ctx.db, { period: PERIOD })).not.toBe(before);

      // A budget line raised on this connection (the triggers keep the sums): the view has it.
      const line = ctx.db
        .prepare("SELECT b.rowid AS id FROM budget_line b JOIN budget_version v ON v.id = b.version_id WHERE v.kind = 'adopted' AND b.deleted_at IS NULL AND b.m01_ore <> 0 LIMIT 1")
        .get() as { id: number };
      const totalBefore = (await view()).total.budgetYear;
      ctx.db.prepare('UPDATE budget_line SET m01_ore = m01_ore + 1234500, year_ore = year_ore + 1234500 WHERE rowid = ?').run(line.id);
      const afterOwn = await view();
      expect(afterOwn.total.budgetYear).toBe(totalBefore + 1234500);
      expect(afterOwn).toEqual(fresh());

      // The same from another connection (another window or the CLI on the same file): data_version moves.
      other.prepare('UPDATE budget_line SET m01_ore = m01_ore + 100, year_ore = year_ore + 100 WHERE rowid = ?').run(line.id);
      const afterOther = await view();
      expect(afterOther.total.budgetYear).toBe(totalBefore + 1234600);
      expect(afterOther).toEqual(fresh());

      // A rolled-back write leaves the figures as they were, whether or not the tree is built again.
      try {
        ctx.db.tx(() => {
          ctx.db.prepare('UPDATE budget_line SET m01_ore = m01_ore + 1, year_ore = year_ore + 1 WHERE rowid = ?').run(line.id);
          throw new Error('rollback');
        });
      } catch {
        // expected
      }
      expect(await view()).toEqual(fresh());
      expect((await view()).total.budgetYear).toBe(totalBefore + 1234600);
    } finally {
      other.close();
      ctx.db.close();
    }
  }, 120_000);
});
