import type { Db } from '../../../db/index';
import type { CommentStatus, OrgLevel } from '../../../db/schema';
import { ORG_LEVELS } from '../dimensions';
import { listOccasions } from './calendar';
import { figureTree, type FigureNode } from './figures';
import { stockholmDate } from '../../../shared/dates';
import { overduePlans, type OverduePlan } from '../action-plans/overdue';

export interface LevelRound {
  level: OrgLevel;
  deadline: string | null;
  /** The deadline has passed (the day after it). */
  passed: boolean;
  required: number;
  missing: number;
  draft: number;
  ready: number;
  approved: number;
  returned: number;
  /** Required comments not yet klar or godkänd after the deadline. */
  overdue: number;
}

export interface OverdueComment {
  code: string;
  name: string;
  level: OrgLevel;
  status: CommentStatus | 'missing';
  deadline: string | null;
  overdue: boolean;
}

export interface OccasionRound {
  id: string;
  name: string;
  period: number;
  levels: LevelRound[];
  /** Required comments that are not done yet, overdue first, bottom level first. */
  open: OverdueComment[];
  openCount: number;
  /** Large deviations without an approved åtgärdsplan after their level's deadline (action-plans/overdue.ts), bottom level first. */
  overduePlans: OverduePlan[];
  overduePlanCount: number;
}

export interface RoundStatus {
  year: number;
  today: string;
  latestPeriod: number | null;
  occasions: OccasionRound[];
}

const DONE: ReadonlySet<string> = new Set(['ready', 'approved']);

/**
 * The comment round against the calendar: for each open occasion that has
 * outcome, per level how many comments are required, written, klar and
 * godkända, and which are missing or overdue against the level's deadline.
 */
export function commentRoundStatus(db: Db, year: number, now: Date): RoundStatus {
  const today = stockholmDate(now);
  const latest = (db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(year * 100 + 1, year * 100 + 12) as { p: number | null }).p;
  const occasions = latest === null ? [] : listOccasions(db, year).filter((o) => o.lockedAt === null && o.period <= latest);
  return {
    year,
    today,
    latestPeriod: latest,
    occasions: occasions.map((o) => {
      const tree = figureTree(db, { period: o.period });
      const levels = new Map<OrgLevel, LevelRound>(
        ORG_LEVELS.map((l) => {
          const deadline = o.deadlines[l];
          return [l, { level: l, deadline, passed: deadline !== null && today > deadline, required: 0, missing: 0, draft: 0, ready: 0, approved: 0, returned: 0, overdue: 0 }];
        }),
      );
      const open: OverdueComment[] = [];
      const walk = (n: FigureNode) => {
        if (n.kind === 'node' && (n.commentRequired || n.comment)) {
          const lr = levels.get(n.level)!;
          const status = n.comment?.status ?? 'missing';
          lr.required++;
          lr[status]++;
          if (n.commentRequired && !DONE.has(status)) {
            if (lr.passed) lr.overdue++;
            open.push({ code: n.code, name: n.name, level: n.level, status, deadline: lr.deadline, overdue: lr.passed });
          }
        }
        n.children.forEach(walk);
      };
      tree.roots.forEach(walk);
      const order = (l: OrgLevel) => -ORG_LEVELS.indexOf(l);
      open.sort((a, b) => Number(b.overdue) - Number(a.overdue) || order(a.level) - order(b.level) || a.code.localeCompare(b.code, 'sv'));
      const late = overduePlans(db, tree, o, (l) => (levels.get(l)!.passed ? levels.get(l)!.deadline : null));
      late.sort((a, b) => order(a.level) - order(b.level) || a.code.localeCompare(b.code, 'sv'));
      return { id: o.id, name: o.name, period: o.period, levels: [...levels.values()].reverse(), open: open.slice(0, 40), openCount: open.length, overduePlans: late.slice(0, 40), overduePlanCount: late.length };
    }),
  };
}
