import { createHash } from 'node:crypto';

/** mulberry32: a small, fast PRNG that gives the same numbers for the same seed on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 seeded by the parts, so the demo is the same every time. */
export function rngFor(...parts: (string | number)[]): () => number {
  return mulberry32(createHash('sha256').update(parts.join(':')).digest().readUInt32LE(0));
}
