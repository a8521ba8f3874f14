import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withBulkPragmas } from '../../db/bulk';
import { withOutcomeSumsDeferred } from '../../electron/services/figures/group-sums';
import { checkBalanceReferences, codingIds, withoutRowForeignKeys } from '../../electron/services/ledger/bulk-write';
import type { Db } from '../../db/index';
import { invoke } from '../../electron/api/invoke';
import type { BatchInfo } from '../../electron/services/ledger/batches';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import { openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

/**
 * The ledger import writes set-based (services/ledger/bulk-write.ts): new
 * kodsträngar with ids it picks itself, the balances through multi-row
 * INSERTs in primary-key order, and the kept outcome sums summed once in
 * TypeScript instead of by the per-row trigger. Random sequences of imports
 * (codes known and unknown, with and without a dimension, amounts that sum
 * to zero, rows in any order) and undos must leave the balances equal to a
 * plain model of what the files say, and actual_group_sum equal to a fresh
 * sum over the balances.
 */

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);
// Known units and accounts (createSmallForvaltning), and codes the database does not know.
const UNITS = ['91101', '91102', '92101', '92102', '555', '0555', '77777'];
const ACCOUNTS = ['3120', '4010', '5010', '6110', '06110', '999'];
const ACTIVITIES = ['', '510', '0510', '620'];

interface Row {
  unit: number;
  account: number;
  activity: number;
  month: number;
  ore: number;
}
const row = fc.record({ unit: fc.nat(UNITS.length - 1), account: fc.nat(ACCOUNTS.length - 1), activity: fc.nat(ACTIVITIES.length - 1), month: fc.integer({ min: 1, max: 12 }), ore: fc.integer({ min: -2_000_000, max: 2_000_000 }) });
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('import' as const), rows: fc.array(row, { minLength: 1, maxLength: 60 }), cancel: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
);

type Model = Map<number, Map<string, number>>;

const kr = (ore: number) => `${ore < 0 ? '-' : ''}${Math.floor(Math.abs(ore) / 100)},${String(Math.abs(ore) % 100).padStart(2, '0')}`;
const key = (r: Row) => `${ACCOUNTS[r.account]}|${UNITS[r.unit]}|${ACTIVITIES[r.activity] === '' ? '' : `verksamhetskod=${ACTIVITIES[r.activity]}`}`;

function balances(db: Db): Model {
  const out: Model = new Map();
  const rows = db.sqlite.prepare('SELECT c.account_code, c.responsibility_code, c.dims, ab.period, ab.amount_ore FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id').raw().all() as [string, string, string, number, number][];
  for (const [a, r, d, p, o] of rows) {
    if (!out.has(p)) out.set(p, new Map());
    out.get(p)!.set(`${a}|${r}|${d}`, o);
  }
  return out;
}

/** actual_group_sum as kept, and as summed afresh from the balances here. */
function sums(db: Db): { kept: Record<string, number[]>; fresh: Record<string, number[]> } {
  const groups = new Map((db.sqlite.prepare('SELECT code, account_group FROM account WHERE deleted_at IS NULL').raw().all() as [string, string][]).map(([c, g]) => [c, g]));
  const fresh: Record<string, number[]> = {};
  for (const [r, a, p, o] of db.sqlite.prepare('SELECT c.responsibility_code, c.account_code, ab.period, ab.amount_ore FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id').raw().all() as [string, string, number, number][]) {
    const k = `${Math.floor(p / 100)}|${r}|${groups.get(a) ?? 'unknown'}`;
    const s = (fresh[k] ??= new Array<number>(13).fill(0));
    s[0]!++;
    s[p % 100]! += o;
  }
  const kept: Record<string, number[]> = {};
  for (const r of db.sqlite.prepare(`SELECT year, responsibility_code, account_group, balances, ${MONTHS.join(', ')} FROM actual_group_sum`).raw().all() as unknown[][]) {
    if (r.slice(3).every((v) => v === 0)) continue;
    kept[`${r[0]}|${r[1]}|${r[2]}`] = r.slice(3) as number[];
  }
  return { kept, fresh };
}

async function scenario(ops: readonly ({ kind: 'import'; rows: Row[]; cancel: boolean } | { kind: 'undo' })[]): Promise<void> {
  const dir = tempDir('ramkoll-bulk-ledger-');
  const C: TestContext = await openTestContext(path.join(dir, 'c.db'));
  try {
    const year = createSmallForvaltning(C.db, siteId(C)).year;
    // What the database should hold: one model per import still in force, the latest last.
    const history: Model[] = [balances(C.db)];
    let n = 0;
    for (const o of ops) {
      if (o.kind === 'undo') {
        const latest = ((await invoke('ledger.batches.list', {}, C)) as BatchInfo[]).find((b) => b.status === 'active' && b.fileName.startsWith('utfall-'));
        if (!latest || latest.undoBlockedBy) continue;
        await invoke('ledger.batches.undo', { batchId: latest.id }, C);
        history.pop();
      } else {
        // A row and its opposite make a balance that sums to zero: it is left out, and replaces what the period had.
        const rows = o.cancel ? [...o.rows, { ...o.rows[0]!, ore: -o.rows[0]!.ore }] : o.rows;
        const file = path.join(dir, `utfall-${++n}.csv`);
        const lines = rows.map((r) => `${UNITS[r.unit]};${ACCOUNTS[r.account]};${ACTIVITIES[r.activity]};${year * 100 + r.month};${kr(r.ore)}`);
        fs.writeFileSync(file, `Ansvar;Konto;Verksamhet;Period;Belopp\r\n${lines.join('\r\n')}\r\n`);
        const result = (await invoke('ledger.import', { file, confirm: true }, C)) as LedgerImportResult;
        expect(result.errors).toEqual([]);
        if (!result.applied) {
          expect(result.unchanged).toBe(true);
          continue;
        }
        const next: Model = new Map([...history.at(-1)!].map(([p, m]) => [p, new Map(m)]));
        const file$: Model = new Map();
        for (const r of rows) {
          const p = year * 100 + r.month;
          if (!file$.has(p)) file$.set(p, new Map());
          file$.get(p)!.set(key(r), (file$.get(p)!.get(key(r)) ?? 0) + r.ore);
        }
        for (const [p, m] of file$) next.set(p, new Map([...m].filter(([, v]) => v !== 0)));
        history.push(next);
      }
      const expected = new Map([...history.at(-1)!].filter(([, m]) => m.size > 0));
      expect(balances(C.db)).toEqual(expected);
      const { kept, fresh } = sums(C.db);
      expect(kept).toEqual(fresh);
      // The import writes with SQLite's per-row foreign-key checks off and checks per kodsträng and period: nothing dangles.
      expect(C.db.sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(C.db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      // One coding row per kodsträng, whatever the imports created.
      expect(C.db.sqlite.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM coding GROUP BY account_code, responsibility_code, dims HAVING count(*) > 1)').get()).toEqual({ n: 0 });
    }
  } finally {
    C.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the set-based ledger write', () => {
  it('leaves the balances as the files say and the kept sums equal to a fresh sum, after any imports and undos', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => scenario(ops)),
      { numRuns: Number(process.env.RAMKOLL_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  }, 300_000);

  it('writes more balances than one multi-row statement holds, and kodsträngar the database already has keep their ids', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 700; i++) rows.push({ unit: i % UNITS.length, account: Math.floor(i / UNITS.length) % ACCOUNTS.length, activity: i % ACTIVITIES.length, month: (i % 12) + 1, ore: i * 101 - 30_000 });
    await scenario([
      { kind: 'import', rows: rows.slice(0, 200), cancel: false },
      { kind: 'import', rows, cancel: true },
      { kind: 'undo' },
    ]);
  }, 120_000);
});

describe('withBulkPragmas', () => {
  it('gives the bulk write a larger cache and in-memory temp store, and puts the connection back afterwards, also after a failure', async () => {
    const dir = tempDir('ramkoll-bulk-pragmas-');
    const C = await openTestContext(path.join(dir, 'p.db'));
    try {
      const before = [C.db.sqlite.pragma('cache_size', { simple: true }), C.db.sqlite.pragma('temp_store', { simple: true })];
      const inside = withBulkPragmas(C.db, () => [C.db.sqlite.pragma('cache_size', { simple: true }), C.db.sqlite.pragma('temp_store', { simple: true })], 32 * 1024);
      expect(inside).toEqual([-32 * 1024, 2]);
      expect([C.db.sqlite.pragma('cache_size', { simple: true }), C.db.sqlite.pragma('temp_store', { simple: true })]).toEqual(before);
      expect(() =>
        withBulkPragmas(C.db, () => {
          throw new Error('stopp');
        }),
      ).toThrow('stopp');
      expect([C.db.sqlite.pragma('cache_size', { simple: true }), C.db.sqlite.pragma('temp_store', { simple: true })]).toEqual(before);
    } finally {
      C.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('withoutRowForeignKeys and checkBalanceReferences', () => {
  it('write without per-row foreign-key checks only outside a transaction, put them back also after a failure, and find a missing kodsträng, period or batch', async () => {
    const dir = tempDir('ramkoll-bulk-fk-');
    const C = await openTestContext(path.join(dir, 'f.db'));
    try {
      const fk = () => C.db.sqlite.pragma('foreign_keys', { simple: true });
      expect(withoutRowForeignKeys(C.db, () => C.db.tx(() => fk()))).toBe(0);
      expect(fk()).toBe(1);
      // Inside a transaction the pragma cannot change: the caller keeps SQLite's checks.
      expect(C.db.tx(() => withoutRowForeignKeys(C.db, () => fk()))).toBe(1);
      expect(() =>
        withoutRowForeignKeys(C.db, () => {
          throw new Error('stopp');
        }),
      ).toThrow('stopp');
      expect(fk()).toBe(1);
      createSmallForvaltning(C.db, siteId(C));
      const coding = C.db.sqlite.prepare('SELECT max(id) FROM coding').pluck().get() as number;
      const batch = C.db.sqlite.prepare('SELECT id FROM import_batch WHERE no IS NOT NULL LIMIT 1').pluck().get() as string;
      expect(() => checkBalanceReferences(C.db, [coding, coding], [202601, 202612], batch)).not.toThrow();
      expect(() => checkBalanceReferences(C.db, [coding, coding + 1], [202601], batch)).toThrow(/FOREIGN KEY.*1 kodsträngar/);
      expect(() => checkBalanceReferences(C.db, [coding], [202613], batch)).toThrow(/FOREIGN KEY.*1 perioder/);
      expect(() => checkBalanceReferences(C.db, [coding], [202601], 'ingen')).toThrow(/FOREIGN KEY.*1 batch/);
    } finally {
      C.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('withOutcomeSumsDeferred', () => {
  it('takes the per-row outcome sum triggers away for the bulk write (not only switched off by WHEN) and puts them back exactly, also after a failure', async () => {
    const dir = tempDir('ramkoll-bulk-deferred-');
    const C = await openTestContext(path.join(dir, 'd.db'));
    try {
      const triggers = () => C.db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'actual_balance' ORDER BY name").all();
      const before = triggers();
      expect(before.map((t) => (t as { name: string }).name)).toEqual(['fsum_actual_delete', 'fsum_actual_insert', 'fsum_actual_update']);
      const inside = C.db.tx(() => withOutcomeSumsDeferred(C.db, () => triggers()));
      expect(inside).toEqual([]);
      expect(triggers()).toEqual(before);
      // A failure caught inside the transaction (a savepoint) must not leave the triggers away for the rest of it.
      C.db.tx(() => {
        expect(() =>
          withOutcomeSumsDeferred(C.db, () => {
            throw new Error('stopp');
          }),
        ).toThrow('stopp');
        expect(triggers()).toEqual(before);
      });
      expect(triggers()).toEqual(before);
    } finally {
      C.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('codingIds', () => {
  it('finds the same ids by one pass over the coding table as by a lookup per kodsträng, and numbers the new ones in code order after the largest', async () => {
    const dir = tempDir('ramkoll-bulk-codings-');
    const C = await openTestContext(path.join(dir, 'k.db'));
    try {
      const codings = Array.from({ length: 300 }, (_, i) => ({ account: String(4000 + (i % 13)), responsibility: String(900 + (i % 29)), dims: i % 3 === 0 ? 'verksamhet=510' : '' }));
      const unique = [...new Map(codings.map((c) => [`${c.account}|${c.responsibility}|${c.dims}`, c])).values()];
      const firstHalf = unique.filter((_, i) => i % 2 === 0);
      C.db.tx(() => codingIds(C.db, firstHalf));
      const before = (C.db.sqlite.prepare('SELECT max(id) AS m FROM coding').get() as { m: number }).m;
      const [scanned, looked] = [Infinity, 0].map((scanUpTo) => {
        let ids: number[] = [];
        C.db.sqlite.exec('SAVEPOINT probe');
        ids = codingIds(C.db, unique, scanUpTo);
        C.db.sqlite.exec('ROLLBACK TO probe; RELEASE probe');
        return ids;
      }) as [number[], number[]];
      expect(scanned).toEqual(looked);
      const byCode = new Map((C.db.sqlite.prepare('SELECT account_code, responsibility_code, dims, id FROM coding').raw().all() as [string, string, string, number][]).map(([a, r, d, id]) => [`${a}|${r}|${d}`, id]));
      unique.forEach((c, i) => {
        const old = byCode.get(`${c.account}|${c.responsibility}|${c.dims}`);
        if (old !== undefined) expect(scanned[i]).toBe(old);
        else expect(scanned[i]).toBeGreaterThan(before);
      });
      const fresh = unique.map((c, i) => ({ c, id: scanned[i]! })).filter((x) => x.id > before).sort((a, b) => a.id - b.id);
      const code = (c: { account: string; responsibility: string; dims: string }) => [c.account, c.responsibility, c.dims].join('\u0000');
      expect(fresh.map((x) => code(x.c))).toEqual(fresh.map((x) => code(x.c)).sort());
      expect(fresh.map((x) => x.id)).toEqual(fresh.map((_, n) => before + 1 + n));
    } finally {
      C.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
