import type { Db } from '../../../db/index';
import koladaFile from '../../../resources/demo/kolada-jamforelse.json';
import type { Actor } from '../goals/access';
import { writableSeries } from '../goals/chain';
import { writeKoladaRows } from '../goals/import';
import { parseKoladaJson } from '../goals/kolada-json';
import { setSetting } from '../settings';
import type { GoalsDemoOptions } from './goals';
import { DEMO_CONTROLLER } from './goals-data';

/** The year the committed file was fetched in (values 2021–2025): its years move to the demo's year as every demo date does. */
const FILE_YEAR = 2026;
/** The demo kommun's Kolada id in the file, and the kommungrupp it is compared with at first. */
export const DEMO_KOMMUN_CODE = '2083';
export const DEMO_COMPARISON_GROUP = 'G33789';

/**
 * The demo's Kolada comparisons (issue 19 point 6): the committed file saved
 * from Kolada's API (resources/demo/kolada-jamforelse.json: the demo's
 * Kolada styrtal for the kommun, four other kommuner, Region Dalarna, riket
 * and a kommungrupp, by kön where Kolada has it) read by the styrtal import
 * itself, inside the demo's transaction. The kommun's own totals in it equal
 * the demo's styrtal values, so only the comparison rows are new. The
 * comparison group is the kommungrupp.
 */
export function writeDemoComparison(db: Db, opts: GoalsDemoOptions): void {
  const shift = opts.year - FILE_YEAR;
  // The bundler hands over the parsed JSON; the import reads text (exact decimals, lines), so it is written back as text.
  const parsed = parseKoladaJson('kolada-jamforelse.json', JSON.stringify(koladaFile, null, 1));
  const rows = parsed.rows.map((r, i) => (i === 0 || shift === 0 ? r : { ...r, cells: r.cells.map((c, k) => (k === 3 ? String(Number(c) + shift) : c)) }));
  setSetting(db, 'kommun.code', DEMO_KOMMUN_CODE);
  const controller: Actor = { role: 'controller', scopeCode: null, siteId: opts.siteId, user: DEMO_CONTROLLER, now: opts.now };
  const ekonomi: Actor = { ...controller, role: 'ekonomi', user: 'Ekonomiavdelningen' };
  // The inriktningsmål's styrtal are Ekonomi's to read in (as the demo's chain has them); the rest the controller's.
  const mine = writableSeries(db, controller);
  const [header, ...data] = rows;
  const part = (ours: boolean) => [header!, ...data.filter((r) => (mine.get(r.cells[0]!) === true) === ours)];
  for (const [actor, ours] of [[controller, true], [ekonomi, false]] as const) {
    const these = part(ours);
    if (these.length > 1) writeKoladaRows(db, { fileName: parsed.fileName, rows: these }, actor);
  }
  setSetting(db, 'goals.comparison', { kind: 'grupp', code: DEMO_COMPARISON_GROUP });
}
