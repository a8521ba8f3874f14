import fs from 'node:fs';
import path from 'node:path';
import { periodise } from '../../electron/services/budget/profiles';
import { CodingResolver } from '../../electron/services/coding';
import { naturalId, newId } from '../../electron/services/ids';
import { openRamkollDatabase } from '../../electron/services/setup';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from './measure';
import type { Benchmark, Figure } from './types';

const FIELDS_PER_LINE = 7;
const TARGET_FIELDS = 100_000;

// Printed by the child at exit: its peak memory and CPU time, so that a figure can be read on a machine busy with other work.
const HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nRAMKOLL_STATS='+process.resourceUsage().maxRSS+','+Math.round((u.user+u.system)/1000)+'\\n')})`;

interface TimedRun {
  ms: number;
  cpuMs: number;
  peakMB: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command of the CLI in its own process: wall time, CPU time and peak memory. */
function runTimed(args: string[]): TimedRun {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const m = /RAMKOLL_STATS=(\d+),(\d+)/.exec(r.stderr);
  return { ms, peakMB: m ? Number(m[1]) / 1024 : NaN, cpuMs: m ? Number(m[2]) : NaN, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.replace(/\nRAMKOLL_STATS=\d+,\d+\n/, '') };
}

function json<T>(r: { code: number; stdout: string; stderr: string }, what: string): T {
  if (r.code !== 0) throw new Error(`${what}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * A controller sends a sektorchef a package with 100 000 changed fields (new
 * budget lines in the sektor, after the first package), then the sektorchef
 * reads it in. Both run as the CLI does, in their own processes.
 */
export const exchangeBenchmarks: readonly Benchmark[] = [
  {
    name: 'utbyte',
    async run(tmp): Promise<Figure[]> {
      const controller = path.join(tmp, 'controller.db');
      const chief = path.join(tmp, 'sektorchef.db');
      json(runCli(['init', '--db', controller, '--demo', '--year', '2026', '--json']), 'init controller');
      json(runCli(['init', '--db', chief, '--json']), 'init sektorchef');
      const site = json<{ id: string }>(runCli(['site', 'set', '--db', chief, '--role', 'sektorchef', '--scope', '3100', '--json']), 'site set');
      const intro = path.join(tmp, 'intro.ramkoll');
      json(runCli(['exchange', 'introduce', '--db', chief, '--out', intro, '--json']), 'introduce');
      json(runCli(['exchange', 'import', intro, '--db', controller, '--accept-sender', '--json']), 'import intro');
      const first = path.join(tmp, 'forsta.ramkoll');
      const firstExport = runCli(['exchange', 'export', '--db', controller, '--to', site.id, '--out', first, '--json']);
      const firstExported = json<{ changes: number; outcomeRows: number }>(firstExport, 'first export');
      const firstImport = runCli(['exchange', 'import', first, '--db', chief, '--accept-sender', '--json']);
      json(firstImport, 'first import');
      // The sektorchef's answer confirms the first package, so the next one holds only what is new.
      const controllerId = json<{ id: string }>(runCli(['site', '--db', controller, '--json']), 'site').id;
      const answer = path.join(tmp, 'svar.ramkoll');
      json(runCli(['exchange', 'export', '--db', chief, '--to', controllerId, '--out', answer, '--json']), 'answer');
      json(runCli(['exchange', 'import', answer, '--db', controller, '--json']), 'import answer');

      // 100 000 changed fields: new budget lines in the sektor, written as the budget feature writes them.
      const lines = Math.ceil(TARGET_FIELDS / FIELDS_PER_LINE);
      const { db } = await openRamkollDatabase(controller);
      const version = (db.prepare("SELECT id FROM budget_version WHERE kind = 'adopted'").get() as { id: string }).id;
      const units = (db.prepare("SELECT code FROM dimension_value WHERE level = 'unit' AND code LIKE '31%' ORDER BY code").all() as { code: string }[]).map((r) => r.code);
      const accounts = (db.prepare("SELECT code FROM account WHERE code LIKE '4%' OR code LIKE '6%' ORDER BY code").all() as { code: string }[]).map((r) => r.code);
      const codings = new CodingResolver(db);
      const insert = db.prepare(
        `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore, manual, note, created_at, updated_at, updated_by_site)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      );
      const me = (db.prepare('SELECT id FROM site WHERE is_local = 1').get() as { id: string }).id;
      const profile = naturalId('profile', 'jamn');
      const at = new Date().toISOString();
      const t0 = performance.now();
      db.tx(() => {
        for (let i = 0; i < lines; i++) {
          const year = 1000_00 * (1 + (i % 997));
          const coding = codings.idOf(accounts[i % accounts.length]!, units[i % units.length]!, `projekt=P${String(Math.floor(i / (units.length * accounts.length))).padStart(4, '0')}`);
          insert.run(newId(), version, coding, profile, year, ...periodise(year, new Array<number>(12).fill(1)), `rad ${i}`, at, at, me);
        }
      });
      const writeMs = performance.now() - t0;
      db.close();

      const pkg = path.join(tmp, 'stor.ramkoll');
      const exp = runTimed(['exchange', 'export', '--db', controller, '--to', site.id, '--out', pkg, '--json']);
      const exported = json<{ changes: number }>(exp, 'export');
      const imp = runTimed(['exchange', 'import', pkg, '--db', chief, '--json']);
      const imported = json<{ applied: number; refused: number }>(imp, 'import');
      if (imported.refused !== 0 || imported.applied < TARGET_FIELDS) throw new Error(`import: ${imp.stdout.slice(0, 500)}`);
      const bytes = fs.statSync(pkg).size;
      return [
        { what: `första paketet till en sektorchef (demo, sektor 3100): export`, value: firstExport.ms, unit: 'ms', rows: firstExported.changes + firstExported.outcomeRows },
        { what: 'första paketet: import hos en tom sektorchef', value: firstImport.ms, unit: 'ms', rows: firstExported.changes + firstExported.outcomeRows },
        { what: `${lines} nya budgetrader skrivna med ändringsfångst (triggers)`, value: writeMs, unit: 'ms', rows: lines },
        { what: 'export av paket med ändrade fält (ramkoll exchange export)', value: exp.ms, unit: 'ms', rows: exported.changes, target: '< 5 s' },
        { what: 'export, processorns tid (användare + system)', value: exp.cpuMs, unit: 'ms', rows: exported.changes },
        { what: 'export, högsta minnesanvändning', value: exp.peakMB, unit: 'MB', target: '< 500 MB' },
        { what: 'import av samma paket (ramkoll exchange import, med säkerhetskopia)', value: imp.ms, unit: 'ms', rows: imported.applied, target: '< 5 s' },
        { what: 'import, processorns tid (användare + system)', value: imp.cpuMs, unit: 'ms', rows: imported.applied },
        { what: 'import, högsta minnesanvändning', value: imp.peakMB, unit: 'MB', target: '< 500 MB' },
        { what: 'paketets storlek', value: bytes / 1048576, unit: 'MB', rows: exported.changes },
      ];
    },
  },
];
