/**
 * The deviation grid's hierarchy, built on flat rows with parent links
 * (ag-grid-community has no tree data): which rows are visible given what is
 * expanded and filtered, sorting within siblings, and copying a block of
 * cells as tab-separated text for Excel. Pure functions, so they are tested
 * without a browser.
 */

export interface TreeRow {
  key: string;
  parentKey: string | null;
  code: string;
  name: string;
  kind: string;
}

export interface TreeIndex<R extends TreeRow> {
  byKey: Map<string, R>;
  children: Map<string | null, R[]>;
}

export function indexRows<R extends TreeRow>(rows: readonly R[]): TreeIndex<R> {
  const byKey = new Map<string, R>();
  const children = new Map<string | null, R[]>();
  for (const r of rows) byKey.set(r.key, r);
  for (const r of rows) {
    const parent = r.parentKey !== null && byKey.has(r.parentKey) ? r.parentKey : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(r);
  }
  return { byKey, children };
}

export function ancestors<R extends TreeRow>(index: TreeIndex<R>, key: string): string[] {
  const out: string[] = [];
  for (let p = index.byKey.get(key)?.parentKey ?? null; p !== null && index.byKey.has(p); p = index.byKey.get(p)!.parentKey) out.push(p);
  return out;
}

export function descendants<R extends TreeRow>(index: TreeIndex<R>, key: string): string[] {
  const out: string[] = [];
  const walk = (k: string) => {
    for (const c of index.children.get(k) ?? []) {
      out.push(c.key);
      walk(c.key);
    }
  };
  walk(key);
  return out;
}

/** Rows that match, plus what they need to be seen in the tree: their ancestors, and (for a search) their descendants. */
export function keepSet<R extends TreeRow>(index: TreeIndex<R>, matches: Iterable<string>, withDescendants: boolean): { keep: Set<string>; open: Set<string> } {
  const keep = new Set<string>();
  const open = new Set<string>();
  for (const m of matches) {
    keep.add(m);
    for (const a of ancestors(index, m)) {
      keep.add(a);
      open.add(a);
    }
    if (withDescendants) for (const d of descendants(index, m)) keep.add(d);
  }
  return { keep, open };
}

/** Matches of a search in code or name, case-insensitive. */
export function searchMatches<R extends TreeRow>(rows: readonly R[], text: string): string[] {
  const q = text.trim().toLocaleLowerCase('sv');
  if (q === '') return [];
  return rows.filter((r) => r.code.toLocaleLowerCase('sv').includes(q) || r.name.toLocaleLowerCase('sv').includes(q)).map((r) => r.key);
}

/**
 * The keys to show: every ancestor expanded, and inside every active filter
 * (each filter a set of rows to keep, or null when it is off).
 */
export function visibleKeys<R extends TreeRow>(index: TreeIndex<R>, expanded: ReadonlySet<string>, filters: readonly (ReadonlySet<string> | null)[]): Set<string> {
  const out = new Set<string>();
  const active = filters.filter((f): f is ReadonlySet<string> => f !== null);
  const walk = (parent: string | null) => {
    for (const r of index.children.get(parent) ?? []) {
      if (!active.every((f) => f.has(r.key))) continue;
      out.add(r.key);
      if (expanded.has(r.key)) walk(r.key);
    }
  };
  walk(null);
  return out;
}

/**
 * Sorting within siblings: takes the rows in the grid's sorted order (sorted
 * across the whole list) and puts every row back under its parent, keeping
 * the sorted order among siblings. Detail rows (account groups) stay first
 * under their node.
 */
export function hierarchyOrder<T>(items: readonly T[], keyOf: (t: T) => string, parentOf: (t: T) => string | null, isDetail: (t: T) => boolean): T[] {
  const present = new Set(items.map(keyOf));
  const children = new Map<string | null, T[]>();
  for (const it of items) {
    const p = parentOf(it);
    const parent = p !== null && present.has(p) ? p : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(it);
  }
  const out: T[] = [];
  const walk = (parent: string | null) => {
    const list = children.get(parent) ?? [];
    for (const it of [...list.filter(isDetail), ...list.filter((x) => !isDetail(x))]) {
      out.push(it);
      walk(keyOf(it));
    }
  };
  walk(null);
  return out;
}

/** A block of cells as tab-separated text: tabs and line breaks inside a cell become spaces. */
export function toTsv(cells: readonly (readonly string[])[]): string {
  return cells.map((row) => row.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\r\n');
}
