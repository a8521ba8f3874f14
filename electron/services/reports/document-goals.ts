import type { GoalReportSection, ReportGoal, ReportIndicator } from '../goals/report';
import { comparisonTable } from './document-comparison';
import { councilBlocks, roundBlocks } from './document-goal-round';
import type { Block, Cell, DocSection, TableBlock } from './document-types';
import type { ReportModel } from './types';

/** "Mål- och resultatuppföljning" as document blocks: the counts per status, then each nämndmål with its delmål. */
const text = (t: string): Cell => ({ kind: 'text', text: t });

function indicatorTable(caption: string, list: readonly ReportIndicator[]): TableBlock {
  return {
    kind: 'table',
    caption,
    columns: [
      { title: 'Styrtal', numeric: false, width: 40 },
      { title: 'Start', numeric: false, width: 14 },
      { title: 'Mål', numeric: false, width: 14 },
      { title: 'Senaste', numeric: false, width: 18 },
      { title: 'Källa', numeric: false, width: 20 },
    ],
    rows: list.map((i) => {
      const u = i.unit ? ` ${i.unit}` : '';
      const dec = (v: string) => v.replace('.', ',');
      return {
        cells: [
          text(`${i.name}${i.direction === 'higher' ? ' (högre är bättre)' : ' (lägre är bättre)'}`),
          text(i.start ? `${dec(i.start.value)}${u} (${i.start.year})` : '–'),
          text(`${dec(i.target.value)}${u} (${i.target.year})`),
          text(i.latest ? `${dec(i.latest.value)}${u} (${i.latest.date})${i.targetReached ? ', målet nått' : ''}` : '–'),
          text(i.source),
        ],
      };
    }),
  };
}

function goalBlocks(kind: 'Nämndmål' | 'Delmål', g: ReportGoal, level: 3 | 4): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level, text: `${kind} ${g.code} ${g.title}`.replace(/\s+/g, ' ') },
    {
      kind: 'facts',
      items: [
        { label: 'Status', value: g.statusText },
        ...(g.forecastText ? [{ label: 'Prognos vid årets slut', value: g.forecastText }] : []),
        { label: 'Ansvar', value: g.owner },
        { label: 'Bedömningen', value: g.roundStatusText },
      ],
    },
  ];
  if (g.roundStatus === 'approved' && g.assessment.trim() !== '') blocks.push({ kind: 'labelled', label: 'Bedömning', text: g.assessment });
  else if (g.roundStatus !== null && g.roundStatus !== 'approved') blocks.push({ kind: 'paragraph', text: `Bedömningen är inte godkänd (${g.roundStatusText}) och visas inte.`, tone: 'note' });
  if (g.indicators.length > 0) blocks.push(indicatorTable(`Styrtal för ${kind.toLowerCase()} ${g.code}`, g.indicators));
  const compared = comparisonTable(`Jämförelse med andra kommuner (Kolada) för ${kind.toLowerCase()} ${g.code}`, g.indicators);
  if (compared) blocks.push(compared);
  return blocks;
}

function countTables(s: GoalReportSection): TableBlock[] {
  const LEVEL: Record<string, string> = { board: 'Nämndmål', sub: 'Delmål', activity: 'Aktiviteter' };
  const tables: TableBlock[] = [];
  for (const group of [['board', 'sub'], ['activity']] as const) {
    const order = s.statusOrder.find((o) => o.level === group[0])!;
    tables.push({
      kind: 'table',
      caption: group[0] === 'activity' ? 'Aktiviteter per status' : 'Nämndmål och delmål per status',
      columns: [{ title: '', numeric: false, width: 16 }, ...order.statuses.map((st) => ({ title: st.name[0]!.toUpperCase() + st.name.slice(1), numeric: true, width: 12 })), { title: 'Totalt', numeric: true, width: 10 }],
      rows: group.map((level) => {
        const c = s.counts.find((x) => x.level === level);
        const n = (v: number) => ({ kind: 'amount' as const, value: v, decimals: 0, text: String(v) });
        return { cells: [text(LEVEL[level]!), ...order.statuses.map((st) => n(c?.byStatus[st.key] ?? 0)), n(c?.total ?? 0)] };
      }),
    });
  }
  return tables;
}

export function goalsSection(m: ReportModel): DocSection | null {
  if (!m.goals) return null;
  const blocks: Block[] = [];
  for (const part of m.goals) {
    if (m.goals.length > 1) blocks.push({ kind: 'heading', level: 2, text: part.name });
    const s = part.section;
    blocks.push(...countTables(s), ...councilBlocks(s.round));
    if (s.councilGoals.length === 0) blocks.push({ kind: 'paragraph', text: 'Inga mål gäller för året.', tone: 'note' });
    for (const c of s.councilGoals) {
      blocks.push({ kind: 'heading', level: 3, text: c.code ? `Inriktningsmål ${c.code} ${c.title}` : c.title });
      for (const b of c.boardGoals) {
        blocks.push(...goalBlocks('Nämndmål', b, 4));
        for (const sub of b.subGoals) blocks.push(...goalBlocks('Delmål', sub, 4));
      }
    }
    blocks.push(...roundBlocks(s.round));
  }
  return { id: 'mal', title: 'Mål- och resultatuppföljning', sheet: 'Mål', blocks };
}
