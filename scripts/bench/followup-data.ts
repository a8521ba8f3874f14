// The follow-up bench's database (5,000 nodes × 300 konton, 12 months of budget and outcome), shared by the
// uppfoljning bench and the lock bench (lock.bench.ts) so that each can run alone.
import type { Db } from '../../db/index';
import { RESPONSIBILITY } from '../../electron/services/dimensions';
import { outcomeSumsDelta, withOutcomeSumsDeferred } from '../../electron/services/figures/group-sums';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { naturalId, newId } from '../../electron/services/ids';
import type { LocalSite } from '../../electron/services/setup';
import { mulberry32 } from '../../electron/services/demo/rng';

export const YEAR = 2026;
export const PERIOD = 202610;
const SECTORS = 10;
const OPERATIONS_PER_SECTOR = 10;
export const NODES = 5000;
export const ACCOUNTS = 300;
const ACCOUNTS_PER_UNIT = 34;

const rng = mulberry32;

function accountCodes(): string[] {
  const codes: string[] = [];
  for (let i = 0; i < 40; i++) codes.push(String(3010 + i * 10));
  for (let i = 0; i < 80; i++) codes.push(String(5010 + i * 10));
  for (let i = 0; i < 90; i++) codes.push(String(4010 + i * 10));
  for (let i = 0; i < 80; i++) codes.push(String(6010 + i * 10));
  for (let i = 0; i < 10; i++) codes.push(String(7810 + i));
  return codes.slice(0, ACCOUNTS);
}

function groupOf(code: string): string {
  if (code.startsWith('3')) return 'revenue';
  if (code.startsWith('5')) return 'personnel';
  if (code.startsWith('78')) return 'capital_cost';
  return 'other_cost';
}

/** 1 förvaltning, 10 sektorer, 100 verksamheter, 4 889 enheter; 300 accounts; 34 accounts a unit; 12 months of budget and outcome. */
export function generate(db: Db, site: LocalSite): { outcomeRows: number; budgetLines: number } {
  const at = new Date(`${YEAR}-01-01T00:00:00Z`).toISOString();
  const dim = naturalId('dimension', RESPONSIBILITY);
  const units = NODES - 1 - SECTORS - SECTORS * OPERATIONS_PER_SECTOR;
  const accounts = accountCodes();
  let outcomeRows = 0;
  let budgetLines = 0;
  db.tx(() => {
    ensureFiscalYear(db, YEAR - 1, at);
    ensureFiscalYear(db, YEAR, at);
    const node = db.prepare(
      `INSERT INTO dimension_value (id, dimension_id, code, name, parent_id, level, sort_order, active, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL)`,
    );
    const add = (code: string, name: string, parent: string | null, level: string, order: number) =>
      node.run(naturalId(RESPONSIBILITY, code), dim, code, name, parent === null ? null : naturalId(RESPONSIBILITY, parent), level, order, at, at, site.id);
    add('1', 'Förvaltningen', null, 'administration', 0);
    const unitCodes: string[] = [];
    for (let s = 1; s <= SECTORS; s++) {
      const sc = `S${s}`;
      add(sc, `Sektor ${s}`, '1', 'sector', s);
      for (let o = 1; o <= OPERATIONS_PER_SECTOR; o++) {
        const oc = `S${s}V${o}`;
        add(oc, `Verksamhet ${s}.${o}`, sc, 'operation', o);
        const ops = SECTORS * OPERATIONS_PER_SECTOR;
        const index = (s - 1) * OPERATIONS_PER_SECTOR + (o - 1);
        const count = Math.floor(units / ops) + (index < units % ops ? 1 : 0);
        for (let u = 1; u <= count; u++) {
          const uc = `${oc}E${u}`;
          add(uc, `Enhet ${s}.${o}.${u}`, oc, 'unit', u);
          unitCodes.push(uc);
        }
      }
    }
    const account = db.prepare(`INSERT INTO account (id, code, name, account_group, active, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, NULL)`);
    for (const a of accounts) account.run(naturalId('account', a), a, `Konto ${a}`, groupOf(a), at, at, site.id);

    const versionId = newId();
    db.run(
      db.q.insertInto('budget_version').values({
        id: versionId,
        year: YEAR,
        name: `Budget ${YEAR}`,
        kind: 'adopted',
        based_on_id: null,
        decision_ref: null,
        locked_at: at,
        created_at: at,
        updated_at: at,
        updated_by_site: site.id,
        deleted_at: null,
      }),
    );
    const batchId = newId();
    db.run(
      db.q.insertInto('import_batch').values({
        id: batchId,
        kind: 'actual',
        file_name: 'bench-utfall.csv',
        file_sha256: '0'.repeat(64),
        profile_name: null,
        imported_by: 'bench',
        imported_at: at,
        row_count: 0,
        total_ore: 0,
        periods: '[]',
        scope_responsibility_code: null,
        status: 'active',
        undone_at: null,
        summary: '{}',
      }),
    );
    const coding = db.prepare('INSERT INTO coding (account_code, responsibility_code, dims) VALUES (?, ?, ?)');
    const line = db.prepare(
      `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore,
        manual, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, NULL)`,
    );
    const actual = db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) VALUES (?, ?, ?, ?)');
    const batchNo = db.prepare('SELECT no FROM import_batch WHERE id = ?').pluck().get(batchId) as number;
    const r = rng(42);
    // Outcome as a bulk writer writes it: follow-up's sums in one grouped statement at the end, not a trigger per row.
    withOutcomeSumsDeferred(db, () => {
      unitCodes.forEach((uc, ui) => {
        for (let k = 0; k < ACCOUNTS_PER_UNIT; k++) {
          const a = accounts[(ui * 7 + k * 9) % accounts.length]!;
          const id = Number(coding.run(a, uc, '').lastInsertRowid);
          const sign = a.startsWith('3') ? -1 : 1;
          const monthly = sign * Math.round(1_000_000 + r() * 20_000_000);
          line.run(newId(), versionId, id, monthly * 12, ...new Array<number>(12).fill(monthly), at, at, site.id);
          budgetLines++;
          for (let m = 1; m <= 12; m++) {
            actual.run(id, YEAR * 100 + m, Math.round(monthly * (0.9 + r() * 0.22)), batchNo);
            outcomeRows++;
          }
        }
      });
      outcomeSumsDelta(db, 1, 'ab.batch_no = ?', [batchNo]);
    });
  });
  return { outcomeRows, budgetLines };
}
