import type { Db } from '../../../db/index';
import { ensureCapture } from './capture';
import { ensureKey } from './identity';
import { clockNow } from '../clock';

/**
 * Gets a writable database ready for the exchange: the clock, the capture
 * triggers (rebuilt when the registry changed) and this installation's key.
 */
export function ensureExchange(db: Db, siteId: string, now: Date = clockNow()): void {
  ensureCapture(db, siteId);
  ensureKey(db, siteId, now);
}
