import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRamkollError } from '../../db/errors';
import { invoke } from '../../electron/api/invoke';
import { checkLedgerFile } from '../../electron/services/ledger/check';
import { automaticProfile } from '../../electron/services/ledger/profile';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import { runCli } from '../support/cli';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

const bad = path.join(FIXTURES, 'ledger', 'bad');

/** A minimal zip writer (stored or deflated entries), to make zip bombs and broken workbooks. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = zlib.deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(zlib.crc32 ? zlib.crc32(e.data) : 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, packed);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(zlib.crc32 ? zlib.crc32(e.data) : 0, 16);
    c.writeUInt32LE(packed.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

describe('a corpus of bad ledger files: each a clear error, the database unchanged', () => {
  let ctx: TestContext;
  let dbFile: string;
  let hash: string;
  // Kept for the whole describe (tempDir() folders go after each test).
  const generated = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-bad-'));

  beforeAll(async () => {
    dbFile = path.join(generated, 'bad.db');
    ctx = await openTestContext(dbFile, { demo: true });
    ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    hash = contentHash(dbFile);
    // Made here rather than committed: a 100 MB line, a zip bomb, an xlsx whose sheet is not XML.
    const fd = fs.openSync(path.join(generated, 'hundra-mb-en-rad.csv'), 'w');
    const block = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 100; i++) fs.writeSync(fd, block);
    fs.closeSync(fd);
    fs.writeFileSync(path.join(generated, 'zip-bomb.xlsx'), zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024) }]));
    fs.writeFileSync(
      path.join(generated, 'ljugande-zip-bomb.xlsx'),
      zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * 1024 * 1024, '<'), declaredSize: 1000 }]),
    );
  });

  afterAll(() => {
    ctx?.db.close();
    fs.rmSync(generated, { recursive: true, force: true });
  });

  async function failure(file: string, extra: Record<string, unknown> = {}): Promise<string> {
    try {
      const r = (await invoke('ledger.import', { file, ...extra }, ctx)) as LedgerImportResult;
      expect(r.batch).toBeNull();
      expect(r.errors.length).toBeGreaterThan(0);
      return `${r.file.fileName}: ${r.errors.map((e) => `rad ${e.line}, kolumn ${e.column}: ${e.message}`).join('; ')}`;
    } catch (e) {
      expect(isRamkollError(e), String(e)).toBe(true);
      return (e as Error).message;
    }
  }

  it.each([
    ['tom.csv', /tom\.csv är tom/],
    ['bara-rubrik.csv', /inga rader med utfall/],
    ['binar.csv', /binar\.csv ser inte ut som en textfil/],
    ['ojamna-rader.csv', /rad 3, kolumn Period \(C\): period.*saknas|rad 3.*(Period|Belopp)/],
    ['citat-slutar-aldrig.csv', /rad 2: citattecknet som börjar på rad 2 avslutas aldrig/],
    ['fel-belopp.csv', /rad 2, kolumn Belopp \(D\): "12,345" är inget belopp.*rad 3.*"abc".*rad 4.*"1\.2\.3,4"/],
    ['fel-period.csv', /rad 2, kolumn Period \(C\): "2026-13" är ingen period.*rad 3.*"202600".*rad 4.*"mars"/],
    ['period-utanfor-aret.csv', /rad 2, kolumn Period \(C\).*201912 ligger utanför budgetåren/],
    ['utan-konto.csv', /hittar ingen rubrikrad med Konto och Belopp/],
    ['utan-ansvar.csv', /kolumnen saknas i mappningen: Ansvar/],
    ['utan-period.csv', /kolumnen saknas i mappningen: Period/],
    ['proto-rubrik.csv', /kolumnen saknas i mappningen: Ansvar.*rubrikerna i filen är __proto__, constructor, Konto, Belopp/],
    ['inte-zip.xlsx', /inte en giltig Excel-fil/],
    ['trasig-zip.xlsx', /inte en giltig Excel-fil|kunde inte läsas/],
    ['html-som-xls.xls', /HTML- eller XML-tabell/],
    ['trasig.xls', /kunde inte läsas som en Excel-fil \(\.xls\)|inga blad/],
    ['fel-konto.csv', /rad 2, kolumn Konto \(B\): "ABC" är inget kontonummer.*rad 3.*"40 10 Livsmedel"/],
    ['tomma-belopp.csv', /rad 2, kolumn Belopp \(D\): beloppet saknas/],
    ['for-stort-belopp.csv', /rad 2, kolumn Belopp \(D\): "99999999999999999,00" är inget belopp/],
    ['fel-datum.csv', /rad 2, kolumn Datum \(C\): "2026-02-30" är inget datum/],
    ['sie-fel-klammer.se', /rad 8: #VER inuti verifikationen som börjar på rad 5; "}" saknas/],
    ['sie-klammer-utan-ver.se', /rad 5: "\{" utan #VER före/],
    ['sie-objektlista-oavslutad.se', /rad 5: objektlistan \("\{"\) avslutas aldrig/],
    ['sie-trans-utanfor-ver.se', /rad 5: #TRANS utanför en verifikation/],
    ['sie-fel-belopp.se', /rad 5, kolumn saldo: "10,00,00" är inget belopp/],
    ['sie-fel-period.se', /rad 5, kolumn period: "2026-3" är ingen period/],
    ['sie-citat.se', /rad 5: citattecknet avslutas aldrig/],
    ['sie-utan-utfall.se', /varken #PSALDO-rader eller verifikationer/],
    ['sie-stangd-klammer-saknas.se', /rad 5: #VER på rad 5 följs inte av "\{"/],
  ])('%s', async (name, pattern) => {
    const message = await failure(path.join(bad, name));
    expect(message).toMatch(pattern);
    expect(contentHash(dbFile)).toBe(hash);
  });

  it.each([
    ['hundra-mb-en-rad.csv', /rad 1: ett fält är längre än 10000 tecken/],
    ['zip-bomb.xlsx', /zip-bomb/],
    // The zip guard inflates each part itself and stops where it grows past what the archive declares.
    ['ljugande-zip-bomb.xlsx', /packas upp till mer än de 1000 byte som arkivet anger/],
  ])('%s (made by the test)', async (name, pattern) => {
    const message = await failure(path.join(generated, name));
    expect(message).toMatch(pattern);
    expect(contentHash(dbFile)).toBe(hash);
  });

  it('a profile file with __proto__ is refused by the CLI, exit 1, database unchanged', () => {
    ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const r = runCli(['import', path.join(FIXTURES, 'ledger', 'utan-period.csv'), '--db', dbFile, '--period', '202605', '--profile', path.join(bad, 'profil-proto.json'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ batch: null, errors: [{ line: 0, column: '__proto__', message: 'otillåten nyckel __proto__' }] });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(contentHash(dbFile)).toBe(hash);
  });

  it('random bytes and random mutations of a good CSV give only clean import errors', async () => {
    const dir = tempDir('ramkoll-prop-');
    const good = fs.readFileSync(path.join(FIXTURES, 'ledger', 'raindance-2026-03.csv'));
    let n = 0;
    const check = async (bytes: Uint8Array, ext: string) => {
      const file = path.join(dir, `f${n++}${ext}`);
      fs.writeFileSync(file, bytes);
      try {
        await checkLedgerFile(ctx.db, { path: file, profile: automaticProfile(), profileName: null, period: null, sheet: null, expectedTotal: null });
      } catch (e) {
        if (!isRamkollError(e)) throw e;
      } finally {
        fs.rmSync(file, { force: true });
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('.csv', '.txt', '.xlsx', '.xls', '.se'), (bytes, ext) => check(bytes, ext)),
      { numRuns: 150 },
    );
    const mutation = fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('insert', 'delete', 'replace'),
        text: fc.constantFrom('"', ';', '\r\n', '\n', '\u0000', '−', '(', ')', ',', '.', ' ', '\u00a0', 'Summa', '9999999999', 'x', '__proto__', '#VER', '{', '}'),
      }),
      { minLength: 1, maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (muts) => {
        let text = good.toString('latin1');
        for (const m of muts) {
          const at = m.at % (text.length + 1);
          if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
          else if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + m.text.length);
          else text = text.slice(0, at) + m.text + text.slice(at + m.text.length);
        }
        await check(Buffer.from(text, 'latin1'), '.csv');
      }),
      { numRuns: 150 },
    );
    expect(contentHash(dbFile)).toBe(hash);
  });
});
