import path from 'node:path';
import { overview } from '../../electron/services/figures/overview';
import { openRamkollDatabase } from '../../electron/services/setup';
import { median, runCli, timeIt } from './measure';
import type { Benchmark } from './types';

export const foundationBench: Benchmark = {
  name: 'grund',
  async run(tmp) {
    const startRuns = Array.from({ length: 7 }, () => runCli(['--version']));
    const starts = startRuns.map((r) => r.ms);
    const db = path.join(tmp, 'demo.db');
    const init = runCli(['init', '--db', db, '--demo', '--year', '2026', '--json']);
    if (init.code !== 0) throw new Error(init.stderr);
    const s = JSON.parse(init.stdout) as { budgetLines: number; outcomeRows: number };
    const summary = runCli(['summary', '--db', db, '--json']);
    const { db: handle } = await openRamkollDatabase(db, { readonly: true });
    const ovMs = await timeIt(() => overview(handle, 2026), 20);
    const lastYearRows = (handle.prepare('SELECT count(*) AS n FROM actual_balance').get() as { n: number }).n;
    handle.close();
    return [
      { what: 'CLI-start (ramkoll --version), median av 7', value: median(starts), unit: 'ms' },
      { what: 'ramkoll init --demo (budgetrader + utfallsrader, båda åren)', value: init.ms, unit: 'ms', rows: s.budgetLines + lastYearRows, target: 'under 1 s' },
      { what: 'ramkoll init --demo utan CLI-starten (init minus median av --version)', value: init.ms - median(starts), unit: 'ms' },
      { what: 'CLI-start (ramkoll --version), processorns tid, median av 7', value: median(startRuns.map((r) => r.cpuMs)), unit: 'ms' },
      { what: 'ramkoll init --demo, processorns tid (användare + system)', value: init.cpuMs, unit: 'ms', target: 'under 1 s' },
      { what: 'ramkoll init --demo, högsta minnesanvändning', value: init.peakMB, unit: 'MB' },
      { what: 'ramkoll summary --json på demodatabasen', value: summary.ms, unit: 'ms', rows: s.outcomeRows },
      { what: 'Översiktens beräkning (budget och utfall per sektor), median av 20', value: ovMs, unit: 'ms', rows: s.outcomeRows + s.budgetLines },
    ];
  },
};
