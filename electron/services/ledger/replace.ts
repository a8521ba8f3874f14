import type { Db } from '../../../db/index';
import { kronor } from '../budget/planning-common';
import { periodName } from '../fiscal';
import { OrgTree } from '../figures/org-tree';
import type { Accumulator } from './accumulator';
import type { ImportWarning, PeriodReplacement, ReplaceScope } from './types';

/**
 * What an outcome import replaces, worked out before anything is written:
 * which balances (the whole periods of the file, one ansvar subtree, or only
 * the ansvar the file has rows for), how the outcome of each period changes,
 * and the warnings the user must confirm before the import goes ahead.
 */

/** What the caller asks for: whole periods, only the file's own ansvar, or one ansvar with everything under it. */
export type ReplaceScopeInput = 'period' | 'file' | { responsibility: string };

/** The scope asked for, or else the profile's (an ansvar subtree, or the whole periods). */
export function resolveScope(asked: ReplaceScopeInput | null, profileScope: string | null): ReplaceScope {
  if (asked === 'period') return { kind: 'period', responsibility: null };
  if (asked === 'file') return { kind: 'file', responsibility: null };
  if (asked !== null) return { kind: 'subtree', responsibility: asked.responsibility };
  return profileScope === null ? { kind: 'period', responsibility: null } : { kind: 'subtree', responsibility: profileScope };
}

/** An ansvar and every code under it. */
export function subtreeCodes(tree: OrgTree, code: string): Set<string> {
  const out = new Set<string>();
  const walk = (c: string) => {
    out.add(c);
    for (const child of tree.children.get(c) ?? []) walk(child.code);
  };
  walk(code);
  return out;
}

function fileResponsibilities(acc: Accumulator): Set<string> {
  const codes = new Set<string>();
  for (const e of acc.entries()) codes.add(acc.codings[e.coding]!.responsibility);
  return codes;
}

/**
 * The ansvar codes whose balances a batch replaces in its periods; null for
 * the whole periods. A subtree also takes the unknown ansvar codes the file
 * itself brings (they belong to no subtree, and the file's rows replace them).
 */
export function replacedCodes(db: Db, scope: ReplaceScope, acc: Accumulator): string[] | null {
  if (scope.kind === 'period') return null;
  if (scope.kind === 'file') return [...fileResponsibilities(acc)].sort();
  const tree = OrgTree.load(db);
  const codes = subtreeCodes(tree, scope.responsibility!);
  for (const c of acc.codings) if (!tree.byCode.has(c.responsibility)) codes.add(c.responsibility);
  return [...codes].sort();
}

/** SQL condition on actual_balance's coding_id for a scope given as JSON text of ansvar codes. */
export const SCOPE_FILTER = 'AND coding_id IN (SELECT id FROM coding WHERE responsibility_code IN (SELECT value FROM json_each(?)))';

/** A file replacing a period (or scope) with fewer than this share of the balances it holds gets a warning. */
const FEW_BALANCES_SHARE = 0.5;

/** Before and after, per period of the file, within the scope. */
export function periodReplacements(db: Db, acc: Accumulator, periods: number[], codes: string[] | null): Record<string, PeriodReplacement> {
  const now = db.prepare(`SELECT count(*) AS n, coalesce(sum(amount_ore), 0) AS s FROM actual_balance WHERE period = ? ${codes ? SCOPE_FILTER : ''}`);
  const fileBalances = new Map<number, number>();
  for (const e of acc.entries()) fileBalances.set(e.period, (fileBalances.get(e.period) ?? 0) + 1);
  const out: Record<string, PeriodReplacement> = {};
  for (const p of periods) {
    const r = now.get(p, ...(codes ? [JSON.stringify(codes)] : [])) as { n: number; s: number };
    const after = acc.periods.get(p)?.ore ?? 0;
    out[String(p)] = { before: r.s, after, difference: after - r.s, balancesReplaced: r.n, fileBalances: fileBalances.get(p) ?? 0 };
  }
  return out;
}

/** True when the scope of the period holds exactly the file's balances already. */
function periodUnchanged(db: Db, acc: Accumulator, period: number, codes: string[] | null): boolean {
  const sql = `SELECT c.account_code, c.responsibility_code, c.dims, b.amount_ore FROM actual_balance b JOIN coding c ON c.id = b.coding_id
    WHERE b.period = ? ${codes ? SCOPE_FILTER.replace('coding_id', 'b.coding_id') : ''}`;
  // Each balance of the period is looked up in the file's own tables; equal counts then make the two sets equal.
  let n = 0;
  for (const [a, r, d, o] of db.sqlite.prepare(sql).raw().iterate(period, ...(codes ? [JSON.stringify(codes)] : [])) as Iterable<[string, string, string, number]>) {
    const c = acc.findCoding(a, r, d);
    if (c < 0 || acc.balanceOf(c, period) !== o) return false;
    n++;
  }
  let fileCount = 0;
  acc.forEachBalance((_c, p) => {
    if (p === period) fileCount++;
  });
  return n === fileCount;
}

function scopeWords(scope: ReplaceScope, codes: string[] | null): string {
  if (scope.kind === 'subtree') return ` inom ansvar ${scope.responsibility}`;
  if (scope.kind === 'file' && codes) return codes.length === 1 ? ` på ansvar ${codes[0]}` : ` på filens ${codes.length} ansvar`;
  return '';
}

const count = (n: number) => n.toLocaleString('sv-SE').replace(/\s/g, '\u00a0');

/**
 * The warnings an import must be confirmed past:
 * - a period (or scope) that holds balances and gets fewer than half as many
 *   from the file: a correction file read as a whole month wipes the rest;
 * - a period whose outcome changes although a locked reporting occasion of
 *   the year, at or after it, has already reported it (the occasion keeps
 *   what it reported; the live figures no longer agree with it).
 */
export function importWarnings(db: Db, acc: Accumulator, replaced: Record<string, PeriodReplacement>, scope: ReplaceScope, codes: string[] | null): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  const lockedAfter = db.prepare(
    'SELECT name, period, locked_at FROM reporting_occasion WHERE locked_at IS NOT NULL AND deleted_at IS NULL AND year = ? AND period >= ? ORDER BY period',
  );
  const where = scopeWords(scope, codes);
  for (const [p, r] of Object.entries(replaced)) {
    const period = Number(p);
    if (r.balancesReplaced > 0 && r.fileBalances < r.balancesReplaced * FEW_BALANCES_SHARE) {
      warnings.push({
        kind: 'fewBalances',
        period: p,
        message:
          `Filen har ${count(r.fileBalances)} kodsträngar för ${periodName(period)}, men perioden har ${count(r.balancesReplaced)} saldon${where} nu. ` +
          `Inläsningen ersätter alla ${count(r.balancesReplaced)}: utfallet${where} går från ${kronor(r.before)} till ${kronor(r.after)}. ` +
          (scope.kind === 'period' ? 'Är filen en rättelse av några ansvar, ersätt bara filens ansvar (eller ett ansvar med allt under det).' : 'Kontrollera att det är meningen.'),
      });
    }
    const locked = lockedAfter.all(Math.floor(period / 100), period) as { name: string; period: number; locked_at: string }[];
    // Different counts of balances change the period for sure; only equal counts need the comparison code by code.
    if (locked.length > 0 && (r.balancesReplaced !== r.fileBalances || !periodUnchanged(db, acc, period, codes))) {
      const names = locked.map((o) => `${o.name} (${o.period})`).join(', ');
      warnings.push({
        kind: 'lockedPeriod',
        period: p,
        message:
          `Utfallet för ${periodName(period)} är redan rapporterat i ${locked.length === 1 ? 'det låsta uppföljningstillfället' : 'de låsta uppföljningstillfällena'} ${names}. ` +
          `${locked.length === 1 ? 'Tillfället behåller' : 'Tillfällena behåller'} de rapporterade siffrorna, men utfallet i övriga vyer ändras${where} från ${kronor(r.before)} till ${kronor(r.after)}.`,
      });
    }
  }
  return warnings;
}
