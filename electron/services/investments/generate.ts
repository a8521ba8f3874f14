import type { Db } from '../../../db/index';
import { isRamkollError, RamkollError } from '../../../db/errors';
import { assertVersionEditable, insertBudgetLines, type NewBudgetLine } from '../budget/lines';
import { Accounts, Org, type PlanningMeta } from '../budget/planning-common';
import { naturalId, newId } from '../ids';
import { investmentOverview } from './overview';

/**
 * The kapitaltjänst of the investment projects as generated drift lines, the
 * way the personnel budget generates its salary lines (budget/personnel.ts):
 * one line per ansvar and account (avskrivning, internränta) with the twelve
 * months summed over the node's projects, each linked in
 * investment_budget_line so that generating again replaces exactly these
 * lines and never a line typed by hand.
 */

export interface CapitalLine extends NewBudgetLine {
  kind: 'depreciation' | 'interest';
  months: number[];
}

export interface CapitalLinesResult {
  lines: number;
  replacedLines: number;
  depreciationOre: number;
  interestOre: number;
}

/** The lines the projects come to in the version's year. Reads only. */
export function planCapitalLines(db: Db, versionId: string): CapitalLine[] {
  const { year } = assertVersionEditable(db, versionId);
  const overview = investmentOverview(db, year);
  const charged = overview.projects.filter((p) => p.capital.depreciationOre + p.capital.interestOre !== 0);
  if (charged.length > 0 && overview.settings.rateBp === null) {
    throw new RamkollError('INVALID_INPUT', `Internräntan för ${year} är inte angiven. Ange den under Investeringar (Ekonomi skickar den, SKR publicerar den) och skapa raderna igen.`);
  }
  const accounts = new Accounts(db);
  const depAccount = accounts.get(overview.settings.depreciationAccountCode, 'Avskrivningskontot').code;
  const intAccount = accounts.get(overview.settings.interestAccountCode, 'Internräntekontot').code;
  const sums = new Map<string, { responsibility: string; kind: 'depreciation' | 'interest'; months: number[]; projects: string[] }>();
  const add = (responsibility: string, kind: 'depreciation' | 'interest', months: readonly number[], project: string) => {
    const key = `${responsibility}|${kind}`;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { responsibility, kind, months: new Array<number>(12).fill(0), projects: [] }));
    months.forEach((m, i) => (s.months[i] = s.months[i]! + m));
    s.projects.push(project);
  };
  for (const p of charged) {
    add(p.responsibilityCode, 'depreciation', p.capital.depreciation, p.code);
    add(p.responsibilityCode, 'interest', p.capital.interest, p.code);
  }
  return [...sums.values()]
    .filter((s) => s.months.some((m) => m !== 0))
    .sort((a, b) => a.responsibility.localeCompare(b.responsibility, 'sv') || a.kind.localeCompare(b.kind))
    .map((s) => ({
      account: s.kind === 'depreciation' ? depAccount : intAccount,
      responsibility: s.responsibility,
      yearOre: s.months.reduce((a, b) => a + b, 0),
      months: s.months,
      note: `Kapitaltjänst (${s.kind === 'depreciation' ? 'avskrivning' : 'internränta'}), investeringsprojekt ${s.projects.join(', ')}`,
      kind: s.kind,
    }));
}

/** Replaces every generated kapitaltjänst line of the version with `lines`. Call inside a transaction. */
function applyCapitalLines(db: Db, versionId: string, lines: readonly CapitalLine[], meta: PlanningMeta): CapitalLinesResult {
  assertVersionEditable(db, versionId);
  const org = new Org(db);
  const tomb = { deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId };
  let replaced = 0;
  for (const o of db.all(db.q.selectFrom('investment_budget_line').select(['id', 'budget_line_id']).where('version_id', '=', versionId).where('deleted_at', 'is', null))) {
    replaced += db.run(db.q.updateTable('budget_line').set(tomb).where('id', '=', o.budget_line_id).where('deleted_at', 'is', null)).changes;
    db.run(db.q.updateTable('investment_budget_line').set(tomb).where('id', '=', o.id));
  }
  let ids: string[];
  try {
    ids = insertBudgetLines(db, versionId, lines, meta, naturalId('profile', 'jamn'));
  } catch (e) {
    if (!isRamkollError(e) || e.code !== 'CONFLICT' || e.details.length === 0) throw e;
    throw new RamkollError(
      'CONFLICT',
      `Kapitaltjänsten ger rader på kodsträngar som versionen redan har egna rader för: ${e.details.map((d) => d.message).join('; ')}. ` +
        'En kodsträng kan bara finnas på en rad, och kapitalkostnaden skulle annars räknas två gånger: ta bort de raderna (eller välj andra kapitaltjänstkonton under Investeringar) och skapa raderna igen.',
      e.details,
    );
  }
  ids.forEach((lineId, i) => {
    const l = lines[i]!;
    db.run(
      db.q.insertInto('investment_budget_line').values({
        id: newId(),
        budget_line_id: lineId,
        version_id: versionId,
        responsibility_id: org.node(l.responsibility).id,
        kind: l.kind,
        created_at: meta.at,
        updated_at: meta.at,
        updated_by_site: meta.siteId,
        deleted_at: null,
      }),
    );
  });
  return {
    lines: lines.length,
    replacedLines: replaced,
    depreciationOre: lines.filter((l) => l.kind === 'depreciation').reduce((s, l) => s + l.yearOre, 0),
    interestOre: lines.filter((l) => l.kind === 'interest').reduce((s, l) => s + l.yearOre, 0),
  };
}

/** Generates the kapitaltjänst lines inside a transaction the caller holds (no backup): the demo. */
export function writeCapitalLines(db: Db, versionId: string, meta: PlanningMeta): CapitalLinesResult {
  return applyCapitalLines(db, versionId, planCapitalLines(db, versionId), meta);
}

/** Writes the kapitaltjänst lines into the version, replacing those generated before. Backup first, one transaction. */
export async function generateCapitalLines(db: Db, versionId: string, meta: PlanningMeta): Promise<CapitalLinesResult> {
  const lines = planCapitalLines(db, versionId);
  await db.backup('fore-kapitaltjanst');
  return db.tx(() => applyCapitalLines(db, versionId, lines, meta));
}
