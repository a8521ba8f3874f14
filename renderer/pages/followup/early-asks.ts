import type { Envelope } from '../../../electron/api/contract/index';
import { askEarly } from '../../early';

/** The levels of the tree sent first: the förvaltning, its sektorer and their verksamheter (so that opening a sektor needs no wait). */
export const TOP_LEVELS = 3;

/**
 * Uppföljning opened at the window's start (boot.ts): the calendar and the
 * grids' column choice at once,
 * and the top levels of its default period as soon as the page's scripts
 * have arrived (`scriptsFetched`), with the inputs the page itself will ask
 * with on a fresh session (no period chosen yet, no account groups). So the
 * main process builds the figure tree while the page compiles its code and
 * starts React, instead of after. Not earlier: the main process also serves
 * the scripts (the app: protocol), and while it builds the tree it serves
 * nothing. The page takes the answers through `call` (renderer/early.ts).
 */
export function askFollowUpEarly(scriptsFetched: Promise<unknown>): void {
  const calendar = askEarly('followup.calendar.get', {});
  // The grid's column choice (renderer/grid/layout.ts): small, and otherwise asked behind the tree.
  void askEarly('settings.grids.get', {});
  void Promise.all([calendar, scriptsFetched]).then(([answer]: [Envelope<unknown>, unknown]) => {
    if (!answer.ok) return;
    const period = (answer.value as { defaultPeriod: number }).defaultPeriod;
    void askEarly('followup.deviations.get', { period, groups: false, levels: TOP_LEVELS });
  });
}
