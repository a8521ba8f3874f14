import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function VersionsTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>beslutad budget (låst), revideringar och arbetsversion</li>
        <li>jämförelse av två versioner sida vid sida</li>
      </ul>
    </NotBuiltSection>
  );
}
