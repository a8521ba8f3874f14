import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { AccountGroup } from '../../../db/schema';
import { canonicalDims, parseDims } from '../coding';
import { naturalId } from '../ids';
import { kommunBasGroup } from '../masterdata/accounts';
import { allocate } from '../money';
import { insertBudgetLines, insertVersionRow, MONTH_COLUMNS, type NewBudgetLine } from './lines';
import { carryPlanYears } from './multiyear';
import { carryPersonnelYear, copyPositions, writePersonnelLines } from './personnel';
import { Accounts, divRound, kronor, resolveVersion, type PlanningMeta } from './planning-common';

export type Rounding = 'ore' | 'krona' | 'hundred' | 'thousand';

const ROUNDING_STEP: Record<Rounding, bigint> = { ore: 1n, krona: 100n, hundred: 10_000n, thousand: 100_000n };

export interface StartingPointRequest {
  /** Last year's budget (a version) or last year's outcome. */
  source: 'budget' | 'actual';
  sourceYear: number;
  /** For source 'budget': a version id or 'current' (the default). */
  sourceVersion?: string;
  targetYear?: number;
  name?: string;
  /** Löneökning on personnel accounts, hundredths of a percent (310 = 3,10 %). */
  salaryIncreaseBp: number;
  /** Prisindex on other costs and revenues. */
  priceIndexBp: number;
  /** Effektivisering: a cut on costs (personnel and other costs) after uppräkning. */
  efficiencyBp: number;
  rounding?: Rounding;
  /** Outcome of fewer than 12 months is raised to a full year (× 12 / months). Default true. */
  annualise?: boolean;
}

export interface StartingPointResult {
  versionId: string;
  versionName: string;
  year: number;
  lines: number;
  sourceTotalOre: number;
  totalOre: number;
  /** Change per account group, source → new. */
  perGroup: { group: AccountGroup | 'unknown'; sourceOre: number; newOre: number }[];
  positions: number;
  /** What came over from the source version's flerårsplan: ramar, decided VF measures and plan-year assumptions. */
  carried: { frames: number; measures: number; assumptions: number };
  notes: string[];
}

/**
 * The factor of uppräkning and effektivisering by account group, as
 * (numerator, denominator) so the arithmetic stays exact: salaries rise by
 * the löneökning, other costs and revenues by the prisindex, capital costs
 * and financial items stay; costs are then cut by the effektivisering.
 */
export function upliftFactor(group: AccountGroup | null, req: Pick<StartingPointRequest, 'salaryIncreaseBp' | 'priceIndexBp' | 'efficiencyBp'>): [bigint, bigint] {
  const cut = BigInt(10000 - req.efficiencyBp);
  switch (group) {
    case 'personnel':
      return [BigInt(10000 + req.salaryIncreaseBp) * cut, 100_000_000n];
    case 'other_cost':
      return [BigInt(10000 + req.priceIndexBp) * cut, 100_000_000n];
    case 'revenue':
      return [BigInt(10000 + req.priceIndexBp), 10_000n];
    default:
      return [1n, 1n];
  }
}

export function uplift(amountOre: number, group: AccountGroup | null, req: Pick<StartingPointRequest, 'salaryIncreaseBp' | 'priceIndexBp' | 'efficiencyBp'>, rounding: Rounding): number {
  const [num, den] = upliftFactor(group, req);
  const step = ROUNDING_STEP[rounding];
  return divRound(BigInt(amountOre) * num, den * step) * Number(step);
}

function checkPercent(bp: number, what: string, min: number, max: number): void {
  if (!Number.isInteger(bp) || bp < min || bp > max) throw new RamkollError('INVALID_INPUT', `${what} ska vara mellan ${min / 100} och ${max / 100} %.`);
}

/**
 * Creates next year's working budget from last year's budget or outcome with
 * uppräkning and effektivisering: a new draft version with one line per
 * source line (budget) or kodsträng (outcome). From a budget, lines keep
 * their periodisering profile, hand-set months keep their pattern, and the
 * positions of the personnel budget are carried over (last year's raise
 * built into the salary, this year's löneökning from their month); where the
 * source's personnel lines were generated from positions, they are generated
 * anew from the carried positions instead of being copied. Backup first, one
 * transaction.
 */
export async function createStartingPoint(db: Db, req: StartingPointRequest, meta: PlanningMeta, progress: (done: number, total: number | null) => void = () => {}): Promise<StartingPointResult> {
  checkPercent(req.salaryIncreaseBp, 'Löneökningen', -2000, 5000);
  checkPercent(req.priceIndexBp, 'Prisindex', -2000, 5000);
  checkPercent(req.efficiencyBp, 'Effektiviseringen', 0, 5000);
  const rounding = req.rounding ?? 'krona';
  const targetYear = req.targetYear ?? req.sourceYear + 1;
  if (targetYear <= req.sourceYear) throw new RamkollError('INVALID_INPUT', `Den nya budgeten (${targetYear}) ska gälla ett senare år än källan (${req.sourceYear}).`);
  const accounts = new Accounts(db);
  const groupOf = (code: string): AccountGroup | null => accounts.byCode.get(code)?.group ?? kommunBasGroup(code);
  const notes: string[] = [];
  const lines: NewBudgetLine[] = [];
  const perGroup = new Map<AccountGroup | 'unknown', { sourceOre: number; newOre: number }>();
  const count = (g: AccountGroup | null, before: number, after: number) => {
    const k = g ?? 'unknown';
    const e = perGroup.get(k) ?? { sourceOre: 0, newOre: 0 };
    e.sourceOre += before;
    e.newOre += after;
    perGroup.set(k, e);
  };
  let sourceTotalOre = 0;
  // Ansvar whose personnel lines were generated: they are generated anew from the carried positions.
  const regenerate = new Set<string>();
  let basedOn: string | null = null;
  let sourceName: string;
  const profileIds = new Map(db.all(db.q.selectFrom('periodisation_profile').select(['id', 'code']).where('deleted_at', 'is', null)).map((p) => [p.code, p.id]));
  const even = profileIds.get('jamn') ?? naturalId('profile', 'jamn');

  progress(0, null);
  if (req.source === 'budget') {
    const source = resolveVersion(db, req.sourceVersion ?? 'current', req.sourceYear);
    if (source.year !== req.sourceYear) throw new RamkollError('INVALID_INPUT', `Versionen "${source.name}" gäller ${source.year}, inte ${req.sourceYear}.`);
    basedOn = source.id;
    sourceName = source.name;
    const rows = db
      .prepare(
        `SELECT b.year_ore, b.profile_id, b.manual, b.note, ${MONTH_COLUMNS.map((m) => `b.${m}`).join(', ')}, c.account_code, c.responsibility_code, c.dims,
                EXISTS (SELECT 1 FROM personnel_budget_line p WHERE p.budget_line_id = b.id AND p.deleted_at IS NULL) AS generated
         FROM budget_line b JOIN coding c ON c.id = b.coding_id
         WHERE b.version_id = ? AND b.deleted_at IS NULL
         ORDER BY c.responsibility_code, c.account_code, c.dims, b.created_at, b.id`,
      )
      .all(source.id) as ({ year_ore: number; profile_id: string | null; manual: number; note: string | null; account_code: string; responsibility_code: string; dims: string; generated: number } & Record<
      (typeof MONTH_COLUMNS)[number],
      number
    >)[];
    let generatedSkipped = 0;
    for (const r of rows) {
      sourceTotalOre += r.year_ore;
      if (r.generated) {
        generatedSkipped++;
        regenerate.add(r.responsibility_code);
        continue;
      }
      const group = groupOf(r.account_code);
      const yearOre = uplift(r.year_ore, group, req, rounding);
      count(group, r.year_ore, yearOre);
      if (yearOre === 0) continue;
      const base = { account: r.account_code, responsibility: r.responsibility_code, dims: parseDims(r.dims), yearOre, note: r.note };
      if (r.manual) {
        const months = MONTH_COLUMNS.map((m) => r[m]);
        const sameSign = months.every((m) => m === 0 || Math.sign(m) === Math.sign(r.year_ore));
        lines.push(sameSign ? { ...base, months: allocate(yearOre, months.map(Math.abs)) } : { ...base, profileId: even });
      } else {
        lines.push({ ...base, profileId: r.profile_id ?? even });
      }
    }
    if (generatedSkipped > 0) notes.push(`${generatedSkipped} rader från personalbudgeten räknades inte upp; de togs fram på nytt ur befattningarna.`);
  } else {
    sourceName = `utfall ${req.sourceYear}`;
    const periods = (
      db.prepare('SELECT DISTINCT period FROM actual_balance WHERE period BETWEEN ? AND ?').all(req.sourceYear * 100 + 1, req.sourceYear * 100 + 12) as { period: number }[]
    ).length;
    if (periods === 0) throw new RamkollError('NOT_FOUND', `Det finns inget utfall för ${req.sourceYear}. Läs in utfallet först eller utgå från förra årets budget.`);
    const annualise = (req.annualise ?? true) && periods < 12;
    if (periods < 12) notes.push(annualise ? `Utfallet för ${req.sourceYear} omfattar ${periods} månader och räknades upp till helår (× 12/${periods}).` : `Utfallet för ${req.sourceYear} omfattar bara ${periods} månader.`);
    const rows = db
      .prepare(
        `SELECT c.account_code, c.responsibility_code, c.dims, SUM(a.amount_ore) AS total
         FROM actual_balance a JOIN coding c ON c.id = a.coding_id
         WHERE a.period BETWEEN ? AND ?
         GROUP BY c.id ORDER BY c.responsibility_code, c.account_code, c.dims`,
      )
      .all(req.sourceYear * 100 + 1, req.sourceYear * 100 + 12) as { account_code: string; responsibility_code: string; dims: string; total: number }[];
    // A full year keeps its own monthly pattern; a part year cannot, so it gets a plain profile.
    const lastYear = profileIds.get('forra-aret');
    let balanceSkipped = 0;
    for (const r of rows) {
      const group = groupOf(r.account_code);
      if (group === null) {
        balanceSkipped++;
        continue;
      }
      const full = annualise ? divRound(BigInt(r.total) * 12n, BigInt(periods)) : r.total;
      sourceTotalOre += full;
      const yearOre = uplift(full, group, req, rounding);
      count(group, full, yearOre);
      if (yearOre === 0) continue;
      const profileId = !annualise && targetYear === req.sourceYear + 1 && lastYear ? lastYear : group === 'personnel' ? (profileIds.get('personal') ?? even) : even;
      lines.push({ account: r.account_code, responsibility: r.responsibility_code, dims: parseDims(r.dims), yearOre, profileId });
    }
    if (balanceSkipped > 0) notes.push(`${balanceSkipped} kodsträngar på balanskonton hoppades över.`);
  }
  const versionName = req.name?.trim() || `Budget ${targetYear} (utgångsläge: ${sourceName})`;
  progress(1, 3);
  await db.backup('fore-utgangslage');
  progress(2, 3);
  const merged = oneLinePerCoding(lines);
  const result = db.tx(() => {
    const versionId = insertVersionRow(db, { year: targetYear, name: versionName, kind: 'draft', basedOnId: basedOn }, meta);
    insertBudgetLines(db, versionId, merged, { siteId: meta.siteId, at: meta.at }, even);
    let positions = 0;
    let generatedOre = 0;
    let generatedLines = 0;
    let carried = { frames: 0, measures: 0, assumptions: 0 };
    if (basedOn) {
      carried = carryPlanYears(db, basedOn, versionId, targetYear - req.sourceYear, meta);
      carryPersonnelYear(db, req.sourceYear, targetYear, meta);
      positions = copyPositions(db, { fromVersionId: basedOn, toVersionId: versionId, carryRaise: true, newRaiseBp: req.salaryIncreaseBp, clearVacancies: true }, meta);
      if (regenerate.size > 0) {
        const g = writePersonnelLines(db, versionId, [...regenerate], meta);
        generatedOre = g.salaryOre + g.poOre;
        generatedLines = g.lines;
      }
    }
    return { versionId, positions, generatedOre, generatedLines, carried };
  });
  progress(3, 3);
  const c = result.carried;
  if (c.frames > 0) notes.push(`${c.frames} ramar för ${targetYear} kom från flerårsplanens planår i "${sourceName}".`);
  if (c.measures > 0) notes.push(`${c.measures} beslutade verksamhetsförändringar följde med med sin effekt från ${targetYear}.`);
  if (result.positions > 0) notes.push(`${result.positions} befattningar följde med till personalbudgeten (med förra årets löneökning inräknad i lönen).`);
  if (result.generatedLines > 0) notes.push(`Personalbudgeten gav ${result.generatedLines} rader på ${kronor(result.generatedOre)}.`);
  const totalOre = lines.reduce((s, l) => s + l.yearOre, 0) + result.generatedOre;
  return {
    versionId: result.versionId,
    versionName,
    year: targetYear,
    lines: merged.length + result.generatedLines,
    sourceTotalOre,
    totalOre,
    perGroup: [...perGroup.entries()].map(([group, v]) => ({ group, ...v })),
    positions: result.positions,
    carried: result.carried,
    notes,
  };
}

/**
 * One line per kodsträng in the new version: lines of the source budget that
 * share one (left by an older database or an exchange) become one, their
 * amounts summed exactly; months by hand are summed when every part has
 * them, else the sum follows the first part's profile.
 */
function oneLinePerCoding(lines: NewBudgetLine[]): NewBudgetLine[] {
  const byKey = new Map<string, NewBudgetLine>();
  for (const l of lines) {
    const key = `${l.account}\t${l.responsibility}\t${canonicalDims(l.dims ?? {})}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, l);
      continue;
    }
    const months = seen.months && l.months ? seen.months.map((m, i) => m + l.months![i]!) : undefined;
    const { months: _drop, ...rest } = seen;
    byKey.set(key, {
      ...rest,
      yearOre: seen.yearOre + l.yearOre,
      ...(months ? { months } : { profileId: seen.profileId ?? l.profileId ?? null }),
      note: [seen.note, l.note].filter(Boolean).join('; ') || null,
    });
  }
  return [...byKey.values()];
}
