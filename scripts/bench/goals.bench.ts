import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../electron/services/goals/access';
import { saveGoal, saveIndicator } from '../../electron/services/goals/chain';
import { importIndicatorValues } from '../../electron/services/goals/import';
import { goalReportSection } from '../../electron/services/goals/report';
import { goalTree } from '../../electron/services/goals/tree';
import { openRamkollDatabase } from '../../electron/services/setup';
import { runCli, timeIt } from './measure';
import type { Benchmark, Figure } from './types';

/**
 * The goal chain at an occasion on the demo (about 50 goals) and on a large
 * förvaltning (every enhet with aktiviteter: about 1 000 goals), the CLI, and
 * an import of a long Kolada export. The issue sets no targets.
 */
export const goalsBenchmarks: readonly Benchmark[] = [
  {
    name: 'goals',
    async run(tmp): Promise<Figure[]> {
      const db = path.join(tmp, 'demo.db');
      const init = runCli(['init', '--db', db, '--demo', '--year', '2026', '--json']);
      if (init.code !== 0) throw new Error(init.stderr);
      const { db: handle, site } = await openRamkollDatabase(db);
      const figures: Figure[] = [];
      try {
        const demoGoals = goalTree(handle, 202608).rows.length;
        figures.push({ what: 'Målträdet vid delårsrapporten (goalTree), demo, median av 20', value: await timeIt(() => goalTree(handle, 202608), 20), unit: 'ms', rows: demoGoals });
        figures.push({ what: 'Rapportavsnittet Mål- och resultatuppföljning, demo, median av 20', value: await timeIt(() => goalReportSection(handle, 202608), 20), unit: 'ms', rows: demoGoals });
        const cli = runCli(['goals', '--db', db, '--occasion', '202608', '--json']);
        figures.push({ what: 'ramkoll goals --occasion 202608 --json, demo', value: cli.ms, unit: 'ms', rows: demoGoals });

        // A large chain: ten delmål under each demo nämndmål and three aktiviteter per enhet under them.
        const actor: Actor = { role: 'controller', scopeCode: null, siteId: site.id, user: 'bench', now: new Date() };
        const units = handle.sqlite.prepare("SELECT v.code, p.code AS op, s.code AS sector FROM dimension_value v JOIN dimension_value p ON p.id = v.parent_id JOIN dimension_value s ON s.id = p.parent_id WHERE v.level = 'unit'").all() as { code: string; op: string; sector: string }[];
        const boards = goalTree(handle, 202608).rows.filter((r) => r.level === 'board');
        let n = 0;
        const t0 = performance.now();
        handle.tx(() => {
          for (const b of boards) {
            const within = units.filter((u) => b.owner.code === '3000' || u.sector === b.owner.code);
            for (const op of [...new Set(within.map((u) => u.op))]) {
              const sub = saveGoal(handle, actor, { level: 'sub', parentId: b.id, code: `B${++n}`, title: `Delmål ${n}`, description: '', ownerCode: op, validFromYear: 2026, validToYear: 2027 });
              saveIndicator(handle, actor, { goalId: sub.id, name: 'Styrtal', unit: '%', direction: 'higher', source: 'kolada', seriesKey: 'U21468', sourceNote: '', startValue: '80', startYear: 2023, targetValue: '90', targetYear: 2027 });
              for (const u of within.filter((x) => x.op === op)) {
                for (let k = 0; k < 3; k++) saveGoal(handle, actor, { level: 'activity', parentId: sub.id, code: `B${++n}`, title: `Aktivitet ${n}`, description: '', ownerCode: u.code, validFromYear: 2026, validToYear: 2026 });
              }
            }
          }
        });
        const buildMs = performance.now() - t0;
        const bigGoals = goalTree(handle, 202608).rows.length;
        figures.push({ what: 'Bygga en stor målkedja genom saveGoal (med kedjans regler)', value: buildMs, unit: 'ms', rows: bigGoals - demoGoals });
        figures.push({ what: 'Målträdet vid delårsrapporten, stor kedja, median av 10', value: await timeIt(() => goalTree(handle, 202608), 10), unit: 'ms', rows: bigGoals });

        // U23471 follows only an inriktningsmål, which is Ekonomi's to update; the rest are the förvaltning's.
        // A Kolada export: 300 kommuner × 8 nyckeltal × 10 år, of which this kommun's rows are read.
        const keys = ['U21468', 'N33460', 'U23401', 'U21401', 'N31807', 'N31816', 'N33008', 'N00090'];
        const lines = ['Nyckeltal;Kommun;År;Kön;Värde'];
        for (let k = 0; k < 300; k++) {
          const kommun = k === 0 ? 'Exempelby kommun' : `Kommun ${k}`;
          for (const key of keys) for (let y = 2016; y <= 2025; y++) lines.push(`${key};${kommun};${y};T;${(50 + ((k * 7 + y) % 40)).toString()},${k % 10}`);
        }
        const file = path.join(tmp, 'kolada.csv');
        fs.writeFileSync(file, lines.join('\n'));
        const t1 = performance.now();
        const r = await importIndicatorValues(handle, { path: file, dryRun: false }, actor);
        figures.push({ what: `Import av Kolada-export (${r.created + r.updated + r.unchanged} värden för kommunen), med säkerhetskopia`, value: performance.now() - t1, unit: 'ms', rows: lines.length - 1 });
      } finally {
        handle.close();
      }
      return figures;
    },
  },
];
