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
import type { Benchmark } from './types';

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
      const tInsert = performance.now();
      db.tx(() => insertBudgetLines(db, versionId, lines, { siteId: site.id, at }, naturalId('profile', 'jamn')));
      const insertMs = performance.now() - tInsert;
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
      const tImport = performance.now();
      const imported = await importBudget(db, { path: path.join(tmp, 'budget.csv'), versionName: 'Återläst' }, meta);
      const importMs = performance.now() - tImport;
      const tSie = performance.now();
      const fromSie = await importBudget(db, { path: path.join(tmp, 'budget.sie'), versionName: 'Återläst från SIE' }, meta);
      const sieImportMs = performance.now() - tSie;
      // A copy is the whole budget: lines, ramar, positions and their generated-line marks.
      const tCopy = performance.now();
      await db.backup('bench-kopia');
      const copyBackupMs = performance.now() - tCopy;
      const copy = db.tx(() => createVersion(db, { year: YEAR, name: 'Bench, kopia', kind: 'draft', basedOnId: versionId }, meta));
      const copyMs = performance.now() - tCopy - copyBackupMs;
      db.close();
      return [
        { what: 'Ramar: saldon på alla noder (ram, fördelat, budgeterat, kvar), median av 20', value: frameMs, unit: 'ms', rows: count, target: 'under 200 ms' },
        { what: 'Ramar: första beräkningen (kall cache)', value: firstFrameMs, unit: 'ms', rows: count, target: 'under 200 ms' },
        { what: 'Budget per datum (beslutad budget + omfördelningar) på alla noder, median av 10', value: onDateMs, unit: 'ms' },
        { what: 'Interna köp och försäljning: parning och obalans, median av 10', value: internalMs, unit: 'ms', rows: count },
        { what: `Personalbudget: ${gen.lines} rader ur 2 000 befattningar (inkl. säkerhetskopia)`, value: genMs, unit: 'ms', rows: 2000 },
        { what: 'Export CSV (standardlayout)', value: exportTimes.csv!, unit: 'ms', rows: count },
        { what: 'Export SIE typ 3 (#PBUDGET per period och objekt)', value: exportTimes.sie!, unit: 'ms', rows: count },
        { what: 'Export formaterad Excel', value: exportTimes.xlsx!, unit: 'ms', rows: count },
        { what: 'Import av detaljbudget från CSV till ny version (inkl. säkerhetskopia)', value: importMs, unit: 'ms', rows: imported.lines },
        { what: 'Import av detaljbudget från SIE (#PBUDGET, den egna exporten) till ny version (inkl. säkerhetskopia)', value: sieImportMs, unit: 'ms', rows: fromSie.lines },
        {
          what: `Kopiera versionen: ${copy.copiedLines} rader, ${copy.copiedFrames} ramar, ${copy.copiedPositions} befattningar, ${copy.copiedPersonnelLines} personalrader (transaktionen; säkerhetskopian före tog ${Math.round(copyBackupMs)} ms)`,
          value: copyMs,
          unit: 'ms',
          rows: copy.copiedLines,
        },
        { what: 'Skapa 50 000 budgetrader (insertBudgetLines, en transaktion)', value: insertMs, unit: 'ms', rows: lines.length },
      ];
    },
  },
];
