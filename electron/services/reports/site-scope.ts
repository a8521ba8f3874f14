import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { OrgTree } from '../figures/org-tree';
import type { LocalSite } from '../setup';
import { isChef, ROLE_WORD } from '../../../shared/roles';

/**
 * The scope a sektorchef's installation may report on, or null when any is
 * allowed. Its database holds only its own sektor's figures (the exchange
 * sends it no more), so a report of the whole förvaltning from it would show
 * the sektor's figures as the förvaltning's.
 */
export function onlyScope(site: LocalSite): string | null {
  return isChef(site.role) ? site.scopeCode : null;
}

/**
 * The report's scope for this installation: as asked, except that a
 * sektorchef's whole-förvaltning report is the report of its sektor, and a
 * scope outside its sektor is refused with a message saying what it holds.
 */
export function reportScopeFor(db: Db, site: LocalSite, requested: string | null): string | null {
  const own = onlyScope(site);
  if (own === null) return requested;
  if (requested === null) return own;
  const org = OrgTree.load(db);
  for (let n = org.byCode.get(requested); n; n = n.parentCode === null ? undefined : org.byCode.get(n.parentCode)) {
    if (n.code === own) return requested;
  }
  const name = org.byCode.get(own)?.name;
  throw new RamkollError(
    'FORBIDDEN',
    `Den här installationen är ${ROLE_WORD[site.role]} för ${own}${name ? ` ${name}` : ''} och har bara dess siffror: rapporten kan gälla ${own} eller ett ansvar under det, inte ${requested}.`,
  );
}
