import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OrgLevel } from '../../../db/schema';
import { versionSql } from '../exchange/hlc';
import { OrgTree } from '../figures/org-tree';
import { assertOpen, LEVEL_DEADLINE, occasionForPeriod, type Occasion } from '../followup/calendar';
import { figureTree, nodeKey, type FigureTree } from '../followup/figures';
import { FORECAST_GROUPS, GROUP_INDEX, GROUP_NAMES } from '../followup/model';
import { isWithin } from '../followup/permissions';
import { MONTH_COLUMNS } from '../budget/lines';
import type { CHANGE_STATUS_TEXT, CellValue } from './layout';

/** A round of the workbook: the budget of the working version, or a reporting occasion (with the budget when a working version exists). */
export type WorkbookRound = { kind: 'budget' } | { kind: 'occasion'; period: number };

export function parseRound(text: string): WorkbookRound {
  if (text === 'budget') return { kind: 'budget' };
  const m = /^occasion:(\d{4})(0[1-9]|1[0-2])$/.exec(text);
  if (m) return { kind: 'occasion', period: Number(m[1]! + m[2]!) };
  throw new RamkollError('INVALID_INPUT', `Omgången "${text}" finns inte: skriv budget eller occasion:ÅÅÅÅMM, t.ex. occasion:202610.`);
}

export const roundText = (r: WorkbookRound) => (r.kind === 'budget' ? 'budget' : `occasion:${r.period}`);

export interface WorkingVersion {
  id: string;
  year: number;
  name: string;
}

/** The version the chefs write in: the given one, else the newest unlocked version (of the latest year). */
export function workingVersion(db: Db, versionId: string | null, required: boolean): WorkingVersion | null {
  const q = db.q.selectFrom('budget_version').select(['id', 'year', 'name', 'locked_at']).where('deleted_at', 'is', null);
  const row = versionId !== null ? db.first(q.where('id', '=', versionId)) : db.first(q.where('locked_at', 'is', null).orderBy('year', 'desc').orderBy('updated_at', 'desc').limit(1));
  if (!row) {
    if (versionId !== null) throw new RamkollError('NOT_FOUND', 'Budgetversionen finns inte (längre). Välj en annan version.');
    if (required) throw new RamkollError('NOT_FOUND', 'Det finns ingen arbetsversion (en olåst budgetversion) att skicka ut. Skapa ett utkast under Budget först.');
    return null;
  }
  if (row.locked_at !== null) throw new RamkollError('FORBIDDEN', `Budgetversionen "${row.name}" är låst: chefer kan inte skriva i den. Skapa ett utkast och skicka ut det.`);
  return { id: row.id, year: row.year, name: row.name };
}

/** The exchange clock now (without moving it): every later change of this installation carries a greater version. */
export function clockNow(db: Db): string {
  return (db.prepare(`SELECT ${versionSql('c')} AS v FROM xchg_clock AS c WHERE c.id = 1`).get() as { v: string }).v;
}

export interface Scope {
  tree: OrgTree;
  node: { code: string; name: string; level: OrgLevel | null };
  codes: Set<string>;
}

export function scopeOf(db: Db, code: string): Scope {
  const tree = OrgTree.load(db);
  const n = tree.byCode.get(code);
  if (!n) throw new RamkollError('NOT_FOUND', `Ansvar ${code} finns inte i organisationen. Ange ansvarskoden för chefens nod, t.ex. 3110.`);
  const codes = new Set([...tree.byCode.keys()].filter((c) => isWithin(tree, c, code)));
  return { tree, node: { code: n.code, name: n.name, level: n.level }, codes };
}

export interface LineRow {
  id: string;
  responsibility: string;
  account: string;
  dims: string;
  months: number[];
}

export function linesInScope(db: Db, versionId: string, codes: ReadonlySet<string>): LineRow[] {
  const rows = db
    .prepare(
      `SELECT b.id, c.responsibility_code AS responsibility, c.account_code AS account, c.dims, ${MONTH_COLUMNS.map((m) => `b.${m}`).join(', ')}
       FROM budget_line b JOIN coding c ON c.id = b.coding_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code IN (SELECT value FROM json_each(?))
       ORDER BY c.responsibility_code, c.account_code, c.dims`,
    )
    .all(versionId, JSON.stringify([...codes])) as Record<string, string | number>[];
  return rows.map((r) => ({ id: r.id as string, responsibility: r.responsibility as string, account: r.account as string, dims: r.dims as string, months: MONTH_COLUMNS.map((m) => r[m] as number) }));
}

export interface ChangeRow {
  id: string;
  responsibility: string;
  description: string;
  amount_ore: number;
  plan1_ore: number;
  plan2_ore: number;
  status: keyof typeof CHANGE_STATUS_TEXT;
}

export function changesInScope(db: Db, versionId: string, codes: ReadonlySet<string>): ChangeRow[] {
  return db
    .prepare(
      `SELECT o.id, v.code AS responsibility, o.description, o.amount_ore, o.plan1_ore, o.plan2_ore, o.status
       FROM operational_change o JOIN dimension_value v ON v.id = o.responsibility_id
       WHERE o.version_id = ? AND o.deleted_at IS NULL AND v.code IN (SELECT value FROM json_each(?)) ORDER BY o.priority, o.id`,
    )
    .all(versionId, JSON.stringify([...codes])) as ChangeRow[];
}

export interface DeviationRow {
  key: string;
  code: string;
  name: string;
  values: Record<string, CellValue>;
  locked: boolean;
}

export interface ForecastCell {
  key: string;
  code: string;
  group: (typeof FORECAST_GROUPS)[number];
  values: Record<string, CellValue>;
}

export function openOccasion(db: Db, period: number): Occasion {
  const occasion = occasionForPeriod(db, period);
  if (!occasion) throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för ${period}. Lägg upp det under Årshjul först.`);
  assertOpen(occasion);
  return occasion;
}

/** The deviation rows (every node of the scope) and, at an occasion with a prognos, the prognos cells of the scope's enheter, as the figures are now. */
export function occasionRows(db: Db, occasion: Occasion, scope: Scope): { tree: FigureTree; deviations: DeviationRow[]; forecasts: ForecastCell[] } {
  const tree = figureTree(db, { period: occasion.period, snapshot: false, forecast: 'working' });
  const deviations: DeviationRow[] = [];
  const forecasts: ForecastCell[] = [];
  const walk = (code: string) => {
    const node = tree.byKey.get(nodeKey(code));
    const org = scope.tree.byCode.get(code)!;
    if (node) {
      const c = node.comment;
      deviations.push({
        key: `avv:${code}`,
        code,
        name: org.name,
        locked: c?.status === 'approved',
        values: {
          responsibility: code,
          name: org.name,
          budgetAcc: node.figures.budgetAcc,
          actualAcc: node.figures.actualAcc,
          required: node.commentRequired ? 'Ja' : 'Nej',
          cause: c?.cause ?? '',
          action: c?.action ?? '',
          action_effect_ore: c?.actionEffectOre ?? null,
          status: c?.status ?? 'draft',
          returnNote: c?.returnNote ?? '',
        },
      });
      const leaf = (scope.tree.children.get(code) ?? []).length === 0;
      if (occasion.forecastKind && leaf) {
        for (const group of FORECAST_GROUPS) {
          const g = node.groups[GROUP_INDEX[group]]!;
          forecasts.push({
            key: `prog:${code}:${group}`,
            code,
            group,
            values: { responsibility: code, name: org.name, group: GROUP_NAMES[group], budgetYear: g.budgetYear, actualAcc: g.actualAcc, amount_ore: g.forecastYear ?? g.budgetYear },
          });
        }
      }
    }
    for (const child of scope.tree.children.get(code) ?? []) walk(child.code);
  };
  walk(scope.node.code);
  return { tree, deviations, forecasts };
}

/** The day the node's part is due: the detaljbudget step of the planning calendar, or the occasion's deadline for the node's level. */
export function deadlineFor(db: Db, scope: Scope, version: WorkingVersion | null, occasion: Occasion | null): string | null {
  if (occasion) return occasion.deadlines[LEVEL_DEADLINE[scope.node.level ?? 'unit']] ?? null;
  if (!version) return null;
  const step = db.first(
    db.q.selectFrom('planning_step').select('due_on').where('year', '=', version.year).where('kind', '=', 'detail_budget').where('deleted_at', 'is', null).orderBy('due_on'),
  );
  return step?.due_on ?? null;
}

