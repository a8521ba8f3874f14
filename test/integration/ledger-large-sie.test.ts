import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolveSieBalances, type SieBalanceEntry } from '../../electron/services/ledger/sie';
import { runCli } from '../support/cli';
import { tempDir } from '../support/tmp';

/**
 * A realistic SIE 4E export of a year: vouchers of two #TRANS rows each (a
 * cost on an ansvar, its counter-entry on leverantörsskulder), written in
 * pieces so the test never holds the file in memory.
 */
function writeSie4E(file: string, vouchers: number): { costRows: number; costOre: number } {
  const fd = fs.openSync(file, 'w');
  const head = ['#FLAGGA 0', '#PROGRAM "Raindance" 1.0', '#FORMAT PC8', '#GEN 20270115', '#SIETYP 4', '#FNAMN "Exempelby kommun"', '#RAR 0 20260101 20261231', '#DIM 1 "Ansvar"'];
  for (let a = 0; a < 50; a++) head.push(`#KONTO ${4000 + a * 10} "Konto ${a}"`);
  head.push('#KONTO 2440 "Leverantorsskulder"');
  fs.writeSync(fd, `${head.join('\r\n')}\r\n`);
  let costOre = 0;
  let buf: string[] = [];
  for (let v = 1; v <= vouchers; v++) {
    const month = 1 + (v % 12);
    const date = `2026${String(month).padStart(2, '0')}${String(1 + (v % 28)).padStart(2, '0')}`;
    const ore = (v * 7919) % 1_000_000;
    costOre += ore;
    const kr = (ore / 100).toFixed(2);
    buf.push(
      `#VER A ${v} ${date} "Leverantörsfaktura ${v}"`,
      '{',
      `   #TRANS ${4000 + (v % 50) * 10} {1 "${3100 + (v % 40)}"} ${kr} ${date} "Faktura ${v} från leverantör"`,
      `   #TRANS 2440 {} -${kr} ${date} "Faktura ${v}"`,
      '}',
    );
    if (buf.length >= 50_000) {
      fs.writeSync(fd, `${buf.join('\r\n')}\r\n`);
      buf = [];
    }
  }
  fs.writeSync(fd, `${buf.join('\r\n')}\r\n`);
  fs.closeSync(fd);
  return { costRows: vouchers, costOre };
}

describe('SIE files with many transactions', () => {
  it('imports 260,000 #TRANS rows in 130,000 vouchers (the file that overflowed the call stack), keeping every cost row for drill-down', () => {
    const dir = tempDir('ramkoll-sie-large-');
    const db = path.join(dir, 'stor.db');
    expect(runCli(['init', '--db', db, '--year', '2026']).code).toBe(0);
    const file = path.join(dir, 'helar-2026.se');
    const { costRows, costOre } = writeSie4E(file, 130_000);
    expect(fs.statSync(file).size).toBeGreaterThan(14 * 1024 * 1024);

    const r = runCli(['import', file, '--db', db, '--json']);
    expect(r.stderr).not.toMatch(/call stack|internt fel/i);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { batch: string; rows: number; periods: string[]; totalsPerPeriod: Record<string, number>; skippedRows: { line: number; reason: string }[] };
    expect(out.batch).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.rows).toBe(costRows);
    expect(out.periods).toHaveLength(12);
    expect(Object.values(out.totalsPerPeriod).reduce((s, x) => s + x, 0)).toBe(costOre);
    // Half the rows are the counter-entries on a balance account: counted, and only the first thousand listed.
    expect(out.skippedRows).toHaveLength(1000);
    expect(out.skippedRows[0]!.reason).toMatch(/balanskonto 2440/);

    const check = new BetterSqlite3(db, { readonly: true });
    const t = check.prepare('SELECT count(*) AS n, sum(amount_ore) AS ore, max(voucher) AS v FROM actual_transaction WHERE batch_id = ?').get(out.batch) as { n: number; ore: number };
    const last = check.prepare("SELECT booked_on, voucher, text, amount_ore FROM actual_transaction WHERE voucher = 'A 130000'").get() as Record<string, unknown>;
    check.close();
    expect(t.n).toBe(costRows);
    expect(t.ore).toBe(costOre);
    expect(last).toEqual({ booked_on: '2026-05-25', voucher: 'A 130000', text: 'Faktura 130000 från leverantör', amount_ore: (130_000 * 7919) % 1_000_000 });

    const text = runCli(['import', file, '--db', db, '--dry-run']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/130000 rader lämnades utanför/);
  }, 120_000);

  it('resolves hundreds of thousands of #PSALDO object rows of one account without spreading them as arguments', () => {
    const entries: SieBalanceEntry[] = [];
    for (let i = 0; i < 250_000; i++) entries.push({ line: i + 1, period: 202601, account: '4010', objects: [{ dim: 1, code: String(100000 + i) }], ore: 100 });
    const many: SieBalanceEntry[] = [];
    for (let i = 0; i < 250_000; i++) many.push({ line: i + 1, period: 202601, account: '4020', objects: [], ore: 1 });
    const r = resolveSieBalances([...entries, ...many], 1);
    expect(r.rows).toHaveLength(500_000);
    expect(r.rows.reduce((s, x) => s + x.ore, 0)).toBe(25_250_000);
  });
});
