import type { Role } from '../../../db/schema';
import { chefs, chefsSee, CHEFS_AND_CONTROLLER } from './registry-chefs';
import type { ExchangedTable, ExchangedValue, FieldDef, ValueType } from './registry-types';

/** What registry.ts lends this part: its field builder and checks. */
export interface GoalRoundHelpers {
  col(name: string, label: string, type: ValueType, extra?: Partial<FieldDef>): FieldDef;
  DELETED: FieldDef;
  oneOf(values: readonly string[]): (v: ExchangedValue) => string | null;
  isoDate(v: ExchangedValue): string | null;
  occasionName(r: string): string;
  maxDate: number;
  maxCode: number;
  maxReference: number;
  all: Partial<Record<Role, ExchangedTable['visibleTo'][Role]>>;
}

const COMMENT_STATUSES = ['draft', 'ready', 'approved', 'returned'];
const LEVELS = ['council', 'board', 'sub', 'activity', 'assignment'];
const ASSIGNMENT_STATUSES = ['not_started', 'in_progress', 'done', 'closed_not_done'];
const GOAL_STATUSES = ['met', 'partly_met', 'not_met', 'not_started'];
const assignmentOwner = (id: string) => `SELECT o.code FROM assignment AS a JOIN dimension_value AS o ON o.id = a.owner_id WHERE a.id = ${id}`;

/**
 * The goal round's tables of issue 19 point 5 (migration 0026), after the
 * goal chain's: deadlines per goal level, uppdrag with their follow-up, and
 * the förvaltning's assessment of KF's styrtal. Rules as goals/deadlines.ts,
 * assignments.ts and council.ts enforce them.
 */
export function goalRoundTables(h: GoalRoundHelpers): ExchangedTable[] {
  const { col, DELETED, oneOf } = h;
  const dateOrNull = (v: ExchangedValue) => (v === null ? null : h.isoDate(v));
  const round = [
    col('text', 'kommentar', 'text'),
    col('round_status', 'status i omgången', 'text', { check: oneOf(COMMENT_STATUSES) }),
    col('return_note', 'återskickad med', 'text?'),
    col('author', 'författare', 'text'),
    DELETED,
  ];
  return [
    {
      table: 'goal_deadline',
      label: 'sista dag för en målnivå',
      plural: 'sista dagar för målnivåer',
      key: 'id',
      synced: true,
      fields: [
        col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
        col('level', 'målnivå', 'text', { check: oneOf(LEVELS) }),
        col('due_on', 'sista dag', 'text', { max: h.maxDate, check: h.isoDate }),
        DELETED,
      ],
      naturalKey: ['occasion_id', 'level'],
      occasion: { field: 'occasion_id' },
      describe: (r) => `'Sista dag för ' || ${r}.level || ', ' || ${h.occasionName(r)}`,
      // The controller's planning (goals/deadlines.ts); every chef sees when its levels are due.
      writers: [{ role: 'controller' }],
      visibleTo: { controller: 'all', ...chefsSee('all') },
    },
    {
      table: 'assignment',
      label: 'uppdrag',
      plural: 'uppdrag',
      key: 'id',
      synced: true,
      fields: [
        col('origin', 'från', 'text', { max: h.maxCode, check: oneOf(['council', 'board']) }),
        col('code', 'kod', 'text'),
        col('title', 'rubrik', 'text'),
        col('description', 'beskrivning', 'text'),
        col('owner_id', 'ansvarig', 'text', { ref: 'dimension_value' }),
        col('decision_ref', 'beslut', 'text', { max: h.maxReference }),
        col('decided_on', 'beslutsdatum', 'text?', { max: h.maxDate, check: dateOrNull }),
        col('due_on', 'klart senast', 'text?', { max: h.maxDate, check: dateOrNull }),
        col('valid_from_year', 'gäller från år', 'int'),
        col('valid_to_year', 'gäller till år', 'int?'),
        col('sort_order', 'ordning', 'int'),
        DELETED,
      ],
      nodes: [{ field: 'owner_id', via: 'responsibility' }],
      describe: (r) => `'Uppdrag ' || ${r}.code || ' ' || ${r}.title`,
      // As goals/assignments.ts: KF's uppdrag come from Ekonomi (as the inriktningsmål), the nämnd's are the controller's.
      writers: [
        { role: 'ekonomi', rows: (get) => get('origin') === 'council' },
        { role: 'controller', rows: (get) => get('origin') === 'board' },
      ],
      relay: [{ by: 'controller', to: CHEFS_AND_CONTROLLER }],
      visibleTo: h.all,
    },
    {
      table: 'assignment_followup',
      label: 'uppföljning av uppdrag',
      plural: 'uppföljningar av uppdrag',
      key: 'id',
      synced: true,
      fields: [
        col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
        col('assignment_id', 'uppdrag', 'text', { ref: 'assignment' }),
        col('status', 'status', 'text?', { check: oneOf(ASSIGNMENT_STATUSES) }),
        ...round,
      ],
      nodes: [{ field: 'assignment_id', via: 'sql', sql: assignmentOwner }],
      naturalKey: ['occasion_id', 'assignment_id'],
      occasion: { field: 'occasion_id' },
      describe: (r) => `'Uppföljning av uppdrag ' || coalesce((SELECT code FROM assignment WHERE id = ${r}.assignment_id), '?') || ', ' || ${h.occasionName(r)}`,
      // A chef follows up the uppdrag of its part; its own node's it hands in (klar), the level above approves.
      writers: [{ role: 'controller' }, ...chefs({ values: { round_status: (c) => (c.nodes.includes(c.scope) ? ['draft', 'ready'] : COMMENT_STATUSES) } }, 'comment')],
      visibleTo: { controller: 'all', ...chefsSee('scope'), ekonomi: { scope: false, where: (r) => `${r}.round_status = 'approved'`, withdraw: ['round_status'] } },
    },
    {
      table: 'indicator_assessment',
      label: 'bedömning av KF:s styrtal',
      plural: 'bedömningar av KF:s styrtal',
      key: 'id',
      synced: true,
      fields: [
        col('occasion_id', 'uppföljningstillfälle', 'text', { ref: 'reporting_occasion' }),
        col('indicator_id', 'styrtal', 'text', { ref: 'indicator' }),
        col('status', 'måluppfyllelse', 'text?', { check: oneOf(GOAL_STATUSES) }),
        ...round,
      ],
      naturalKey: ['occasion_id', 'indicator_id'],
      occasion: { field: 'occasion_id' },
      describe: (r) => `'Bedömning av styrtal ' || coalesce((SELECT name FROM indicator WHERE id = ${r}.indicator_id), '?') || ', ' || ${h.occasionName(r)}`,
      // As goals/council.ts: the förvaltning's own assessment, by the controller, of styrtal of KF's inriktningsmål only.
      writers: [
        {
          role: 'controller',
          rows: (get, c) => c.scalar('SELECT g.level FROM indicator AS i JOIN goal AS g ON g.id = i.goal_id WHERE i.id = ?', get('indicator_id')) === 'council',
        },
      ],
      visibleTo: { controller: 'all', ekonomi: { scope: false, where: (r) => `${r}.round_status = 'approved'`, withdraw: ['round_status'] } },
    },
  ];
}
