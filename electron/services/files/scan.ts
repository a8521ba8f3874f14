import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';

export interface FileScan {
  fileName: string;
  size: number;
  sha256: string;
  /** The first bytes of the file (up to 64 KiB), for sniffing the format and the encoding. */
  head: Buffer;
  /** True when the whole file is valid UTF-8 (a BOM aside). */
  validUtf8: boolean;
  /** True when the file has a double quote anywhere (CSV quoting may then hide delimiters and line breaks). */
  hasQuote: boolean;
}

const HEAD_BYTES = 64 * 1024;

/** Opens a file the user chose for reading, with messages that say what is wrong. */
export function statInputFile(file: string, maxBytes: number): fs.Stats {
  const fileName = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new RamkollError('NOT_FOUND', `Filen ${file} finns inte eller kan inte läsas.`);
  }
  if (!stat.isFile()) throw new RamkollError('BAD_FILE', `${fileName} är ingen vanlig fil.`);
  if (stat.size === 0) throw new RamkollError('BAD_FILE', `${fileName} är tom.`, [{ file: fileName, message: 'filen är tom' }]);
  if (stat.size > maxBytes) {
    throw new RamkollError('BAD_FILE', `${fileName} är ${Math.round(stat.size / 1048576)} MB; högst ${Math.round(maxBytes / 1048576)} MB tas emot.`, [
      { file: fileName, message: 'filen är för stor' },
    ]);
  }
  return stat;
}

/**
 * One streaming pass over a file: its SHA-256 (recorded with the import
 * batch), its first bytes, and whether all of it is valid UTF-8. Deciding
 * the encoding from the whole file matters: a Windows-1252 export is often
 * plain ASCII for thousands of lines before its first "å".
 */
export async function scanFile(file: string, maxBytes: number, onProgress?: (done: number, total: number) => void): Promise<FileScan> {
  const stat = statInputFile(file, maxBytes);
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let hasQuote = false;
  const headParts: Buffer[] = [];
  let headLength = 0;
  let done = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headLength);
      headParts.push(part);
      headLength += part.length;
    }
    if (!hasQuote && chunk.indexOf(0x22) >= 0) hasQuote = true;
    if (validUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
    done += chunk.length;
    onProgress?.(done, stat.size);
  }
  if (validUtf8) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false;
    }
  }
  return { fileName: path.basename(file), size: stat.size, sha256: hash.digest('hex'), head: Buffer.concat(headParts), validUtf8, hasQuote };
}
