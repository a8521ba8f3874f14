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
