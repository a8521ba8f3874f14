import type { Db } from '../../../db/index';
import type { ActionStatus } from '../../../db/schema';
import { ACTION_STATUS_NAMES, actionRound } from '../action-plans/round';
import type { Occasion } from '../followup/calendar';
import { formatNumber, kronor } from './present';
import type { AmountCell, Block, Cell, DocSection, TableBlock } from './document-types';

/**
 * Åtgärdsplaner vid stora avvikelser in the report (issue 19 point 5): the
 * occasion's approved plans, åtgärd by åtgärd with who, by when, the
 * expected effect and the status, and the follow-up of the åtgärder of
 * earlier approved plans that were open when the occasion came. Plans not
 * approved stay out, as unapproved comments do. A locked occasion's plans
 * and follow-ups cannot change (the service and the exchange refuse it).
 */

export interface ActionPlanReportRow {
  node: string;
  what: string;
  owner: string;
  dueDate: string;
  effectOre: number | null;
  status: ActionStatus;
}

export interface ActionFollowupReportRow extends ActionPlanReportRow {
  planOccasion: string;
  /** The status before this occasion (the latest earlier follow-up, else the plan's). */
  before: ActionStatus;
  /** This occasion's follow-up; null when none was written. */
  now: ActionStatus | null;
  comment: string;
}

export interface ActionPlanReportPart {
  occasionName: string;
  plans: ActionPlanReportRow[];
  followups: ActionFollowupReportRow[];
}

export function actionPlanReportPart(db: Db, occasion: Occasion, scope: string | null, now: Date): ActionPlanReportPart | null {
  // The report reads as the controller does, inside the report's scope.
  const round = actionRound(db, { siteId: '', user: '', role: 'controller', scopeCode: scope, now }, occasion.id);
  const plans: ActionPlanReportRow[] = [];
  const followups: ActionFollowupReportRow[] = [];
  for (const n of round.nodes) {
    const node = `${n.code} ${n.name}`;
    if (n.plan?.status === 'approved') for (const i of n.plan.items) plans.push({ node, what: i.what, owner: i.owner, dueDate: i.dueDate, effectOre: i.effectOre, status: i.status });
    for (const e of n.earlier) {
      if (e.plan.status !== 'approved') continue;
      const before = e.history.length > 0 ? e.history[e.history.length - 1]!.status : e.status;
      followups.push({ node, what: e.what, owner: e.owner, dueDate: e.dueDate, effectOre: e.effectOre, status: e.status, planOccasion: e.plan.occasionName, before, now: e.followup?.status ?? null, comment: e.followup?.comment ?? '' });
    }
  }
  return plans.length === 0 && followups.length === 0 ? null : { occasionName: occasion.name, plans, followups };
}

const text = (t: string): Cell => ({ kind: 'text', text: t });
function kr(ore: number | null): AmountCell {
  if (ore === null) return { kind: 'amount', value: null, decimals: 0, text: '' };
  const value = kronor(ore);
  return { kind: 'amount', value, decimals: 0, text: formatNumber(value, 0) };
}

/** The section, after Åtgärder för budget i balans; none when the occasion has no approved plan and nothing to follow up. */
export function actionPlanSection(part: ActionPlanReportPart | null | undefined): DocSection | null {
  if (!part) return null;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: 'En åtgärdsplan upprättas där en avvikelse är ogynnsam och når nivåns tröskel för kommentarer. Planens åtgärder följs upp vid varje följande tillfälle tills de är genomförda eller inte genomförs.',
      tone: 'note',
    },
  ];
  if (part.plans.length > 0) {
    const table: TableBlock = {
      kind: 'table',
      caption: `Godkända åtgärdsplaner, ${part.occasionName}`,
      columns: [
        { title: 'Ansvar', numeric: false, width: 24 },
        { title: 'Åtgärd', numeric: false, width: 40 },
        { title: 'Ansvarig', numeric: false, width: 18 },
        { title: 'Klart senast', numeric: false, width: 12 },
        { title: 'Förväntad effekt (kr)', numeric: true, width: 14 },
        { title: 'Status', numeric: false, width: 12 },
      ],
      rows: part.plans.map((r) => ({ cells: [text(r.node), text(r.what), text(r.owner), text(r.dueDate), kr(r.effectOre), text(ACTION_STATUS_NAMES[r.status])] })),
    };
    blocks.push(table);
  } else {
    blocks.push({ kind: 'paragraph', text: `Inga godkända åtgärdsplaner vid ${part.occasionName}.`, tone: 'note' });
  }
  if (part.followups.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Uppföljning av tidigare åtgärdsplaner' });
    blocks.push({
      kind: 'table',
      caption: `Uppföljning av tidigare åtgärder, ${part.occasionName}`,
      columns: [
        { title: 'Ansvar', numeric: false, width: 20 },
        { title: 'Åtgärd', numeric: false, width: 30 },
        { title: 'Plan från', numeric: false, width: 14 },
        { title: 'Ansvarig, klart senast', numeric: false, width: 18 },
        { title: 'Tidigare status', numeric: false, width: 11 },
        { title: 'Status nu', numeric: false, width: 11 },
        { title: 'Kommentar', numeric: false, width: 30 },
      ],
      rows: part.followups.map((r) => ({
        cells: [
          text(r.node),
          text(r.what),
          text(r.planOccasion),
          text(`${r.owner}, ${r.dueDate}`),
          text(ACTION_STATUS_NAMES[r.before]),
          text(r.now === null ? 'Ej uppföljd' : ACTION_STATUS_NAMES[r.now]),
          text(r.comment),
        ],
      })),
    });
  }
  return { id: 'atgardsplaner', title: 'Åtgärdsplaner vid stora avvikelser', sheet: 'Åtgärdsplaner', blocks };
}
