import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { BudgetChangesSection } from './BudgetChangesSection';
import type { BudgetTabProps } from './types';

const nothing = () => {};

/** Budgetändringar: KF/KS decisions that change the ram during the year, beside Omfördelningar (moves inside the förvaltning). */
export function BudgetChangesTab({ year }: BudgetTabProps) {
  const lookups = useApi('planning.lookups', {}, 'lookups');
  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (!lookups.data) return <Loading />;
  return <BudgetChangesSection year={year} nodes={lookups.data.nodes} accounts={lookups.data.accounts} onChanged={nothing} />;
}
