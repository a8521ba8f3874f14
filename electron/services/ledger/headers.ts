import { normaliseHeader } from '../files/table';
import type { LedgerField } from './profile';

/**
 * What a column's header says it holds. The names are those Swedish
 * ekonomisystem and report exports use, normalised (lower case, no
 * diacritics or punctuation: "Kontonr." -> "kontonr"); for each field the
 * earlier names win when several columns would fit.
 */
export const HEADER_NAMES: Record<LedgerField, readonly string[]> = {
  account: ['konto', 'kontonr', 'kontonummer', 'konto nr', 'kontokod', 'konto kod', 'konto id', 'kto', 'baskonto', 'huvudkonto', 'account'],
  responsibility: [
    'ansvar',
    'ansvarskod',
    'ansvarsnr',
    'ansvar kod',
    'ansvar nr',
    'ansv',
    'ansvar id',
    'ansvarsomrade',
    'ansvarsenhet',
    'ansvarsstalle',
    'kostnadsstalle',
    'kostnadsstallekod',
    'kst',
    'kstnr',
    'kst kod',
    'resultatenhet',
    'resultatstalle',
    'responsibility',
    'cost centre',
    'cost center',
  ],
  activityCode: ['verksamhet', 'vht', 'verksamhetskod', 'vht kod', 'vhtkod', 'vht nr', 'verks', 'verksamhet kod', 'verksamhetsnr', 'verksamhetsomrade'],
  activity: ['aktivitet', 'akt', 'aktivitetskod', 'aktivitet kod'],
  project: ['projekt', 'proj', 'projektnr', 'projektnummer', 'projektkod', 'projekt kod', 'project'],
  counterparty: ['motpart', 'mp', 'motpartskod', 'motpart kod', 'motp', 'intern motpart', 'internmotpart'],
  period: ['period', 'per', 'bokforingsperiod', 'redovisningsperiod', 'ar manad', 'armanad', 'ar man', 'arman', 'aaaamm', 'yyyymm', 'period aaaamm', 'bokf period', 'redov per'],
  year: ['ar', 'rakenskapsar', 'bokforingsar', 'budgetar', 'year'],
  month: ['manad', 'man', 'manadsnr', 'manad nr', 'bokforingsmanad', 'month'],
  date: ['bokforingsdatum', 'bokf datum', 'bokfdatum', 'verifikationsdatum', 'ver datum', 'verdatum', 'transaktionsdatum', 'datum', 'date'],
  amount: [
    'belopp',
    'beloppsek',
    'bokfort belopp',
    'utfall',
    'utfall period',
    'utfall perioden',
    'utfall manad',
    'periodens utfall',
    'periodutfall',
    'manadsutfall',
    'periodbelopp',
    'netto',
    'saldo',
    'periodsaldo',
    'amount',
  ],
  debit: ['debet', 'debit'],
  credit: ['kredit', 'credit'],
  sign: ['tecken', 'd k', 'dk', 'debet kredit', 'deb kred', 'dr cr', 'sign'],
  voucher: ['verifikationsnummer', 'verifikationsnr', 'verifikation', 'vernr', 'ver nr', 'verifikat', 'voucher'],
  text: ['text', 'transaktionstext', 'verifikationstext', 'vertext', 'beskrivning', 'fritext'],
  counterpartyName: ['leverantor', 'leverantorsnamn', 'leverantor namn', 'kund', 'kundnamn', 'kund leverantor', 'motpartsnamn'],
};

/** Words after a code's name that make the column the code's name ("Konto text", "Ansvar(T)"). */
const NAME_WORDS = new Set(['text', 't', 'namn', 'benamning', 'beskrivning', 'beskr', 'ben']);
/** Words after a field's name that change nothing ("Konto nummer", "Belopp kr", "Utfall perioden"). */
const QUALIFIERS = new Set(['kod', 'nr', 'nummer', 'id', 'kr', 'sek', 'kronor', 'i', 'period', 'perioden', 'manad', 'manaden']);
/** Leading words of aggregated columns in pivot tables and report tools ("Summa av Belopp", "Sum of Amount", "Sum(Belopp)"). */
const AGGREGATE_PREFIXES = ['summa av ', 'sum of ', 'summa ', 'sum ', 'totalt ', 'total '];
const THOUSANDS = new Set(['tkr', 'mkr', 'tusental', 'tsek', 'ksek', 'msek', 'miljoner']);
const ACCUMULATED = new Set(['ack', 'ackumulerat', 'ackumulerad', 'ackum', 'hittills', 'ytd', 'helar']);
const OTHER_FIGURES = new Set(['budget', 'prognos', 'avvikelse', 'avv', 'diff', 'differens', 'forecast', 'helarsprognos', 'fg', 'fjol', 'foregaende', 'plan', 'procent', 'andel']);

/** A column's header as the detection reads it. */
export type HeaderVerdict =
  | { kind: 'field'; field: LedgerField; rank: number }
  | { kind: 'name'; of: 'account' | 'responsibility' }
  /** The header names something Ramkoll does not read, and says why. */
  | { kind: 'ignored'; why: string }
  /** The header names the amount but in a form that cannot be read exactly. */
  | { kind: 'refused'; field: LedgerField; why: string }
  | { kind: 'unknown' };

function exact(norm: string): { field: LedgerField; rank: number } | null {
  for (const field of Object.keys(HEADER_NAMES) as LedgerField[]) {
    const i = HEADER_NAMES[field].indexOf(norm);
    if (i >= 0) return { field, rank: i };
  }
  return null;
}

const NAME_OF: Partial<Record<LedgerField, 'account' | 'responsibility'>> = { account: 'account', responsibility: 'responsibility' };

/**
 * What a header says: a field (with a rank; lower wins), the name of a code,
 * something not read (budget, accumulated, another dimension's name), or
 * nothing known. The raw text is needed for "+/-", which normalises to nothing.
 */
export function headerVerdict(raw: string): HeaderVerdict {
  const t = raw.trim();
  if (/^[+]\s*\/\s*[-−–]$/.test(t) || t === '±') return { kind: 'field', field: 'sign', rank: 0 };
  const norm = normaliseHeader(t);
  if (norm === '') return { kind: 'unknown' };
  const e = exact(norm);
  if (e) return { kind: 'field', ...e };
  if (norm === 'kontotext' || norm === 'kontonamn' || norm === 'kontobenamning') return { kind: 'name', of: 'account' };
  if (norm === 'ansvarstext' || norm === 'ansvarsnamn' || norm === 'ansvarsbenamning') return { kind: 'name', of: 'responsibility' };
  const tokens = norm.split(' ');
  if (tokens.some((w) => THOUSANDS.has(w))) return { kind: 'refused', field: 'amount', why: 'beloppen är i tusental (tkr/mkr), Ramkoll läser utfallet exakt i kronor och ören' };
  if (tokens.some((w) => ACCUMULATED.has(w))) return { kind: 'ignored', why: 'ackumulerat belopp, inte periodens' };
  if (tokens.some((w) => OTHER_FIGURES.has(w))) return { kind: 'ignored', why: 'budget, prognos eller avvikelse, inte utfall' };
  for (const prefix of AGGREGATE_PREFIXES) {
    if (norm.startsWith(prefix)) {
      const inner = headerVerdict(norm.slice(prefix.length));
      if (inner.kind === 'field') return { ...inner, rank: inner.rank + 100 };
    }
  }
  // "Benämning konto": the name first.
  if (tokens.length >= 2 && NAME_WORDS.has(tokens[0]!)) {
    const of = NAME_OF[exact(tokens.slice(1).join(' '))?.field ?? 'text'];
    if (of) return { kind: 'name', of };
  }
  // "Konto nummer", "Belopp i kr" (a field and words that change nothing), "Ansvar benämning" (a code's name).
  for (let k = tokens.length - 1; k >= 1; k--) {
    const head = exact(tokens.slice(0, k).join(' '));
    if (!head) continue;
    const tail = tokens.slice(k);
    if (tail.every((w) => NAME_WORDS.has(w))) {
      const of = NAME_OF[head.field];
      return of ? { kind: 'name', of } : { kind: 'ignored', why: `namn, inte kod (${head.field === 'activityCode' ? 'verksamhet' : head.field})` };
    }
    if (tail.every((w) => QUALIFIERS.has(w))) return { kind: 'field', field: head.field, rank: head.rank + 200 };
  }
  return { kind: 'unknown' };
}

/** Whether a header speaks of time (period, month, date, year): such a column is read for what its content is. */
export function speaksOfTime(raw: string): 'period' | 'month' | 'date' | 'year' | null {
  const norm = normaliseHeader(raw);
  if (norm === '') return null;
  const tokens = norm.split(' ');
  if (/period|yyyymm|aaaamm/.test(norm) || tokens.includes('per') || norm === 'ar manad' || norm === 'armanad' || norm === 'ar man' || norm === 'arman') return 'period';
  if (/manad|month/.test(norm) || tokens.includes('man')) return 'month';
  if (/datum|date/.test(norm) || tokens.includes('dat')) return 'date';
  if (tokens.includes('ar') || /rakenskapsar|bokforingsar|year/.test(norm)) return 'year';
  return null;
}
