import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { median, runCli, runProgram, type ProcessRun } from './measure';
import type { Benchmark, Figure } from './types';

const UNITS = ['31101', '31102', '31103', '31201', '31202', '32101', '32102', '33101', '33102', '34301'];
const ACCOUNTS = ['4010', '4020', '4030', '5010', '5020', '6110', '6420', '7010', '3120', '3130', '4999'];

/** "−12 345,67"-style Swedish amounts with space thousands separators. */
function swedish(ore: number): string {
  const abs = Math.abs(ore);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${ore < 0 ? '-' : ''}${whole},${String(abs % 100).padStart(2, '0')}`;
}

/** A 1,000,000-row, 5-column Windows-1252 ledger export (written in chunks). */
function writeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  let chunk = 'Kostnadsställe;Konto;Verksamhet;Period;Belopp\r\n';
  for (let i = 0; i < rows; i++) {
    const ore = ((i * 7919) % 2_000_000) - 400_000;
    chunk += `${UNITS[i % UNITS.length]};${ACCOUNTS[(i >> 2) % ACCOUNTS.length]};5${i % 7}0;2026${String((i % 12) + 1).padStart(2, '0')};${swedish(ore)}\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, iconv.encode(chunk, 'windows-1252'));
      chunk = '';
    }
  }
  fs.writeSync(fd, iconv.encode(chunk, 'windows-1252'));
  fs.closeSync(fd);
}

async function writeXlsx(file: string, rows: number): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Utfall');
  ws.addRow(['Utfall januari–december 2026']).commit();
  ws.addRow(['Ansvar', 'Konto', 'Verksamhet', 'Period', 'Belopp']).commit();
  for (let i = 0; i < rows; i++) {
    ws.addRow([UNITS[i % UNITS.length], Number(ACCOUNTS[(i >> 2) % ACCOUNTS.length]), `5${i % 7}0`, 202601 + (i % 12), (((i * 7919) % 2_000_000) - 400_000) / 100]).commit();
  }
  ws.commit();
  await wb.commit();
}

function hasSqlite3(): boolean {
  return spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
}

export const ledgerBenchmarks: readonly Benchmark[] = [
  {
    name: 'ledger',
    async run(tmp): Promise<Figure[]> {
      const figures: Figure[] = [];
      const csv = path.join(tmp, 'utfall-1m.csv');
      const rows = 1_000_000;
      writeCsv(csv, rows);
      const db = path.join(tmp, 'ledger.db');
      const init = runCli(['init', '--db', db, '--demo', '--year', '2026']);
      if (init.code !== 0) throw new Error(init.stderr);
      const pristine = path.join(tmp, 'pristine.db');
      fs.copyFileSync(db, pristine);
      const sqliteOk = hasSqlite3();
      if (!sqliteOk) console.log('  sqlite3 saknas: installera kommandoradsverktyget (Debian: apt-get install -y sqlite3) för jämförelsen med .import.');
      // Three rounds, Ramkoll and sqlite3 taking turns, so that a busy machine weighs on both alike; medians count.
      const ours: ProcessRun[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const f of fs.readdirSync(tmp)) if (f.startsWith('ledger.db') || f.startsWith('sqlite-import.db')) fs.rmSync(path.join(tmp, f), { recursive: true, force: true });
        fs.copyFileSync(pristine, db);
        const imp = runCli(['import', csv, '--db', db, '--json', '--confirm']);
        if (imp.code !== 0) throw new Error(`ramkoll import: ${imp.stderr}`);
        const out = JSON.parse(imp.stdout) as { rows: number };
        if (out.rows !== rows) throw new Error(`ramkoll import read ${out.rows} rows, not ${rows}`);
        ours.push(imp);
        if (sqliteOk) {
          const s = runProgram('sqlite3', [path.join(tmp, 'sqlite-import.db'), '-cmd', '.separator ;', `.import ${csv} utfall`]);
          if (s.code !== 0) throw new Error(`sqlite3 .import: ${s.stderr}`);
          theirs.push(s.ms);
        }
      }
      const ms = median(ours.map((r) => r.ms));
      figures.push({ what: `ramkoll import (CLI, hela inläsningen, ${(fs.statSync(csv).size / 1048576).toFixed(0)} MB Windows-1252 CSV, 5 kolumner), median av 3`, value: ms, unit: 'ms', rows });
      figures.push({ what: 'ramkoll import, högsta minnesanvändning (största av 3)', value: Math.max(...ours.map((r) => r.peakMB)), unit: 'MB', rows, target: 'under 400 MB' });
      if (sqliteOk) {
        const ref = median(theirs);
        figures.push({ what: 'sqlite3 .import av samma fil (referens), median av 3', value: ref, unit: 'ms', rows });
        figures.push({ what: 'kvot ramkoll import / sqlite3 .import (medianer)', value: ms / ref, unit: '×', target: 'högst 2×' });
      }
      const again = runCli(['import', csv, '--db', db, '--json', '--confirm']);
      figures.push({ what: 'samma fil igen (ändrar inget: kontroll + jämförelse)', value: again.ms, unit: 'ms', rows });

      const xlsx = path.join(tmp, 'utfall-200k.xlsx');
      await writeXlsx(xlsx, 200_000);
      const x = runCli(['import', xlsx, '--db', db, '--json', '--confirm']);
      if (x.code !== 0) throw new Error(`ramkoll import xlsx: ${x.stderr}`);
      figures.push({ what: 'ramkoll import av xlsx (strömmande läsning)', value: x.ms / 1000, unit: 's', rows: 200_000, target: 'under 10 s' });
      figures.push({ what: 'ramkoll import av xlsx, högsta minnesanvändning', value: x.peakMB, unit: 'MB', rows: 200_000, target: 'under 600 MB' });
      return figures;
    },
  },
];
