import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new random id for a row that people create (UUID v4). */
export function newId(): string {
  return randomUUID();
}

// Fixed namespace for Ramkoll's name-based ids (a random UUID, chosen once).
const NAMESPACE = Buffer.from('6d1f0c2e8a3b4f5e9c7d2b1a0e4f3c5d', 'hex');

/**
 * A name-based UUID (version 5, RFC 9562) for master data identified by its
 * code, e.g. naturalId('ansvar', '3110'). Every site that imports the same
 * kontoplan or organisation gets the same ids, so exchanged packages match
 * rows by id without a lookup table.
 */
export function naturalId(kind: string, code: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${kind}\u0000${code}`, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * `count` new ids for rows one bulk write creates (UUID version 7, RFC 9562,
 * "method 1": the time in milliseconds, then random bits fixed for the
 * batch, then a counter from a random start), ascending in the order given.
 * Random v4 ids put each of 50 000 new rows on another page of every index
 * keyed by them (the table's key, the change log's (tbl, row_id, …)), so a
 * bulk write dirtied nearly every page of those indexes and the commit wrote
 * them all to the WAL; ids that sort together fill new pages side by side.
 */
export function newSortableIds(count: number, ms: number): string[] {
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const r = randomBytes(10);
  const hex = r.toString('hex');
  // Version 7, 12 random bits; variant 10 and 3 + 4 random hex digits, fixed for the batch.
  const randA = hex.slice(0, 3);
  const variant = (0x8 | (r[2]! & 0x3)).toString(16);
  // The counter (last 8 hex digits) starts below 2^31, so that it never wraps within a batch.
  let low = r.readUInt32BE(6) >>> 1;
  const prefix = `${time.slice(0, 8)}-${time.slice(8)}-7${randA}-${variant}${hex.slice(5, 8)}-${hex.slice(8, 12)}`;
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++, low++) out[i] = `${prefix}${low.toString(16).padStart(8, '0')}`;
  return out;
}
