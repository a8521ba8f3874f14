import type { Db } from '../../../db/index';
import type { BudgetVersionKind } from '../../../db/schema';

export interface BudgetVersionRef {
  id: string;
  name: string;
  kind: BudgetVersionKind;
}

const PREFERENCE: Record<BudgetVersionKind, number> = { adopted: 0, revision: 1, draft: 2 };

/**
 * The budget version that follow-up compares against for a year: the
 * adopted budget if there is one, else the latest revision, else the draft.
 */
export function currentBudgetVersion(db: Db, year: number): BudgetVersionRef | null {
  const versions = db.all(
    db.q.selectFrom('budget_version').select(['id', 'name', 'kind', 'created_at']).where('year', '=', year).where('deleted_at', 'is', null),
  );
  versions.sort((a, b) => PREFERENCE[a.kind] - PREFERENCE[b.kind] || b.created_at.localeCompare(a.created_at));
  const v = versions[0];
  return v ? { id: v.id, name: v.name, kind: v.kind } : null;
}
