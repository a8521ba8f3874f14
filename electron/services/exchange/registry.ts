import type { Role } from '../../../db/schema';
import { exportLayoutSchema } from '../budget/export-layout';
import { overFrameAckSchema } from '../budget/frame-ack';
import { percentBpProblem } from '../budget/plan-years';
import { BUILT_IN_PROFILES } from '../budget/profiles';
import { BASE_DIMENSIONS } from '../dimensions';
import { parseDecimal } from '../goals/decimal';
import { profileSchema } from '../ledger/profile';
import { naturalId } from '../ids';
import { DEFAULT_SETTINGS } from '../settings';
import { TEXT_LIMITS } from '../text-limits';
import { chefs, chefsSee, CHEFS_AND_CONTROLLER } from './registry-chefs';
import { goalRoundTables } from './registry-goalround';
import { anyClosed } from '../rounds/closed';
import { WRITE_KINDS, type WriteKind } from '../../../shared/rights';
import { BUILT_IN_TEXT_KINDS, textKindId } from '../texts/kinds';
import { CONTROL_LIMITS, CONTROL_OCCASION_KINDS } from '../internal-control/plan';
import { ACTION_PLAN_TABLES } from './registry-action-plans';
import type { ExchangedTable, ExchangedValue, FieldDef, RowContext, ValueType, Visibility } from './registry-types';
import { kindAgreesWithTemplate, TEMPLATE_TABLES } from './registry-template';

/**
 * The registry of exchanged tables: per table, the fields that travel, who
 * may change them (role and organisational scope), who receives its rows,
 * and how a row maps to an ansvar node. Capture triggers, package contents,
 * scope checks and the conflict list are all generated from it, so a feature
 * that adds a table to the exchange adds one entry here (after the tables it
 * refers to) and nothing else.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

const L = TEXT_LIMITS;
/** The longest text a field holds, by its name (text-limits.ts); a field whose name means something else here says so itself (`max`). */
const LIMIT_BY_NAME: Readonly<Record<string, number>> = {
  code: L.code, kind: L.code, level: L.code, category: L.code, po_category: L.code, account_group: L.code, method: L.code, status: L.code,
  round_status: L.code, forecast: L.code, direction: L.code, source: L.code, action: L.code, series_key: L.code, unit: L.code,
  account_code: L.code, salary_account_code: L.code, po_account_code: L.code, value: L.code, start_value: L.code, target_value: L.code,
  deleted_at: L.date, locked_at: L.date, decided_on: L.date, measured_on: L.date,
  deadline_unit: L.date, deadline_operation: L.date, deadline_sector: L.date, deadline_administration: L.date,
  name: L.name, person_name: L.name, system: L.name, title: L.title, decision_ref: L.reference, author: L.reference,
  note: L.note, source_note: L.note, vacancy_months: L.note, weights: L.note,
  cause: L.comment, return_note: L.comment, description: L.comment, text: L.text,
  layout: L.document, definition: L.document,
};

function col(name: string, label: string, type: ValueType, extra: Partial<FieldDef> = {}): FieldDef {
  if (type !== 'text' && type !== 'text?') return { name, label, columns: [name], type, ...extra };
  const max = extra.max ?? (extra.ref ? L.id : LIMIT_BY_NAME[name]);
  // Every text that travels has a limit: a package must not be able to fill the receiver's disk.
  if (max === undefined) throw new Error(`registry: the text field ${name} has no length limit`);
  return { name, label, columns: [name], type, max, ...extra };
}

const DELETED = col('deleted_at', 'borttagen', 'text?');

const MONTH_COLUMNS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);
const AMOUNT_COLUMNS = ['year_ore', ...MONTH_COLUMNS];

function parseJsonArray(value: ExchangedValue, length: number): unknown[] | null {
  if (typeof value !== 'string' || value.length > 10_000) return null;
  try {
    const v: unknown = JSON.parse(value);
    return Array.isArray(v) && v.length === length ? v : null;
  } catch {
    return null;
  }
}

/** A budget line's year amount and its twelve months, which must sum to it (the database checks it too). */
const AMOUNTS: FieldDef = {
  name: 'amounts',
  label: 'belopp (helår och månader)',
  columns: AMOUNT_COLUMNS,
  type: 'text',
  max: 1000,
  sql: (r) => `json_array(${AMOUNT_COLUMNS.map((c) => `${r}.${c}`).join(', ')})`,
  check(value) {
    const a = parseJsonArray(value, 13);
    if (!a || !a.every((n) => Number.isSafeInteger(n))) return 'väntade helårsbelopp och tolv månadsbelopp i öre';
    const [year, ...months] = a as number[];
    const sum = months.reduce((s, m) => s + m, 0);
    return sum === year ? null : `månaderna summerar till ${sum} öre men helåret är ${year!} öre`;
  },
  decode(value) {
    const a = JSON.parse(value as string) as number[];
    return Object.fromEntries(AMOUNT_COLUMNS.map((c, i) => [c, a[i]!]));
  },
};

const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

/** A budget line's kodsträng travels as codes; coding.id is local to each database. */
const CODING: FieldDef = {
  name: 'coding',
  label: 'kodsträng',
  columns: ['coding_id'],
  type: 'text',
  max: 1000,
  sql: (r) => `(SELECT json_array(account_code, responsibility_code, dims) FROM coding WHERE id = ${r}.coding_id)`,
  check(value) {
    const a = parseJsonArray(value, 3);
    if (!a || !a.every((s) => typeof s === 'string')) return 'väntade konto, ansvar och dimensioner';
    const [account, responsibility, dims] = a as string[];
    if (!/^\d{4,5}$/.test(account!)) return `kontot "${account!}" ska vara 4 eller 5 siffror`;
    if (!CODE.test(responsibility!)) return `ansvaret "${responsibility!}" är ingen giltig kod`;
    if (dims!.length > 500 || (dims !== '' && !/^[^|=]+=[^|]*(\|[^|=]+=[^|]*)*$/.test(dims!))) return 'dimensionerna ska skrivas dim=värde|dim=värde';
    return null;
  },
  decode(value, ctx) {
    const [account, responsibility, dims] = JSON.parse(value as string) as [string, string, string];
    return { coding_id: ctx.codings.idOf(account, responsibility, dims) };
  },
};

const nodeName = (r: string, column: string) => `coalesce((SELECT code || ' ' || name FROM dimension_value WHERE id = ${r}.${column}), '?')`;
const occasionName = (r: string) => `coalesce((SELECT name FROM reporting_occasion WHERE id = ${r}.occasion_id), '?')`;
const versionName = (r: string) => `coalesce((SELECT name FROM budget_version WHERE id = ${r}.version_id), '?')`;

const ACCOUNT_GROUPS = ['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial'];
const ORG_LEVELS = ['administration', 'sector', 'operation', 'unit'];
const COMMENT_STATUSES = ['draft', 'ready', 'approved', 'returned'];
const GOAL_LEVELS = ['council', 'board', 'sub', 'activity'];
const GOAL_STATUSES = ['met', 'partly_met', 'not_met', 'not_started', 'done', 'in_progress'];
const oneOf = (values: readonly string[]) => (v: ExchangedValue) => (typeof v === 'string' && values.includes(v) ? null : `väntade ett av ${values.join(', ')}`);
const intIn = (lo: number, hi: number) => (v: ExchangedValue) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? null : `väntade ett heltal ${lo}–${hi}`);
function isoDate(v: ExchangedValue): string | null {
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
  return d && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v as string) ? null : 'väntade ett datum ÅÅÅÅ-MM-DD';
}
/** An ISO time as the app writes them (2026-11-05T09:00:00.000Z). */
const isoTime = (v: ExchangedValue) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'väntade en tidpunkt ÅÅÅÅ-MM-DDTHH:MM:SSZ');
const accountCode = (v: ExchangedValue) => (typeof v === 'string' && /^\d{4,5}$/.test(v) ? null : 'väntade ett kontonummer med 4 eller 5 siffror');

/** Styrtal values are canonical decimal text ('87.3'), as goals/decimal.ts writes them. */
function decimal(v: ExchangedValue): string | null {
  if (typeof v !== 'string') return 'väntade ett tal som text';
  const d = parseDecimal(v);
  return d.ok && d.value === v ? null : `"${v}" är inget tal skrivet som Ramkoll skriver dem (t.ex. 87.3)`;
}

/** A JSON document checked against the schema its feature reads it with (a profile, a layout). */
function jsonChecked(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }) {
  return (v: ExchangedValue): string | null => {
    if (typeof v !== 'string' || v.length > 100_000) return 'väntade ett JSON-dokument';
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      return 'är inte giltig JSON';
    }
    const r = schema.safeParse(parsed);
    if (r.success) return null;
    const issue = r.error?.issues[0];
    return `är inte giltig: ${issue ? `${issue.path.join('.') || '(dokumentet)'}: ${issue.message}` : 'okänt fel'}`;
  };
}

const overFrameAckChecked = jsonChecked(overFrameAckSchema);

/** SQL: the ansvar code of the owner of the goal whose id is `goalId`. */
/** SQL: the ansvar code of the internal control whose id is `controlId`. */
const controlOwner = (controlId: string) => `SELECT o.code FROM internal_control AS c JOIN dimension_value AS o ON o.id = c.responsibility_id WHERE c.id = ${controlId}`;
/** A control's occasion kinds travel as a comma list of tertial, interim, annual. */
const controlOccasionKinds = (v: ExchangedValue): string | null =>
  typeof v === 'string' && v !== '' && v.split(',').every((k) => (CONTROL_OCCASION_KINDS as readonly string[]).includes(k)) ? null : 'väntade tertial, interim och/eller annual, kommaseparerade';
const goalOwner = (goalId: string) => `SELECT o.code FROM goal AS g JOIN dimension_value AS o ON o.id = g.owner_id WHERE g.id = ${goalId}`;
/** SQL: the ansvar code of the investment project whose id is `projectId`. */
const investmentOwner = (projectId: string) => `SELECT o.code FROM investment_project AS p JOIN dimension_value AS o ON o.id = p.responsibility_id WHERE p.id = ${projectId}`;
const investmentName = (r: string) => `coalesce((SELECT 'Investeringsprojekt ' || code || ' ' || name FROM investment_project WHERE id = ${r}.project_id), 'Investeringsprojekt')`;
const notCouncil = (level: ExchangedValue) => level !== null && level !== 'council';
const ROUND_STATUSES = ['draft', 'submitted', 'approved', 'returned'];
/** A chef hands in its own node's prognos; what lies below its node it may also approve or return. */
const ownNodeHandsIn = (c: RowContext) => (c.nodes.includes(c.scope) ? ['draft', 'submitted'] : ROUND_STATUSES);
/** Has the controller closed the prognos of the row's node in the row's occasion (rounds/closed.ts)? */
const prognosClosed = (get: (f: string) => ExchangedValue, c: RowContext) =>
  typeof get('occasion_id') === 'string' && anyClosed(c.scalar, { kind: 'prognos', ref: get('occasion_id') as string }, 'prognos', c.nodes);
/** An approval's prognos: account group → öre. */
function amountsJson(v: ExchangedValue): string | null {
  if (v === null) return null;
  try {
    const parsed = JSON.parse(String(v)) as unknown;
    const ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.entries(parsed).every(([k, a]) => ACCOUNT_GROUPS.includes(k) && Number.isSafeInteger(a));
    return ok ? null : 'väntade belopp i öre per kontogrupp';
  } catch {
    return 'väntade belopp i öre per kontogrupp';
  }
}

/** The ansvar codes of the owners of the live goals whose styrtal follow a series: inriktningsmål, or the rest of the chain. */
function seriesOwners(c: RowContext, seriesKey: ExchangedValue, which: 'council' | 'chain'): string[] {
  const codes = c.scalar(
    `SELECT group_concat(o.code) FROM indicator AS i JOIN goal AS g ON g.id = i.goal_id JOIN dimension_value AS o ON o.id = g.owner_id
     WHERE i.series_key = ? AND i.deleted_at IS NULL AND g.deleted_at IS NULL AND (g.level = 'council') = ?`,
    seriesKey,
    which === 'council' ? 1 : 0,
  );
  return typeof codes === 'string' ? codes.split(',') : [];
}

/** Settings that are budgetförutsättningar travel, with the roles that may set each; the rest are local. */
export const EXCHANGED_SETTINGS: Readonly<Record<string, readonly Role[]>> = {
  'kommun.name': ['ekonomi', 'controller'],
  'administration.name': ['controller'],
  'board.name': ['controller'],
};

const settingWriters = (role: Role) => (get: (f: string) => ExchangedValue) => (EXCHANGED_SETTINGS[get('key') as string] ?? []).includes(role);

const ALL: ExchangedTable['visibleTo'] = { controller: 'all', ...chefsSee('all'), ekonomi: 'all' };

/** Checked on the row as it is here and as it would be: an approved proposal row is not a chef's to change. */
const notApproved = (get: (field: string) => ExchangedValue) => get('status') !== 'approved';
/** SQL: the ansvar code of the node of the budget round whose id is `roundId`. */
const roundNode = (roundId: string) => `SELECT o.code FROM budget_round AS r JOIN dimension_value AS o ON o.id = r.responsibility_id WHERE r.id = ${roundId}`;
/** A round's rows go to the controller and to the chefs whose scope they lie in; Ekonomi gets the approved budget only. */
const ROUND_VISIBLE: ExchangedTable['visibleTo'] = { controller: 'all', ...chefsSee('scope') };
/** Has the controller closed `what` for the row's nodes in the budget round of `versionId` (rounds/closed.ts)? */
const budgetClosed = (versionId: ExchangedValue, what: WriteKind, c: RowContext) =>
  typeof versionId === 'string' && anyClosed(c.scalar, { kind: 'budget', ref: versionId }, what, c.nodes);
const versionOfRound = (roundId: ExchangedValue, c: RowContext) => c.scalar('SELECT version_id FROM budget_round WHERE id = ?', roundId);

/** In dependency order: a table comes after the tables its rows refer to. */
export const EXCHANGED_TABLES: readonly ExchangedTable[] = [
  {
    table: 'dimension',
    label: 'dimension',
    plural: 'dimensioner',
    key: 'id',
    synced: true,
    fields: [col('code', 'kod', 'text'), col('name', 'namn', 'text'), col('kind', 'slag', 'text'), col('sie_dimension', 'SIE-dimension', 'int?'), col('sort_order', 'ordning', 'int'), DELETED],
    naturalKey: ['code'],
    builtIn: (r) => `${r}.id IN (${BASE_DIMENSIONS.map((d) => q(naturalId('dimension', d.code))).join(', ')})`,
    describe: (r) => `'Dimension ' || ${r}.code`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'dimension_value',
    label: 'dimensionsvärde',
    plural: 'dimensionsvärden',
    key: 'id',
    synced: true,
    fields: [
      col('dimension_id', 'dimension', 'text', { ref: 'dimension' }),
      col('code', 'kod', 'text'),
      col('name', 'namn', 'text'),
      col('parent_id', 'överordnad', 'text?', { ref: 'dimension_value' }),
      col('level', 'nivå', 'text?'),
      col('sort_order', 'ordning', 'int'),
      col('active', 'aktiv', 'bool'),
      DELETED,
    ],
    naturalKey: ['dimension_id', 'code'],
    describe: (r) => `coalesce((SELECT name FROM dimension WHERE id = ${r}.dimension_id), '?') || ' ' || ${r}.code || ' ' || ${r}.name`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'account',
    label: 'konto',
    plural: 'konton',
    key: 'id',
    synced: true,
    fields: [col('code', 'kontonummer', 'text'), col('name', 'namn', 'text'), col('account_group', 'kontogrupp', 'text', { check: oneOf(ACCOUNT_GROUPS) }), col('active', 'aktivt', 'bool'), DELETED],
    naturalKey: ['code'],
    describe: (r) => `'Konto ' || ${r}.code || ' ' || ${r}.name`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'periodisation_profile',
    label: 'periodiseringsprofil',
    plural: 'periodiseringsprofiler',
    key: 'id',
    synced: true,
    fields: [col('code', 'kod', 'text'), col('name', 'namn', 'text'), col('kind', 'slag', 'text'), col('weights', 'vikter', 'text?'), DELETED],
    naturalKey: ['code'],
    builtIn: (r) => `${r}.id IN (${BUILT_IN_PROFILES.map((p) => q(naturalId('profile', p.code))).join(', ')})`,
    describe: (r) => `'Periodiseringsprofil ' || ${r}.name`,
    writers: [{ role: 'controller' }],
    visibleTo: ALL,
  },
  {
    table: 'budget_version',
    label: 'budgetversion',
    plural: 'budgetversioner',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int', { fiscal: 'year' }),
      col('name', 'namn', 'text'),
      col('kind', 'slag', 'text', { check: oneOf(['adopted', 'revision', 'draft']) }),
      col('based_on_id', 'bygger på', 'text?', { ref: 'budget_version' }),
      col('decision_ref', 'beslut', 'text?'),
      col('locked_at', 'låst', 'text?'),
      col('decided_on', 'beslutsdatum', 'text?', { check: isoDate }),
      // Who locked it over its ram, and which nodes by how much (issue 13): it goes where the decision goes.
      // A JSON list of the nodes over their ram: a document, not a name.
      col('over_frame_ack', 'låst över ramen', 'text?', { max: L.document, check: (v) => (v === null ? null : overFrameAckChecked(v)) }),
      DELETED,
    ],
    describe: (r) => `'Budgetversion ' || ${r}.name`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'frame',
    label: 'ram',
    plural: 'ramar',
    key: 'id',
    synced: true,
    fields: [
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('amount_ore', 'belopp', 'int'),
      col('note', 'anteckning', 'text?'),
      // The flerårsplan: the ram of the budget year + 1 and + 2; Ekonomi sends them with the budget year's.
      col('plan1_ore', 'belopp planår 1', 'int?'),
      col('plan2_ore', 'belopp planår 2', 'int?'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['version_id', 'responsibility_id'],
    describe: (r) => `'Ram ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${versionName(r)}`,
    // Ekonomi sets the ram of the nämnd; the controller distributes it.
    writers: [{ role: 'controller' }, { role: 'ekonomi', levels: ['administration'] }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    // What draws the flerårsplan's plan years from the budget year: Ekonomi's budgetdirektiv or the controller's own.
    table: 'plan_assumption',
    label: 'planårets antaganden',
    plural: 'planårens antaganden',
    key: 'id',
    synced: true,
    fields: [
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('plan_year', 'planår', 'int', { check: (v) => (v === 1 || v === 2 ? null : 'väntade planår 1 eller 2') }),
      col('salary_bp', 'löneökning', 'int', { check: percentBpProblem }),
      col('price_bp', 'prisindex', 'int', { check: percentBpProblem }),
      col('volume_bp', 'volym', 'int', { check: percentBpProblem }),
      DELETED,
    ],
    naturalKey: ['version_id', 'plan_year'],
    describe: (r) => `'Antaganden planår ' || ${r}.plan_year || ', ' || ${versionName(r)}`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'budget_line',
    label: 'budgetrad',
    plural: 'budgetrader',
    key: 'id',
    synced: true,
    fields: [
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      CODING,
      col('profile_id', 'periodiseringsprofil', 'text?', { ref: 'periodisation_profile' }),
      AMOUNTS,
      col('manual', 'manuell fördelning', 'bool'),
      col('note', 'anteckning', 'text?'),
      DELETED,
    ],
    nodes: [{ field: 'coding', via: 'coding' }],
    describe: (r) =>
      `coalesce((SELECT 'Budgetrad konto ' || account_code || ', ansvar ' || responsibility_code || CASE WHEN dims = '' THEN '' ELSE ', ' || dims END FROM coding WHERE id = ${r}.coding_id), 'Budgetrad') || ', ' || ${versionName(r)}`,
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'reallocation',
    label: 'omfördelning',
    plural: 'omfördelningar',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int', { fiscal: 'year' }),
      col('decision_ref', 'beslut', 'text'),
      col('decided_on', 'beslutsdatum', 'text'),
      col('from_responsibility_id', 'från ansvar', 'text', { ref: 'dimension_value' }),
      col('to_responsibility_id', 'till ansvar', 'text', { ref: 'dimension_value' }),
      col('account_code', 'konto', 'text?'),
      col('amount_ore', 'belopp', 'int'),
      col('note', 'anteckning', 'text?'),
      DELETED,
    ],
    nodes: [
      { field: 'from_responsibility_id', via: 'responsibility' },
      { field: 'to_responsibility_id', via: 'responsibility' },
    ],
    describe: (r) => `'Omfördelning ' || ${r}.decision_ref`,
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope') },
  },
  {
    // A KF/KS decision that changes the ram during the year (tilläggsanslag, lönekompensation …): Ekonomi sends it, or the controller records it from the protocol.
    table: 'budget_change',
    label: 'budgetändring',
    plural: 'budgetändringar',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int', { fiscal: 'year' }),
      col('kind', 'slag', 'text', { check: (v) => (['supplementary', 'pay', 'capital', 'other'].includes(v as string) ? null : 'väntade tilläggsanslag, lönekompensation, kapitalkostnadskompensation eller annat') }),
      col('decision_ref', 'beslut', 'text'),
      col('decided_on', 'beslutsdatum', 'text'),
      col('text', 'text', 'text'),
      col('account_code', 'konto', 'text?'),
      DELETED,
    ],
    describe: (r) => `'Budgetändring ' || ${r}.decision_ref`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    // The decision itself is public (a KF protocol); its amounts go by scope.
    visibleTo: ALL,
  },
  {
    table: 'budget_change_amount',
    label: 'budgetändringens belopp',
    plural: 'budgetändringars belopp',
    key: 'id',
    synced: true,
    fields: [
      col('change_id', 'budgetändring', 'text', { ref: 'budget_change' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      // A plan year need not exist as a fiscal year yet: no `fiscal`.
      col('year', 'år', 'int'),
      col('amount_ore', 'belopp', 'int'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['change_id', 'responsibility_id', 'year'],
    describe: (r) => `'Budgetändring ' || coalesce((SELECT decision_ref FROM budget_change WHERE id = ${r}.change_id), '?') || ', ' || ${nodeName(r, 'responsibility_id')} || ' ' || ${r}.year`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'payroll_overhead_rate',
    label: 'PO-pålägg',
    plural: 'PO-pålägg',
    key: 'id',
    synced: true,
    fields: [col('year', 'år', 'int', { fiscal: 'year' }), col('category', 'kategori', 'text'), col('name', 'namn', 'text'), col('rate_bp', 'pålägg', 'int'), col('source', 'källa', 'text', { max: L.reference }), DELETED],
    naturalKey: ['year', 'category'],
    describe: (r) => `'PO-pålägg ' || ${r}.year || ' ' || ${r}.name`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'personnel_position',
    label: 'tjänst',
    plural: 'tjänster',
    key: 'id',
    synced: true,
    fields: [
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('title', 'befattning', 'text'),
      col('person_name', 'namn', 'text?'),
      col('employment_bp', 'sysselsättningsgrad', 'int'),
      col('monthly_salary_ore', 'månadslön', 'int'),
      col('raise_bp', 'löneökning', 'int'),
      col('raise_from_month', 'löneökning från månad', 'int'),
      col('vacancy_months', 'vakanta månader', 'text'),
      col('po_category', 'PO-kategori', 'text'),
      col('salary_account_code', 'lönekonto', 'text'),
      col('po_account_code', 'PO-konto', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    describe: (r) => `'Tjänst ' || ${r}.title || ', ' || ${nodeName(r, 'responsibility_id')}`,
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope') },
  },
  {
    table: 'operational_change',
    label: 'verksamhetsförändring',
    plural: 'verksamhetsförändringar',
    key: 'id',
    synced: true,
    fields: [
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('responsibility_id', 'ansvar', 'text?', { ref: 'dimension_value' }),
      col('description', 'beskrivning', 'text'),
      col('amount_ore', 'belopp', 'int'),
      col('priority', 'prioritet', 'int'),
      col('status', 'status', 'text', { check: oneOf(['proposed', 'decided', 'rejected']) }),
      col('budget_line_id', 'budgetrad', 'text?', { ref: 'budget_line' }),
      col('plan1_ore', 'effekt planår 1', 'int'),
      col('plan2_ore', 'effekt planår 2', 'int'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    describe: (r) => `'Verksamhetsförändring ' || ${r}.description`,
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope') },
  },
  // The budget round (issue 18, budget-round/): a chef's proposal for its node, kept apart from the version's lines.
  // Every chef level writes its own proposal, hands it in (never approves it) and the history of that; only the
  // controller approves or sends back, and only she writes the version's lines (budget_line above).
  {
    table: 'budget_round',
    label: 'budgetförslag',
    plural: 'budgetförslag',
    key: 'id',
    synced: true,
    fields: [
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('status', 'status', 'text', { check: oneOf(ROUND_STATUSES) }),
      col('return_note', 'återskickad med', 'text?'),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['version_id', 'responsibility_id'],
    describe: (r) => `'Budgetförslag ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${versionName(r)}`,
    writers: [{ role: 'controller' }, ...chefs({ values: { status: ['draft', 'submitted'] }, rows: (get, c) => !budgetClosed(get('version_id'), 'budget', c) }, 'budget')],
    visibleTo: ROUND_VISIBLE,
  },
  {
    table: 'budget_round_line',
    label: 'föreslagen budgetrad',
    plural: 'föreslagna budgetrader',
    key: 'id',
    synced: true,
    fields: [
      col('round_id', 'budgetförslag', 'text', { ref: 'budget_round' }),
      CODING,
      AMOUNTS,
      col('note', 'anteckning', 'text?'),
      col('status', 'status', 'text', { check: oneOf(['proposed', 'approved']) }),
      DELETED,
    ],
    nodes: [
      { field: 'coding', via: 'coding' },
      { field: 'round_id', via: 'sql', sql: roundNode },
    ],
    describe: (r) =>
      `coalesce((SELECT 'Föreslagen budgetrad konto ' || account_code || ', ansvar ' || responsibility_code || CASE WHEN dims = '' THEN '' ELSE ', ' || dims END FROM coding WHERE id = ${r}.coding_id), 'Föreslagen budgetrad')`,
    // A row the controller approved is the version's now: a chef neither changes it nor takes the approval back.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: ['proposed'] }, rows: (get, c) => notApproved(get) && !budgetClosed(versionOfRound(get('round_id'), c), 'budget', c) }, 'budget')],
    visibleTo: ROUND_VISIBLE,
  },
  {
    table: 'budget_round_change',
    label: 'föreslagen verksamhetsförändring',
    plural: 'föreslagna verksamhetsförändringar',
    key: 'id',
    synced: true,
    fields: [
      col('round_id', 'budgetförslag', 'text', { ref: 'budget_round' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('description', 'beskrivning', 'text'),
      col('amount_ore', 'effekt budgetåret', 'int'),
      col('plan1_ore', 'effekt planår 1', 'int'),
      col('plan2_ore', 'effekt planår 2', 'int'),
      col('status', 'status', 'text', { check: oneOf(['proposed', 'approved']) }),
      DELETED,
    ],
    nodes: [
      { field: 'responsibility_id', via: 'responsibility' },
      { field: 'round_id', via: 'sql', sql: roundNode },
    ],
    describe: (r) => `'Föreslagen verksamhetsförändring ' || ${r}.description`,
    // A row the controller approved is the version's now: a chef neither changes it nor takes the approval back.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: ['proposed'] }, rows: (get, c) => notApproved(get) && !budgetClosed(versionOfRound(get('round_id'), c), 'vf', c) }, 'vf')],
    visibleTo: ROUND_VISIBLE,
  },
  {
    table: 'budget_round_event',
    label: 'händelse i ett budgetförslag',
    plural: 'händelser i budgetförslag',
    key: 'id',
    synced: true,
    fields: [
      col('round_id', 'budgetförslag', 'text', { ref: 'budget_round' }),
      col('action', 'händelse', 'text', { check: oneOf(['submitted', 'returned', 'approved', 'approved_rows']) }),
      col('status', 'status', 'text', { check: oneOf(ROUND_STATUSES) }),
      col('note', 'meddelande', 'text?', { max: L.comment }),
      col('over_frame_ore', 'över ramen', 'int?'),
      col('author', 'författare', 'text'),
      col('acted_at', 'tidpunkt', 'text', { max: 40, check: isoTime }),
      DELETED,
    ],
    nodes: [{ field: 'round_id', via: 'sql', sql: roundNode }],
    describe: (r) => `'Händelse i budgetförslag, ' || ${r}.author || ' ' || ${r}.action`,
    // A chef's own step is handing in; approving and sending back are the controller's.
    writers: [{ role: 'controller' }, ...chefs({ values: { action: ['submitted'], status: ['submitted'] } }, 'budget')],
    visibleTo: ROUND_VISIBLE,
  },
  {
    table: 'reporting_occasion',
    label: 'uppföljningstillfälle',
    plural: 'uppföljningstillfällen',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int', { fiscal: 'year' }),
      col('period', 'period', 'int', { fiscal: 'period' }),
      col('kind', 'slag', 'text', { check: oneOf(['monthly', 'monthly_forecast', 'tertial', 'interim', 'annual']) }),
      col('name', 'namn', 'text'),
      col('deadline_unit', 'sista dag enhet', 'text?'),
      col('deadline_operation', 'sista dag verksamhet', 'text?'),
      col('deadline_sector', 'sista dag sektor', 'text?'),
      col('deadline_administration', 'sista dag förvaltning', 'text?'),
      col('locked_at', 'låst', 'text?'),
      DELETED,
    ],
    naturalKey: ['period'],
    describe: (r) => `'Uppföljningstillfälle ' || ${r}.name`,
    // Ekonomi sends the calendar; locking an occasion (it has been reported) is the controller's.
    writers: [{ role: 'controller' }, { role: 'ekonomi', values: { locked_at: [null] } }],
    visibleTo: ALL,
  },
  {
    // A step of the budget process in the årshjul (planning-calendar/steps.ts): Ekonomi sends the municipality's
    // timetable (budgetdirektiv, KF's ramar), the controller adds the förvaltning's own steps and marks them done.
    table: 'planning_step',
    label: 'steg i budgetprocessen',
    plural: 'steg i budgetprocessen',
    key: 'id',
    synced: true,
    fields: [
      // The budget year the step plans: the autumn before it, so it need not exist as a fiscal year yet.
      col('year', 'budgetår', 'int', { check: (v) => (Number.isSafeInteger(v) && (v as number) >= 2000 && (v as number) <= 2100 ? null : 'väntade ett år 2000–2100') }),
      col('kind', 'slag', 'text', { check: oneOf(['directive', 'frames', 'distribution', 'detail_budget', 'board_decision', 'registration', 'other']) }),
      col('title', 'rubrik', 'text?'),
      col('due_on', 'klart senast', 'text', { max: L.date, check: isoDate }),
      col('actor', 'vem', 'text', { max: L.code, check: oneOf(['economy', 'council', 'controller', 'sector', 'operation', 'unit', 'board']) }),
      col('note', 'anteckning', 'text?'),
      col('done_on', 'klart', 'text?', { max: L.date, check: (v) => (v === null ? null : isoDate(v)) }),
      DELETED,
    ],
    describe: (r) => `'Steg i budgetprocessen ' || coalesce(${r}.title, ${r}.kind) || ' ' || ${r}.year`,
    // A sektorchef reads the timetable; only Ekonomi and the controller change it.
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'forecast',
    label: 'prognos',
    plural: 'prognoser',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('account_group', 'kontogrupp', 'text', { check: oneOf(ACCOUNT_GROUPS) }),
      col('amount_ore', 'prognos', 'int'),
      col('method', 'metod', 'text', { check: oneOf(['actual_plus_remaining', 'linear', 'last_year', 'manual']) }),
      col('note', 'anteckning', 'text?'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['occasion_id', 'responsibility_id', 'account_group'],
    occasion: { field: 'occasion_id' },
    describe: (r) => `'Prognos ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${r}.account_group || ', ' || ${occasionName(r)}`,
    // A chef gives the prognos of its nodes, unless the controller has closed the node in the occasion's round.
    writers: [{ role: 'controller' }, ...chefs({ rows: (get, c) => !prognosClosed(get, c) }, 'prognos')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'deviation_comment',
    label: 'avvikelsekommentar',
    plural: 'avvikelsekommentarer',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('cause', 'orsak', 'text'),
      col('action', 'åtgärd', 'text', { max: L.comment }),
      col('action_effect_ore', 'åtgärdens effekt', 'int?'),
      col('status', 'status', 'text', { check: oneOf(['draft', 'ready', 'approved', 'returned']) }),
      col('return_note', 'återskickad med', 'text?'),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['occasion_id', 'responsibility_id'],
    describe: (r) => `'Kommentar ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${occasionName(r)}`,
    occasion: { field: 'occasion_id' },
    // As the comment round (followup/permissions.ts): a sektorchef writes for its sektor and marks klar, and
    // approves or returns what lies below its own node; the sektor's own comment is approved by the förvaltning.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: (c) => (c.nodes.includes(c.scope) ? ['draft', 'ready'] : COMMENT_STATUSES) } }, 'comment')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: { scope: false, where: (r) => `${r}.status = 'approved'`, withdraw: ['status'] } },
  },
  {
    table: 'deviation_threshold',
    label: 'tröskel för kommentarer',
    plural: 'trösklar för kommentarer',
    key: 'id',
    synced: true,
    fields: [col('level', 'nivå', 'text', { check: oneOf(ORG_LEVELS) }), col('amount_ore', 'tröskel i kronor', 'int?'), col('percent_bp', 'tröskel i procent', 'int?'), DELETED],
    naturalKey: ['level'],
    describe: (r) => `'Tröskel för kommentarer, ' || ${r}.level`,
    // Budgetförutsättningar: Ekonomi's rule for the kommun, or the controller's for the förvaltning.
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'goal',
    label: 'mål',
    plural: 'mål',
    key: 'id',
    synced: true,
    fields: [
      col('level', 'nivå', 'text', { check: oneOf(GOAL_LEVELS) }),
      col('parent_id', 'överordnat mål', 'text?', { ref: 'goal' }),
      col('code', 'kod', 'text'),
      col('title', 'rubrik', 'text'),
      col('description', 'beskrivning', 'text', { max: L.text }),
      col('owner_id', 'ansvarig', 'text', { ref: 'dimension_value' }),
      col('valid_from_year', 'gäller från år', 'int'),
      col('valid_to_year', 'gäller till år', 'int?'),
      col('sort_order', 'ordning', 'int'),
      col('responsible', 'ansvarig person', 'text', { max: L.reference }),
      col('start_on', 'start', 'text?', { max: L.date, check: (v) => (v === null ? null : isoDate(v)) }),
      col('end_on', 'slut', 'text?', { max: L.date, check: (v) => (v === null ? null : isoDate(v)) }),
      col('cost_ore', 'kostnad', 'int?', { check: (v) => (v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) ? null : 'väntade en kostnad i öre, 0 eller mer') }),
      DELETED,
    ],
    nodes: [{ field: 'owner_id', via: 'responsibility' }],
    describe: (r) => `'Mål ' || ${r}.code || ' ' || ${r}.title`,
    // As goals/access.ts: inriktningsmål come from Ekonomi, the rest of the chain is the förvaltning's (a sektorchef's inside its sektor).
    writers: [
      { role: 'ekonomi', rows: (get) => get('level') === 'council' },
      { role: 'controller', rows: (get) => get('level') !== 'council' },
      ...chefs({ rows: (get) => get('level') !== 'council' }),
    ],
    // The sektorchef has no exchange with Ekonomi: the controller passes the inriktningsmål on (and to another controller installation).
    relay: [{ by: 'controller', to: CHEFS_AND_CONTROLLER }],
    visibleTo: ALL,
  },
  {
    table: 'indicator',
    label: 'styrtal',
    plural: 'styrtal',
    key: 'id',
    synced: true,
    fields: [
      col('goal_id', 'mål', 'text', { ref: 'goal' }),
      col('name', 'namn', 'text'),
      col('unit', 'enhet', 'text'),
      col('direction', 'riktning', 'text', { check: oneOf(['higher', 'lower']) }),
      col('source', 'källa', 'text', { check: oneOf(['kolada', 'own']) }),
      col('series_key', 'nyckel', 'text'),
      col('source_note', 'om källan', 'text'),
      col('start_value', 'startvärde', 'text?', { check: decimal }),
      col('start_year', 'startår', 'int?'),
      col('target_value', 'målvärde', 'text', { check: decimal }),
      col('target_year', 'målår', 'int'),
      col('sort_order', 'ordning', 'int'),
      DELETED,
    ],
    nodes: [{ field: 'goal_id', via: 'sql', sql: goalOwner }],
    describe: (r) => `'Styrtal ' || ${r}.name`,
    // A styrtal is changed by whoever may change its goal.
    writers: [
      { role: 'ekonomi', rows: (_get, c) => c.ref('goal_id', 'level') === 'council' },
      { role: 'controller', rows: (_get, c) => notCouncil(c.ref('goal_id', 'level')) },
      ...chefs({ rows: (_get, c) => notCouncil(c.ref('goal_id', 'level')) }),
    ],
    // The sektorchef has no exchange with Ekonomi: the controller passes the inriktningsmål on (and to another controller installation).
    relay: [{ by: 'controller', to: CHEFS_AND_CONTROLLER }],
    visibleTo: ALL,
  },
  {
    table: 'indicator_value',
    label: 'styrtalsvärde',
    plural: 'styrtalsvärden',
    key: 'id',
    synced: true,
    fields: [col('series_key', 'nyckel', 'text'), col('measured_on', 'datum', 'text'), col('value', 'värde', 'text', { check: decimal }), col('note', 'anteckning', 'text'), DELETED],
    naturalKey: ['series_key', 'measured_on'],
    describe: (r) => `'Styrtalsvärde ' || ${r}.series_key || ' ' || ${r}.measured_on`,
    // As goals/chain.ts writableSeries: the values of a series belong to whoever may change a goal that follows it.
    writers: [
      { role: 'ekonomi', rows: (get, c) => seriesOwners(c, get('series_key'), 'council').length > 0 },
      { role: 'controller', rows: (get, c) => seriesOwners(c, get('series_key'), 'chain').length > 0 },
      ...chefs({ rows: (get, c) => seriesOwners(c, get('series_key'), 'chain').some((code) => c.inScope(code)) }),
    ],
    // The sektorchef has no exchange with Ekonomi: the controller passes the inriktningsmål on (and to another controller installation).
    relay: [{ by: 'controller', to: CHEFS_AND_CONTROLLER }],
    visibleTo: ALL,
  },
  {
    table: 'goal_assessment',
    label: 'målbedömning',
    plural: 'målbedömningar',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('goal_id', 'mål', 'text', { ref: 'goal' }),
      col('status', 'måluppfyllelse', 'text?', { check: oneOf(GOAL_STATUSES) }),
      col('forecast', 'prognos för året', 'text?', { check: oneOf(GOAL_STATUSES) }),
      col('text', 'bedömning', 'text'),
      col('round_status', 'status', 'text', { check: oneOf(COMMENT_STATUSES) }),
      col('return_note', 'återskickad med', 'text?'),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'goal_id', via: 'sql', sql: goalOwner }],
    naturalKey: ['occasion_id', 'goal_id'],
    occasion: { field: 'occasion_id' },
    describe: (r) => `'Bedömning ' || coalesce((SELECT code FROM goal WHERE id = ${r}.goal_id), '?') || ', ' || ${occasionName(r)}`,
    // As goals/access.ts: the förvaltning assesses its chain and (the controller) KF's inriktningsmål; a sektorchef
    // inside its sektor, approving delmål and aktiviteter but not nämndmål, which the förvaltning approves.
    writers: [
      { role: 'controller' },
      ...chefs({
        rows: (_get, c) => notCouncil(c.ref('goal_id', 'level')),
        values: { round_status: (c) => (c.ref('goal_id', 'level') === 'board' ? ['draft', 'ready'] : COMMENT_STATUSES) },
      }),
    ],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: { scope: false, where: (r) => `${r}.round_status = 'approved'`, withdraw: ['round_status'] } },
  },
  {
    table: 'goal_assessment_event',
    label: 'händelse i en målbedömning',
    plural: 'händelser i målbedömningar',
    key: 'id',
    synced: true,
    fields: [
      col('assessment_id', 'målbedömning', 'text', { ref: 'goal_assessment' }),
      col('action', 'händelse', 'text', { check: oneOf(['saved', 'ready', 'withdrawn', 'approved', 'returned']) }),
      col('round_status', 'status', 'text', { check: oneOf(COMMENT_STATUSES) }),
      col('status', 'måluppfyllelse', 'text?'),
      col('forecast', 'prognos för året', 'text?'),
      col('text', 'bedömning', 'text'),
      col('note', 'meddelande', 'text?', { max: L.comment }),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'assessment_id', via: 'sql', sql: (v) => goalOwner(`(SELECT goal_id FROM goal_assessment WHERE id = ${v})`) }],
    occasion: { field: 'assessment_id', sql: (v) => `SELECT occasion_id FROM goal_assessment WHERE id = ${v}` },
    describe: (r) => `'Händelse i bedömning, ' || ${r}.author || ' ' || ${r}.action`,
    // The history of the assessments: written (and never changed) by those who assess.
    writers: [{ role: 'controller' }, ...chefs()],
    visibleTo: { controller: 'all', ...chefsSee('scope') },
  },
  ...goalRoundTables({ col, DELETED, oneOf, isoDate, occasionName, maxDate: L.date, maxCode: L.code, maxReference: L.reference, all: ALL }),
  {
    table: 'personnel_setting',
    label: 'inställning för personalbudgeten',
    plural: 'inställningar för personalbudgeten',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int', { fiscal: 'year' }),
      col('salary_account_code', 'lönekonto', 'text', { check: accountCode }),
      col('po_account_code', 'PO-konto', 'text', { check: accountCode }),
      col('income_base_amount_ore', 'inkomstbasbelopp', 'int'),
      col('income_base_amount_source', 'källa för inkomstbasbeloppet', 'text', { max: L.reference }),
      DELETED,
    ],
    naturalKey: ['year'],
    describe: (r) => `'Personalbudgeten ' || ${r}.year`,
    // The inkomstbasbelopp and the default accounts are budgetförutsättningar, like the PO-pålägg.
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'personnel_budget_line',
    label: 'genererad personalbudgetrad',
    plural: 'genererade personalbudgetrader',
    key: 'id',
    synced: true,
    fields: [
      col('budget_line_id', 'budgetrad', 'text', { ref: 'budget_line' }),
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('kind', 'slag', 'text', { check: oneOf(['salary', 'po']) }),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['budget_line_id'],
    describe: (r) => `'Genererad personalbudgetrad ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${versionName(r)}`,
    // Which lines the personnel budget generated: the controller's bookkeeping, for another controller installation.
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all' },
  },
  {
    table: 'investment_setting',
    label: 'inställning för investeringsbudgeten',
    plural: 'inställningar för investeringsbudgeten',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int'),
      col('rate_bp', 'internränta', 'int', { check: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10000 ? null : 'väntade en internränta mellan 0 och 100 %') }),
      col('rate_source', 'källa för internräntan', 'text', { max: L.reference }),
      col('depreciation_account_code', 'avskrivningskonto', 'text', { max: L.code, check: accountCode }),
      col('interest_account_code', 'internräntekonto', 'text', { max: L.code, check: accountCode }),
      DELETED,
    ],
    naturalKey: ['year'],
    describe: (r) => `'Investeringsbudgeten ' || ${r}.year`,
    // The internränta is a budgetförutsättning Ekonomi sends (SKR publishes it); the controller may record it from the circular.
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'investment_project',
    label: 'investeringsprojekt',
    plural: 'investeringsprojekt',
    key: 'id',
    synced: true,
    fields: [
      col('code', 'projekt-id', 'text'),
      col('name', 'namn', 'text'),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('category', 'kategori', 'text', { check: oneOf(['reinvestment', 'expansion', 'development']) }),
      col('start_period', 'start', 'int'),
      col('planned_activation', 'planerad aktivering', 'int'),
      col('activated', 'aktiverad', 'int?'),
      col('note', 'anteckning', 'text?'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['code'],
    describe: (r) => `'Investeringsprojekt ' || ${r}.code || ' ' || ${r}.name`,
    // The förvaltning's investment budget goes to Ekonomi; a sektorchef sees the projects of its sektor.
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'investment_component',
    label: 'komponent i ett investeringsprojekt',
    plural: 'komponenter i investeringsprojekt',
    key: 'id',
    synced: true,
    fields: [
      col('project_id', 'investeringsprojekt', 'text', { ref: 'investment_project' }),
      col('name', 'namn', 'text'),
      col('amount_ore', 'belopp', 'int?'),
      col('share_bp', 'andel', 'int?'),
      col('life_years', 'avskrivningstid', 'int', { check: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100 ? null : 'väntade en avskrivningstid på 1–100 år') }),
      col('sort_order', 'ordning', 'int'),
      DELETED,
    ],
    nodes: [{ field: 'project_id', via: 'sql', sql: investmentOwner }],
    describe: (r) => `'Komponent ' || ${r}.name || ', ' || ${investmentName(r)}`,
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'investment_year',
    label: 'investeringsprojektets år',
    plural: 'investeringsprojekts år',
    key: 'id',
    synced: true,
    fields: [
      col('project_id', 'investeringsprojekt', 'text', { ref: 'investment_project' }),
      col('year', 'år', 'int'),
      col('budget_ore', 'budget', 'int'),
      col('forecast_ore', 'prognos', 'int?'),
      col('comment', 'kommentar', 'text?', { max: L.comment }),
      DELETED,
    ],
    nodes: [{ field: 'project_id', via: 'sql', sql: investmentOwner }],
    naturalKey: ['project_id', 'year'],
    describe: (r) => `${investmentName(r)} || ' ' || ${r}.year`,
    // A sektorchef gives the prognos and the comment of its sektor's projects; the budget is the förvaltning's.
    writers: [{ role: 'controller' }, ...chefs({ create: false, fields: ['forecast_ore', 'comment'] }, 'prognos')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'investment_comment',
    label: 'kommentar till investeringsprojekt',
    plural: 'kommentarer till investeringsprojekt',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('project_id', 'investeringsprojekt', 'text', { ref: 'investment_project' }),
      col('cause', 'orsak', 'text', { max: L.comment }),
      col('action', 'åtgärd', 'text', { max: L.comment }),
      col('status', 'status', 'text', { check: oneOf(['draft', 'ready', 'approved', 'returned']) }),
      col('return_note', 'återskickad med', 'text?'),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'project_id', via: 'sql', sql: investmentOwner }],
    naturalKey: ['occasion_id', 'project_id'],
    describe: (r) => `'Kommentar ' || ${investmentName(r)} || ', ' || ${occasionName(r)}`,
    occasion: { field: 'occasion_id' },
    // The comment round of the projects: a sektorchef writes orsak and åtgärd for its sektor's projects and marks
    // them klar; the controller approves (investments/comments.ts).
    writers: [{ role: 'controller' }, ...chefs({ values: { status: () => ['draft', 'ready'] } }, 'comment')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: { scope: false, where: (r) => `${r}.status = 'approved'`, withdraw: ['status'] } },
  },
  {
    table: 'round_write_setting',
    label: 'skrivinställning för en omgång',
    plural: 'skrivinställningar för omgångar',
    key: 'id',
    synced: true,
    fields: [
      col('round_kind', 'omgång', 'text', { max: L.code, check: oneOf(['budget', 'prognos']) }),
      col('round_ref', 'budgetversion eller uppföljningstillfälle', 'text', { max: L.id }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('what', 'vad', 'text', { max: L.code, check: oneOf(WRITE_KINDS) }),
      col('allowed', 'får skriva', 'bool'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['round_kind', 'round_ref', 'responsibility_id', 'what'],
    describe: (r) => `'Skrivinställning ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${r}.round_kind || ', ' || ${r}.what`,
    // The controller decides per node and round whether the level may write (rounds/write-settings.ts). A chef gets
    // them all: a setting on a node above its own closes its node too, and the settings say nothing secret.
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('all') },
  },
  {
    table: 'forecast_round',
    label: 'prognosens status',
    plural: 'prognosernas statusar',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('status', 'status', 'text', { check: oneOf(ROUND_STATUSES) }),
      col('return_note', 'återskickad med', 'text?', { max: L.comment }),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['occasion_id', 'responsibility_id'],
    occasion: { field: 'occasion_id' },
    describe: (r) => `'Prognosstatus ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${occasionName(r)}`,
    // As the prognos round (rounds/forecast-round.ts): a chef hands in its own node's prognos (utkast, inlämnad) and
    // approves or returns what lies below its own node; its own node is approved by the level above.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: ownNodeHandsIn }, rows: (get, c) => !prognosClosed(get, c) || !c.nodes.includes(c.scope) }, 'prognos')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'forecast_round_event',
    label: 'händelse i prognosomgången',
    plural: 'händelser i prognosomgången',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('status', 'status', 'text', { check: oneOf(ROUND_STATUSES) }),
      col('note', 'meddelande', 'text?', { max: L.comment }),
      col('amounts_json', 'godkänd prognos', 'text?', { max: L.note, check: amountsJson }),
      col('by_name', 'av', 'text', { max: L.name }),
      col('at', 'när', 'text', { max: L.date }),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    occasion: { field: 'occasion_id' },
    describe: (r) => `'Händelse i prognosomgången ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${r}.status`,
    // The history, written once by whoever acted; a chef's own node gets only its own utkast and inlämnad from it.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: ownNodeHandsIn } }, 'prognos')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  ...TEMPLATE_TABLES,
  {
    table: 'text_section_kind',
    label: 'textavsnitt i rapporterna',
    plural: 'textavsnitt i rapporterna',
    key: 'id',
    synced: true,
    fields: [col('code', 'kod', 'text'), col('name', 'rubrik', 'text'), col('guidance', 'stödfråga', 'text', { max: L.note }), col('sort_order', 'ordning', 'int'), DELETED],
    naturalKey: ['code'],
    builtIn: (r) => `${r}.id IN (${BUILT_IN_TEXT_KINDS.map((k) => q(textKindId(k.code))).join(', ')})`,
    describe: (r) => `'Textavsnitt ' || ${r}.name`,
    // Which sections the reports have: Ekonomi's for the kommun, or the controller's for the förvaltning (texts/kinds.ts);
    // under a template from Ekonomi the controller's only when they say what the template says (registry-template.ts).
    writers: [{ role: 'controller', rows: kindAgreesWithTemplate }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'text_section',
    label: 'textavsnitt',
    plural: 'textavsnitt',
    key: 'id',
    synced: true,
    fields: [
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('kind_id', 'avsnitt', 'text', { ref: 'text_section_kind' }),
      col('body', 'text', 'text', { max: L.text }),
      col('status', 'status', 'text', { check: oneOf(COMMENT_STATUSES) }),
      col('return_note', 'återskickad med', 'text?'),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['occasion_id', 'responsibility_id', 'kind_id'],
    describe: (r) => `coalesce((SELECT name FROM text_section_kind WHERE id = ${r}.kind_id), 'Text') || ', ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${occasionName(r)}`,
    occasion: { field: 'occasion_id' },
    // As the deviation comments (texts/sections.ts): a sektorchef writes its sektor's texts and marks them klar, and
    // approves or returns those of the nodes below its own; the sektor's own text is approved by the förvaltning.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: (c) => (c.nodes.includes(c.scope) ? ['draft', 'ready'] : COMMENT_STATUSES) } }, 'comment')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: { scope: false, where: (r) => `${r}.status = 'approved'`, withdraw: ['status'] } },
  },
  {
    table: 'personnel_figure',
    label: 'personalsiffror',
    plural: 'personalsiffror',
    key: 'id',
    synced: true,
    fields: [
      col('period', 'månad', 'int'),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('employees', 'antal anställda', 'int?'),
      col('permanent', 'tillsvidareanställda', 'int?'),
      col('temporary', 'visstidsanställda', 'int?'),
      col('fte_centi', 'årsarbetare', 'int?'),
      col('sick_bp', 'sjukfrånvaro', 'int?'),
      col('sick_women_bp', 'sjukfrånvaro kvinnor', 'int?'),
      col('sick_men_bp', 'sjukfrånvaro män', 'int?'),
      col('sick_to29_bp', 'sjukfrånvaro −29 år', 'int?'),
      col('sick_30to49_bp', 'sjukfrånvaro 30–49 år', 'int?'),
      col('sick_from50_bp', 'sjukfrånvaro 50− år', 'int?'),
      col('long_sick_bp', 'långtidssjukfrånvaro', 'int?'),
      col('cost_ore', 'personalkostnad', 'int?'),
      col('source', 'källfil', 'text', { max: L.name }),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['period', 'responsibility_id'],
    describe: (r) => `'Personalsiffror ' || ${nodeName(r, 'responsibility_id')} || ' ' || ${r}.period`,
    // Read from the HR export by the controller (services/personnel/); a sektorchef gets its sektor's figures for
    // the Personal section, Ekonomi all of them for the kommuntotal.
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'internal_control',
    label: 'kontroll i internkontrollplanen',
    plural: 'kontroller i internkontrollplanen',
    key: 'id',
    synced: true,
    fields: [
      col('year', 'år', 'int'),
      col('code', 'kod', 'text', { max: CONTROL_LIMITS.code }),
      col('process', 'process', 'text', { max: CONTROL_LIMITS.name }),
      col('risk', 'risk', 'text', { max: CONTROL_LIMITS.text }),
      col('probability', 'sannolikhet', 'int', { check: intIn(1, 4) }),
      col('consequence', 'konsekvens', 'int', { check: intIn(1, 4) }),
      col('control_step', 'kontrollmoment', 'text', { max: CONTROL_LIMITS.text }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('responsible', 'ansvarig', 'text', { max: CONTROL_LIMITS.name }),
      col('occasion_kinds', 'när', 'text', { max: L.code, check: controlOccasionKinds }),
      col('sort_order', 'ordning', 'int'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['year', 'code'],
    describe: (r) => `'Internkontroll ' || ${r}.code || ' ' || ${r}.process || ' ' || ${r}.year`,
    // The plan is the nämnd's, prepared by the controller (internal-control/plan.ts): a chef only reads its own controls.
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'internal_control_result',
    label: 'resultat av intern kontroll',
    plural: 'resultat av intern kontroll',
    key: 'id',
    synced: true,
    fields: [
      col('control_id', 'kontroll', 'text', { ref: 'internal_control' }),
      col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
      col('performed', 'utförd', 'int', { check: intIn(0, 1) }),
      col('deviation', 'avvikelse', 'int', { check: intIn(0, 1) }),
      col('observations', 'iakttagelser', 'text', { max: CONTROL_LIMITS.text }),
      col('actions', 'åtgärder', 'text', { max: CONTROL_LIMITS.text }),
      col('action_owner', 'ansvarig för åtgärd', 'text', { max: CONTROL_LIMITS.name }),
      col('action_due', 'åtgärd klar senast', 'text?', { max: L.date, check: (v) => (v === null ? null : isoDate(v)) }),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'control_id', via: 'sql', sql: controlOwner }],
    naturalKey: ['control_id', 'occasion_id'],
    describe: (r) => `coalesce((SELECT 'Internkontroll ' || code || ' ' || process FROM internal_control WHERE id = ${r}.control_id), 'Internkontroll') || ', ' || ${occasionName(r)}`,
    occasion: { field: 'occasion_id' },
    // The level a control is assigned to reports its result (internal-control/results.ts): a chef inside its scope.
    writers: [{ role: 'controller' }, ...chefs({}, 'comment')],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  ...ACTION_PLAN_TABLES,
  {
    table: 'investment_frame',
    label: 'investeringsram',
    plural: 'investeringsramar',
    key: 'id',
    synced: true,
    fields: [
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('year', 'år', 'int'),
      col('amount_ore', 'belopp', 'int'),
      col('note', 'anteckning', 'text?'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['responsibility_id', 'year'],
    describe: (r) => `'Investeringsram ' || ${nodeName(r, 'responsibility_id')} || ' ' || ${r}.year`,
    // As the drift ram: Ekonomi sets the nämnd's, the controller distributes it.
    writers: [{ role: 'controller' }, { role: 'ekonomi', levels: ['administration'] }],
    visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' },
  },
  {
    table: 'investment_budget_line',
    label: 'genererad kapitaltjänstrad',
    plural: 'genererade kapitaltjänstrader',
    key: 'id',
    synced: true,
    fields: [
      col('budget_line_id', 'budgetrad', 'text', { ref: 'budget_line' }),
      col('version_id', 'budgetversion', 'text', { ref: 'budget_version' }),
      col('responsibility_id', 'ansvar', 'text', { ref: 'dimension_value' }),
      col('kind', 'slag', 'text', { check: oneOf(['depreciation', 'interest']) }),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['budget_line_id'],
    describe: (r) => `'Genererad kapitaltjänstrad ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${versionName(r)}`,
    // Which lines the investment budget generated: the controller's bookkeeping, for another controller installation.
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all' },
  },
  {
    table: 'export_profile',
    label: 'exportprofil',
    plural: 'exportprofiler',
    key: 'id',
    synced: true,
    fields: [col('name', 'namn', 'text'), col('layout', 'kolumnlayout', 'text', { check: jsonChecked(exportLayoutSchema) }), DELETED],
    naturalKey: ['name'],
    describe: (r) => `'Exportprofil ' || ${r}.name`,
    // The ekonomisystem's budget layout: Ekonomi hands it out, the controller may keep its own.
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: { controller: 'all', ekonomi: 'all' },
  },
  {
    table: 'internal_account',
    label: 'konto för interna köp och försäljning',
    plural: 'konton för interna köp och försäljning',
    key: 'id',
    synced: true,
    fields: [col('account_code', 'konto', 'text', { check: accountCode }), DELETED],
    naturalKey: ['account_code'],
    describe: (r) => `'Internt konto ' || ${r}.account_code`,
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: ALL,
  },
  {
    table: 'ledger_profile',
    label: 'importprofil',
    plural: 'importprofiler',
    key: 'id',
    synced: true,
    fields: [col('name', 'namn', 'text'), col('system', 'ekonomisystem', 'text'), col('definition', 'profil', 'text', { check: jsonChecked(profileSchema) }), DELETED],
    // Unique among the live ones: two sites saving a profile under one name get one row.
    naturalKey: ['name'],
    describe: (r) => `'Importprofil ' || ${r}.name`,
    // Mapping profiles for the ekonomisystem's export: Ekonomi hands them out to every controller.
    writers: [{ role: 'controller' }, { role: 'ekonomi' }],
    visibleTo: { controller: 'all', ekonomi: 'all' },
  },
  {
    table: 'setting',
    label: 'inställning',
    plural: 'inställningar',
    key: 'key',
    synced: false,
    fields: [col('value', 'värde', 'text', { max: L.document })],
    captureWhere: (r) => `${r}.key IN (${Object.keys(EXCHANGED_SETTINGS).map(q).join(', ')})`,
    // Every installation starts with the same defaults; only a changed value is news.
    builtIn: (r) =>
      `(${r}.key, ${r}.value) IN (VALUES ${Object.keys(EXCHANGED_SETTINGS)
        .filter((k) => k in DEFAULT_SETTINGS)
        .map((k) => `(${q(k)}, ${q(JSON.stringify(DEFAULT_SETTINGS[k as keyof typeof DEFAULT_SETTINGS]))})`)
        .join(', ')})`,
    describe: (r) => `'Inställning ' || ${r}.key`,
    writers: [
      { role: 'controller', rows: settingWriters('controller') },
      { role: 'ekonomi', rows: settingWriters('ekonomi') },
    ],
    visibleTo: ALL,
  },
];

/**
 * The tables that do not travel row by row, and why: every table of the
 * schema is either in EXCHANGED_TABLES or here (a test keeps it so), so a
 * feature that adds a table decides.
 */
export const LOCAL_TABLES: Readonly<Record<string, string>> = {
  site: 'the exchange’s own: this installation and its peers, learnt from packages',
  fiscal_year: 'made on every site for the years its rows need',
  period: 'made on every site with the fiscal year',
  coding: 'local ids of kodsträngar; rows that use them travel with the codes',
  import_batch: 'ledger bookkeeping; outcome travels as whole periods with their batches ($outcome)',
  actual_balance: 'travels as whole periods ($outcome), not row by row',
  actual_balance_replaced: 'the undo of a local ledger import',
  actual_transaction: 'drill-down detail of a local ledger import (large, and the balances carry the figures)',
  change_log: 'the audit trail of this database; received changes of existing rows are written to it on import',
  occasion_snapshot: 'derived when an occasion is locked; a received lock takes its own snapshot',
  actual_group_sum: 'derived: kept by triggers from actual_balance on every site',
  budget_group_sum: 'derived: kept by triggers from budget_line on every site',
  fsum_control: 'this connection’s switch for bulk writers that keep the sums themselves',
  occasion_snapshot_figure: 'part of the snapshot',
  occasion_snapshot_forecast: 'part of the snapshot',
  indicator_comparison_value:
    'Kolada’s public figures for other kommuner, the region, riket and kommungrupper: each installation reads them from the file anyone can download (goals import); the comparison group is a reading choice of this installation (setting goals.comparison)',
  xchg_clock: 'the exchange’s own bookkeeping',
  xchg_key: 'the private signing key never leaves this database',
  xchg_change: 'the exchange’s own log',
  xchg_peer: 'the exchange’s own bookkeeping',
  xchg_peer_row: 'the exchange’s own bookkeeping',
  xchg_alias: 'the exchange’s own bookkeeping',
  xchg_conflict: 'the exchange’s own bookkeeping',
  xchg_package: 'the history of packages sent and received here',
  xchg_attachment: 'files received with packages',
  xchg_outcome_state: 'the exchange’s own bookkeeping',
  investment_actual: 'investment outcome from the ledger import; travels with the drift outcome as whole periods ($outcome, exchange/outcome-investment.ts), only from a controller',
  investment_actual_replaced: 'the undo of a local ledger import (investment outcome)',
};

/** Outcome balances travel as whole periods (replaced on the receiver), not as fields. */
export const OUTCOME = '$outcome';

export const OUTCOME_VISIBILITY: Partial<Record<Role, Visibility>> = { controller: 'all', ...chefsSee('scope'), ekonomi: 'all' };
/** Only the controller imports the ledger, so only a controller sends outcome. */
export const OUTCOME_WRITERS: readonly Role[] = ['controller'];

const BY_NAME = new Map(EXCHANGED_TABLES.map((t) => [t.table, t]));

export function exchangedTable(name: string): ExchangedTable | undefined {
  return BY_NAME.get(name);
}

export function fieldOf(table: ExchangedTable, name: string): FieldDef | undefined {
  return table.fields.find((f) => f.name === name);
}

