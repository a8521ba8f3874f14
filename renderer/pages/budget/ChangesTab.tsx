import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function ChangesTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>verksamhetsförändringar med belopp, prioritet och status</li>
        <li>vad som måste sparas för att hålla ramen</li>
      </ul>
    </NotBuiltSection>
  );
}
