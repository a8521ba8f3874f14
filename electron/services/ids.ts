import { createHash, randomUUID } from 'node:crypto';

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
