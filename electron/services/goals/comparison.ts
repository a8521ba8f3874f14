import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { getSetting, setSetting, type Settings } from '../settings';
import type { Actor } from './access';
import { kindOfCode, type Gender } from './comparison-rows';
import { medianDecimal } from './decimal';

export type ComparisonGroup = NonNullable<Settings['goals.comparison']>;

/** One year of a styrtal beside its comparisons; values are canonical decimal text, null where none is published. */
export interface ComparisonYear {
  year: number;
  ours: string | null;
  /** The kommungrupp's value, or the median of the chosen kommuner's. */
  group: string | null;
  /** For a list of kommuner: how many of them have a value that year. */
  groupCount: number | null;
  region: string | null;
  riket: string | null;
}

export interface SeriesComparison {
  seriesKey: string;
  /** The kön with values (T first); each has its years, oldest first. */
  byGender: Partial<Record<Gender, ComparisonYear[]>>;
}

export interface ComparisonView {
  kommunCode: string;
  group: ComparisonGroup | null;
  /** How the group reads in the UI and reports: "Pendlingskommun nära mindre stad (SKR)", "median av Mora, Vansbro". */
  groupLabel: string | null;
  regionName: string | null;
  /** What the imported files offer to choose from. */
  choices: { groups: { code: string; name: string }[]; kommuner: { code: string; name: string }[] };
  series: SeriesComparison[];
}

interface Row {
  series_key: string;
  municipality_code: string;
  municipality_name: string;
  kind: string;
  year: number;
  gender: Gender;
  value: string;
}

/** The codes the kommun's own rows may carry: its Kolada id, or its name where the file had no ids. */
function ownCodes(db: Db): string[] {
  const name = getSetting(db, 'kommun.name');
  return [getSetting(db, 'kommun.code'), name, name.replace(/ kommun$/, ''), name.replace(/s kommun$/, '')].filter((c) => c !== '');
}

/** Kolada's region for a kommun: 00 and the kommun id's län digits (2083 → 0020). */
const regionOf = (kommunCode: string) => (kindOfCode(kommunCode) === 'kommun' ? `00${kommunCode.slice(0, 2)}` : null);

/**
 * The comparison of every styrtal series that has comparison rows (or only
 * `seriesKeys`): per kön and year the kommun's value beside the comparison
 * group, the region and riket. The kommun's total is its styrtal value
 * (indicator_value, dated the year's last day); its K/M values and all
 * others come from the Kolada import. A list of kommuner is summarised by
 * its median (exact; robust against one kommun far off), over those with a
 * value that year.
 */
export function comparisonView(db: Db, seriesKeys?: readonly string[]): ComparisonView {
  const kommunCode = getSetting(db, 'kommun.code');
  const group = getSetting(db, 'goals.comparison');
  const rows = db.prepare('SELECT series_key, municipality_code, municipality_name, kind, year, gender, value FROM indicator_comparison_value ORDER BY series_key, year').all() as Row[];
  const names = new Map<string, { name: string; kind: string }>();
  for (const r of rows) names.set(r.municipality_code, { name: r.municipality_name, kind: r.kind });
  const own = new Set(ownCodes(db));
  const region = regionOf(kommunCode);
  const choices = {
    groups: [...names].filter(([, n]) => n.kind === 'grupp').map(([code, n]) => ({ code, name: n.name })),
    kommuner: [...names].filter(([code, n]) => n.kind === 'kommun' && !own.has(code)).map(([code, n]) => ({ code, name: n.name })),
  };
  choices.groups.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  choices.kommuner.sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  const wanted = seriesKeys ? new Set(seriesKeys) : null;
  const keys = [...new Set(rows.map((r) => r.series_key))].filter((k) => !wanted || wanted.has(k));
  const members = group?.kind === 'kommuner' ? new Set(group.codes) : null;
  const series = keys.map((key): SeriesComparison => {
    const mine = rows.filter((r) => r.series_key === key);
    const totals = new Map(
      (db.prepare("SELECT measured_on, value FROM indicator_value WHERE series_key = ? AND deleted_at IS NULL AND measured_on LIKE '%-12-31'").all(key) as { measured_on: string; value: string }[]).map((v) => [
        Number(v.measured_on.slice(0, 4)),
        v.value,
      ]),
    );
    const byGender: SeriesComparison['byGender'] = {};
    for (const gender of ['T', 'K', 'M'] as const) {
      const g = mine.filter((r) => r.gender === gender);
      if (g.length === 0) continue;
      const years = [...new Set([...g.map((r) => r.year), ...(gender === 'T' ? totals.keys() : [])])].sort((a, b) => a - b);
      byGender[gender] = years.map((year) => {
        const at = g.filter((r) => r.year === year);
        const valueOf = (code: string | null) => (code === null ? null : (at.find((r) => r.municipality_code === code)?.value ?? null));
        const memberValues = members ? at.filter((r) => members.has(r.municipality_code)).map((r) => r.value) : [];
        return {
          year,
          ours: gender === 'T' ? (totals.get(year) ?? null) : (at.find((r) => own.has(r.municipality_code))?.value ?? null),
          group: group === null ? null : group.kind === 'grupp' ? valueOf(group.code) : medianDecimal(memberValues),
          groupCount: members ? memberValues.length : null,
          region: valueOf(region),
          riket: valueOf('0000') ?? at.find((r) => r.kind === 'riket')?.value ?? null,
        };
      });
    }
    return { seriesKey: key, byGender };
  });
  return {
    kommunCode,
    group,
    groupLabel: group === null ? null : group.kind === 'grupp' ? (names.get(group.code)?.name ?? group.code) : `median av ${group.codes.map((c) => names.get(c)?.name ?? c).join(', ')}`,
    regionName: region === null ? null : (names.get(region)?.name ?? null),
    choices,
    series,
  };
}

export interface ComparisonSettingsInput {
  kommunCode: string;
  group: ComparisonGroup | null;
}

/** Saves the kommun's Kolada id and the comparison group; the controller's choice, for this installation. */
export function saveComparisonSettings(db: Db, actor: Actor, input: ComparisonSettingsInput): ComparisonView {
  if (actor.role !== 'controller') throw new RamkollError('FORBIDDEN', 'Bara controllern väljer jämförelsegrupp för styrtalen.');
  const code = input.kommunCode.trim();
  const problems = [];
  if (code !== '' && kindOfCode(code) !== 'kommun') problems.push({ column: 'kommunCode', value: code, message: 'kommunens Kolada-id är fyra siffror, t.ex. 2083' });
  const g = input.group;
  if (g?.kind === 'grupp' && kindOfCode(g.code) !== 'grupp') problems.push({ column: 'group', value: g.code, message: 'en kommungrupp har Koladas id som börjar med G, t.ex. G33789' });
  if (g?.kind === 'kommuner') {
    if (g.codes.length === 0) problems.push({ column: 'group', message: 'välj minst en kommun att jämföra med' });
    for (const c of g.codes) if (kindOfCode(c) === null && c.trim() === '') problems.push({ column: 'group', value: c, message: 'en tom kommun i listan' });
    if (new Set(g.codes).size !== g.codes.length) problems.push({ column: 'group', message: 'samma kommun står två gånger i listan' });
  }
  if (problems.length > 0) throw new RamkollError('INVALID_INPUT', `Jämförelsen kunde inte sparas: ${problems.map((p) => p.message).join('; ')}.`, problems);
  db.tx(() => {
    setSetting(db, 'kommun.code', code);
    setSetting(db, 'goals.comparison', g === null ? null : g.kind === 'grupp' ? { kind: 'grupp', code: g.code } : { kind: 'kommuner', codes: [...g.codes].sort() });
  });
  return comparisonView(db);
}
