import type { GoalRoundReport } from '../goals/report-round';
import type { Block, Cell, TableBlock } from './document-types';
import { formatNumber, kronor } from './present';

/**
 * The goal round's rest as document blocks (goals/report-round.ts): the
 * förvaltning's assessment of KF's inriktningsmål and styrtal, the
 * aktiviteter with responsible, start, end and cost, and the uppdrag with
 * their approved status and comment.
 */
const text = (t: string): Cell => ({ kind: 'text', text: t });

export function councilBlocks(r: GoalRoundReport | undefined): Block[] {
  if (!r || r.council.length === 0) return [];
  const blocks: Block[] = [{ kind: 'heading', level: 3, text: 'Förvaltningens bedömning av kommunfullmäktiges inriktningsmål' }];
  for (const c of r.council) {
    blocks.push({ kind: 'heading', level: 4, text: `Inriktningsmål ${c.code} ${c.title}` });
    blocks.push({ kind: 'facts', items: [{ label: 'Status', value: c.statusText }, ...(c.forecastText ? [{ label: 'Prognos vid årets slut', value: c.forecastText }] : [])] });
    if (c.approved && c.comment.trim() !== '') blocks.push({ kind: 'labelled', label: 'Bedömning', text: c.comment });
    if (c.indicators.length > 0) {
      blocks.push({
        kind: 'table',
        caption: `Kommunfullmäktiges styrtal för ${c.code}`,
        columns: [
          { title: 'Styrtal', numeric: false, width: 34 },
          { title: 'Bedömning', numeric: false, width: 20 },
          { title: 'Kommentar', numeric: false, width: 46 },
        ],
        rows: c.indicators.map((i) => ({ cells: [text(i.name), text(i.statusText), text(i.comment || '–')] })),
      });
    }
  }
  return blocks;
}

function activityTable(r: GoalRoundReport): TableBlock {
  return {
    kind: 'table',
    caption: 'Aktiviteter med ansvarig, tid och kostnad',
    columns: [
      { title: 'Aktivitet', numeric: false, width: 36 },
      { title: 'Ansvarig', numeric: false, width: 16 },
      { title: 'Start', numeric: false, width: 11 },
      { title: 'Slut', numeric: false, width: 11 },
      { title: 'Kostnad, kr', numeric: true, width: 12 },
      { title: 'Status', numeric: false, width: 14 },
    ],
    rows: r.activities.map((a) => ({
      cells: [
        text(`${a.code} ${a.title}`),
        text(a.responsible || '–'),
        text(a.startOn ?? '–'),
        text(a.endOn ?? '–'),
        a.costOre === null ? { kind: 'amount', value: null, decimals: 0, text: '–' } : { kind: 'amount', value: kronor(a.costOre), decimals: 0, text: formatNumber(kronor(a.costOre), 0) },
        text(a.statusText),
      ],
    })),
  };
}

export function roundBlocks(r: GoalRoundReport | undefined): Block[] {
  if (!r) return [];
  const blocks: Block[] = [];
  if (r.activities.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Aktiviteter' }, activityTable(r));
  }
  blocks.push({ kind: 'heading', level: 3, text: 'Uppdrag' });
  if (r.assignments.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'Inga särskilda uppdrag gäller för året.', tone: 'note' });
    return blocks;
  }
  blocks.push({
    kind: 'table',
    caption: 'Särskilda uppdrag från kommunfullmäktige och nämnden',
    columns: [
      { title: 'Uppdrag', numeric: false, width: 30 },
      { title: 'Från', numeric: false, width: 14 },
      { title: 'Ansvar', numeric: false, width: 16 },
      { title: 'Status', numeric: false, width: 14 },
      { title: 'Kommentar', numeric: false, width: 40 },
    ],
    rows: r.assignments.map((a) => ({
      cells: [text(`${a.code} ${a.title}${a.decision ? ` (${a.decision})` : ''}`), text(a.originName), text(a.owner), text(a.statusText), text(a.comment || '–')],
    })),
  });
  return blocks;
}
