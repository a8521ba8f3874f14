/**
 * The demo's ramar, set after the whole detaljbudget is written (the units'
 * lines, internal purchases, the generated personnel lines), so that the
 * adopted budget is inside its ram at every node that has one: the ram of a
 * verksamhet (and of each unit of Särskilt boende) is its net cost rounded
 * up to whole 100 tkr, and a sektor's and the förvaltning's are the sum of
 * the ramar given below them (plus, rounded up, any lines of their own), so
 * every ram is distributed exactly.
 */
import type { Db } from '../../../db/index';
import { OrgTree } from '../figures/org-tree';
import { newId } from '../ids';

const STEP = 10_000_000; // whole 100 tkr, in öre

/** Rounded up to whole 100 tkr (a net revenue rounds towards zero, which is up too). */
const roundUp = (ore: number) => Math.ceil(ore / STEP) * STEP;

/** The operations whose units have ramar of their own. */
const UNIT_FRAMES = new Set(['3110']);

export function writeDemoFrames(db: Db, o: { versionId: string; siteId: string; at: string }): Map<string, number> {
  const tree = OrgTree.load(db);
  const net = new Map(
    (
      db
        .prepare('SELECT c.responsibility_code AS code, SUM(b.year_ore) AS total FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL GROUP BY 1')
        .all(o.versionId) as { code: string; total: number }[]
    ).map((r) => [r.code, r.total]),
  );
  const subtotal = (code: string): number => (net.get(code) ?? 0) + (tree.children.get(code) ?? []).reduce((s, c) => s + subtotal(c.code), 0);
  const frames = new Map<string, number>();
  // A node's ram: the sum of its children's ramar where they have one, the rest of its subtree rounded up.
  const frameOf = (code: string, childrenHaveFrames: boolean): number => {
    if (!childrenHaveFrames) return roundUp(subtotal(code));
    let given = 0;
    let own = net.get(code) ?? 0;
    for (const c of tree.children.get(code) ?? []) {
      const level = c.level;
      const ram = level === 'sector' || level === 'operation' ? frameOf(c.code, level === 'sector' || UNIT_FRAMES.has(c.code)) : UNIT_FRAMES.has(code) ? roundUp(subtotal(c.code)) : null;
      if (ram === null) {
        own += subtotal(c.code);
        continue;
      }
      frames.set(c.code, ram);
      given += ram;
    }
    return given + (own > 0 ? roundUp(own) : 0);
  };
  for (const root of tree.nodesAt('administration')) frames.set(root.code, frameOf(root.code, true));
  const insert = db.prepare('INSERT INTO frame (id, version_id, responsibility_id, amount_ore, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, NULL)');
  for (const [code, amount] of frames) insert.run(newId(), o.versionId, tree.byCode.get(code)!.id, amount, o.at, o.at, o.siteId);
  return frames;
}
