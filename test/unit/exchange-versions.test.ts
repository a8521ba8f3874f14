import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVersion, newerVersion, parseVersion, timeOfVersion } from '../../electron/services/exchange/hlc';
import { fingerprintOf } from '../../electron/services/exchange/identity';

const version = (ms: number, counter: number, site: string) => `${String(ms).padStart(13, '0')}-${String(counter).padStart(8, '0')}-${site}`;

describe('versions of exchanged fields', () => {
  it('order by time, then counter, then site, as plain strings', () => {
    const arb = fc.tuple(fc.integer({ min: 0, max: 9_999_999_999_999 }), fc.integer({ min: 0, max: 99_999_999 }), fc.uuid());
    fc.assert(
      fc.property(arb, arb, ([m1, c1, s1], [m2, c2, s2]) => {
        const a = version(m1, c1, s1);
        const b = version(m2, c2, s2);
        const expected = m1 !== m2 ? m1 > m2 : c1 !== c2 ? c1 > c2 : s1 > s2;
        expect(a > b).toBe(expected && a !== b);
        expect(parseVersion(a)).toEqual({ ms: m1, counter: c1, site: s1 });
      }),
    );
  });

  it('reads the time of a version and recognises malformed ones', () => {
    const v = version(Date.UTC(2026, 10, 20, 10), 3, 'abc-123');
    expect(timeOfVersion(v)).toBe('2026-11-20T10:00:00.000Z');
    expect(isVersion(v)).toBe(true);
    for (const bad of ['', '1-2-3', `${v} `, v.replace('-00000003-', '-3-'), 42]) expect(isVersion(bad)).toBe(false);
    expect(newerVersion(null, v)).toBe(v);
    expect(newerVersion(version(1, 0, 'b'), version(1, 0, 'a'))).toBe(version(1, 0, 'b'));
  });

  it('prints a key fingerprint as eight groups of four hex digits', () => {
    expect(fingerprintOf(Buffer.from('nyckel').toString('base64'))).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
  });
});
