import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TODAY, runCli } from '../support/cli';
import { demoDump } from '../support/demo-dump';
import { FIXTURES, tempDir } from '../support/tmp';

/**
 * The demo's content stays the same when its code is made faster: every table
 * of `ramkoll init --demo` on the pinned date, ids and clock values taken out
 * (test/support/demo-dump.ts), against the dump of the demo as main built it
 * before issue 16's round 4 (written by the CLI of that commit). A change
 * that means to change the demo writes the file again:
 * RAMKOLL_WRITE_DEMO_DUMP=1 npx vitest run test/integration/demo-content.test.ts
 */
const EXPECTED = path.join(FIXTURES, 'demo', `dump-${CLI_TODAY}.json`);

describe('the demo förvaltning holds the same content', () => {
  it('every table of init --demo equals the recorded dump', () => {
    const db = path.join(tempDir('ramkoll-demo-dump-'), 'demo.db');
    const r = runCli(['init', '--demo', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const dump = demoDump(db);
    if (process.env.RAMKOLL_WRITE_DEMO_DUMP === '1') fs.writeFileSync(EXPECTED, `${JSON.stringify(dump, null, 1)}\n`);
    const expected = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(dump).sort()).toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) expect(dump[table], table).toEqual(expected[table]);
    // The dump sees content: the demo has outcome, snapshots, goals and change log to compare.
    for (const table of ['actual_balance', 'occasion_snapshot_figure', 'goal', 'goal_assessment_event', 'forecast', 'xchg_change']) {
      expect(dump[table]!.rows, table).toBeGreaterThan(0);
    }
  });
});
