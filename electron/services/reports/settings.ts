import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { getSetting, setSetting } from '../settings';
import { getTemplate, refuseUnderTemplate } from '../templates/template';
import type { ReportUnit, SignPresentation } from './types';

/** The report settings: the one place where unit, sign presentation and logo are chosen. */
export interface ReportSettings {
  unit: ReportUnit;
  sign: SignPresentation;
  /** data: URL of the kommun's logo, or null. */
  logo: string | null;
  /** The version of Ekonomi's report template that decides unit and logo, or null: the förvaltning's own settings. */
  templateVersion: number | null;
}

/** A logo larger than this makes every report heavy; a kommun's logo is far smaller. */
export const MAX_LOGO_BYTES = 512 * 1024;

const LOGO_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml' };

export function getReportSettings(db: Db): ReportSettings {
  const sign = getSetting(db, 'reports.sign');
  // A template from Ekonomi decides the unit and the logo; the sign presentation stays the förvaltning's.
  const t = getTemplate(db);
  if (t) return { unit: t.unit, sign, logo: t.logo, templateVersion: t.version };
  const logo = getSetting(db, 'reports.logo');
  return { unit: getSetting(db, 'reports.unit'), sign, logo: logo === '' ? null : logo, templateVersion: null };
}

export function saveReportSettings(db: Db, change: { unit?: ReportUnit; sign?: SignPresentation; logo?: string | null }): ReportSettings {
  if (change.unit !== undefined || change.logo !== undefined) {
    const now = getReportSettings(db);
    if (now.templateVersion !== null && ((change.unit !== undefined && change.unit !== now.unit) || change.logo !== undefined)) refuseUnderTemplate(db, 'Enheten och logotypen');
  }
  db.tx(() => {
    if (change.unit !== undefined) setSetting(db, 'reports.unit', change.unit);
    if (change.sign !== undefined) setSetting(db, 'reports.sign', change.sign);
    if (change.logo !== undefined) setSetting(db, 'reports.logo', change.logo ?? '');
  });
  return getReportSettings(db);
}

/**
 * Reads a logo file into a data: URL, checking what it is by its bytes (a
 * PNG, a JPEG, or an SVG text): the URL goes into every report.
 */
export function logoDataUrl(name: string, bytes: Buffer): string {
  const ext = name.slice(name.lastIndexOf('.')).toLowerCase();
  const type = LOGO_TYPES[ext];
  if (!type) throw new RamkollError('BAD_FILE', `${name}: logotypen ska vara en PNG-, JPEG- eller SVG-fil.`);
  if (bytes.length > MAX_LOGO_BYTES) throw new RamkollError('BAD_FILE', `${name} är ${Math.round(bytes.length / 1024)} kB; logotypen får vara högst ${MAX_LOGO_BYTES / 1024} kB.`);
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isSvg = /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString('utf8'));
  const ok = type === 'image/png' ? isPng : type === 'image/jpeg' ? isJpeg : isSvg;
  if (!ok) throw new RamkollError('BAD_FILE', `${name}: filens innehåll är inte en ${ext.slice(1).toUpperCase()}-bild.`);
  return `data:${type};base64,${bytes.toString('base64')}`;
}
