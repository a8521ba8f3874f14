import fs from 'node:fs';
import iconv from 'iconv-lite';
import { mulberry32 } from '../../electron/services/demo/rng';

/**
 * Test data for the ledger benchmark, shaped like a kommun-wide transaction
 * export: rows drawn with a fixed-seed generator from 625 ansvar × 175 konton
 * (verksamhet follows the ansvar) × 12 months, so that 1,000,000 rows hold
 * about 700,000 distinct kodsträng × period, in no particular order.
 */

export const RESPONSIBILITY_COUNT = 625;
export const ACCOUNT_COUNT = 175;

export const rng = mulberry32;

export const responsibilityCode = (i: number) => String(30000 + i * 7);
export const accountCode = (i: number) => String(3000 + i * 31);
const verksamhet = (resp: number) => `5${resp % 7}${resp % 3}`;

/** "−12 345,67"-style Swedish amounts with space thousands separators. */
function swedish(ore: number): string {
  const abs = Math.abs(ore);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${ore < 0 ? '-' : ''}${whole},${String(abs % 100).padStart(2, '0')}`;
}

export interface LedgerRowData {
  resp: string;
  account: string;
  verksamhet: string;
  period: number;
  ore: number;
}

export function* ledgerRows(rows: number, seed = 20261): Generator<LedgerRowData> {
  const next = rng(seed);
  for (let i = 0; i < rows; i++) {
    const r = Math.floor(next() * RESPONSIBILITY_COUNT);
    const a = Math.floor(next() * ACCOUNT_COUNT);
    const m = Math.floor(next() * 12) + 1;
    const ore = Math.floor(next() * 2_000_000) - 400_000;
    yield { resp: responsibilityCode(r), account: accountCode(a), verksamhet: verksamhet(r), period: 202600 + m, ore };
  }
}

/** A 5-column Windows-1252 ledger export (written in chunks); returns the number of distinct kodsträng × period. */
export function writeLedgerCsv(file: string, rows: number): number {
  const fd = fs.openSync(file, 'w');
  const seen = new Set<number>();
  let chunk = 'Kostnadsställe;Konto;Verksamhet;Period;Belopp\r\n';
  for (const r of ledgerRows(rows)) {
    seen.add((Number(r.resp) * 10000 + Number(r.account)) * 100 + (r.period % 100));
    chunk += `${r.resp};${r.account};${r.verksamhet};${r.period};${swedish(r.ore)}\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, iconv.encode(chunk, 'windows-1252'));
      chunk = '';
    }
  }
  fs.writeSync(fd, iconv.encode(chunk, 'windows-1252'));
  fs.closeSync(fd);
  return seen.size;
}

/** The organisation (one förvaltning over every ansvar) and the kontoplan the data uses, as masterdata CSV files. */
export function writeMasterdata(orgFile: string, accountsFile: string): void {
  const org = ['Ansvar;Namn;Överordnad', '3;Kommunen;'];
  for (let i = 0; i < RESPONSIBILITY_COUNT; i++) org.push(`${responsibilityCode(i)};Ansvar ${i + 1};3`);
  fs.writeFileSync(orgFile, `${org.join('\r\n')}\r\n`);
  const acc = ['Konto;Namn'];
  for (let i = 0; i < ACCOUNT_COUNT; i++) acc.push(`${accountCode(i)};Konto ${i + 1}`);
  fs.writeFileSync(accountsFile, `${acc.join('\r\n')}\r\n`);
}
