import fs from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { isRamkollError, RamkollError } from '../../../db/errors';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalUncompressed: number;
  /** Most bytes one entry other than a worksheet may inflate to: the readers keep shared strings, styles and the workbook in memory. */
  maxSideEntry: number;
  /** Highest uncompressed/compressed ratio of any single entry above 1 MB. */
  maxRatio: number;
  maxEntries: number;
}

/** For ledger exports (streamed row by row): a sheet of a million rows inflates to a few hundred MB. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 1024 * 1024 * 1024,
  maxSideEntry: 128 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 10_000,
};

/** For master data, detaljbudget and styrtal files: tens of thousands of rows at most. */
export const TABLE_ZIP_LIMITS: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxTotalUncompressed: 256 * 1024 * 1024, maxSideEntry: 64 * 1024 * 1024 };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

export interface ZipEntry {
  name: string;
  nameBytes: Buffer;
  /** General purpose flag 11: the name is UTF-8. */
  utf8: boolean;
  method: 0 | 8;
  crc: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
  dataOffset: number;
}

const MB = (n: number) => Math.round(n / 1048576);
const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);

/**
 * Reads a zip container's central directory and every local header (without
 * inflating anything) and refuses files that are not zips, that declare more
 * than the limits (zip bombs), or whose structure a reader could see in two
 * ways (entries overlapping or outside the data area, encryption, zip64,
 * methods other than stored and deflate). Returns the entries in file order.
 * What the directory declares is then enforced while inflating, by
 * guardedZipStream: no reader ever inflates the original bytes itself.
 */
export function inspectZip(file: string, displayName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const bad = (message: string, detail: string) => new RamkollError('BAD_FILE', `${displayName}: ${message}`, [{ file: displayName, message: detail }]);
  const notZip = () => bad('filen är inte en giltig Excel-fil (xlsx är ett zip-arkiv, och det här är inget). Spara om den från Excel som .xlsx.', 'inte ett zip-arkiv');
  const broken = (what: string) => bad(`arkivet är skadat eller manipulerat (${what}). Spara om filen från Excel som .xlsx.`, what);
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 22) throw notZip();
    const tailLength = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLength);
    fs.readSync(fd, tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notZip();
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw bad('arkivet använder zip64, som en kalkylfil aldrig behöver. Filen avvisas.', 'zip64');
    if (count > limits.maxEntries) throw bad(`arkivet har ${count} delar, fler än de ${limits.maxEntries} som tillåts.`, 'för många delar');
    if (cdOffset + cdSize > size) throw notZip();
    const cd = Buffer.alloc(cdSize);
    fs.readSync(fd, cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let total = 0;
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw notZip();
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      const compressed = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const localOffset = cd.readUInt32LE(p + 42);
      if (p + 46 + nameLength > cd.length) throw notZip();
      const nameBytes = Buffer.from(cd.subarray(p + 46, p + 46 + nameLength));
      const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
      if (compressed === 0xffffffff || uncompressed === 0xffffffff || localOffset === 0xffffffff) throw bad('arkivet använder zip64, som en kalkylfil aldrig behöver. Filen avvisas.', 'zip64');
      if (flags & 0x1) throw bad('filen är lösenordsskyddad (krypterad). Spara den utan lösenord och läs in den igen.', 'krypterad');
      if (method !== 0 && method !== 8) throw broken(`delen ${name} är packad med metod ${method}`);
      if (method === 0 && compressed !== uncompressed) throw broken(`delen ${name} har olika storlek packad och opackad`);
      total += uncompressed;
      if (uncompressed > 1024 * 1024 && uncompressed / Math.max(1, compressed) > limits.maxRatio) {
        throw bad(`en del av filen packas upp till mer än ${limits.maxRatio} gånger sin storlek (zip-bomb). Filen avvisas.`, 'zip-bomb');
      }
      if (!isWorksheet(name) && uncompressed > limits.maxSideEntry) {
        throw bad(`delen ${name} packas upp till ${MB(uncompressed)} MB, mer än de ${MB(limits.maxSideEntry)} MB som tillåts för den.`, 'för stor del');
      }
      entries.push({ name, nameBytes, utf8: (flags & 0x800) !== 0, method, crc, compressed, uncompressed, localOffset, dataOffset: 0 });
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (total > limits.maxTotalUncompressed) {
      throw bad(`filen packas upp till ${MB(total)} MB, mer än de ${MB(limits.maxTotalUncompressed)} MB som tillåts.`, 'för stor uppackad');
    }
    // Each entry's local header, and its data, lie before the directory and apart from every other entry's.
    const head = Buffer.alloc(30);
    for (const e of entries) {
      if (e.localOffset + 30 > cdOffset || fs.readSync(fd, head, 0, 30, e.localOffset) !== 30 || head.readUInt32LE(0) !== LOCAL_SIGNATURE) {
        throw broken(`delen ${e.name} saknar sitt lokala huvud`);
      }
      e.dataOffset = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
      if (e.dataOffset + e.compressed > cdOffset) throw broken(`delen ${e.name} går utanför arkivet`);
    }
    entries.sort((a, b) => a.localOffset - b.localOffset);
    for (let i = 1; i < entries.length; i++) {
      const before = entries[i - 1]!;
      if (entries[i]!.localOffset < before.dataOffset + before.compressed) throw broken(`delarna ${before.name} och ${entries[i]!.name} överlappar`);
    }
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks a zip container as inspectZip does; for callers that only want the check. */
export function checkZipContainer(file: string, displayName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  inspectZip(file, displayName, limits);
}

export interface GuardedZip {
  /** The same entries as a zip of stored (already inflated) entries, for a streaming reader. */
  stream: Readable;
  /** Why the stream ended early (an entry inflating beyond what the directory declares, damaged data); null while all is well. */
  failure(): RamkollError | null;
}

function localHeader(e: ZipEntry): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL_SIGNATURE, 0);
  h.writeUInt16LE(10, 4);
  h.writeUInt16LE(e.utf8 ? 0x800 : 0, 6);
  h.writeUInt32LE(e.crc, 14);
  h.writeUInt32LE(e.uncompressed, 18);
  h.writeUInt32LE(e.uncompressed, 22);
  h.writeUInt16LE(e.nameBytes.length, 26);
  return Buffer.concat([h, e.nameBytes]);
}

function centralHeader(e: ZipEntry, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(CENTRAL_SIGNATURE, 0);
  h.writeUInt16LE(10, 4);
  h.writeUInt16LE(10, 6);
  h.writeUInt16LE(e.utf8 ? 0x800 : 0, 8);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.uncompressed, 20);
  h.writeUInt32LE(e.uncompressed, 24);
  h.writeUInt16LE(e.nameBytes.length, 28);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, e.nameBytes]);
}

function endRecord(entries: number, cdSize: number, cdOffset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(EOCD_SIGNATURE, 0);
  h.writeUInt16LE(entries, 8);
  h.writeUInt16LE(entries, 10);
  h.writeUInt32LE(cdSize, 12);
  h.writeUInt32LE(cdOffset, 16);
  return h;
}

/**
 * The inflated bytes of one entry as they come, in small pieces; throws a
 * RamkollError as soon as they pass the size the directory declares, when
 * they fall short of it, or when the data is damaged.
 */
export async function* inflated(file: string, displayName: string, e: ZipEntry): AsyncGenerator<Buffer> {
  let count = 0;
  if (e.compressed > 0) {
    // Small reads: one piece of deflate inflates to at most about a thousand times its size.
    const source = fs.createReadStream(file, { start: e.dataOffset, end: e.dataOffset + e.compressed - 1, highWaterMark: 16 * 1024 });
    let data: Readable = source;
    if (e.method === 8) {
      const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
      pipeline(source, inflate, () => {});
      data = inflate;
    }
    try {
      for await (const chunk of data as AsyncIterable<Buffer>) {
        count += chunk.length;
        if (count > e.uncompressed) {
          throw new RamkollError(
            'BAD_FILE',
            `${displayName}: delen ${e.name} packas upp till mer än de ${e.uncompressed} byte som arkivet anger (zip-bomb eller manipulerad fil). Filen avvisas; inget har lästs in.`,
            [{ file: displayName, message: 'packas upp till mer än arkivet anger' }],
          );
        }
        yield chunk;
      }
    } catch (err) {
      if (isRamkollError(err)) throw err;
      throw new RamkollError('BAD_FILE', `${displayName}: delen ${e.name} kunde inte packas upp (${(err as Error).message}); filen är skadad. Spara om den från Excel som .xlsx.`, [
        { file: displayName, message: 'skadad del' },
      ]);
    } finally {
      source.destroy();
      data.destroy();
    }
  }
  if (count !== e.uncompressed) {
    throw new RamkollError('BAD_FILE', `${displayName}: delen ${e.name} är ${count} byte uppackad men arkivet anger ${e.uncompressed}; filen är skadad eller manipulerad. Spara om den från Excel som .xlsx.`, [
      { file: displayName, message: 'fel storlek uppackad' },
    ]);
  }
}

/**
 * Inflates every entry once, counting and dropping the bytes: a zip whose
 * entries inflate to more (or less) than its directory says is refused
 * before any reader sees it. Memory stays at a few pieces of 64 kB.
 */
export async function verifyZip(file: string, displayName: string, entries: readonly ZipEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.method === 0) continue;
    for await (const _ of inflated(file, displayName, e));
  }
}

async function* storedZip(file: string, displayName: string, entries: readonly ZipEntry[], fail: (e: RamkollError) => void): AsyncGenerator<Buffer> {
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const head = localHeader(e);
    central.push(centralHeader(e, offset));
    offset += head.length + e.uncompressed;
    yield head;
    let count = 0;
    try {
      for await (const chunk of inflated(file, displayName, e)) {
        count += chunk.length;
        yield chunk;
      }
    } catch (err) {
      // Only if the file changed since verifyZip. The entry still gets exactly the bytes its header
      // announced (a reader waiting for them would otherwise wait for ever); the caller throws the failure.
      fail(isRamkollError(err) ? err : new RamkollError('BAD_FILE', `${displayName}: filen kunde inte läsas (${(err as Error).message}).`));
      for (let left = e.uncompressed - count; left > 0; left -= 65536) yield Buffer.alloc(Math.min(65536, left), 0x20);
    }
  }
  const cd = Buffer.concat(central);
  yield cd;
  yield endRecord(entries.length, cd.length, offset);
}

/**
 * The entries of a checked (inspectZip) and verified (verifyZip) zip as a new
 * zip stream whose entries are stored: inflated here, never beyond the size
 * the directory declares, so the reader inflates nothing itself. Should the
 * file change between the check and the reading, the stream still holds
 * exactly what it announces and failure() says what went wrong, for the
 * caller to throw instead of whatever the reader made of it.
 */
export function guardedZipStream(file: string, displayName: string, entries: readonly ZipEntry[]): GuardedZip {
  let failure: RamkollError | null = null;
  const generator = storedZip(file, displayName, entries, (e) => {
    failure ??= e;
  });
  return { stream: Readable.from(generator, { objectMode: false, highWaterMark: 64 * 1024 }), failure: () => failure };
}
