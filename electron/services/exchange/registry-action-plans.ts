import { ACTION_LIMITS } from '../action-plans/write';
import { TEXT_LIMITS } from '../text-limits';
import { isIsoDate } from '../../../shared/dates';
import { chefs, chefsSee } from './registry-chefs';
import type { ExchangedTable, ExchangedValue, FieldDef, ValueType } from './registry-types';

/**
 * The åtgärdsplaner's tables in packages (issue 19 point 5), spread into
 * EXCHANGED_TABLES after the tables they refer to. As the deviation
 * comments: the controller writes every node's, a chef its own part's and
 * marks its own node's plan klar; it approves or returns the plans of the
 * nodes below its own. Ekonomi gets the reports, not the plans.
 */

const L = TEXT_LIMITS;
const STATUSES = ['draft', 'ready', 'approved', 'returned'];
const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'not_done'];
const oneOf = (values: readonly string[]) => (v: ExchangedValue) => (typeof v === 'string' && values.includes(v) ? null : `väntade ett av ${values.join(', ')}`);
const date = (v: ExchangedValue) => (typeof v === 'string' && isIsoDate(v) ? null : 'väntade ett datum ÅÅÅÅ-MM-DD');

function field(name: string, label: string, type: ValueType, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, label, columns: [name], type, ...extra };
}
const text = (name: string, label: string, max: number, extra: Partial<FieldDef> = {}) => field(name, label, 'text', { max, ...extra });
const ref = (name: string, label: string, table: string) => field(name, label, 'text', { max: L.id, ref: table });
const DELETED = field('deleted_at', 'borttagen', 'text?', { max: L.date });

/** SQL: the ansvar code of the plan whose id is `planId`. */
const planOwner = (planId: string) => `SELECT d.code FROM action_plan AS p JOIN dimension_value AS d ON d.id = p.responsibility_id WHERE p.id = ${planId}`;
/** SQL: the ansvar code of the plan of the åtgärd whose id is `itemId`. */
const itemOwner = (itemId: string) =>
  `SELECT d.code FROM action_plan_item AS i JOIN action_plan AS p ON p.id = i.plan_id JOIN dimension_value AS d ON d.id = p.responsibility_id WHERE i.id = ${itemId}`;
const nodeName = (column: string) => `coalesce((SELECT code || ' ' || name FROM dimension_value WHERE id = ${column}), '?')`;
const occasionName = (column: string) => `coalesce((SELECT name FROM reporting_occasion WHERE id = ${column}), '?')`;
const SEEN = { controller: 'all', ...chefsSee('scope') } as const;

export const ACTION_PLAN_TABLES: readonly ExchangedTable[] = [
  {
    table: 'action_plan',
    label: 'åtgärdsplan',
    plural: 'åtgärdsplaner',
    key: 'id',
    synced: true,
    fields: [
      ref('occasion_id', 'uppföljningstillfälle', 'reporting_occasion'),
      ref('responsibility_id', 'ansvar', 'dimension_value'),
      text('status', 'status', L.code, { check: oneOf(STATUSES) }),
      field('return_note', 'återskickad med', 'text?', { max: L.comment }),
      text('author', 'författare', L.reference),
      DELETED,
    ],
    nodes: [{ field: 'responsibility_id', via: 'responsibility' }],
    naturalKey: ['occasion_id', 'responsibility_id'],
    describe: (r) => `'Åtgärdsplan ' || ${nodeName(`${r}.responsibility_id`)} || ', ' || ${occasionName(`${r}.occasion_id`)}`,
    occasion: { field: 'occasion_id' },
    // action-plans/write.ts: a chef marks its own node's plan klar at most; the level above approves it.
    writers: [{ role: 'controller' }, ...chefs({ values: { status: (c) => (c.nodes.includes(c.scope) ? ['draft', 'ready'] : STATUSES) } }, 'comment')],
    visibleTo: SEEN,
  },
  {
    table: 'action_plan_item',
    label: 'åtgärd i åtgärdsplan',
    plural: 'åtgärder i åtgärdsplaner',
    key: 'id',
    synced: true,
    fields: [
      ref('plan_id', 'åtgärdsplan', 'action_plan'),
      text('what', 'åtgärd', ACTION_LIMITS.what),
      text('owner', 'ansvarig', ACTION_LIMITS.owner),
      text('due_date', 'klart senast', L.date, { check: date }),
      field('effect_ore', 'förväntad effekt', 'int?'),
      text('status', 'status', L.code, { check: oneOf(ACTION_STATUSES) }),
      field('sort_order', 'ordning', 'int'),
      DELETED,
    ],
    nodes: [{ field: 'plan_id', via: 'sql', sql: planOwner }],
    describe: (r) => `'Åtgärd ' || ${r}.what`,
    occasion: { field: 'plan_id', sql: (v) => `SELECT occasion_id FROM action_plan WHERE id = ${v}` },
    // A chef's own node's plan, once approved, is changed only after the level above has sent it back.
    writers: [{ role: 'controller' }, ...chefs({ rows: (_get, c) => !c.nodes.includes(c.scope) || c.ref('plan_id', 'status') !== 'approved' }, 'comment')],
    visibleTo: SEEN,
  },
  {
    table: 'action_followup',
    label: 'uppföljning av åtgärd',
    plural: 'uppföljningar av åtgärder',
    key: 'id',
    synced: true,
    fields: [
      ref('item_id', 'åtgärd', 'action_plan_item'),
      ref('occasion_id', 'uppföljningstillfälle', 'reporting_occasion'),
      text('status', 'status', L.code, { check: oneOf(ACTION_STATUSES) }),
      text('comment', 'kommentar', ACTION_LIMITS.comment),
      text('author', 'författare', L.reference),
      DELETED,
    ],
    nodes: [{ field: 'item_id', via: 'sql', sql: itemOwner }],
    naturalKey: ['item_id', 'occasion_id'],
    describe: (r) => `'Uppföljning av åtgärd ' || coalesce((SELECT what FROM action_plan_item WHERE id = ${r}.item_id), '?') || ', ' || ${occasionName(`${r}.occasion_id`)}`,
    occasion: { field: 'occasion_id' },
    writers: [{ role: 'controller' }, ...chefs({}, 'comment')],
    visibleTo: SEEN,
  },
];
