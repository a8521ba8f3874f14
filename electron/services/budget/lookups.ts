import type { Db } from '../../../db/index';
import type { AccountGroup, OrgLevel } from '../../../db/schema';
import { RESPONSIBILITY } from '../dimensions';
import { Accounts, Org } from './planning-common';

export interface PlanningLookups {
  nodes: { code: string; name: string; level: OrgLevel | null; parentCode: string | null; depth: number }[];
  accounts: { code: string; name: string; group: AccountGroup }[];
  dimensions: { code: string; name: string }[];
  profiles: { code: string; name: string }[];
}

/** What the planning forms choose from: ansvar in tree order, accounts, dimensions and periodisering profiles. */
export function planningLookups(db: Db): PlanningLookups {
  const org = new Org(db);
  return {
    nodes: org.ordered().map(({ node, depth }) => ({ code: node.code, name: node.name, level: node.level, parentCode: node.parentCode, depth })),
    accounts: [...new Accounts(db).byCode.values()].sort((a, b) => a.code.localeCompare(b.code)),
    dimensions: db
      .all(db.q.selectFrom('dimension').select(['code', 'name']).where('deleted_at', 'is', null).where('code', '!=', RESPONSIBILITY).orderBy('sort_order'))
      .map((d) => ({ code: d.code, name: d.name })),
    profiles: db.all(db.q.selectFrom('periodisation_profile').select(['code', 'name']).where('deleted_at', 'is', null).orderBy('name')),
  };
}
