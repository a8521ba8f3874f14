import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runIntegrityCheck } from '../../db/integrity';
import { median, runCli, timeIt } from './measure';
import type { Benchmark } from './types';

/**
 * What the safety features cost: the integrity check on open (which one to
 * run is chosen by size, db/integrity.ts), a backup, a restore, on the demo
 * database and on one eight times its size.
 */
export const systemBenchmarks: readonly Benchmark[] = [
  {
    name: 'system',
    async run(tmp) {
      const demo = path.join(tmp, 'demo.db');
      const init = runCli(['init', '--db', demo, '--demo', '--year', '2026']);
      if (init.code !== 0) throw new Error(init.stderr);
      // A larger database: the demo plus filler rows, to eight times its size.
      const big = path.join(tmp, 'stor.db');
      fs.copyFileSync(demo, big);
      const raw = new BetterSqlite3(big);
      raw.exec('CREATE TABLE bench_fill (x TEXT NOT NULL) STRICT');
      const size = fs.statSync(demo).size;
      const insert = raw.prepare('INSERT INTO bench_fill VALUES (?)');
      raw.transaction(() => {
        for (let i = 0; i < (7 * size) / 1000; i++) insert.run(`${i}`.padEnd(1000, 'x'));
      })();
      raw.close();

      const figures = [];
      for (const [label, file] of [
        ['demodatabasen', demo],
        ['8 × demodatabasen', big],
      ] as const) {
        const mb = fs.statSync(file).size / (1024 * 1024);
        const db = new BetterSqlite3(file, { readonly: true });
        const full = await timeIt(() => runIntegrityCheck(db, 'integrity_check'), 5);
        const quick = await timeIt(() => runIntegrityCheck(db, 'quick_check'), 5);
        db.close();
        figures.push(
          { what: `PRAGMA integrity_check, ${label} (${mb.toFixed(1)} MB)`, value: full, unit: 'ms' as const },
          { what: `PRAGMA quick_check, ${label} (${mb.toFixed(1)} MB)`, value: quick, unit: 'ms' as const },
        );
        const backups = Array.from({ length: 3 }, () => runCli(['backup', 'create', '--db', file, '--json']));
        if (backups.some((b) => b.code !== 0)) throw new Error(backups.find((b) => b.code !== 0)!.stderr);
        figures.push({ what: `ramkoll backup create, ${label}, median av 3 (hela kommandot)`, value: median(backups.map((b) => b.ms)), unit: 'ms' as const });
        const name = (JSON.parse(backups[0]!.stdout) as { name: string }).name;
        const restore = runCli(['backup', 'restore', name, '--db', file, '--json']);
        if (restore.code !== 0) throw new Error(restore.stderr);
        figures.push({ what: `ramkoll backup restore, ${label} (kontroll, säkerhetskopia först, byte)`, value: restore.ms, unit: 'ms' as const });
        const check = runCli(['check', '--db', file]);
        if (check.code !== 0) throw new Error(check.stderr);
        figures.push({ what: `ramkoll check (öppna med integrity_check), ${label}`, value: check.ms, unit: 'ms' as const, target: 'start under 1 s' });
      }
      return figures;
    },
  },
];
