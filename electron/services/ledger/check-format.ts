import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { detectEncoding, type DetectedEncoding } from '../files/encoding';
import type { FileScan } from '../files/scan';
import { CFB_SIGNATURE } from '../files/xls';
import type { MappingProfile } from './profile';
import { looksLikeSie } from './sie';
import type { LedgerFileInfo } from './types';

export type LedgerFormat = LedgerFileInfo['format'];

/** What kind of file this is, from its first bytes, its name and the profile. */
export function sniffFormat(scan: FileScan, file: string, profile: MappingProfile): { format: LedgerFormat; note: string | null } {
  const ext = path.extname(file).toLowerCase();
  const head = scan.head;
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const isCfb = head.length >= 8 && head.subarray(0, 8).equals(CFB_SIGNATURE);
  // The content decides for Excel files, whatever the profile or the name says: a zip is never handed to the .xls reader.
  if (isZip) return { format: 'xlsx', note: null };
  if (isCfb) return { format: 'xls', note: null };
  if (profile.format !== 'auto' && profile.format !== 'csv') return { format: profile.format, note: null };
  if (ext === '.xlsx' || ext === '.xlsm') return { format: 'xlsx', note: null };
  if (ext === '.xls') {
    const text = head.subarray(0, 2048).toString('latin1').toLowerCase();
    if (/<html|<table|<\?xml/.test(text)) {
      throw new RamkollError('BAD_FILE', `${scan.fileName} heter .xls men är en HTML- eller XML-tabell, inte en Excel-fil. Öppna den i Excel och spara som .xlsx eller CSV.`, [
        { file: scan.fileName, message: 'HTML/XML i stället för Excel' },
      ]);
    }
    return { format: 'csv', note: `${scan.fileName} heter .xls men är en textfil; den lästes som CSV/text.` };
  }
  if (profile.format === 'auto' && (looksLikeSie(head) || ['.se', '.si', '.sie'].includes(ext))) return { format: 'sie', note: null };
  return { format: 'csv', note: null };
}

/** The text encoding of a CSV file: the profile's, else a byte-order mark, else UTF-8 when the bytes are valid UTF-8. */
export function chooseEncoding(scan: FileScan, profile: MappingProfile): DetectedEncoding {
  const detected = detectEncoding(scan.head);
  if (profile.encoding !== 'auto') {
    // The chunk decoder reads ISO-8859-1 and CP437 too (through iconv-lite).
    const enc = profile.encoding as DetectedEncoding['encoding'];
    return { encoding: enc, bomLength: enc === 'utf-8' && detected.encoding === 'utf-8' ? detected.bomLength : 0 };
  }
  if (detected.bomLength > 0) return detected;
  return { encoding: scan.validUtf8 ? 'utf-8' : 'windows-1252', bomLength: 0 };
}
