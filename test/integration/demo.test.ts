import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../electron/api/context';
import { generateDemo } from '../../electron/services/demo/generate';
import { overview } from '../../electron/services/figures/overview';
import { summary } from '../../electron/services/figures/summary';
import { generateKeyPairSync } from 'node:crypto';
import { exportPackage } from '../../electron/services/exchange/export';
import { fingerprintOf, listPeers, siteInfo } from '../../electron/services/exchange/identity';
import { importPackage, inspectPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import { siteContext } from '../support/exchange';
import organisation from '../../resources/demo/organisation.json';
import demoSites from '../../resources/demo/sites.json';
import { DEMO_YEAR, openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('demo förvaltning', () => {
  let ctx: HandlerContext;
  beforeAll(async () => {
    ctx = await openTestContext(path.join(tempDir(), 'demo.db'), { demo: true });
  });

  it('has the size the issue asks for', () => {
    const s = summary(ctx.db, DEMO_YEAR);
    expect(s.units).toBe(60);
    expect(s.accounts).toBeGreaterThanOrEqual(110);
    expect(s.accounts).toBeLessThanOrEqual(130);
    expect(s.periods).toBe(10);
    expect(s.outcomePeriods).toEqual(Array.from({ length: 10 }, (_, i) => DEMO_YEAR * 100 + i + 1));
    expect(s.budgetLines).toBeGreaterThan(800);
    const sectors = ctx.db.all(ctx.db.q.selectFrom('dimension_value').select('code').where('level', '=', 'sector'));
    const operations = ctx.db.all(ctx.db.q.selectFrom('dimension_value').select('code').where('level', '=', 'operation'));
    expect(sectors).toHaveLength(4);
    expect(operations).toHaveLength(15);
  });

  it('spreads every budget line over its months to the öre, with low July for personnel', () => {
    const rows = ctx.db.sqlite
      .prepare(
        `SELECT b.year_ore AS y, b.m01_ore + b.m02_ore + b.m03_ore + b.m04_ore + b.m05_ore + b.m06_ore + b.m07_ore + b.m08_ore + b.m09_ore + b.m10_ore + b.m11_ore + b.m12_ore AS s,
                b.m06_ore AS jun, b.m07_ore AS jul, c.account_code AS acc,
                EXISTS (SELECT 1 FROM personnel_budget_line p WHERE p.budget_line_id = b.id) AS generated
         FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.deleted_at IS NULL`,
      )
      .all() as { y: number; s: number; jun: number; jul: number; acc: string; generated: number }[];
    for (const r of rows) expect(r.s).toBe(r.y);
    // One monthly-salary line per unit: spread by the personnel profile, or (units budgeted per position) generated from the positions.
    const salaries = rows.filter((r) => r.acc === '5010');
    expect(salaries.length).toBe(60);
    expect(salaries.filter((r) => r.generated === 1).length).toBe(3);
    for (const r of salaries.filter((x) => x.generated === 0)) expect(Math.abs(r.jul * 2 - r.jun) / r.jun).toBeLessThan(1e-4);
  });

  it('has units both over and under budget, and last year in full', () => {
    const unitDeviation = ctx.db.sqlite
      .prepare(
        `WITH b AS (SELECT c.responsibility_code AS u, SUM(m01_ore+m02_ore+m03_ore+m04_ore+m05_ore+m06_ore+m07_ore+m08_ore+m09_ore+m10_ore) AS acc
                    FROM budget_line JOIN coding c ON c.id = coding_id GROUP BY 1),
              a AS (SELECT c.responsibility_code AS u, SUM(amount_ore) AS acc FROM actual_balance JOIN coding c ON c.id = coding_id
                    WHERE period BETWEEN ? AND ? GROUP BY 1)
         SELECT b.u, (b.acc - a.acc) * 1.0 / b.acc AS dev FROM b JOIN a ON a.u = b.u`,
      )
      .all(DEMO_YEAR * 100 + 1, DEMO_YEAR * 100 + 10) as { u: string; dev: number }[];
    expect(unitDeviation.filter((d) => d.dev < -0.05).length).toBeGreaterThanOrEqual(3);
    expect(unitDeviation.filter((d) => d.dev > 0.05).length).toBeGreaterThanOrEqual(3);
    const lastYear = summary(ctx.db, DEMO_YEAR - 1);
    expect(lastYear.periods).toBe(12);
  });

  it('adds up: sektor rows sum to the total and the total to the periods', () => {
    const ov = overview(ctx.db, DEMO_YEAR);
    expect(ov.latestPeriod).toBe(DEMO_YEAR * 100 + 10);
    const sum = (k: 'budgetYear' | 'budgetAcc' | 'actualAcc') => ov.sectors.reduce((s, r) => s + r[k], 0);
    expect(sum('budgetYear')).toBe(ov.total.budgetYear);
    expect(sum('actualAcc')).toBe(ov.total.actualAcc);
    expect(ov.total.actualAcc).toBe(ov.perPeriod.reduce((s, p) => s + p.actual, 0));
    expect(ov.total.budgetAcc).toBe(ov.perPeriod.slice(0, 10).reduce((s, p) => s + p.budget, 0));
    expect(ov.total.deviationAcc).toBe(ov.total.budgetAcc - ov.total.actualAcc);
    // Ramar: the förvaltning's ram is the sum of the sektorer's.
    const frames = ctx.db.all(ctx.db.q.selectFrom('frame').innerJoin('dimension_value as v', 'v.id', 'frame.responsibility_id').select(['v.code', 'v.level', 'amount_ore']));
    const admin = frames.find((f) => f.level === 'administration')!;
    expect(frames.filter((f) => f.level === 'sector').reduce((s, f) => s + f.amount_ore, 0)).toBe(admin.amount_ore);
  });

  it('is the same every time for the same year', async () => {
    const other = await openTestContext(path.join(tempDir(), 'demo2.db'), { demo: true });
    const a = summary(ctx.db, DEMO_YEAR);
    const b = summary(other.db, DEMO_YEAR);
    expect(b).toEqual(a);
  });

  it('knows Ekonomi, the four sektorchefer, a verksamhetschef and an enhetschef as peers with public keys, and no package can come from them', async () => {
    const peers = listPeers(ctx.db);
    const sectors = organisation.filter((o) => o.level === 'sector').map((o) => o.code);
    expect(peers.map((p) => [p.role, p.scopeCode]).sort()).toEqual(
      [['ekonomi', null], ...sectors.map((c) => ['sektorchef', c]), ['verksamhetschef', '3110'], ['enhetschef', '31101']].sort(),
    );
    for (const p of peers) {
      expect(p.name).toMatch(/\(exempel\)$/);
      expect(p.fingerprint).toBe(fingerprintOf(demoSites.find((d) => d.id === p.id)!.publicKey));
    }
    // Only this installation's own key pair is in the database.
    expect(ctx.db.prepare('SELECT site_id FROM xchg_key').all()).toEqual([{ site_id: siteInfo(ctx.db).id }]);
    // A package that claims to come from the demo's Ekonomi is signed by someone else's key: refused, nothing changes.
    const dir = tempDir();
    const other = await siteContext(path.join(dir, 'annan.db'), 'ekonomi', null, 'Någon annan');
    const ekonomi = demoSites.find((d) => d.role === 'ekonomi')!;
    other.db.prepare("INSERT INTO site (id, name, role, scope_code, public_key, is_local, created_at, updated_at) VALUES (?, 'Controller', 'controller', NULL, ?, 0, 'x', 'x')").run(
      siteInfo(ctx.db).id,
      siteInfo(ctx.db).publicKey,
    );
    const real = path.join(dir, 'riktigt.ramkoll');
    exportPackage(other.db, { to: siteInfo(ctx.db).id, file: real, now: other.now() });
    const payload = readPackage(real).payload;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const file = path.join(dir, 'falskt.ramkoll');
    writePackage(
      file,
      { ...payload, manifest: { ...payload.manifest, id: newId(), sender: { ...payload.manifest.sender, id: ekonomi.id, name: ekonomi.name, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') } } },
      privateKey,
    );
    expect(inspectPackage(ctx.db, file).senderStatus).toBe('key-changed');
    const state = () => ctx.db.prepare('SELECT (SELECT count(*) FROM xchg_package) AS packages, (SELECT group_concat(id || public_key) FROM site) AS sites, (SELECT count(*) FROM xchg_change) AS changes').get();
    const before = state();
    await expect(importPackage(ctx.db, { file, now: new Date() })).rejects.toThrow(/signerat med en annan nyckel/);
    expect(state()).toEqual(before);
    other.db.close();
  });

  it('is only put into an empty database', () => {
    expect(() => generateDemo(ctx.db, { year: DEMO_YEAR, siteId: ctx.site.id, user: 't', now: ctx.now() })).toThrow(/tom databas/);
    // Whatever the date: the database's content is what stops it.
    expect(() => generateDemo(ctx.db, { year: DEMO_YEAR, siteId: ctx.site.id, user: 't', now: new Date('2026-01-02T10:00:00Z') })).toThrow(/tom databas/);
  });

  it('follows the year it is given', async () => {
    const other = await openTestContext(path.join(tempDir(), 'demo2030.db'), { demo: true, year: 2030 });
    const s = summary(other.db, 2030);
    expect(s.periods).toBe(10);
    expect(s.latestPeriod).toBe(203010);
  });
});
