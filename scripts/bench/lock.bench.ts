import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDefaultCalendar, occasionForPeriod } from '../../electron/services/followup/calendar';
import type { Actor } from '../../electron/services/followup/model';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { openRamkollDatabase } from '../../electron/services/setup';
import { generate, PERIOD, YEAR } from './followup-data';
import { runProgram } from './measure';
import type { Benchmark, Figure } from './types';

/**
 * The lock's snapshot rows the plain way: every budget line and every balance
 * of the two years as a row with its month in its own column, grouped per
 * ansvar and konto, in one INSERT … SELECT (no omfördelningar in the bench).
 */
function referenceSnapshotSql(versionId: string, period: number): string {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const mm = (i: number) => String(i).padStart(2, '0');
  const twelve = Array.from({ length: 12 }, (_, i) => i + 1);
  const zero = (p: string) => twelve.map((m) => `0 AS ${p}${mm(m)}`).join(', ');
  const pivot = (p: string, y: number, to: number) => twelve.map((m) => (m <= to ? `CASE WHEN ab.period = ${y * 100 + m} THEN ab.amount_ore ELSE 0 END` : '0') + ` AS ${p}${mm(m)}`).join(', ');
  const cols = (p: string, to = 12) => twelve.slice(0, to).map((m) => `${p}${mm(m)}`);
  const all = [...cols('b'), ...cols('a'), ...cols('l')];
  return `INSERT INTO occasion_snapshot (occasion_id, taken_at, taken_by, meta) VALUES ('referens', '', 'bench', '{}');
INSERT INTO occasion_snapshot_figure (occasion_id, responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore, budget_months, actual_months, last_year_months)
SELECT 'referens', r, k, ${cols('b').join(' + ')}, ${cols('b', month).join(' + ')}, ${cols('a', month).join(' + ')}, ${cols('l', month).join(' + ')},
  json_array(${cols('b').join(', ')}), json_array(${cols('a', month).join(', ')}), json_array(${cols('l').join(', ')})
FROM (SELECT r, k, ${all.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM (
  SELECT c.responsibility_code AS r, c.account_code AS k, ${twelve.map((m) => `x.m${mm(m)}_ore AS b${mm(m)}`).join(', ')}, ${zero('a')}, ${zero('l')}
  FROM budget_line x JOIN coding c ON c.id = x.coding_id WHERE x.version_id = '${versionId}' AND x.deleted_at IS NULL
  UNION ALL
  SELECT c.responsibility_code, c.account_code, ${zero('b')}, ${pivot('a', year, month)}, ${pivot('l', year - 1, 12)}
  FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id WHERE ab.period BETWEEN ${(year - 1) * 100 + 1} AND ${year * 100 + month}
) GROUP BY r, k);
`;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function count(file: string, occasionId: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM occasion_snapshot_figure WHERE occasion_id = ?').pluck().get(occasionId) as number;
  } finally {
    db.close();
  }
}

/**
 * Locks the occasion of `file` as the app does (in this process: wall and CPU time) and writes the same snapshot rows
 * two plain ways on copies, in the same run: one INSERT … SELECT in the sqlite3 tool (wall time, as in earlier rounds)
 * and the same statement through better-sqlite3 in this process (CPU time, the SQLite the app uses), each with its
 * ratio. A copy of the file is taken first, so that the database is left as it was only for the references.
 */
export async function measureLock(file: string, tmp: string, actor: Actor, occasionId: string): Promise<{ figures: Figure[]; rows: number }> {
  const source = new Database(file, { readonly: true });
  const versionId = source.prepare("SELECT id FROM budget_version WHERE kind = 'adopted'").pluck().get() as string;
  const balances = source.prepare('SELECT count(*) FROM actual_balance').pluck().get() as number;
  source.close();
  const sql = referenceSnapshotSql(versionId, PERIOD);

  const refFile = path.join(tmp, 'lock-ref.db');
  fs.copyFileSync(file, refFile);
  const tool = runProgram('sqlite3', [refFile], `BEGIN;\n${sql}COMMIT;\n`);
  if (tool.code !== 0) throw new Error(`sqlite3: ${tool.stderr}`);
  const toolRows = count(refFile, 'referens');
  fs.rmSync(refFile, { force: true });

  fs.copyFileSync(file, refFile);
  const raw = new Database(refFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('cache_size = -65536');
  raw.pragma('foreign_keys = OFF'); // as in the sqlite3 tool: the reference's occasion 'referens' is no reporting_occasion
  const rc = cpuMs();
  const rt = performance.now();
  raw.transaction(() => raw.exec(sql))();
  const rawMs = performance.now() - rt;
  const rawCpu = cpuMs() - rc;
  raw.close();
  fs.rmSync(refFile, { force: true });
  for (const ext of ['-wal', '-shm']) fs.rmSync(refFile + ext, { force: true });

  const { db } = await openRamkollDatabase(file);
  const c = cpuMs();
  const t = performance.now();
  lockOccasion(db, actor, occasionId);
  const lockMs = performance.now() - t;
  const lockCpu = cpuMs() - c;
  db.close();
  const rows = count(file, occasionId);
  if (rows !== toolRows) throw new Error(`ögonblicksbilden har ${rows} rader, referensen ${toolRows}`);
  const what = `Låsa ett tillfälle (ögonblicksbild per ansvar, konto och månad, ${rows.toLocaleString('sv-SE')} rader)`;
  return {
    rows,
    figures: [
      { what, value: lockMs, unit: 'ms', rows: balances, target: 'under 2 s' },
      { what: 'Låsa ett tillfälle, processorns tid', value: lockCpu, unit: 'ms', rows: balances, target: 'under 2 s' },
      { what: 'Referens: samma ögonblicksbild med en INSERT … SELECT i sqlite3-verktyget', value: tool.ms, unit: 'ms', rows: balances },
      { what: 'Låsa ett tillfälle mot referensen i sqlite3-verktyget', value: lockMs / tool.ms, unit: '×' },
      { what: 'Referens: samma INSERT … SELECT genom better-sqlite3 i denna process, processorns tid', value: rawCpu, unit: 'ms', rows: balances },
      { what: 'Referensen genom better-sqlite3, väggtid', value: rawMs, unit: 'ms', rows: balances },
      { what: 'Låsa ett tillfälle mot referensen i processorns tid (stabilare på en upptagen dator)', value: lockCpu / rawCpu, unit: '×' },
    ],
  };
}

/** The lock alone, on the follow-up bench's database (`npm run bench -- lasning`). */
export const lockBenchmarks: readonly Benchmark[] = [
  {
    name: 'lasning',
    async run(tmp) {
      const file = path.join(tmp, 'lock-5000.db');
      const { db, site } = await openRamkollDatabase(file, { create: true });
      const sizes = generate(db, site);
      const actor: Actor = { siteId: site.id, user: 'bench', role: 'controller', scopeCode: null, now: new Date(`${YEAR}-11-20T10:00:00Z`) };
      createDefaultCalendar(db, actor, YEAR);
      const occasion = occasionForPeriod(db, PERIOD)!;
      db.close();
      if (sizes.outcomeRows !== 1_994_712 || sizes.budgetLines !== 166_226) throw new Error(`benchmarkdatabasen har ${sizes.outcomeRows} saldon och ${sizes.budgetLines} budgetrader`);
      return (await measureLock(file, tmp, actor, occasion.id)).figures;
    },
  },
];
