import { normaliseHeader } from '../files/table';

/** The figures an HR/payroll export has per month and ansvar. */
export const PERSONNEL_FIELDS = [
  'period',
  'responsibility',
  'employees',
  'permanent',
  'temporary',
  'fte',
  'sick',
  'sickWomen',
  'sickMen',
  'sickTo29',
  'sick30to49',
  'sickFrom50',
  'longSick',
  'cost',
] as const;
export type PersonnelField = (typeof PERSONNEL_FIELDS)[number];

export const PERSONNEL_LABELS: Record<PersonnelField, string> = {
  period: 'Period',
  responsibility: 'Ansvar',
  employees: 'Antal anställda',
  permanent: 'Tillsvidareanställda',
  temporary: 'Visstidsanställda',
  fte: 'Årsarbetare',
  sick: 'Sjukfrånvaro totalt, %',
  sickWomen: 'Sjukfrånvaro kvinnor, %',
  sickMen: 'Sjukfrånvaro män, %',
  sickTo29: 'Sjukfrånvaro −29 år, %',
  sick30to49: 'Sjukfrånvaro 30–49 år, %',
  sickFrom50: 'Sjukfrånvaro 50− år, %',
  longSick: 'Långtidssjukfrånvaro, %',
  cost: 'Personalkostnad, kr',
};

/**
 * Header names, normalised as normaliseHeader does ("Sjukfrånvaro −29 år" ->
 * "sjukfranvaro 29 ar"), as HR systems (Heroma, Personec, Visma Lön) and
 * Kolada-style personnel reports write them.
 */
export const PERSONNEL_HEADERS: Record<PersonnelField, readonly string[]> = {
  period: ['period', 'manad', 'ar manad', 'armanad', 'lonperiod', 'redovisningsperiod', 'aaaamm', 'yyyymm'],
  responsibility: ['ansvar', 'ansvarskod', 'ansvar kod', 'ansvarsnr', 'ansvar nr', 'kostnadsstalle', 'kst', 'ansvarsenhet'],
  employees: ['antal anstallda', 'anstallda', 'antal anstallda totalt', 'anstallda totalt', 'totalt antal anstallda', 'antal medarbetare', 'medarbetare'],
  permanent: ['tillsvidare', 'tillsvidareanstallda', 'antal tillsvidare', 'antal tillsvidareanstallda', 'varav tillsvidare', 'varav tillsvidareanstallda'],
  temporary: ['visstid', 'visstidsanstallda', 'antal visstid', 'antal visstidsanstallda', 'varav visstid', 'varav visstidsanstallda'],
  fte: ['arsarbetare', 'antal arsarbetare', 'arsarbetare totalt', 'helarsekvivalenter', 'heltidsekvivalenter'],
  sick: ['sjukfranvaro', 'sjukfranvaro totalt', 'total sjukfranvaro', 'sjukfranvaro total', 'sjukfranvaro alla'],
  sickWomen: ['sjukfranvaro kvinnor', 'kvinnor'],
  sickMen: ['sjukfranvaro man', 'man'],
  sickTo29: ['sjukfranvaro 29 ar', 'sjukfranvaro 29', 'sjukfranvaro under 30 ar', '29 ar'],
  sick30to49: ['sjukfranvaro 30 49 ar', 'sjukfranvaro 30 49', '30 49 ar'],
  sickFrom50: ['sjukfranvaro 50 ar', 'sjukfranvaro 50', 'sjukfranvaro 50 ar och aldre', '50 ar'],
  longSick: ['langtidssjukfranvaro', 'andel langtidssjukfranvaro', 'langtidssjukfranvaro 60 dagar', 'sjukfranvaro 60 dagar', 'sjukfranvaro 60 dagar eller mer'],
  cost: ['personalkostnad', 'personalkostnader', 'personalkostnad kr', 'personalkostnader kr', 'lonekostnad', 'lonekostnader', 'lonekostnad inkl po'],
};

/** Which column holds each field, by header text or 0-based position (a profile's `personnel`); the rest are recognised. */
export type PersonnelMapping = Partial<Record<PersonnelField, string | number>>;

export interface PersonnelColumns {
  columns: Partial<Record<PersonnelField, number>>;
  /** Headers that are not read, by their text. */
  ignored: string[];
}

/** The field a header names, or null; "%" and "kr" are dropped by the normalisation. */
export function personnelField(header: string): PersonnelField | null {
  const norm = normaliseHeader(header);
  for (const f of PERSONNEL_FIELDS) if (PERSONNEL_HEADERS[f].includes(norm)) return f;
  return null;
}

/** The columns of a header row: a mapping's headers first, then those recognised. */
export function personnelColumns(header: readonly string[], mapping: PersonnelMapping = {}): { found: PersonnelColumns; missing: PersonnelField[] } {
  const columns: Partial<Record<PersonnelField, number>> = {};
  const norm = header.map(normaliseHeader);
  const missing: PersonnelField[] = [];
  for (const [field, ref] of Object.entries(mapping) as [PersonnelField, string | number][]) {
    const i = typeof ref === 'number' ? (ref < header.length ? ref : -1) : norm.indexOf(normaliseHeader(ref));
    if (i < 0) missing.push(field);
    else columns[field] = i;
  }
  const taken = new Set(Object.values(columns));
  header.forEach((h, i) => {
    if (taken.has(i)) return;
    const f = personnelField(h);
    if (f && columns[f] === undefined && mapping[f] === undefined) {
      columns[f] = i;
      taken.add(i);
    }
  });
  const ignored = header.filter((h, i) => h !== '' && !taken.has(i));
  return { found: { columns, ignored }, missing };
}
