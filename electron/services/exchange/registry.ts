import type { Role } from '../../../db/schema';
import { BUILT_IN_PROFILES } from '../budget/profiles';
import { BASE_DIMENSIONS } from '../dimensions';
import { naturalId } from '../ids';
import { DEFAULT_SETTINGS } from '../settings';
import type { ExchangedTable, ExchangedValue, FieldDef, ValueType, Visibility } from './registry-types';

/**
 * The registry of exchanged tables: per table, the fields that travel, who
 * may change them (role and organisational scope), who receives its rows,
 * and how a row maps to an ansvar node. Capture triggers, package contents,
 * scope checks and the conflict list are all generated from it, so a feature
 * that adds a table to the exchange adds one entry here (after the tables it
 * refers to) and nothing else.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function col(name: string, label: string, type: ValueType, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, label, columns: [name], type, ...extra };
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
const oneOf = (values: readonly string[]) => (v: ExchangedValue) => (typeof v === 'string' && values.includes(v) ? null : `väntade ett av ${values.join(', ')}`);

/** Settings that are budgetförutsättningar travel, with the roles that may set each; the rest are local. */
export const EXCHANGED_SETTINGS: Readonly<Record<string, readonly Role[]>> = {
  'kommun.name': ['ekonomi', 'controller'],
  'administration.name': ['controller'],
  'board.name': ['controller'],
};

const settingWriters = (role: Role) => (get: (f: string) => ExchangedValue) => (EXCHANGED_SETTINGS[get('key') as string] ?? []).includes(role);

const ALL: ExchangedTable['visibleTo'] = { controller: 'all', sektorchef: 'all', ekonomi: 'all' };

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
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['version_id', 'responsibility_id'],
    describe: (r) => `'Ram ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${versionName(r)}`,
    // Ekonomi sets the ram of the nämnd; the controller distributes it.
    writers: [{ role: 'controller' }, { role: 'ekonomi', levels: ['administration'] }],
    visibleTo: { controller: 'all', sektorchef: 'scope', ekonomi: 'all' },
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
    visibleTo: { controller: 'all', sektorchef: 'scope', ekonomi: 'all' },
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
    visibleTo: { controller: 'all', sektorchef: 'scope' },
  },
  {
    table: 'payroll_overhead_rate',
    label: 'PO-pålägg',
    plural: 'PO-pålägg',
    key: 'id',
    synced: true,
    fields: [col('year', 'år', 'int', { fiscal: 'year' }), col('category', 'kategori', 'text'), col('name', 'namn', 'text'), col('rate_bp', 'pålägg', 'int'), DELETED],
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
    visibleTo: { controller: 'all', sektorchef: 'scope' },
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
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    describe: (r) => `'Verksamhetsförändring ' || ${r}.description`,
    writers: [{ role: 'controller' }],
    visibleTo: { controller: 'all', sektorchef: 'scope' },
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
    describe: (r) => `'Prognos ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${r}.account_group || ', ' || ${occasionName(r)}`,
    writers: [{ role: 'controller' }, { role: 'sektorchef' }],
    visibleTo: { controller: 'all', sektorchef: 'scope', ekonomi: 'all' },
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
      col('action', 'åtgärd', 'text'),
      col('action_effect_ore', 'åtgärdens effekt', 'int?'),
      col('status', 'status', 'text', { check: oneOf(['draft', 'ready', 'approved', 'returned']) }),
      col('return_note', 'återskickad med', 'text?'),
      col('author', 'författare', 'text'),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['occasion_id', 'responsibility_id'],
    describe: (r) => `'Kommentar ' || ${nodeName(r, 'responsibility_id')} || ', ' || ${occasionName(r)}`,
    // A sektorchef writes and marks klar; approving and returning is the controller's.
    writers: [{ role: 'controller' }, { role: 'sektorchef', values: { status: ['draft', 'ready'] } }],
    visibleTo: { controller: 'all', sektorchef: 'scope', ekonomi: { scope: false, where: (r) => `${r}.status = 'approved'` } },
  },
  {
    table: 'setting',
    label: 'inställning',
    plural: 'inställningar',
    key: 'key',
    synced: false,
    fields: [col('value', 'värde', 'text')],
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

/** Outcome balances travel as whole periods (replaced on the receiver), not as fields. */
export const OUTCOME = '$outcome';

export const OUTCOME_VISIBILITY: Partial<Record<Role, Visibility>> = { controller: 'all', sektorchef: 'scope', ekonomi: 'all' };
/** Only the controller imports the ledger, so only a controller sends outcome. */
export const OUTCOME_WRITERS: readonly Role[] = ['controller'];

const BY_NAME = new Map(EXCHANGED_TABLES.map((t) => [t.table, t]));

export function exchangedTable(name: string): ExchangedTable | undefined {
  return BY_NAME.get(name);
}

export function fieldOf(table: ExchangedTable, name: string): FieldDef | undefined {
  return table.fields.find((f) => f.name === name);
}

