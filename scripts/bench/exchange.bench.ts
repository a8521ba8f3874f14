import fs from 'node:fs';
import path from 'node:path';
import { periodise } from '../../electron/services/budget/profiles';
import { CodingResolver } from '../../electron/services/coding';
import { naturalId, newId } from '../../electron/services/ids';
import { openRamkollDatabase } from '../../electron/services/setup';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { exportPackage } from '../../electron/services/exchange/export';
import { importPackage } from '../../electron/services/exchange/import';
import { CLI, ROOT, runCli } from './measure';
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

/** Runs a plain Node script in its own process, as the CLI runs: wall time, CPU time and peak memory. */
function runScript(script: string, args: string[]): TimedRun {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', HOOK, script, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const m = /RAMKOLL_STATS=(\d+),(\d+)/.exec(r.stderr);
  return { ms, peakMB: m ? Number(m[1]) / 1024 : NaN, cpuMs: m ? Number(m[2]) : NaN, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const BETTER_SQLITE3 = createRequire(path.join(ROOT, 'package.json')).resolve('better-sqlite3');

/**
 * The references, raw better-sqlite3 in a process of its own. Export: read the same log rows (every changed field after
 * the recipient's position) and write them gzip-packed. Import: unpack the package and write the same rows into a copy of
 * the recipient's database in one transaction (WAL, synchronous=FULL, capture off, the kept sums' triggers on): the
 * budget lines (kodsträng found or created) and one log row per changed field. No checks, no rights, no backup.
 */
const RAW_SCRIPT = `
const fs = require('node:fs'), zlib = require('node:zlib');
const Database = require(${JSON.stringify(BETTER_SQLITE3)});
const [mode, file, pkgFile, from] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('cache_size = -131072');
if (mode === 'export') {
  const rows = db.prepare('SELECT seq, tbl, row_id, field, value, version, base, resolves, node, origin, via FROM xchg_change WHERE seq > ? ORDER BY seq').raw().all(Number(from));
  fs.writeFileSync(pkgFile, zlib.gzipSync(Buffer.from(JSON.stringify(rows.map((r) => [r[1], r[2], r[3], r[4], r[5], r[6], r[7]])), 'utf8'), { level: 1 }));
} else {
  const buf = fs.readFileSync(pkgFile);
  const changes = JSON.parse(zlib.gunzipSync(buf.subarray(buf.indexOf('\\n\\n') + 2)).toString('utf8')).changes;
  const byRow = new Map();
  for (const c of changes) { let r = byRow.get(c[1]); if (!r) byRow.set(c[1], (r = {})); r[c[2]] = c[3]; }
  const addCoding = db.prepare('INSERT INTO coding (account_code, responsibility_code, dims) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const coding = db.prepare('SELECT id FROM coding WHERE account_code = ? AND responsibility_code = ? AND dims = ?').pluck();
  const line = db.prepare('INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore, manual, note, deleted_at, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const log = db.prepare('INSERT INTO xchg_change (tbl, row_id, field, value, version, base, resolves, node, origin, via, package_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const site = changes[0][4].slice(23), at = new Date().toISOString();
  db.transaction(() => {
    db.prepare('UPDATE xchg_clock SET suspended = 1 WHERE id = 1').run();
    for (const [id, r] of byRow) {
      const [account, resp, dims] = JSON.parse(r.coding);
      addCoding.run(account, resp, dims);
      line.run(id, r.version_id, coding.get(account, resp, dims), r.profile_id, ...JSON.parse(r.amounts), r.manual, r.note, r.deleted_at, at, at, site);
    }
    for (const c of changes) log.run(c[0], c[1], c[2], c[3], c[4], c[5], null, '3100', site, site, 'paket');
    db.prepare('UPDATE xchg_clock SET suspended = 0 WHERE id = 1').run();
  })();
}
db.close();
`;

/** Copies a closed database file (and a WAL left beside it) so a second run starts from the same state. */
function copyDb(from: string, to: string): void {
  for (const ext of ['', '-wal']) if (fs.existsSync(from + ext)) fs.copyFileSync(from + ext, to + ext);
}

const ratio = (a: number, b: number) => a / b;

function json<T>(r: { code: number; stdout: string; stderr: string }, what: string): T {
  if (r.code !== 0) throw new Error(`${what}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs `fn` on a database opened as the app opens it, without the integrity check of every open; its wall time. */
async function inService<T>(file: string, fn: (db: Awaited<ReturnType<typeof openRamkollDatabase>>['db']) => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const { db } = await openRamkollDatabase(file, { integrityCheck: 'none' });
  try {
    const t = performance.now();
    const result = await fn(db);
    return { result, ms: performance.now() - t };
  } finally {
    db.close();
  }
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
      const chiefEmpty = path.join(tmp, 'sektorchef-tom.db');
      copyDb(chief, chiefEmpty);
      const first = path.join(tmp, 'forsta.ramkoll');
      const firstExport = runCli(['exchange', 'export', '--db', controller, '--to', site.id, '--out', first, '--json']);
      const firstExported = json<{ changes: number; outcomeRows: number }>(firstExport, 'first export');
      const firstImport = runTimed(['exchange', 'import', first, '--db', chief, '--accept-sender', '--json']);
      json(firstImport, 'first import');
      // The same, inside the service: without the process start and the check of the database at every open.
      const firstPkg = path.join(tmp, 'forsta-igen.ramkoll');
      fs.copyFileSync(first, firstPkg);
      const firstService = await inService(chiefEmpty, (db) => importPackage(db, { file: firstPkg, accept: ['sender'], now: new Date() }));
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

      // Copies of both sides as they are now, for the service timings and the raw references.
      const controllerCopy = path.join(tmp, 'controller-kopia.db');
      const chiefCopy = path.join(tmp, 'sektorchef-kopia.db');
      const chiefRaw = path.join(tmp, 'sektorchef-raw.db');
      copyDb(controller, controllerCopy);
      copyDb(chief, chiefCopy);
      copyDb(chief, chiefRaw);
      const acked = (await inService(controller, (db) => (db.prepare('SELECT acked FROM xchg_peer WHERE site_id = ?').get(site.id) as { acked: number }).acked)).result;
      const fixed = runTimed(['site', '--db', controller, '--json']);
      const fixedChief = runTimed(['site', '--db', chief, '--json']);
      json(fixedChief, 'site');
      json(fixed, 'site');

      const pkg = path.join(tmp, 'stor.ramkoll');
      const exp = runTimed(['exchange', 'export', '--db', controller, '--to', site.id, '--out', pkg, '--json']);
      const exported = json<{ changes: number; contents: { table: string; rows: number; fields: number }[] }>(exp, 'export');
      // Really 100 000 changed fields: the new lines, every field of each, and nothing else.
      const lineFields = exported.contents.find((c) => c.table === 'budget_line');
      if (exported.changes < TARGET_FIELDS || lineFields?.rows !== lines || lineFields.fields !== lines * FIELDS_PER_LINE || exported.contents.length !== 1) {
        throw new Error(`paketet har inte ${TARGET_FIELDS} ändrade fält: ${JSON.stringify(exported.contents)}`);
      }
      const rawScript = path.join(tmp, 'raw.cjs');
      fs.writeFileSync(rawScript, RAW_SCRIPT);
      const rawExp = runScript(rawScript, ['export', controllerCopy, path.join(tmp, 'raw.json.gz'), String(acked)]);
      if (rawExp.code !== 0) throw new Error(`raw export: ${rawExp.stderr}`);
      const expService = await inService(controllerCopy, (db) => exportPackage(db, { to: site.id, file: path.join(tmp, 'igen.ramkoll'), now: new Date() }));

      const imp = runTimed(['exchange', 'import', pkg, '--db', chief, '--json']);
      const imported = json<{ applied: number; refused: number; conflicts: number }>(imp, 'import');
      if (imported.refused !== 0 || imported.conflicts !== 0 || imported.applied !== exported.changes) throw new Error(`import: ${imp.stdout.slice(0, 500)}`);
      const rawImp = runScript(rawScript, ['import', chiefRaw, pkg]);
      if (rawImp.code !== 0) throw new Error(`raw import: ${rawImp.stderr}`);
      const pkgAgain = path.join(tmp, 'stor-igen.ramkoll');
      fs.copyFileSync(pkg, pkgAgain);
      const impService = await inService(chiefCopy, (db) => importPackage(db, { file: pkgAgain, now: new Date() }));
      const bytes = fs.statSync(pkg).size;
      const n = exported.changes;
      const firstRows = firstExported.changes + firstExported.outcomeRows;
      return [
        { what: `första paketet till en sektorchef (demo, sektor 3100): export`, value: firstExport.ms, unit: 'ms', rows: firstRows },
        { what: 'första paketet: import hos en tom sektorchef (ramkoll exchange import)', value: firstImport.ms, unit: 'ms', rows: firstRows, target: 'under 1 s' },
        { what: 'första paketet: import, processorns tid', value: firstImport.cpuMs, unit: 'ms', rows: firstRows },
        { what: 'första paketet: import i tjänsten (utan processtart och databaskontroll)', value: firstService.ms, unit: 'ms', rows: firstRows },
        { what: `${lines} nya budgetrader skrivna med ändringsfångst (triggers)`, value: writeMs, unit: 'ms', rows: lines },
        { what: 'fast kostnad per kommando hos controllern (ramkoll site: start, öppna, integritetskontroll)', value: fixed.ms, unit: 'ms' },
        { what: 'fast kostnad, processorns tid', value: fixed.cpuMs, unit: 'ms' },
        { what: 'export av paket med 100 000 ändrade fält (ramkoll exchange export)', value: exp.ms, unit: 'ms', rows: n, target: 'under 1 s' },
        { what: 'export, processorns tid (användare + system)', value: exp.cpuMs, unit: 'ms', rows: n },
        { what: 'export i tjänsten (exportPackage, utan processtart och databaskontroll)', value: expService.ms, unit: 'ms', rows: n },
        { what: 'referens: rå better-sqlite3 läser samma loggrader och packar dem (egen process)', value: rawExp.ms, unit: 'ms', rows: n },
        { what: 'export mot referensen', value: ratio(exp.ms, rawExp.ms), unit: '×' },
        { what: 'referensen, processorns tid', value: rawExp.cpuMs, unit: 'ms', rows: n },
        { what: 'export mot referensen i processorns tid (stabilare på en upptagen dator)', value: ratio(exp.cpuMs, rawExp.cpuMs), unit: '×' },
        { what: 'export, högsta minnesanvändning', value: exp.peakMB, unit: 'MB', target: '< 500 MB' },
        { what: 'fast kostnad per kommando hos sektorchefen (ramkoll site)', value: fixedChief.ms, unit: 'ms' },
        { what: 'import av samma paket (ramkoll exchange import, med säkerhetskopia)', value: imp.ms, unit: 'ms', rows: imported.applied, target: 'under 1 s' },
        { what: 'import, processorns tid (användare + system)', value: imp.cpuMs, unit: 'ms', rows: imported.applied },
        { what: 'import i tjänsten (importPackage med säkerhetskopia, utan processtart och databaskontroll)', value: impService.ms, unit: 'ms', rows: imported.applied },
        { what: 'referens: rå better-sqlite3 skriver samma rader i en transaktion (egen process)', value: rawImp.ms, unit: 'ms', rows: n },
        { what: 'import mot referensen', value: ratio(imp.ms, rawImp.ms), unit: '×' },
        { what: 'referensen, processorns tid', value: rawImp.cpuMs, unit: 'ms', rows: n },
        { what: 'import mot referensen i processorns tid (stabilare på en upptagen dator)', value: ratio(imp.cpuMs, rawImp.cpuMs), unit: '×' },
        { what: 'import, högsta minnesanvändning', value: imp.peakMB, unit: 'MB', target: '< 500 MB' },
        { what: 'paketets storlek', value: bytes / 1048576, unit: 'MB', rows: n },
      ];
    },
  },
];
