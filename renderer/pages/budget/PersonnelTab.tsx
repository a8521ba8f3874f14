import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function PersonnelTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>personalbudget per person eller befattning: sysselsättningsgrad, månadslön, löneökning, vakanser och PO-pålägg</li>
        <li>årsarbetare och kostnad per sektor</li>
      </ul>
    </NotBuiltSection>
  );
}
