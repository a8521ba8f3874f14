import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function InternalTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>interna köp och försäljningar mellan enheter, per motpart</li>
        <li>obalans när förvaltningens interna poster inte går jämnt ut</li>
      </ul>
    </NotBuiltSection>
  );
}
