import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function TransferTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>ny budget utifrån förra årets budget eller utfall, med uppräkning och effektivisering</li>
        <li>import av detaljbudget från Excel eller CSV</li>
        <li>export till ekonomisystemet som CSV, SIE och Excel</li>
      </ul>
    </NotBuiltSection>
  );
}
