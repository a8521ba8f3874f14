import type { Db } from '../../db/index';

/**
 * Canonical text of the dimensions other than konto and ansvar:
 * 'dim=value|dim=value' sorted by dimension code, '' when there are none.
 */
export function canonicalDims(dims: Readonly<Record<string, string>>): string {
  return Object.keys(dims)
    .filter((k) => dims[k] !== '')
    .sort()
    .map((k) => `${k}=${dims[k]}`)
    .join('|');
}

export function parseDims(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (text === '') return out;
  for (const part of text.split('|')) {
    const eq = part.indexOf('=');
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/**
 * Finds or creates the local id of a kodsträng, with a cache: imports of a
 * million rows touch only a few thousand distinct coding strings.
 */
export class CodingResolver {
  private readonly cache = new Map<string, number>();
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO coding (account_code, responsibility_code, dims) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.select = db.prepare('SELECT id FROM coding WHERE account_code = ? AND responsibility_code = ? AND dims = ?');
  }

  /** Call inside the transaction that uses the id. */
  idOf(account: string, responsibility: string, dims = ''): number {
    const key = `${account}\u0000${responsibility}\u0000${dims}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    // A new kodsträng (most of them in a package of new lines) costs one statement: its id is the insert's rowid.
    const inserted = this.insert.run(account, responsibility, dims);
    const id = inserted.changes === 1 ? Number(inserted.lastInsertRowid) : (this.select.get(account, responsibility, dims) as { id: number }).id;
    this.cache.set(key, id);
    return id;
  }
}
