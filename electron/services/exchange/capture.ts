import type { Db } from '../../../db/index';
import type { ExchangedValue } from '../../../db/schema';
import { parseVersion, TICK_SQL, versionSql } from './hlc';
import { EXCHANGED_TABLES, OUTCOME } from './registry';
import type { ExchangedTable, FieldDef } from './registry-types';
import { investmentChecksums } from './outcome-investment';

/**
 * Change capture, independent of the code that writes rows: SQLite triggers,
 * generated from the registry, record every changed field of an exchanged
 * row in xchg_change with a new clock version and the version the editor saw
 * (the field's greatest version logged before the change). The
 * triggers are (re)built at every open when the registry changed, and rows
 * that have no version yet (a table new to the exchange, an upgraded
 * database) get one then.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ACTIVE = '(SELECT suspended FROM xchg_clock WHERE id = 1) = 0';

export function fieldValueSql(f: FieldDef, row: string): string {
  return f.sql ? f.sql(row) : `${row}.${f.columns[0]!}`;
}

function fieldColumn(t: ExchangedTable, name: string): string {
  const f = t.fields.find((x) => x.name === name);
  if (!f) throw new Error(`registry: ${t.table} has no field ${name}`);
  return f.columns[0]!;
}

/** SQL: the ansvar code(s) a row maps to, comma-separated, or NULL for rows that belong to no node. */
export function nodeSql(t: ExchangedTable, row: string): string {
  if (!t.nodes || t.nodes.length === 0) return 'NULL';
  const parts = t.nodes.map((n) =>
    n.via === 'responsibility'
      ? `(SELECT code FROM dimension_value WHERE id = ${row}.${fieldColumn(t, n.field)})`
      : n.via === 'coding'
        ? `(SELECT responsibility_code FROM coding WHERE id = ${row}.${fieldColumn(t, n.field)})`
        : `(${n.sql(`${row}.${fieldColumn(t, n.field)}`)})`,
  );
  return parts.length === 1 ? parts[0]! : `nullif(concat_ws(',', ${parts.join(', ')}), '')`;
}

interface CapturedField {
  name: string;
  value: string;
  when: string | null;
}

function captureBody(t: ExchangedTable, row: 'NEW' | 'OLD', fields: CapturedField[]): string {
  const key = `${row}.${t.key}`;
  const union = fields.map((f) => `SELECT ${q(f.name)} AS field, ${f.value} AS value${f.when ? ` WHERE ${f.when}` : ''}`).join(' UNION ALL ');
  return `
  ${TICK_SQL}
  INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
    SELECT ${q(t.table)}, ${key}, x.field, x.value, v.version,
      (SELECT max(p.version) FROM xchg_change AS p WHERE p.tbl = ${q(t.table)} AND p.row_id = ${key} AND p.field = x.field), ${nodeSql(t, row)}, v.site
    FROM (${union}) AS x JOIN (SELECT ${versionSql('c')} AS version, c.site AS site FROM xchg_clock AS c WHERE c.id = 1) AS v;`;
}

export interface TriggerDef {
  name: string;
  table: string;
  sql: string;
}

function changedSql(f: FieldDef): string {
  return f.columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
}

/** The capture triggers of one exchanged table. */
export function tableTriggers(t: ExchangedTable): TriggerDef[] {
  const where = (row: string) => (t.captureWhere ? ` AND ${t.captureWhere(row)}` : '');
  const out: TriggerDef[] = [];
  out.push({
    name: `xchg_i_${t.table}`,
    table: t.table,
    sql: `CREATE TRIGGER xchg_i_${t.table} AFTER INSERT ON ${t.table} WHEN ${ACTIVE}${where('NEW')} BEGIN${captureBody(
      t,
      'NEW',
      t.fields.map((f) => ({ name: f.name, value: fieldValueSql(f, 'NEW'), when: null })),
    )}
END`,
  });
  out.push({
    name: `xchg_u_${t.table}`,
    table: t.table,
    sql: `CREATE TRIGGER xchg_u_${t.table} AFTER UPDATE ON ${t.table} WHEN ${ACTIVE}${where('NEW')} AND (${t.fields.map(changedSql).join(' OR ')}) BEGIN${captureBody(
      t,
      'NEW',
      t.fields.map((f) => ({ name: f.name, value: fieldValueSql(f, 'NEW'), when: changedSql(f) })),
    )}
END`,
  });
  if (t.synced) {
    // A hard delete travels as a tombstone: receivers keep the row, marked deleted.
    out.push({
      name: `xchg_d_${t.table}`,
      table: t.table,
      sql: `CREATE TRIGGER xchg_d_${t.table} AFTER DELETE ON ${t.table} WHEN ${ACTIVE}${where('OLD')} AND OLD.deleted_at IS NULL BEGIN${captureBody(t, 'OLD', [
        { name: 'deleted_at', value: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", when: null },
      ])}
END`,
    });
  }
  return out;
}

/** Gives existing rows that have no version yet one (local, with no base), in one clock tick. */
function baseline(db: Db, t: ExchangedTable): void {
  db.prepare(TICK_SQL).run();
  const filters = [t.captureWhere?.('r'), t.builtIn ? `NOT (${t.builtIn('r')})` : undefined].filter(Boolean);
  for (const f of t.fields) {
    const missing = `NOT EXISTS (SELECT 1 FROM xchg_change AS x WHERE x.tbl = ${q(t.table)} AND x.row_id = r.${t.key} AND x.field = ${q(f.name)})`;
    const where = [...filters, missing].join(' AND ');
    db.prepare(
      `INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
       SELECT ${q(t.table)}, r.${t.key}, ${q(f.name)}, ${fieldValueSql(f, 'r')}, ${versionSql('c')}, NULL, ${nodeSql(t, 'r')}, c.site
       FROM ${t.table} AS r JOIN xchg_clock AS c ON c.id = 1 WHERE ${where}`,
    ).run();
  }
}

/**
 * Makes the capture triggers match the registry and gives rows of tables
 * whose triggers were (re)built a version. Idempotent and cheap when nothing
 * changed; call it at every open of a writable database.
 */
export function ensureCapture(db: Db, siteId: string, registry: readonly ExchangedTable[] = EXCHANGED_TABLES): void {
  const tables = presentIn(db, registry);
  db.tx(() => {
    db.prepare('INSERT INTO xchg_clock (id, ms, counter, site, suspended) VALUES (1, 0, 0, ?, 0) ON CONFLICT (id) DO NOTHING').run(siteId);
    const existing = new Map(
      (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'xchg\\_%' ESCAPE '\\'").all() as { name: string; sql: string }[]).map((r) => [
        r.name,
        r.sql,
      ]),
    );
    const wanted = tables.flatMap(tableTriggers);
    const rebuilt = new Set<string>();
    for (const w of wanted) {
      if (existing.get(w.name) === w.sql) continue;
      if (existing.has(w.name)) db.sqlite.exec(`DROP TRIGGER "${w.name}"`);
      db.sqlite.exec(w.sql);
      rebuilt.add(w.table);
    }
    const names = new Set(wanted.map((w) => w.name));
    for (const name of existing.keys()) if (!names.has(name)) db.sqlite.exec(`DROP TRIGGER "${name}"`);
    if (rebuilt.size > 0) {
      suspended(db, () => {
        for (const t of tables) if (rebuilt.has(t.table)) baseline(db, t);
      });
    }
  });
}

/**
 * The registry as far as this database's schema has it. Migrations always run
 * before this, so normally that is all of it; a database deliberately opened
 * at an older schema (a test that builds one to check a migration) gets
 * triggers for the tables and columns it has, and the open after migrating
 * rebuilds them with the rest (their SQL differs).
 */
function presentIn(db: Db, registry: readonly ExchangedTable[]): ExchangedTable[] {
  const out: ExchangedTable[] = [];
  for (const t of registry) {
    const columns = new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t.table) as { name: string }[]).map((c) => c.name));
    if (columns.size === 0) continue;
    const fields = t.fields.filter((f) => f.columns.every((c) => columns.has(c)));
    out.push(fields.length === t.fields.length ? t : { ...t, fields });
  }
  return out;
}

/**
 * Runs fn with capture switched off, for the exchange's own writes (applying
 * received changes, resolving conflicts), which record their changes
 * themselves. Call inside a transaction: a rollback switches capture on again.
 */
export function suspended<T>(db: Db, fn: () => T): T {
  const before = (db.prepare('SELECT suspended FROM xchg_clock WHERE id = 1').get() as { suspended: number }).suspended;
  db.prepare('UPDATE xchg_clock SET suspended = 1 WHERE id = 1').run();
  try {
    return fn();
  } finally {
    db.prepare('UPDATE xchg_clock SET suspended = ? WHERE id = 1').run(before);
  }
}

/** A new version from this installation's clock. */
export function tick(db: Db): string {
  db.prepare(TICK_SQL).run();
  return (db.prepare(`SELECT ${versionSql('c')} AS v FROM xchg_clock AS c WHERE c.id = 1`).get() as { v: string }).v;
}

/** Moves the clock past a received version, so that later local versions are greater. */
export function observeVersion(db: Db, version: string): void {
  const { ms, counter } = parseVersion(version);
  db.prepare(
    `UPDATE xchg_clock SET counter = CASE WHEN ? > ms THEN ? WHEN ? = ms THEN max(counter, ?) ELSE counter END, ms = max(ms, ?) WHERE id = 1`,
  ).run(ms, counter, ms, counter, ms);
}

/** The version a field holds now (the greatest logged), or null when it has none (never changed, or a built-in row). */
export function currentVersion(db: Db, table: string, rowId: string, field: string): string | null {
  const row = db.prepare('SELECT max(version) AS version FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ?').get(table, rowId, field) as { version: string | null };
  return row.version;
}

/**
 * Records a local change that did not go through a trigger (a conflict
 * resolution that keeps the value shown); returns its version.
 */
export function recordLocalChange(db: Db, t: ExchangedTable, rowId: string, field: string, value: ExchangedValue, resolves: readonly string[] | null): string {
  const version = tick(db);
  const base = currentVersion(db, t.table, rowId, field);
  const node = (db.prepare(`SELECT ${nodeSql(t, 'r')} AS node FROM ${t.table} AS r WHERE r.${t.key} = ?`).get(rowId) as { node: string | null } | undefined)?.node ?? null;
  db.prepare('INSERT INTO xchg_change (tbl, row_id, field, value, version, base, resolves, node, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    t.table,
    rowId,
    field,
    value,
    version,
    base,
    resolves ? JSON.stringify(resolves) : null,
    node,
    parseVersion(version).site,
  );
  return version;
}

const OUTCOME_CHECKSUM_SQL = `SELECT period,
  count(*) || ':' || sum(amount_ore) || ':' || sum((coding_id * (amount_ore % 1000003)) % 1000000007) || ':' || count(DISTINCT batch_no) || ':' || min(batch_no) || ':' || max(batch_no) AS checksum
  FROM actual_balance WHERE (? IS NULL OR period IN (SELECT value FROM json_each(?))) GROUP BY period`;

/** Checksums of the outcome per period, now. */
export function outcomeChecksums(db: Db, periods: readonly number[] | null = null): Map<number, string> {
  const json = periods ? JSON.stringify(periods) : null;
  const sums = new Map((db.prepare(OUTCOME_CHECKSUM_SQL).all(json, json) as { period: number; checksum: string }[]).map((r) => [r.period, r.checksum]));
  // A period with investment outcome adds its checksum; one without keeps the drift outcome's alone (no resend after the upgrade).
  for (const [period, sum] of investmentChecksums(db, periods)) sums.set(period, `${sums.get(period) ?? ''}|i:${sum}`);
  return sums;
}

/**
 * Outcome is not captured by triggers (a ledger import writes a million
 * rows); instead, before every export and import, each period whose checksum
 * moved since last time gets a change of its own in the log.
 */
export function stampOutcome(db: Db): number[] {
  const now = outcomeChecksums(db);
  const stored = new Map((db.prepare('SELECT period, checksum FROM xchg_outcome_state').all() as { period: number; checksum: string }[]).map((r) => [r.period, r.checksum]));
  const changed: number[] = [];
  for (const period of new Set([...now.keys(), ...stored.keys()])) {
    const sum = now.get(period) ?? 'tom';
    if (stored.get(period) === sum) continue;
    changed.push(period);
  }
  if (changed.length === 0) return changed;
  db.tx(() => {
    for (const period of changed.sort((a, b) => a - b)) {
      const version = tick(db);
      const rowId = String(period);
      db.prepare('INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin) VALUES (?, ?, ?, NULL, ?, ?, NULL, ?)').run(
        OUTCOME,
        rowId,
        'balances',
        version,
        currentVersion(db, OUTCOME, rowId, 'balances'),
        parseVersion(version).site,
      );
      setOutcomeChecksum(db, period, now.get(period) ?? 'tom');
    }
  });
  return changed;
}

export function setOutcomeChecksum(db: Db, period: number, checksum: string): void {
  db.prepare('INSERT INTO xchg_outcome_state (period, checksum) VALUES (?, ?) ON CONFLICT (period) DO UPDATE SET checksum = excluded.checksum').run(period, checksum);
}
