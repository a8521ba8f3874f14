import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { ReportOptionsView } from '../../electron/api/features/reports';
import type { Overview } from '../../electron/services/figures/overview';
import { invoke } from '../../electron/api/invoke';
import { localSite } from '../../electron/services/setup';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, openTestContext } from '../support/db';
import { expectedInUnit, xlsxRowNumbers, xlsxSheets } from '../support/reports';
import { suiteDir } from '../support/goals';

const AUGUST = 202608;

/**
 * A sektorchef's database holds only its sektor's figures (what the
 * controller's package brought): its report must not present them as the
 * whole förvaltning's.
 */
describe('reports from a sektorchef’s installation', () => {
  const dir = suiteDir('ramkoll-reports-sektor-');
  const controller = path.join(dir, 'controller.db');
  const sector = path.join(dir, 'sektor.db');
  let own: CliDeviationRow;

  beforeAll(() => {
    const ok = (args: string[]) => {
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(0);
    };
    ok(['init', '--db', controller, '--demo', '--year', '2026']);
    ok(['init', '--db', sector, '--year', '2026']);
    ok(['site', 'set', '--db', sector, '--name', 'Sektor Äldreomsorg', '--role', 'sektorchef', '--scope', '3100']);
    const id = runCliJson<{ id: string }>(['site', '--db', sector, '--json']).id;
    ok(['exchange', 'introduce', '--db', sector, '--out', path.join(dir, 'intro.ramkoll')]);
    ok(['exchange', 'import', path.join(dir, 'intro.ramkoll'), '--db', controller, '--accept-sender']);
    ok(['exchange', 'export', '--db', controller, '--to', id, '--out', path.join(dir, 'sektor.ramkoll')]);
    ok(['exchange', 'import', path.join(dir, 'sektor.ramkoll'), '--db', sector, '--accept-sender']);
    // The sektor's figures as the controller, who holds the whole förvaltning, has them.
    own = runCliJson<CliDeviationRow[]>(['deviations', '--db', controller, '--period', String(AUGUST), '--level', 'sector']).find((r) => r.code === '3100')!;
  }, 120_000);

  it('Översikt shows its own sektor, not the other sektorer at 0 kr; the controller’s shows them all', async () => {
    const sctx = await openTestContext(sector);
    const cctx = await openTestContext(controller);
    try {
      const mine = (await invoke('overview.get', { year: 2026 }, { ...sctx, site: localSite(sctx.db) })) as Overview;
      const all = (await invoke('overview.get', { year: 2026 }, { ...cctx, site: localSite(cctx.db) })) as Overview;
      expect(mine.scope).toEqual({ code: '3100', name: 'Äldreomsorg' });
      expect(mine.sectors.map((r) => r.code)).toEqual(['3100']);
      const theirs = all.sectors.find((r) => r.code === '3100')!;
      expect(mine.sectors[0]).toMatchObject({ budgetYear: theirs.budgetYear, budgetAcc: theirs.budgetAcc, actualAcc: theirs.actualAcc });
      expect(mine.total.actualAcc).toBe(theirs.actualAcc);
      expect(all.scope).toBeNull();
      expect(all.sectors.filter((r) => r.kind === 'sector').length).toBeGreaterThan(1);
    } finally {
      sctx.db.close();
      cctx.db.close();
    }
  });

  it('offers only its own sektor, not the whole förvaltning', async () => {
    const ctx = await openTestContext(sector);
    try {
      const o = (await invoke('reports.options', {}, { ...ctx, site: localSite(ctx.db) })) as ReportOptionsView;
      expect(o.onlyScope).toBe('3100');
      expect(o.scopes).toEqual([{ code: '3100', name: 'Äldreomsorg' }]);
    } finally {
      ctx.db.close();
    }
  });

  it('reports on its sektor when no scope is given, with the sektor’s figures as the controller has them', async () => {
    const file = path.join(dir, 'sektor.xlsx');
    const r = runCli(['report', '--db', sector, '--occasion', String(AUGUST), '--format', 'xlsx', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const { sheets } = await xlsxSheets(file);
    // One row per verksamhet of the sektor, the sektor as the total; no sheet per sektor of the förvaltning.
    expect(sheets.has('Per sektor')).toBe(false);
    const total = xlsxRowNumbers(sheets.get('Per verksamhet')!, 'Totalt');
    expect(total).toEqual([own.budgetYear, own.budgetAcc, own.actualAcc, own.deviationAcc, own.forecastYear!, own.deviationForecast!].map((v) => expectedInUnit(v, 'tkr')));
    const front = [...sheets.values()][0]!.flat().filter((v): v is string => typeof v === 'string');
    expect(front).toContain('Sektor 3100 Äldreomsorg');
    expect(front).not.toContain('Hela förvaltningen');
  });

  it('refuses a scope outside its sektor, saying what it holds, and writes nothing', () => {
    const before = contentHash(sector);
    const file = path.join(dir, 'annan.xlsx');
    const r = runCli(['report', '--db', sector, '--occasion', String(AUGUST), '--scope', '3200', '--format', 'xlsx', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: Den här installationen är sektorchef för 3100 Äldreomsorg och har bara dess siffror: rapporten kan gälla 3100 eller ett ansvar under det, inte 3200\.$/m);
    expect(runCli(['report', '--db', sector, '--occasion', String(AUGUST), '--scope', '3100', '--format', 'xlsx', '--out', file]).code).toBe(0);
    expect(contentHash(sector)).toBe(before);
  });
});
