import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { importBudget } from '../../electron/services/budget/budget-import';
import { exportBudget } from '../../electron/services/budget/export-budget';
import { frameBalances } from '../../electron/services/budget/frames';
import { internalOverview } from '../../electron/services/budget/internal';
import { insertBudgetLines, type NewBudgetLine } from '../../electron/services/budget/lines';
import { generatePersonnelLines } from '../../electron/services/budget/personnel';
import { budgetOnDate } from '../../electron/services/budget/reallocations';
import { createVersion } from '../../electron/services/budget/version-ops';
import { generateDemo } from '../../electron/services/demo/generate';
import { OrgTree } from '../../electron/services/figures/org-tree';
import { naturalId, newId } from '../../electron/services/ids';
import { openRamkollDatabase } from '../../electron/services/setup';
import { median, timeIt } from './measure';
import type { Benchmark, Figure } from './types';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`).join(', ');
/** A random UUID v4 in SQL, as the raw copy gives its rows. */
const UUID = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

/**
 * The reference for the version copy: the same rows (lines, ramar,
 * positions, generated-line marks, VF-lista) copied by INSERT … SELECT in
 * the sqlite3 tool, in one transaction, rolled back. With the capture and
 * sum triggers switched off: what SQLite itself costs for the rows. Returns
 * the wall time of the tool and its processor time (user + system, from the
 * shell's `times`), which depends less on the other work on the machine.
 */
function rawCopy(file: string, fromId: string): { ms: number; cpuMs: number } {
  const v = `'${fromId}'`;
  const sql = `PRAGMA foreign_keys = ON;
BEGIN;
UPDATE xchg_clock SET suspended = 1;
UPDATE fsum_control SET budget_deferred = 1;
INSERT INTO budget_version (id, year, name, kind, based_on_id, decision_ref, locked_at, created_at, updated_at, updated_by_site, deleted_at)
  SELECT 'raw-copy', year, 'Rå kopia', 'draft', id, NULL, NULL, created_at, updated_at, updated_by_site, NULL FROM budget_version WHERE id = ${v};
CREATE TEMP TABLE line_map AS SELECT id AS old_id, ${UUID} AS new_id FROM budget_line WHERE version_id = ${v} AND deleted_at IS NULL;
INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, ${MONTHS}, manual, note, created_at, updated_at, updated_by_site, deleted_at)
  SELECT m.new_id, 'raw-copy', coding_id, profile_id, year_ore, ${MONTHS}, manual, note, created_at, updated_at, updated_by_site, NULL FROM budget_line b JOIN line_map m ON m.old_id = b.id ORDER BY b.rowid;
INSERT INTO frame (id, version_id, responsibility_id, amount_ore, note, created_at, updated_at, updated_by_site, deleted_at)
  SELECT ${UUID}, 'raw-copy', responsibility_id, amount_ore, note, created_at, updated_at, updated_by_site, NULL FROM frame WHERE version_id = ${v} AND deleted_at IS NULL;
INSERT INTO personnel_position (id, version_id, responsibility_id, title, person_name, employment_bp, monthly_salary_ore, raise_bp, raise_from_month, vacancy_months, po_category, salary_account_code, po_account_code, created_at, updated_at, updated_by_site, deleted_at)
  SELECT ${UUID}, 'raw-copy', responsibility_id, title, person_name, employment_bp, monthly_salary_ore, raise_bp, raise_from_month, vacancy_months, po_category, salary_account_code, po_account_code, created_at, updated_at, updated_by_site, NULL
  FROM personnel_position WHERE version_id = ${v} AND deleted_at IS NULL;
INSERT INTO personnel_budget_line (id, budget_line_id, version_id, responsibility_id, kind, created_at, updated_at, updated_by_site, deleted_at)
  SELECT ${UUID}, m.new_id, 'raw-copy', p.responsibility_id, p.kind, p.created_at, p.updated_at, p.updated_by_site, NULL FROM personnel_budget_line p JOIN line_map m ON m.old_id = p.budget_line_id WHERE p.version_id = ${v} AND p.deleted_at IS NULL;
INSERT INTO operational_change (id, version_id, responsibility_id, description, amount_ore, priority, status, budget_line_id, created_at, updated_at, updated_by_site, deleted_at)
  SELECT ${UUID}, 'raw-copy', c.responsibility_id, c.description, c.amount_ore, c.priority, c.status, m.new_id, c.created_at, c.updated_at, c.updated_by_site, NULL FROM operational_change c LEFT JOIN line_map m ON m.old_id = c.budget_line_id WHERE c.version_id = ${v} AND c.deleted_at IS NULL;
ROLLBACK;
`;
  const script = path.join(path.dirname(file), 'raw-copy.sql');
  fs.writeFileSync(script, sql);
  const t = performance.now();
  const r = spawnSync('bash', ['-c', 'sqlite3 -bail "$1" < "$2" && times', 'raw-copy', file, script], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3: ${r.stderr}`);
  // `times`: the shell's own user and system time, then its children's (the sqlite3 tool), as 0m0.123s.
  const children = r.stdout.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
  const cpuMs = children.reduce((sum, x) => {
    const [, m, sec] = /(\d+)m([\d.]+)s/.exec(x)!;
    return sum + (Number(m) * 60 + Number(sec)) * 1000;
  }, 0);
  return { ms, cpuMs };
}

const YEAR = 2026;
const ACTIVITY_CODES = ['100', '200', '300', '400', '500', '600', '700'];

/**
 * A förvaltning of realistic size: the demo's 60 units and 119 accounts, a
 * working version with every unit × account × 7 verksamhetskoder (about
 * 50 000 lines), ramar on every node, 2 000 positions.
 */
export const planningBenchmarks: readonly Benchmark[] = [
  {
    name: 'planering',
    async run(tmp) {
      const file = path.join(tmp, 'planering.db');
      const { db, site } = await openRamkollDatabase(file, { create: true, backupDir: path.join(tmp, 'backups') });
      const now = new Date(`${YEAR}-11-20T10:00:00Z`);
      generateDemo(db, { year: YEAR, siteId: site.id, user: 'bench', now });
      const at = now.toISOString();
      const meta = { siteId: site.id, user: 'bench', at };
      const tree = OrgTree.load(db);
      const units = tree.nodesAt('unit');
      const accounts = db.all(db.q.selectFrom('account').select('code').orderBy('code')).map((a) => a.code);
      const versionId = newId();
      db.run(
        db.q.insertInto('budget_version').values({ id: versionId, year: YEAR, name: 'Bench', kind: 'draft', based_on_id: null, decision_ref: null, locked_at: null, created_at: at, updated_at: at, updated_by_site: site.id, deleted_at: null }),
      );
      const lines: NewBudgetLine[] = [];
      let seed = 7;
      const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      for (const u of units) {
        for (const a of accounts) {
          for (const v of ACTIVITY_CODES) {
            const kr = Math.round(rnd() * 200_000) * (a.startsWith('3') ? -1 : 1);
            lines.push({ account: a, responsibility: u.code, dims: { verksamhetskod: v }, yearOre: kr * 100 });
          }
        }
      }
      const cpuMs = (since: NodeJS.CpuUsage) => {
        const used = process.cpuUsage(since);
        return (used.user + used.system) / 1000;
      };
      const cpuInsert = process.cpuUsage();
      const tInsert = performance.now();
      db.tx(() => insertBudgetLines(db, versionId, lines, { siteId: site.id, at }, naturalId('profile', 'jamn')));
      const insertMs = performance.now() - tInsert;
      const insertCpuMs = cpuMs(cpuInsert);
      db.tx(() => {
        for (const n of tree.byCode.values()) {
          db.run(
            db.q.insertInto('frame').values({ id: newId(), version_id: versionId, responsibility_id: n.id, amount_ore: 1_000_000_000, note: null, created_at: at, updated_at: at, updated_by_site: site.id, deleted_at: null }),
          );
        }
        units.slice(0, 40).forEach((u, i) => {
          for (let k = 0; k < 50; k++) {
            db.run(
              db.q.insertInto('personnel_position').values({
                id: newId(),
                version_id: versionId,
                responsibility_id: u.id,
                title: `Befattning ${k}`,
                person_name: null,
                employment_bp: 7500 + ((i + k) % 5) * 500,
                monthly_salary_ore: 2_900_000 + ((i * 7 + k * 13) % 40) * 100_000,
                raise_bp: 310,
                raise_from_month: 4,
                vacancy_months: k % 9 === 0 ? '[7,8]' : '[]',
                po_category: 'anstallda',
                salary_account_code: '5010',
                po_account_code: '5610',
                created_at: at,
                updated_at: at,
                updated_by_site: site.id,
                deleted_at: null,
              }),
            );
          }
        });
      });
      const count = (db.prepare('SELECT count(*) AS n FROM budget_line WHERE version_id = ?').get(versionId) as { n: number }).n;

      const runs: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t = performance.now();
        frameBalances(db, versionId);
        runs.push(performance.now() - t);
      }
      const frameMs = median(runs.slice(1));
      const firstFrameMs = runs[0]!;
      const onDateMs = await timeIt(() => budgetOnDate(db, YEAR, `${YEAR}-12-31`), 10);
      const internalMs = await timeIt(() => internalOverview(db, versionId), 10);
      const tGen = performance.now();
      const gen = await generatePersonnelLines(db, versionId, null, meta);
      const genMs = performance.now() - tGen;

      const exportTimes: Record<string, number> = {};
      for (const format of ['csv', 'sie', 'xlsx'] as const) {
        const t = performance.now();
        await exportBudget(db, { version: versionId, year: YEAR, format, path: path.join(tmp, `budget.${format}`), user: 'bench', now });
        exportTimes[format] = performance.now() - t;
      }
      const cpuImport = process.cpuUsage();
      const tImport = performance.now();
      const imported = await importBudget(db, { path: path.join(tmp, 'budget.csv'), versionName: 'Återläst' }, meta);
      const importMs = performance.now() - tImport;
      const importCpuMs = cpuMs(cpuImport);
      const cpuSie = process.cpuUsage();
      const tSie = performance.now();
      const fromSie = await importBudget(db, { path: path.join(tmp, 'budget.sie'), versionName: 'Återläst från SIE' }, meta);
      const sieImportMs = performance.now() - tSie;
      const sieImportCpuMs = cpuMs(cpuSie);
      // A copy is the whole budget: lines, ramar, positions and their generated-line marks.
      // Three rounds, Ramkoll and the sqlite3 tool taking turns, so that a busy machine weighs on both alike; medians count.
      const copyRuns: number[] = [];
      const copyCpu: number[] = [];
      const refRuns: number[] = [];
      const refCpu: number[] = [];
      const backupRuns: number[] = [];
      const vacuumRuns: number[] = [];
      let copy: Awaited<ReturnType<typeof createVersion>> | null = null;
      const haveSqlite = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
      for (let round = 0; round < 3; round++) {
        const tBackup = performance.now();
        await db.backup('bench-kopia');
        backupRuns.push(performance.now() - tBackup);
        const vacuumFile = path.join(tmp, `vacuum-${round}.db`);
        const tVacuum = performance.now();
        db.sqlite.prepare('VACUUM INTO ?').run(vacuumFile);
        vacuumRuns.push(performance.now() - tVacuum);
        fs.rmSync(vacuumFile, { force: true });
        const cpu = process.cpuUsage();
        const tCopy = performance.now();
        copy = db.tx(() => createVersion(db, { year: YEAR, name: `Bench, kopia ${round + 1}`, kind: 'draft', basedOnId: versionId }, meta));
        copyRuns.push(performance.now() - tCopy);
        const used = process.cpuUsage(cpu);
        copyCpu.push((used.user + used.system) / 1000);
        if (haveSqlite) {
          const raw = rawCopy(file, versionId);
          refRuns.push(raw.ms);
          refCpu.push(raw.cpuMs);
        }
      }
      db.close();
      const copyMs = median(copyRuns);
      const refMs = haveSqlite ? median(refRuns) : null;
      if (!haveSqlite) console.log('  sqlite3 saknas: installera kommandoradsverktyget (Debian: apt-get install -y sqlite3) för jämförelsen.');
      const copyFigures: Figure[] = [
        {
          what: `Kopiera versionen: ${copy!.copiedLines} rader, ${copy!.copiedFrames} ramar, ${copy!.copiedPositions} befattningar, ${copy!.copiedPersonnelLines} personalrader, ${copy!.copiedChanges} VF (transaktionen), median av 3`,
          value: copyMs,
          unit: 'ms',
          rows: copy!.copiedLines,
          target: 'under 1 s',
        },
        { what: 'Kopiera versionen: processortid i Ramkoll (mindre beroende av andra processer på maskinen), median av 3', value: median(copyCpu), unit: 'ms', rows: copy!.copiedLines },
        ...(refMs === null
          ? []
          : [
              { what: 'samma rader kopierade med INSERT … SELECT i verktyget sqlite3, utan ändringslogg och summor (referens), median av 3', value: refMs, unit: 'ms' as const, rows: copy!.copiedLines },
              { what: 'kvot kopiera versionen / sqlite3 INSERT … SELECT (medianer)', value: copyMs / refMs, unit: '×' as const },
              { what: 'samma rader i sqlite3: verktygets processortid, median av 3', value: median(refCpu), unit: 'ms' as const, rows: copy!.copiedLines },
              { what: 'kvot processortid kopiera versionen / sqlite3 (medianer)', value: median(copyCpu) / median(refCpu), unit: '×' as const },
            ]),
        { what: 'Säkerhetskopia före en massändring (db.backup: kopia av filen när den ensam är databasen, annars SQLites online-backup), median av 3', value: median(backupRuns), unit: 'ms' },
        { what: 'Säkerhetskopia: VACUUM INTO av samma databas (jämförelse), median av 3', value: median(vacuumRuns), unit: 'ms' },
        { what: 'kvot online-backup / VACUUM INTO (medianer)', value: median(backupRuns) / median(vacuumRuns), unit: '×' },
      ];
      db.close();
      return [
        { what: 'Ramar: saldon på alla noder (ram, fördelat, budgeterat, kvar), median av 20', value: frameMs, unit: 'ms', rows: count, target: 'under 200 ms' },
        { what: 'Ramar: första beräkningen (kall cache)', value: firstFrameMs, unit: 'ms', rows: count, target: 'under 200 ms' },
        { what: 'Budget per datum (beslutad budget + omfördelningar) på alla noder, median av 10', value: onDateMs, unit: 'ms' },
        { what: 'Interna köp och försäljning: parning och obalans, median av 10', value: internalMs, unit: 'ms', rows: count },
        { what: `Personalbudget: ${gen.lines} rader ur 2 000 befattningar (inkl. säkerhetskopia)`, value: genMs, unit: 'ms', rows: 2000 },
        { what: 'Export CSV (standardlayout)', value: exportTimes.csv!, unit: 'ms', rows: count },
        { what: 'Export SIE typ 3 (#PBUDGET per period och objekt)', value: exportTimes.sie!, unit: 'ms', rows: count },
        { what: 'Export formaterad Excel', value: exportTimes.xlsx!, unit: 'ms', rows: count, target: 'under 2 s' },
        { what: 'Import av detaljbudget från CSV till ny version (inkl. säkerhetskopia)', value: importMs, unit: 'ms', rows: imported.lines, target: 'under 1,5 s' },
        { what: 'Import av detaljbudget från CSV: processortid (mindre beroende av andra processer på maskinen)', value: importCpuMs, unit: 'ms', rows: imported.lines },
        { what: 'Import av detaljbudget från SIE (#PBUDGET, den egna exporten) till ny version (inkl. säkerhetskopia)', value: sieImportMs, unit: 'ms', rows: fromSie.lines, target: 'under 2 s' },
        { what: 'Import av detaljbudget från SIE: processortid', value: sieImportCpuMs, unit: 'ms', rows: fromSie.lines },
        ...copyFigures,
        { what: 'Skapa 50 000 budgetrader (insertBudgetLines, en transaktion)', value: insertMs, unit: 'ms', rows: lines.length, target: 'under 1 s' },
        { what: 'Skapa 50 000 budgetrader: processortid', value: insertCpuMs, unit: 'ms', rows: lines.length },
      ];
    },
  },
];
