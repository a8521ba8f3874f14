import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ledgerRows, writeLedgerCsv, writeMasterdata } from './ledger-data';
import { median, runCli, runProgram, type ProcessRun } from './measure';
import type { Benchmark, Figure } from './types';

async function writeXlsx(file: string, rows: number): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Utfall');
  ws.addRow(['Utfall januari–december 2026']).commit();
  ws.addRow(['Ansvar', 'Konto', 'Verksamhet', 'Period', 'Belopp']).commit();
  for (const r of ledgerRows(rows)) ws.addRow([r.resp, Number(r.account), r.verksamhet, r.period, r.ore / 100]).commit();
  ws.commit();
  await wb.commit();
}

function hasSqlite3(): boolean {
  return spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
}

/** Removes a database and everything SQLite and Ramkoll put beside it (-wal, -shm, the backups folder). */
function removeDb(file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file, '.db');
  for (const f of fs.readdirSync(dir)) if (f.startsWith(base)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
}

interface Round {
  ours: ProcessRun[];
  theirs: number[];
  /** Processor time (user + system) of each sqlite3 run, where /usr/bin/time can tell it. */
  theirsCpu: number[];
}

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** sqlite3 .import of the file; with /usr/bin/time also its processor time, which a loaded machine disturbs far less than the wall time. */
function sqliteImport(ref: string, csv: string): { ms: number; cpuMs: number | null } {
  const args = [ref, '-cmd', '.separator ;', `.import ${csv} utfall`];
  const s = TIME ? runProgram(TIME, ['-f', 'RAMKOLL_CPU=%U %S', 'sqlite3', ...args]) : runProgram('sqlite3', args);
  if (s.code !== 0) throw new Error(`sqlite3 .import: ${s.stderr}`);
  const m = /RAMKOLL_CPU=([\d.]+) ([\d.]+)/.exec(s.stderr);
  return { ms: s.ms, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

/**
 * Imports `csv` into a fresh copy of `pristine` with the CLI, and the same
 * file into an empty database with `sqlite3 .import`, taking turns `rounds`
 * times so that a busy machine weighs on both alike.
 */
function importRounds(tmp: string, csv: string, pristine: string, rows: number, rounds: number, sqliteOk: boolean): Round {
  const db = path.join(tmp, 'ledger.db');
  const ref = path.join(tmp, 'sqlite-import.db');
  const r: Round = { ours: [], theirs: [], theirsCpu: [] };
  for (let round = 0; round < rounds; round++) {
    removeDb(db);
    removeDb(ref);
    fs.copyFileSync(pristine, db);
    const imp = runCli(['import', csv, '--db', db, '--json', '--confirm']);
    if (imp.code !== 0) throw new Error(`ramkoll import: ${imp.stderr}`);
    const out = JSON.parse(imp.stdout) as { rows: number; batch: string | null };
    if (out.rows !== rows || !out.batch) throw new Error(`ramkoll import read ${out.rows} rows, not ${rows} (batch: ${out.batch})`);
    r.ours.push(imp);
    if (sqliteOk) {
      const s = sqliteImport(ref, csv);
      r.theirs.push(s.ms);
      if (s.cpuMs !== null) r.theirsCpu.push(s.cpuMs);
    }
  }
  return r;
}

function roundFigures(label: string, r: Round, rows: number): Figure[] {
  const n = r.ours.length;
  const of = n > 1 ? `, median av ${n}` : '';
  const ms = median(r.ours.map((x) => x.ms));
  const figures: Figure[] = [
    { what: `${label}: ramkoll import (CLI: kontroll, säkerhetskopia, en transaktion)${of}`, value: ms, unit: 'ms', rows },
    { what: `${label}: högsta minnesanvändning${n > 1 ? ` (största av ${n})` : ''}`, value: Math.max(...r.ours.map((x) => x.peakMB)), unit: 'MB', rows, target: 'under 400 MB' },
  ];
  if (r.theirs.length > 0) {
    const ref = median(r.theirs);
    figures.push({ what: `${label}: sqlite3 .import av samma fil (referens)${of}`, value: ref, unit: 'ms', rows });
    figures.push({ what: `${label}: kvot ramkoll import / sqlite3 .import`, value: ms / ref, unit: '×', target: 'högst 2×' });
  }
  // Processor time beside the wall time: two threads' work against one, but far steadier when other work shares the cores.
  const cpu = median(r.ours.map((x) => x.cpuMs));
  figures.push({ what: `${label}: ramkoll import, processortid (båda trådarna)${of}`, value: cpu, unit: 'ms', rows });
  if (r.theirsCpu.length > 0) {
    const refCpu = median(r.theirsCpu);
    figures.push({ what: `${label}: sqlite3 .import, processortid${of}`, value: refCpu, unit: 'ms', rows });
    figures.push({ what: `${label}: kvot processortid ramkoll / sqlite3`, value: cpu / refCpu, unit: '×' });
  }
  return figures;
}

export const ledgerBenchmarks: readonly Benchmark[] = [
  {
    name: 'ledger',
    async run(tmp): Promise<Figure[]> {
      const figures: Figure[] = [];
      const sqliteOk = hasSqlite3();
      if (!sqliteOk) console.log('  sqlite3 saknas: installera kommandoradsverktyget (Debian: apt-get install -y sqlite3) för jämförelsen med .import.');
      const rows = 1_000_000;
      const csv = path.join(tmp, 'utfall-1m.csv');
      const distinct = writeLedgerCsv(csv, rows);
      const mb = (fs.statSync(csv).size / 1048576).toFixed(0);

      // 1. Every code unknown: a database with its years but no organisation or kontoplan.
      const empty = path.join(tmp, 'tom.db');
      const init = runCli(['init', '--db', empty, '--year', '2026']);
      if (init.code !== 0) throw new Error(init.stderr);
      figures.push(...roundFigures(`${mb} MB CSV, ${distinct.toLocaleString('sv-SE')} olika kodsträng × period, alla koder okända`, importRounds(tmp, csv, empty, rows, 3, sqliteOk), rows));

      // 2. The same with the organisation and the kontoplan read in first.
      const known = path.join(tmp, 'kand.db');
      fs.copyFileSync(empty, known);
      const org = path.join(tmp, 'organisation.csv');
      const accounts = path.join(tmp, 'kontoplan.csv');
      writeMasterdata(org, accounts);
      for (const [file, kind] of [[org, 'organisation'], [accounts, 'accounts']] as const) {
        const m = runCli(['masterdata', file, '--db', known, '--kind', kind, '--json']);
        if (m.code !== 0) throw new Error(`ramkoll masterdata ${kind}: ${m.stderr}`);
      }
      figures.push(...roundFigures('samma fil, organisation och kontoplan kända', importRounds(tmp, csv, known, rows, 3, sqliteOk), rows));

      const db = path.join(tmp, 'ledger.db');
      const again = runCli(['import', csv, '--db', db, '--json', '--confirm']);
      figures.push({ what: 'samma fil igen (ändrar inget: kontroll + jämförelse)', value: again.ms, unit: 'ms', rows });
      fs.rmSync(csv);

      // 3. A 5,000,000-row file: read as a stream, in the same memory.
      const big = path.join(tmp, 'utfall-5m.csv');
      const bigRows = 5_000_000;
      const bigDistinct = writeLedgerCsv(big, bigRows);
      figures.push(
        ...roundFigures(`${(fs.statSync(big).size / 1048576).toFixed(0)} MB CSV, ${bigDistinct.toLocaleString('sv-SE')} olika kodsträng × period`, importRounds(tmp, big, empty, bigRows, 1, sqliteOk), bigRows),
      );
      fs.rmSync(big);

      return figures;
    },
  },
  {
    // Its own benchmark (`npm run bench -- xlsx`), still part of `-- ledger`.
    name: 'ledger-xlsx',
    async run(tmp): Promise<Figure[]> {
      return xlsxFigures(tmp);
    },
  },
];

/** Processor time (user + system, children included) of a program run through /usr/bin/time, or null without it. */
function cpuOf(stderr: string): number | null {
  const m = /RAMKOLL_CPU=([\d.]+) ([\d.]+)/.exec(stderr);
  return m ? (Number(m[1]) + Number(m[2])) * 1000 : null;
}

/**
 * A 200,000-row xlsx: `ramkoll import` against LibreOffice's own conversion of
 * the same file to CSV, taking turns three times (medians, wall and processor
 * time), and the reading alone in this process: our sheet reader against
 * ExcelJS's streaming reader, which the import used before.
 */
async function xlsxFigures(tmp: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const rows = 200_000;
  const empty = path.join(tmp, 'tom.db');
  const init = runCli(['init', '--db', empty, '--year', '2026']);
  if (init.code !== 0) throw new Error(init.stderr);
  const xlsx = path.join(tmp, 'utfall-200k.xlsx');
  await writeXlsx(xlsx, rows);
  const db = path.join(tmp, 'ledger.db');
  const bin = ['soffice', 'libreoffice'].find((b) => spawnSync(b, ['--version'], { encoding: 'utf8' }).status === 0);
  if (!bin) console.log('  LibreOffice saknas: installera libreoffice-calc för jämförelsen med soffice --convert-to csv.');
  const profile = path.join(tmp, 'lo-profil');
  const out = path.join(tmp, 'lo-ut');
  const loArgs = [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv', '--outdir', out, xlsx];
  // The first start creates the profile; that is LibreOffice's setup, not its conversion.
  if (bin) runProgram(bin, loArgs);
  const ours: ProcessRun[] = [];
  const lo: { ms: number; cpuMs: number | null }[] = [];
  for (let round = 0; round < 3; round++) {
    removeDb(db);
    fs.copyFileSync(empty, db);
    const x = runCli(['import', xlsx, '--db', db, '--json', '--confirm']);
    if (x.code !== 0) throw new Error(`ramkoll import xlsx: ${x.stderr}`);
    const read = (JSON.parse(x.stdout) as { rows: number }).rows;
    if (read !== rows) throw new Error(`ramkoll import read ${read} rows, not ${rows}`);
    ours.push(x);
    if (bin) {
      fs.rmSync(out, { recursive: true, force: true });
      const r = TIME ? runProgram(TIME, ['-f', 'RAMKOLL_CPU=%U %S', bin, ...loArgs]) : runProgram(bin, loArgs);
      if (r.code !== 0 || !fs.existsSync(path.join(out, 'utfall-200k.csv'))) throw new Error(`soffice --convert-to csv: ${r.stderr}`);
      lo.push({ ms: r.ms, cpuMs: cpuOf(r.stderr) });
    }
  }
  const ms = median(ours.map((x) => x.ms));
  const cpu = median(ours.map((x) => x.cpuMs));
  figures.push({ what: 'ramkoll import av xlsx (egen bladläsare), median av 3', value: ms, unit: 'ms', rows });
  figures.push({ what: 'ramkoll import av xlsx, processortid, median av 3', value: cpu, unit: 'ms', rows });
  figures.push({ what: 'ramkoll import av xlsx, högsta minnesanvändning (största av 3)', value: Math.max(...ours.map((x) => x.peakMB)), unit: 'MB', rows, target: 'under 400 MB' });
  if (lo.length > 0) {
    const ref = median(lo.map((r) => r.ms));
    figures.push({ what: 'soffice --headless --convert-to csv av samma fil (referens), median av 3', value: ref, unit: 'ms', rows });
    figures.push({ what: 'kvot ramkoll import xlsx / LibreOffice xlsx→csv', value: ms / ref, unit: '×', target: 'högst 1,5×' });
    const refCpu = lo.map((r) => r.cpuMs).filter((c): c is number => c !== null);
    if (refCpu.length > 0) {
      figures.push({ what: 'soffice --convert-to csv, processortid, median av 3', value: median(refCpu), unit: 'ms', rows });
      figures.push({ what: 'kvot processortid ramkoll / LibreOffice', value: cpu / median(refCpu), unit: '×', target: 'högst 1,5×' });
    }
  }
  // The reading alone, in this process: what replaced ExcelJS's reader.
  const { streamXlsx } = await import('../../electron/services/files/xlsx-stream');
  const { streamXlsxExcelJS } = await import('../../test/support/xlsx-exceljs');
  for (const [label, reader] of [['egen bladläsare', streamXlsx], ['ExcelJS strömmande läsare (före)', streamXlsxExcelJS]] as const) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      let n = 0;
      const t = process.cpuUsage();
      await reader(xlsx, 'utfall-200k.xlsx', null, (batch) => void (n += batch.length));
      const u = process.cpuUsage(t);
      if (n !== rows + 2) throw new Error(`${label}: ${n} rader`);
      times.push((u.user + u.system) / 1000);
    }
    figures.push({ what: `läsning av bladet, ${label}, processortid, median av 3`, value: median(times), unit: 'ms', rows });
  }
  return figures;
}
