import fs from 'node:fs';
import { RamkollError } from '../../../db/errors';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalUncompressed: number;
  /** Highest uncompressed/compressed ratio of any single entry. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 10_000,
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

/**
 * Reads a zip container's central directory (without inflating anything) and
 * refuses files that are not zips, or that would inflate beyond the limits
 * (zip bombs), before any Excel reader touches them.
 */
export function checkZipContainer(file: string, displayName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const notZip = () =>
      new RamkollError('BAD_FILE', `${displayName}: filen är inte en giltig Excel-fil (xlsx är ett zip-arkiv, och det här är inget). Spara om den från Excel som .xlsx.`, [
        { file: displayName, message: 'inte ett zip-arkiv' },
      ]);
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
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries > limits.maxEntries) throw new RamkollError('BAD_FILE', `${displayName}: arkivet har ${entries} delar, fler än de ${limits.maxEntries} som tillåts.`);
    if (cdOffset + cdSize > size) throw notZip();
    const cd = Buffer.alloc(cdSize);
    fs.readSync(fd, cd, 0, cdSize, cdOffset);
    let total = 0;
    let p = 0;
    for (let k = 0; k < entries; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw notZip();
      const compressed = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      if (compressed === 0xffffffff || uncompressed === 0xffffffff) {
        throw new RamkollError('BAD_FILE', `${displayName}: arkivet använder zip64, som en kalkylfil aldrig behöver. Filen avvisas.`);
      }
      total += uncompressed;
      if (uncompressed > 1024 * 1024 && uncompressed / Math.max(1, compressed) > limits.maxRatio) {
        throw new RamkollError('BAD_FILE', `${displayName}: en del av filen packas upp till mer än ${limits.maxRatio} gånger sin storlek (zip-bomb). Filen avvisas.`);
      }
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (total > limits.maxTotalUncompressed) {
      throw new RamkollError('BAD_FILE', `${displayName}: filen packas upp till ${Math.round(total / 1048576)} MB, mer än de ${Math.round(limits.maxTotalUncompressed / 1048576)} MB som tillåts.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
