import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOccasions } from '../../electron/services/followup/calendar';
import { figureTree } from '../../electron/services/followup/figures';
import type { Actor } from '../../electron/services/followup/model';
import { reportDocument } from '../../electron/services/reports/document';
import { buildReport } from '../../electron/services/reports/build';
import { textRound } from '../../electron/services/texts/sections';
import { parseRichText } from '../../shared/rich-text';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('the demo förvaltning’s text sections', () => {
  it('has approved texts in its reported tertial and delårsrapport, and the open round in progress with an utkast', async () => {
    const ctx = await openTestContext(path.join(tempDir('ramkoll-textdemo-'), 'demo.db'), { demo: true });
    const controller: Actor = { siteId: ctx.site.id, user: 'test', role: 'controller', scopeCode: null, now: ctx.now() };
    const occasions = listOccasions(ctx.db, 2026);
    const tertial = occasions.find((o) => o.kind === 'tertial')!;
    const interim = occasions.find((o) => o.kind === 'interim')!;
    const open = occasions.find((o) => o.period === 202610)!;
    for (const o of [tertial, interim]) {
      const round = textRound(ctx.db, controller, o.id);
      expect(round.occasion.lockedAt).not.toBeNull();
      expect(round.sections.every((s) => s.status === 'approved')).toBe(true);
      expect(new Set(round.sections.filter((s) => s.code === '3000').map((s) => s.kind))).toEqual(new Set(['summary', 'events', 'future', 'personnel', 'internal_control']));
      expect(round.sections.filter((s) => s.kind === 'events').map((s) => s.code)).toEqual(['3000', '3100', '3200', '3300']);
      for (const s of round.sections) {
        expect(parseRichText(s.body).problems).toEqual([]);
        expect(s.body).not.toMatch(/lorem/i);
      }
    }
    const openRound = textRound(ctx.db, controller, open.id);
    expect(openRound.sections.map((s) => [s.kind, s.code, s.status])).toEqual([
      ['summary', '3000', 'draft'],
      ['events', '3100', 'approved'],
      ['events', '3200', 'ready'],
    ]);
    // The summary's table holds the demo's own deviations per sektor, in tkr.
    const tree = figureTree(ctx.db, { period: interim.period });
    const care = tree.byKey.get('n:3100')!.figures;
    const summary = textRound(ctx.db, controller, interim.id).sections.find((s) => s.kind === 'summary')!;
    const tkr = (ore: number) => `${ore < 0 ? '−' : ''}${Math.round(Math.abs(ore) / 100_000).toLocaleString('sv-SE')}`;
    expect(summary.body).toContain(`| Äldreomsorg | ${tkr(care.budgetAcc - care.actualAcc)} | ${tkr(care.budgetYear - care.forecastYear!)} |`);
    // The delårsrapport carries them, in the kinds' order.
    const doc = reportDocument(buildReport(ctx.db, { period: interim.period, scope: null, now: ctx.now() }));
    expect(doc.sections.slice(0, 5).map((s) => s.title)).toEqual(['Sammanfattning', 'Väsentliga händelser', 'Framtid och utmaningar', 'Personal', 'Intern kontroll']);
    ctx.db.close();
  }, 120_000);
});
