import { setSessionValue } from '../../state/session';

/** A row for Uppföljning to open: an organisational node's code, in a period (null: the period shown). */
export interface FollowupTarget {
  code: string;
  period: number | null;
}

/** The session key DeviationsTab reads (and clears) when it opens. */
export const GOTO_KEY = 'followup.goto';

/**
 * Opens Uppföljning at a node (from Översikt's sektor rows and overdue
 * comments): the period and the row are left in the session store for the
 * page to pick up, then the page is shown.
 */
export function openFollowupAt(target: FollowupTarget): void {
  setSessionValue<FollowupTarget | null>(GOTO_KEY, target);
  if (target.period !== null) setSessionValue('followup.period', target.period);
  setSessionValue('followup.tab', 'avvikelser');
  window.location.hash = '#/uppfoljning';
}

/** The session key ActionPlansTab reads (and clears) when it opens: the node whose plan to show. */
export const PLAN_GOTO_KEY = 'followup.planGoto';

/**
 * Opens Uppföljning › Åtgärdsplaner at a node's plan (from the deviation
 * grid's Åtgärdsplan column and Översikt's late plans), in the period shown
 * or the one given.
 */
export function openActionPlanAt(code: string, period: number | null = null): void {
  setSessionValue<string | null>(PLAN_GOTO_KEY, code);
  if (period !== null) setSessionValue('followup.period', period);
  setSessionValue('followup.tab', 'atgardsplaner');
  if (window.location.hash !== '#/uppfoljning') window.location.hash = '#/uppfoljning';
}
