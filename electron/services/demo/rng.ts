import { createHash } from 'node:crypto';

/** A small, fast, seedable PRNG (mulberry32) seeded by the parts, so the demo is the same every time. */
export function rngFor(...parts: (string | number)[]): () => number {
  let a = createHash('sha256').update(parts.join(':')).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
