import fs from 'node:fs';
import path from 'node:path';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import { openRamkollDatabase } from '../../electron/services/setup';
import { runCli, timeIt } from './measure';
import type { Benchmark, Figure } from './types';

const TARGET: Record<string, string> = { pdf: 'under 5 s', xlsx: 'under 2 s', docx: 'under 2 s' };

/**
 * The full delårsrapport of the demo förvaltning (August, locked: from its
 * snapshot) in each format, as `ramkoll report` makes it from the command
 * line: start, database, model, rendering and writing the file (the PDF
 * includes starting Chromium). Also the model alone, in process.
 */
export const reportsBenchmarks: readonly Benchmark[] = [
  {
    name: 'reports',
    async run(tmp): Promise<Figure[]> {
      const db = path.join(tmp, 'demo.db');
      const init = runCli(['init', '--db', db, '--demo', '--year', '2026', '--json']);
      if (init.code !== 0) throw new Error(init.stderr);
      const figures: Figure[] = [];
      const { db: handle } = await openRamkollDatabase(db, { readonly: true });
      let blocks = 0;
      try {
        const doc = reportDocument(buildReport(handle, { period: 202608, scope: null, now: new Date() }));
        blocks = doc.sections.reduce((n, s) => n + s.blocks.length, 0);
        figures.push({
          what: 'Rapportmodell och dokument för delårsrapporten (figureTree, mål, prognossäkerhet), median av 10',
          value: await timeIt(() => reportDocument(buildReport(handle, { period: 202608, scope: null, now: new Date() })), 10),
          unit: 'ms',
          rows: blocks,
        });
      } finally {
        handle.close();
      }
      for (const format of ['pdf', 'xlsx', 'docx'] as const) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < 3; i++) {
          const out = path.join(tmp, `delar.${format}`);
          const r = runCli(['report', '--db', db, '--occasion', '202608', '--format', format, '--out', out]);
          if (r.code !== 0) throw new Error(r.stderr);
          times.push(r.ms);
          bytes = fs.statSync(out).size;
        }
        times.sort((a, b) => a - b);
        figures.push({
          what: `ramkoll report, hela delårsrapporten som ${format} (${Math.round(bytes / 1024)} kB), median av 3`,
          value: times[1]! / 1000,
          unit: 's',
          rows: blocks,
          target: TARGET[format]!,
        });
      }
      return figures;
    },
  },
];
