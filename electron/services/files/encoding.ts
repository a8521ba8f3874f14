import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

/**
 * Tells the text encoding of an exported file. A BOM decides; otherwise
 * bytes that are valid UTF-8 are UTF-8, and anything else is taken as
 * Windows-1252, which is what Swedish Windows programs write. (Node 20's
 * TextDecoder maps 0x80-0x9F wrongly for windows-1252, so decoding goes
 * through iconv-lite.)
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

export function decode(bytes: Uint8Array, enc: DetectedEncoding): string {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + enc.bomLength, bytes.byteLength - enc.bomLength);
  return iconv.decode(body, enc.encoding === 'utf-16be' ? 'utf-16be' : enc.encoding === 'utf-16le' ? 'utf-16le' : enc.encoding);
}

/** A rough test for files that are not text at all (images, executables, zip). */
export function looksBinary(bytes: Uint8Array, enc: DetectedEncoding): boolean {
  if (enc.encoding.startsWith('utf-16')) return false;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.05;
}
