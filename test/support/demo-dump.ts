import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';

/**
 * What the demo database holds, with what differs from one run to the next
 * taken out: ids (every UUID: the random ones, and the name-based ones
 * made from a random id, such as an assessment's), clock values (ISO times,
 * the exchange's versions and clock), the site's key pair. Rows are sorted, so the order of inserts does not matter; what is
 * left is the content: codes, names, amounts, texts, states and how many
 * rows of each. One SHA-256 and the row count per table.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?/g;
/** Columns whose every value is a clock reading, a key or a counter of the run. */
const VOLATILE_COLUMNS = new Set(['version', 'base', 'public_key', 'private_key', 'secret_key', 'key', 'ms', 'counter']);

function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UUID, 'ID').replace(ISO_TIME, 'TIME');
  if (Buffer.isBuffer(value)) return `blob:${value.length}`;
  return value;
}

export function demoDump(file: string): Record<string, { rows: number; sha256: string }> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of tables) {
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name).filter((c) => !VOLATILE_COLUMNS.has(c));
      const rows = db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}"`).raw().all() as unknown[][];
      const lines = rows.map((r) => JSON.stringify(r.map(normalise))).sort();
      out[t] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}
