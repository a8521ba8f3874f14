import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { canonicalDims } from '../coding';
import { fileProblems } from '../problems';
import { kronor } from './planning-common';

/**
 * One kodsträng (konto + ansvar + dimensions: one `coding` row) has at most
 * one live line in a version: a second line for it is refused where it is
 * entered (the grid, its paste and bulk actions, the detaljbudget import,
 * generated lines), naming the line that has it. Held in the services, not
 * by a unique index: the exchange can still bring two sites' lines for the
 * same kodsträng (a budget line's coding is local and it has no natural key),
 * and a package must never fail on that; and databases from before may hold
 * such pairs, which a version copy merges.
 */

/** "31102/4010" or "31102/4010 (motpart=3410)": the kodsträng as the controller writes it, ansvar first. */
export function codingText(account: string, responsibility: string, dims: string): string {
  return `${responsibility}/${account}${dims === '' ? '' : ` (${dims.replaceAll('|', ', ')})`}`;
}

/** The line that has a kodsträng, in words: 'raden 31102/4010 med årsbeloppet 30 000,00 kr ("Livsmedel")'. */
export function lineText(l: { account: string; responsibility: string; dims: string; yearOre: number; note: string | null }): string {
  return `raden ${codingText(l.account, l.responsibility, l.dims)} med årsbeloppet ${kronor(l.yearOre)}${l.note ? ` ("${l.note}")` : ''}`;
}

interface Clash {
  id: string;
  account: string;
  responsibility: string;
  dims: string;
  yearOre: number;
  note: string | null;
}

/**
 * Refuses when any of the given lines (live ones) shares its kodsträng with
 * another live line of its version. Call inside the transaction, after the
 * writes, so that a batch that swaps two lines' kodsträngar passes and one
 * that ends with two lines on one kodsträng rolls back whole.
 */
export function assertUniqueCodings(db: Db, versionId: string, lineIds: readonly string[]): void {
  if (lineIds.length === 0) return;
  const clashes = db
    .prepare(
      `SELECT a.id AS id, o.id AS other, c.account_code AS account, c.responsibility_code AS responsibility, c.dims AS dims, o.year_ore AS yearOre, o.note AS note
       FROM budget_line a
       JOIN budget_line o ON o.version_id = a.version_id AND o.coding_id = a.coding_id AND o.id <> a.id AND o.deleted_at IS NULL
       JOIN coding c ON c.id = a.coding_id
       WHERE a.version_id = ? AND a.deleted_at IS NULL AND a.id IN (SELECT value FROM json_each(?))
       ORDER BY c.responsibility_code, c.account_code, c.dims`,
    )
    .all(versionId, JSON.stringify(lineIds)) as (Clash & { other: string })[];
  if (clashes.length === 0) return;
  // A pair made in this very batch is named once, by the line that was there or came first.
  const seen = new Set<string>();
  const details: ProblemDetail[] = [];
  for (const c of clashes) {
    const key = `${c.account}\t${c.responsibility}\t${c.dims}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const kod = codingText(c.account, c.responsibility, c.dims);
    details.push({ column: 'kodsträng', value: kod, message: `${kod} finns redan i versionen: ${lineText(c)}` });
  }
  const first = clashes[0]!;
  throw new RamkollError(
    'CONFLICT',
    `Kodsträngen ${codingText(first.account, first.responsibility, first.dims)} finns redan i versionen: ${lineText(first)}. ` +
      `En kodsträng kan bara finnas på en rad i en budgetversion: ändra den raden i stället, eller välj en annan kodsträng` +
      (details.length > 1 ? ` (${details.length} kodsträngar: ${details.map((d) => d.value).join(', ')}).` : '.'),
    details,
  );
}

/**
 * Lines added to a version (not replacing its lines) must bring kodsträngar
 * it does not have: each row that would repeat one is refused, naming the
 * version's line, so that the whole file is refused with every such row.
 */
export function assertNewCodings(
  db: Db,
  fileName: string,
  version: { id: string; name: string },
  parsed: readonly { line: number; account: string; responsibility: string; dims?: Readonly<Record<string, string>> | undefined }[],
): void {
  const existing = new Map<string, { account: string; responsibility: string; dims: string; yearOre: number; note: string | null }>();
  const rows = db
    .prepare(
      `SELECT c.account_code AS account, c.responsibility_code AS responsibility, c.dims AS dims, b.year_ore AS yearOre, b.note AS note
       FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL`,
    )
    .all(version.id) as { account: string; responsibility: string; dims: string; yearOre: number; note: string | null }[];
  for (const r of rows) existing.set(`${r.account}\t${r.responsibility}\t${r.dims}`, r);
  const problems: ProblemDetail[] = [];
  for (const l of parsed) {
    const dims = canonicalDims(l.dims ?? {});
    const there = existing.get(`${l.account}\t${l.responsibility}\t${dims}`);
    if (!there || problems.length >= 500) continue;
    problems.push({
      file: fileName,
      line: l.line,
      column: 'kodsträng',
      value: codingText(l.account, l.responsibility, dims),
      message: `kodsträngen finns redan i versionen "${version.name}": ${lineText(there)}; ersätt versionens rader med filens, eller ta bort raden ur filen`,
    });
  }
  if (problems.length > 0) throw fileProblems(fileName, problems);
}
