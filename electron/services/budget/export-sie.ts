import iconv from 'iconv-lite';
import { oreToDecimalString } from '../money';
import type { ExportData } from './export-data';

export interface SieMeta {
  programVersion: string;
  /** yyyymmdd */
  generatedOn: string;
  user: string;
  companyName: string;
}

/** Typographic characters that code page 437 lacks, as their plain equivalents. */
const PLAIN: Record<string, string> = { '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2026': '...', '\u00a0': ' ' };

/** A SIE string field: always quoted, with quotes and backslashes escaped, control characters dropped. */
function q(text: string): string {
  const plain = text.replace(/[\u2013\u2014\u2212\u2018\u2019\u201c\u201d\u2026\u00a0]/g, (c) => PLAIN[c]!);
  // eslint-disable-next-line no-control-regex
  return `"${plain.replace(/[\x00-\x1f\x7f]/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The detaljbudget as SIE type 3 (PC8 / code page 437): #DIM and #OBJEKT for
 * ansvar and the other dimensions that have a SIE number, #KONTO for the
 * accounts, and one #PBUDGET per kodsträng and month with the objects of the
 * kodsträng. Months with zero are left out. Dimensions without a SIE number
 * cannot be written and are named in `notes`.
 */
export function budgetSie(data: ExportData, meta: SieMeta): { bytes: Buffer; records: number; notes: string[] } {
  const year = data.version.year;
  const lines: string[] = [
    '#FLAGGA 0',
    `#PROGRAM ${q('Ramkoll')} ${q(meta.programVersion)}`,
    '#FORMAT PC8',
    `#GEN ${meta.generatedOn} ${q(meta.user)}`,
    '#SIETYP 3',
    `#FNAMN ${q(meta.companyName)}`,
    `#RAR 0 ${year}0101 ${year}1231`,
  ];
  const notes: string[] = [];
  const dims = [data.responsibilityDimension, ...data.dimensions].filter((d) => {
    if (d.sieDimension !== null) return true;
    notes.push(`Dimensionen ${d.name} har inget SIE-nummer och kom inte med i SIE-filen.`);
    return false;
  });
  for (const d of dims) lines.push(`#DIM ${d.sieDimension} ${q(d.name)}`);
  const objects = new Map<number, Set<string>>();
  for (const r of data.rows) {
    for (const d of dims) {
      const code = d === data.responsibilityDimension ? r.responsibility : r.dims[d.code];
      if (code === undefined || code === '') continue;
      let set = objects.get(d.sieDimension!);
      if (!set) objects.set(d.sieDimension!, (set = new Set()));
      set.add(code);
    }
  }
  for (const d of dims) {
    for (const code of [...(objects.get(d.sieDimension!) ?? [])].sort()) lines.push(`#OBJEKT ${d.sieDimension} ${q(code)} ${q(d.valueNames.get(code) ?? code)}`);
  }
  const accounts = new Map<string, string>();
  for (const r of data.rows) accounts.set(r.account, r.accountName);
  for (const code of [...accounts.keys()].sort()) {
    lines.push(`#KONTO ${code} ${q(accounts.get(code) || code)}`);
    lines.push(`#KTYP ${code} ${code.startsWith('3') ? 'I' : 'K'}`);
  }
  // Written in chunks: a budget of 50 000 lines is 600 000 records, and one
  // giant string costs more in garbage collection than the work itself.
  const chunks: Buffer[] = [];
  const flush = () => {
    const text = lines.join('\r\n') + '\r\n';
    // eslint-disable-next-line no-control-regex
    chunks.push(/^[\x00-\x7f]*$/.test(text) ? Buffer.from(text, 'latin1') : iconv.encode(text, 'cp437'));
    lines.length = 0;
  };
  let records = 0;
  for (const r of data.rows) {
    const objectList = dims
      .map((d) => {
        const code = d === data.responsibilityDimension ? r.responsibility : r.dims[d.code];
        return code === undefined || code === '' ? null : `${d.sieDimension} ${q(code)}`;
      })
      .filter((x): x is string => x !== null)
      .join(' ');
    r.months.forEach((ore, i) => {
      if (ore === 0) return;
      lines.push(`#PBUDGET 0 ${year}${String(i + 1).padStart(2, '0')} ${r.account} {${objectList}} ${oreToDecimalString(ore)}`);
      records++;
    });
    if (lines.length >= 20_000) flush();
  }
  if (lines.length > 0) flush();
  return { bytes: Buffer.concat(chunks), records, notes };
}
