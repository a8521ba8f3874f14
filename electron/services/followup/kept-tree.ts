import type { Db } from '../../../db/index';
import { figureTree, type FigureTree, type FigureTreeOptions } from './figures';

/**
 * The database's state as one connection sees it: `data_version` moves when
 * another connection commits, `total_changes()` with every row this one
 * inserts, updates or deletes (triggers included, a rolled-back write too).
 * Equal stamps: the figures read from the database are the same.
 */
function dataStamp(db: Db): string {
  const s = db.prepare('SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS n').get() as { v: number; n: number };
  return `${s.v}:${s.n}`;
}

const kept = new WeakMap<Db, { key: string; tree: FigureTree }>();

/**
 * figureTree, kept for the next ask on the same connection while nothing in
 * the database has changed: Uppföljning asks for the top levels and then the
 * whole tree of the same period, and again when the page is opened anew or a
 * group's konton are drilled into; each built the whole tree (5,000 nodes:
 * 120–150 ms on a quiet machine). One tree a connection, the last asked for.
 * The tree is shared: callers only read it.
 */
export function keptFigureTree(db: Db, opts: FigureTreeOptions): FigureTree {
  const key = `${opts.period}:${opts.snapshot !== false}:${dataStamp(db)}`;
  const hit = kept.get(db);
  if (hit && hit.key === key) return hit.tree;
  const tree = figureTree(db, opts);
  kept.set(db, { key, tree });
  return tree;
}
