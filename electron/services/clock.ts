import { RamkollError } from '../../db/errors';
import { ClockError, makeClock, TODAY_VARIABLE, type Clock } from '../../shared/clock';

/**
 * The program's clock on the Node side: the machine's clock, with the date
 * pinned by RAMKOLL_TODAY when it is set. Read from the environment at each
 * call, so a test that sets the variable for one run sees it. A value that is
 * not a date is a RamkollError with a Swedish message (never a silent
 * fallback to the machine's date).
 */
export function systemClock(env: Record<string, string | undefined> = process.env): Clock {
  try {
    // The one place that reads the machine's clock for "now".
    // eslint-disable-next-line no-restricted-syntax -- the clock itself
    return makeClock(env[TODAY_VARIABLE], () => new Date());
  } catch (e) {
    if (e instanceof ClockError) throw new RamkollError('INVALID_INPUT', e.message);
    throw e;
  }
}

/** This instant by the program's clock, for defaults of functions that take `now`. */
export function clockNow(): Date {
  return systemClock().now();
}
