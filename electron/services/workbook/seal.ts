import { sign, verify } from 'node:crypto';
import type { Db } from '../../../db/index';
import { ensureKey, publicKeyObject, signingKey } from '../exchange/identity';

/**
 * The identity sheet is signed with the installation's exchange key, so
 * that a chef who unhides it cannot widen the node, move the clock back or
 * rewrite what was exported: the import refuses a file whose seal does not
 * hold. The texts are signed as the cells hold them.
 */
export function sealText(identityCells: readonly [string, string][], originals: readonly string[]): string {
  return [...identityCells.map(([k, v]) => `${k}=${v}`), ...originals].join('\n');
}

export function seal(db: Db, siteId: string, now: Date, text: string): string {
  ensureKey(db, siteId, now);
  return sign(null, Buffer.from(text, 'utf8'), signingKey(db, siteId)).toString('base64');
}

export function sealHolds(db: Db, siteId: string, text: string, signature: string): boolean {
  const row = db.prepare('SELECT public_key FROM xchg_key WHERE site_id = ?').get(siteId) as { public_key: string } | undefined;
  if (!row || signature === '') return false;
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKeyObject(row.public_key), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
