import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardedZipStream, inspectZip, verifyZip } from '../../electron/services/files/zip-guard';
import { tempDir } from '../support/tmp';
import { part, writeZip } from '../support/zip-bombs';

const refusal = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
};

describe('zip guard: structure a reader could see in two ways is refused before anything inflates', () => {
  const dir = () => tempDir('ramkoll-zipguard-');

  it('reads an honest zip and hands on exactly its entries, stored', async () => {
    const file = path.join(dir(), 'bra.xlsx');
    writeZip(file, [part('a.xml', '<a>åäö</a>'.repeat(1000)), part('b.xml', '<b/>')]);
    const entries = inspectZip(file, 'bra.xlsx');
    expect(entries.map((e) => [e.name, e.uncompressed])).toEqual([
      ['a.xml', Buffer.byteLength('<a>åäö</a>') * 1000],
      ['b.xml', 4],
    ]);
    await verifyZip(file, 'bra.xlsx', entries);
    const z = guardedZipStream(file, 'bra.xlsx', entries);
    const chunks: Buffer[] = [];
    for await (const c of z.stream) chunks.push(c as Buffer);
    const out = Buffer.concat(chunks);
    expect(z.failure()).toBeNull();
    // Stored entries: the text is there as it is, and the stream is a zip again.
    expect(out.includes(Buffer.from('<a>åäö</a>'.repeat(1000)))).toBe(true);
    const copy = path.join(path.dirname(file), 'kopia.xlsx');
    fs.writeFileSync(copy, out);
    expect(inspectZip(copy, 'kopia.xlsx').map((e) => [e.name, e.method, e.compressed, e.uncompressed])).toEqual([
      ['a.xml', 0, entries[0]!.uncompressed, entries[0]!.uncompressed],
      ['b.xml', 0, 4, 4],
    ]);
  });

  it('refuses overlapping entries, data past the directory, encryption and unknown methods', async () => {
    const d = dir();
    const good = path.join(d, 'bas.xlsx');
    writeZip(good, [part('a.xml', '<a/>'.repeat(100)), part('b.xml', '<b/>'.repeat(100))]);
    const bytes = fs.readFileSync(good);
    const cd = bytes.readUInt32LE(bytes.length - 6);
    const edit = (name: string, change: (b: Buffer) => void) => {
      const b = Buffer.from(bytes);
      change(b);
      const f = path.join(d, name);
      fs.writeFileSync(f, b);
      return f;
    };
    // The second entry's directory record points at the first entry's header.
    const second = cd + 46 + 'a.xml'.length;
    const overlap = edit('overlap.xlsx', (b) => b.writeUInt32LE(0, second + 42));
    expect(await refusal(() => inspectZip(overlap, 'overlap.xlsx'))).toMatch(/överlappar/);
    const past = edit('utanfor.xlsx', (b) => b.writeUInt32LE(cd, cd + 20));
    expect(await refusal(() => inspectZip(past, 'utanfor.xlsx'))).toMatch(/går utanför arkivet/);
    const locked = edit('krypterad.xlsx', (b) => b.writeUInt16LE(1, cd + 8));
    expect(await refusal(() => inspectZip(locked, 'krypterad.xlsx'))).toMatch(/lösenordsskyddad/);
    const bzip = edit('bzip2.xlsx', (b) => b.writeUInt16LE(12, cd + 10));
    expect(await refusal(() => inspectZip(bzip, 'bzip2.xlsx'))).toMatch(/packad med metod 12/);
    const broken = edit('trasig.xlsx', (b) => b.fill(0xff, 40, 44));
    expect(await refusal(() => verifyZip(broken, 'trasig.xlsx', inspectZip(broken, 'trasig.xlsx')))).toMatch(/trasig\.xlsx: delen a\.xml (kunde inte packas upp|är \d+ byte uppackad)/);
  });
});
