import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

type View = Output<'followup.deviations.get'>;

/** The first answer Uppföljning asks for: only the top levels of the tree, marked partial, with the whole tree's figures. */
describe('followup.deviations.get with levels', () => {
  it('sends only the rows above the level asked for, the same rows as the whole view, and says it is partial', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'demo.db'), { demo: true });
    try {
      for (const groups of [false, true]) {
        const whole = (await invoke('followup.deviations.get', { period: 202610, groups }, ctx)) as View;
        const top = (await invoke('followup.deviations.get', { period: 202610, groups, levels: 2 }, ctx)) as View;
        expect(whole.partial).toBe(false);
        expect(top.partial).toBe(true);
        // Levels count from the top of the rows sent: the förvaltning and its sektorer (and, with groups, the förvaltning's account groups).
        const kept = whole.rows.filter((r) => r.depth < 2);
        expect(top.rows).toEqual(kept);
        expect(top.rows.length).toBeLessThan(whole.rows.length);
        expect(new Set(top.rows.filter((r) => r.kind === 'node').map((r) => r.level))).toEqual(new Set(['administration', 'sector']));
        expect(top.total).toEqual(whole.total);
      }
    } finally {
      ctx.db.close();
    }
  }, 120_000);
});
