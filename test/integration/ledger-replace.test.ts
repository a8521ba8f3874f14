import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import type { Occasion } from '../../electron/api/features/followup';
import type { BatchInfo, LedgerCheck, LedgerImportResult } from '../../electron/api/features/ledger';
import type { TableFile } from '../../electron/services/files/table';
import { planAccountImport } from '../../electron/services/masterdata/accounts';
import { runCli } from '../support/cli';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration } from '../support/followup';
import { tempDir } from '../support/tmp';

/**
 * Issue 13, part 4: an import says what it replaces. October holds 1 000
 * balances (Enhet X 11101: 2, Enhet Y 11102: 498, Enhet Z 12101: 500); a
 * 2-row correction for Enhet X, read as a whole month, would replace all of
 * them.
 */

const OCTOBER = 202610;
const ACCOUNTS = Array.from({ length: 500 }, (_, i) => String(6000 + i));
/** Öre of a balance in the full file: costs on most, a few large revenues, so that October is a net revenue. */
const amount = (unit: string, i: number) => (unit === '12101' && i % 50 === 0 ? -26_000_000_00 : (i + 1) * 1_000_00 + (unit === '11102' ? 37 : 0));

function fullOctober(): { text: string; total: number; byUnit: Record<string, number> } {
  const lines: string[] = [];
  const byUnit: Record<string, number> = { '11101': 0, '11102': 0, '12101': 0 };
  const add = (unit: string, account: string, ore: number) => {
    lines.push(`${unit};${account};${OCTOBER};${(ore / 100).toFixed(2).replace('.', ',')}`);
    byUnit[unit]! += ore;
  };
  add('11101', '4010', 250_000_00);
  add('11101', '5010', 1_750_000_00);
  ACCOUNTS.slice(0, 498).forEach((a, i) => add('11102', a, amount('11102', i)));
  ACCOUNTS.forEach((a, i) => add('12101', a, amount('12101', i)));
  return { text: `Ansvar;Konto;Period;Belopp\r\n${lines.join('\r\n')}\r\n`, total: byUnit['11101']! + byUnit['11102']! + byUnit['12101']!, byUnit };
}

/** The correction the ekonomisystem gives for Enhet X: its two kodsträngar, 30 and 24 mnkr. */
const CORRECTION = 'Ansvar;Konto;Period;Belopp\r\n11101;4010;202610;30 000 000,00\r\n11101;5010;202610;24 000 000,00\r\n';
const CORRECTION_ORE = 54_000_000_00;

const table = (fileName: string, rows: string[][]): TableFile => ({ fileName, format: 'csv', rows: rows.map((cells, i) => ({ line: i + 1, cells })) });

function balances(ctx: TestContext, where = ''): string {
  return JSON.stringify(
    ctx.db
      .prepare(`SELECT c.responsibility_code, c.account_code, b.period, b.amount_ore, (SELECT id FROM import_batch WHERE no = b.batch_no) AS batch_id FROM actual_balance b JOIN coding c ON c.id = b.coding_id ${where} ORDER BY 1, 2, 3`)
      .raw()
      .all(),
  );
}

function octoberSum(ctx: TestContext, unit?: string): number {
  const r = ctx.db
    .prepare(`SELECT coalesce(sum(b.amount_ore), 0) AS s FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE b.period = ? ${unit ? 'AND c.responsibility_code = ?' : ''}`)
    .get(OCTOBER, ...(unit ? [unit] : [])) as { s: number };
  return r.s;
}

interface World {
  dir: string;
  dbFile: string;
  ctx: TestContext;
  correction: string;
}

const full = fullOctober();

/** The small förvaltning of the follow-up tests, 500 more accounts, and October read in from a full file. */
async function world(): Promise<World> {
  const dir = tempDir('ramkoll-replace-');
  const dbFile = path.join(dir, 'r.db');
  const ctx = await openTestContext(dbFile);
  buildSmallAdministration(ctx);
  const accounts = planAccountImport(
    ctx.db,
    table('konton', [['Konto', 'Namn'], ['3010', 'Avgifter'], ['4010', 'Livsmedel'], ['5010', 'Månadslön'], ['7810', 'Avskrivningar'], ...ACCOUNTS.map((a) => [a, `Konto ${a}`])]),
  );
  expect(accounts.errors).toEqual([]);
  ctx.db.tx(() => accounts.apply(ctx.site.id, ctx.now().toISOString()));
  const fullFile = path.join(dir, 'utfall-2026-10.csv');
  fs.writeFileSync(fullFile, full.text);
  const first = (await invoke('ledger.import', { file: fullFile }, ctx)) as LedgerImportResult;
  // A first import of a month replaces nothing: nothing to warn about.
  expect(first).toMatchObject({ applied: true, warnings: [], replacedPerPeriod: { [OCTOBER]: { before: 0, after: full.total, balancesReplaced: 0, fileBalances: 1000 } } });
  const correction = path.join(dir, 'rattelse-enhet-x.csv');
  fs.writeFileSync(correction, CORRECTION);
  return { dir, dbFile, ctx, correction };
}

describe('an import says what it replaces (issue 13, part 4)', () => {
  it('the preview shows before, after and the balances replaced per period, and warns that 2 rows replace 1 000', async () => {
    const { ctx, correction } = await world();
    expect(full.total).toBeLessThan(0);
    const check = (await invoke('ledger.preview', { file: correction }, ctx)) as LedgerCheck;
    expect(check.replaceScope).toEqual({ kind: 'period', responsibility: null });
    expect(check.replacedPerPeriod).toEqual({
      [OCTOBER]: { before: full.total, after: CORRECTION_ORE, difference: CORRECTION_ORE - full.total, balancesReplaced: 1000, fileBalances: 2 },
    });
    expect(check.warnings).toHaveLength(1);
    expect(check.warnings[0]).toMatchObject({ kind: 'fewBalances', period: String(OCTOBER) });
    expect(check.warnings[0]!.message).toMatch(/^Filen har 2 kodsträngar för oktober 2026, men perioden har 1\u00a0000 saldon nu\. Inläsningen ersätter alla 1\u00a0000/);
    expect(check.warnings[0]!.message).toMatch(/till 54\u00a0000\u00a0000,00\u00a0kr\. Är filen en rättelse av några ansvar, ersätt bara filens ansvar \(eller ett ansvar med allt under det\)\./);
  });

  it('an import with warnings writes nothing until it is confirmed', async () => {
    const { ctx, correction, dbFile } = await world();
    const hash = contentHash(dbFile);
    const r = (await invoke('ledger.import', { file: correction }, ctx)) as LedgerImportResult;
    expect(r).toMatchObject({ applied: false, batch: null, needsConfirmation: true });
    expect(r.warnings.map((w) => w.kind)).toEqual(['fewBalances']);
    expect(contentHash(dbFile)).toBe(hash);
    // A dry run shows the same and never needs a confirmation.
    const dry = (await invoke('ledger.import', { file: correction, dryRun: true }, ctx)) as LedgerImportResult;
    expect(dry).toMatchObject({ applied: false, needsConfirmation: false, replacedPerPeriod: r.replacedPerPeriod, warnings: r.warnings });
  });

  it('ramkoll import --json shows replacedPerPeriod and the warning; without --confirm it exits 1 and writes nothing', async () => {
    const { ctx, correction, dbFile } = await world();
    ctx.db.close();
    {
      const hash = contentHash(dbFile);
      const refused = runCli(['import', correction, '--db', dbFile, '--json']);
      expect(refused.code).toBe(1);
      const out = JSON.parse(refused.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({
        batch: null,
        replacedPerPeriod: { [OCTOBER]: { before: full.total, after: CORRECTION_ORE, balancesReplaced: 1000 } },
        warnings: [{ kind: 'fewBalances', period: String(OCTOBER) }],
        needsConfirmation: true,
      });
      expect(refused.stderr).toMatch(/Varning: Filen har 2 kodsträngar för oktober 2026/);
      expect(refused.stderr).toMatch(/Inget lästes in: .*--confirm.*--scope fil/);
      const dry = runCli(['import', correction, '--db', dbFile, '--json', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ replacedPerPeriod: out.replacedPerPeriod, warnings: out.warnings, needsConfirmation: false });
      const text = runCli(['import', correction, '--db', dbFile, '--dry-run']);
      expect(text.stdout).toMatch(/202610: +2 rader +54000000\.00 kr {2}nu -\d+\.\d\d kr, skillnad \d+\.\d\d kr, ersätter 1000 saldon/);
      // With an ansvar scope the same file replaces only Enhet X's two balances: no warning.
      const scoped = runCli(['import', correction, '--db', dbFile, '--json', '--dry-run', '--scope', '11101']);
      expect(JSON.parse(scoped.stdout)).toMatchObject({
        replaceScope: { kind: 'subtree', responsibility: '11101' },
        replacedPerPeriod: { [OCTOBER]: { before: full.byUnit['11101'], after: CORRECTION_ORE, balancesReplaced: 2, fileBalances: 2 } },
        warnings: [],
      });
      expect(runCli(['import', correction, '--db', dbFile, '--scope', '']).code).toBe(2);
      expect(contentHash(dbFile)).toBe(hash);
    }
  });

  it.each([
    ['one ansvar with everything under it', { responsibility: '11101' }, { kind: 'subtree', responsibility: '11101' }],
    ["only the file's own ansvar", 'file', { kind: 'file', responsibility: null }],
  ] as const)('with a scope (%s) only that ansvar is replaced; the others are untouched and undo restores it', async (_name, scope, replaceScope) => {
    const { ctx, correction } = await world();
    const all = balances(ctx);
    const others = balances(ctx, "WHERE c.responsibility_code <> '11101'");
    const check = (await invoke('ledger.preview', { file: correction, scope }, ctx)) as LedgerCheck;
    // The figures concern the scope: Enhet X's 2 balances and its outcome, not the month's.
    expect(check.replaceScope).toEqual(replaceScope);
    expect(check.replacedResponsibilities).toEqual(['11101']);
    expect(check.replacedPerPeriod).toEqual({
      [OCTOBER]: { before: full.byUnit['11101'], after: CORRECTION_ORE, difference: CORRECTION_ORE - full.byUnit['11101']!, balancesReplaced: 2, fileBalances: 2 },
    });
    expect(check.warnings).toEqual([]);
    const r = (await invoke('ledger.import', { file: correction, scope }, ctx)) as LedgerImportResult;
    expect(r).toMatchObject({ applied: true, replacedBalances: 2, needsConfirmation: false });
    expect(octoberSum(ctx, '11101')).toBe(CORRECTION_ORE);
    expect(octoberSum(ctx)).toBe(full.total - full.byUnit['11101']! + CORRECTION_ORE);
    expect(balances(ctx, "WHERE c.responsibility_code <> '11101'")).toBe(others);
    const batch = ((await invoke('ledger.batches.list', {}, ctx)) as BatchInfo[])[0]!;
    expect(batch).toMatchObject({ id: r.batch, replaceScope, replacedResponsibilities: scope === 'file' ? ['11101'] : null });
    await invoke('ledger.batches.undo', { batchId: r.batch }, ctx);
    expect(balances(ctx)).toBe(all);
  });

  it('a scope that says "whole periods" overrides the profile, and an unknown ansvar is an error', async () => {
    const { ctx, correction } = await world();
    const profile = { name: 'Enhet X', columns: { period: 'Period' }, scopeResponsibility: '11101' };
    const byProfile = (await invoke('ledger.preview', { file: correction, profile }, ctx)) as LedgerCheck;
    expect(byProfile).toMatchObject({ replaceScope: { kind: 'subtree', responsibility: '11101' }, warnings: [] });
    const whole = (await invoke('ledger.preview', { file: correction, profile, scope: 'period' }, ctx)) as LedgerCheck;
    expect(whole.replaceScope).toEqual({ kind: 'period', responsibility: null });
    expect(whole.replacedPerPeriod[OCTOBER]!.balancesReplaced).toBe(1000);
    const unknown = (await invoke('ledger.preview', { file: correction, scope: { responsibility: '77777' } }, ctx)) as LedgerCheck;
    expect(unknown.errors[0]!.message).toBe('ansvaret 77777, som du har valt, finns inte i organisationen');
    const outside = (await invoke('ledger.preview', { file: correction, scope: { responsibility: '1200' } }, ctx)) as LedgerCheck;
    expect(outside.errors[0]!.message).toBe('ansvar 11101 ligger utanför 1200, som du har valt');
  });

  it('warns when the outcome of a period a locked occasion has reported would change, not when it stays the same', async () => {
    const { ctx, correction, dir } = await world();
    const deadlines = { unit: null, operation: null, sector: null, administration: null };
    const occasion = (await invoke('followup.occasion.save', { year: 2026, period: OCTOBER, kind: 'monthly', name: 'Oktoberuppföljning', deadlines }, ctx)) as Occasion;
    await invoke('followup.occasion.lock', { id: occasion.id }, ctx);
    const check = (await invoke('ledger.preview', { file: correction, scope: 'file' }, ctx)) as LedgerCheck;
    expect(check.warnings).toHaveLength(1);
    expect(check.warnings[0]).toMatchObject({ kind: 'lockedPeriod', period: String(OCTOBER) });
    expect(check.warnings[0]!.message).toMatch(
      /^Utfallet för oktober 2026 är redan rapporterat i det låsta uppföljningstillfället Oktoberuppföljning \(202610\)\. Tillfället behåller de rapporterade siffrorna, men utfallet i övriga vyer ändras på ansvar 11101 från 2\u00a0000\u00a0000,00\u00a0kr till 54\u00a0000\u00a0000,00\u00a0kr\.$/,
    );
    // September, before the locked October, is reported by it too.
    const september = path.join(dir, 'september.csv');
    fs.writeFileSync(september, CORRECTION.replaceAll('202610', '202609'));
    const sep = (await invoke('ledger.preview', { file: september }, ctx)) as LedgerCheck;
    expect(sep.warnings.map((w) => [w.kind, w.period])).toEqual([['lockedPeriod', '202609']]);
    // The same October again (a year-to-date export read every month) changes nothing: no warning.
    const same = path.join(dir, 'same.csv');
    fs.writeFileSync(same, full.text);
    expect(((await invoke('ledger.preview', { file: same }, ctx)) as LedgerCheck).warnings).toEqual([]);
    // Confirmed, the import goes ahead; the locked occasion keeps what it reported.
    const r = (await invoke('ledger.import', { file: correction, scope: 'file', confirm: true }, ctx)) as LedgerImportResult;
    expect(r.applied).toBe(true);
  });
});
