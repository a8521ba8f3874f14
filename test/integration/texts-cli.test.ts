import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliTextRow } from '../../electron/api/features/texts';
import type { Actor } from '../../electron/services/followup/model';
import { changeTextStatus, saveText } from '../../electron/services/texts/sections';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { tempDir } from '../support/tmp';

describe('ramkoll texts', () => {
  it('lists the occasion’s texts in report order with node, status, author, time and text', async () => {
    const file = path.join(tempDir('ramkoll-textscli-'), 'r.db');
    const ctx = await openTestContext(file);
    const data = createSmallForvaltning(ctx.db, ctx.site.id);
    const a = (user: string): Actor => ({ siteId: ctx.site.id, user, role: 'controller', scopeCode: null, now: ctx.now() });
    const o = data.occasionId;
    saveText(ctx.db, a('sektorchef.ett'), { occasionId: o, code: '9100', kind: 'events', body: 'Nytt boende **öppnat**.\n\n- 40 platser' });
    changeTextStatus(ctx.db, a('sektorchef.ett'), { occasionId: o, code: '9100', kind: 'events', action: 'ready' });
    changeTextStatus(ctx.db, a('controller'), { occasionId: o, code: '9100', kind: 'events', action: 'approve' });
    saveText(ctx.db, a('controller'), { occasionId: o, code: '9000', kind: 'summary', body: 'Prognosen visar ett underskott.' });
    ctx.db.close();

    const rows = runCliJson<CliTextRow[]>(['texts', '--db', file, '--occasion', '202610']);
    expect(rows).toEqual([
      { occasion: 'Oktober 2026', period: 202610, kind: 'summary', kindName: 'Sammanfattning', code: '9000', name: 'Testförvaltningen', level: 'administration', status: 'draft', author: 'controller', updatedAt: ctx.now().toISOString(), returnNote: null, text: 'Prognosen visar ett underskott.' },
      { occasion: 'Oktober 2026', period: 202610, kind: 'events', kindName: 'Väsentliga händelser', code: '9100', name: 'Sektor Ett', level: 'sector', status: 'approved', author: 'sektorchef.ett', updatedAt: ctx.now().toISOString(), returnNote: null, text: 'Nytt boende **öppnat**.\n\n- 40 platser' },
    ]);
    const text = runCli(['texts', '--db', file, '--occasion', '202610']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('== Väsentliga händelser ==');
    expect(text.stdout).toContain('9100 Sektor Ett: godkänd, sektorchef.ett');
    expect(runCli(['texts', '--db', file, '--occasion', '2026-10']).code).toBe(2);
    const none = runCli(['texts', '--db', file, '--occasion', '202605', '--json']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/inget uppföljningstillfälle för 202605/);
    expect(runCli(['--help']).stdout).toMatch(/texts\s+textavsnitten/);
    expect(runCli(['texts', '--help']).stdout).toContain('{ occasion, period, kind, kindName, code, name, level, status, author, updatedAt,');

    // A section of the kommun's own, placed after Sammanfattning.
    const added = runCli(['texts', 'kind', '--db', file, '--code', 'miljo', '--name', 'Miljö och klimat', '--order', '15', '--json']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ code: 'miljo', name: 'Miljö och klimat', guidance: '', sortOrder: 15 });
    const bad = runCli(['texts', 'kind', '--db', file, '--code', 'Miljö!', '--name', 'X']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/små bokstäver/);
    const again = await openTestContext(file);
    saveText(again.db, a('controller'), { occasionId: o, code: '9000', kind: 'miljo', body: 'Förvaltningen har bytt till fossilfria bilar.' });
    again.db.close();
    expect(runCliJson<CliTextRow[]>(['texts', '--db', file, '--occasion', '202610']).map((r) => r.kind)).toEqual(['summary', 'miljo', 'events']);
  });
});
