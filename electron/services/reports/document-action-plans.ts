import { ACTION_STATUS_NAMES } from '../action-plans/round';
import type { ActionPlanReportPart } from '../action-plans/report';
import { formatNumber, kronor } from './present';
import type { AmountCell, Block, Cell, DocSection, TableBlock } from './document-types';

/** Renders the report's Åtgärdsplaner section from its part (action-plans/report.ts). */

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
