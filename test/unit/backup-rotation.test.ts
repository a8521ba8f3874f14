import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupsToPrune, isBackupName, KEEP_LAST, parseBackupName } from '../../db/backup-rotation';
import { BACKUP_REASONS, reasonText } from '../../electron/services/backups/catalog';
import { ROOT } from '../support/paths';

const at = (iso: string) => ({ name: `${iso.replace(/[:.]/g, '-')}-x.db`, takenAt: new Date(iso) });

describe('backup names', () => {
  it('reads the time and reason from the names takeBackup gives', () => {
    expect(parseBackupName('2026-11-24T18-48-03-123Z-fore-grunddata-accounts.db')).toEqual({
      takenAt: new Date('2026-11-24T18:48:03.123Z'),
      reason: 'fore-grunddata-accounts',
    });
    expect(parseBackupName('2026-11-24T18-48-03-123Z-manuell-2.db')?.reason).toBe('manuell');
  });

  it('accepts nothing that could name another file', () => {
    for (const bad of [
      '2026-11-24T18-48-03-123Z-manuell.db.partial',
      '../2026-11-24T18-48-03-123Z-manuell.db',
      '2026-11-24T18-48-03-123Z-../../etc.db',
      'ramkoll.db',
      '/tmp/2026-11-24T18-48-03-123Z-manuell.db',
      '2026-13-45T18-48-03-123Z-manuell.db',
    ]) {
      expect(isBackupName(bad), bad).toBe(false);
    }
  });

  it('gives every reason a Swedish text', () => {
    expect(reasonText('manuell')).toBe('Manuell säkerhetskopia');
    expect(reasonText('fore-migrering-v3')).toBe('Före uppgradering av databasen (från version 3)');
    expect(reasonText('fore-import-utfall')).toBe('Före import utfall');
    // An unknown reason still gets its Swedish letters back.
    expect(reasonText('fore-angra-x')).toBe('Före ångra x');
  });

  it('names every reason the code backs up for in written Swedish, with å, ä and ö', () => {
    const sources = ['electron', 'db'].flatMap((dir) =>
      fs
        .readdirSync(path.join(ROOT, dir), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => fs.readFileSync(path.join(ROOT, dir, f), 'utf8')),
    );
    const slugs = new Set(sources.flatMap((s) => [...s.matchAll(/\.backup\('([a-z0-9-]+)'\)/g)].map((m) => m[1]!)));
    expect(slugs.size).toBeGreaterThan(15);
    expect([...slugs].filter((slug) => !(slug in BACKUP_REASONS))).toEqual([]);
    expect(reasonText('fore-angra-import')).toBe('Före ångrad inläsning av utfall');
    expect(reasonText('fore-last-budgetversion')).toBe('Före låsning av en budgetversion');
    // The template ones: masterdata's kinds.
    expect(reasonText('fore-grunddata-organisation')).toBe('Före inläsning av organisation');
  });
});

describe('which backups are kept', () => {
  it('keeps the 20 newest and the newest of every month, worked by hand', () => {
    // 25 backups on 1–25 March, and three in January (the 5th, 10th and 20th).
    const march = Array.from({ length: 25 }, (_, i) => at(`2026-03-${String(i + 1).padStart(2, '0')}T12:00:00.000Z`));
    const january = ['05', '10', '20'].map((d) => at(`2026-01-${d}T12:00:00.000Z`));
    const pruned = backupsToPrune([...january, ...march]).map((b) => b.name);
    // March 1–5 fall outside the 20 newest (6–25) and are not the newest of March; January keeps the 20th only.
    const expected = [...['05', '04', '03', '02', '01'].map((d) => at(`2026-03-${d}T12:00:00.000Z`).name), at('2026-01-10T12:00:00.000Z').name, at('2026-01-05T12:00:00.000Z').name];
    expect(pruned.sort()).toEqual(expected.sort());
  });

  it('keeps everything while there are 20 or fewer', () => {
    const few = Array.from({ length: KEEP_LAST }, (_, i) => at(new Date(Date.UTC(2025, 0, 1) + i * 86_400_000 * 40).toISOString()));
    expect(backupsToPrune(few)).toEqual([]);
  });

  it('agrees with a plain statement of the rule on random histories', () => {
    const history = fc.uniqueArray(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }), { maxLength: 80 });
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 30 }), (times, keepLast) => {
        const backups = times.map((t) => at(new Date(t).toISOString()));
        const pruned = new Set(backupsToPrune(backups, keepLast).map((b) => b.name));
        const byTime = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
        for (const [rank, b] of byTime.entries()) {
          const month = (d: Date) => `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
          const newestOfMonth = !byTime.some((o) => month(o.takenAt) === month(b.takenAt) && o.takenAt > b.takenAt);
          expect(pruned.has(b.name)).toBe(!(rank < keepLast || newestOfMonth));
        }
      }),
    );
  });
});
