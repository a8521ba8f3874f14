import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode, detectEncoding, looksBinary } from '../../electron/services/files/encoding';

const text = 'Förbrukningsmaterial – €12 “citat” Åsa Öberg';

describe('detectEncoding', () => {
  it('reads UTF-8 with and without BOM', () => {
    const plain = Buffer.from(text, 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(detectEncoding(plain)).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expect(decode(bom, detectEncoding(bom))).toBe(text);
    expect(decode(plain, detectEncoding(plain))).toBe(text);
  });

  it('reads Windows-1252 including the 0x80-0x9F range that Node 20 gets wrong', () => {
    const bytes = iconv.encode(text, 'windows-1252');
    expect(bytes.includes(0x80)).toBe(true); // €
    expect(bytes.includes(0x96)).toBe(true); // –
    const enc = detectEncoding(bytes);
    expect(enc.encoding).toBe('windows-1252');
    expect(decode(bytes, enc)).toBe(text);
  });

  it('reads UTF-16 with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decode(bytes, detectEncoding(bytes))).toBe(text);
  });

  it('tells binary files from text', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(looksBinary(png, detectEncoding(png))).toBe(true);
    const csv = Buffer.from('a;b\r\n1;2\r\n');
    expect(looksBinary(csv, detectEncoding(csv))).toBe(false);
  });
});
