import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function ReallocationsTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>omfördelningar under året med beslutsreferens, från och till vilka noder, och belopp</li>
        <li>budget per datum = beslutad budget + omfördelningar till och med datumet</li>
      </ul>
    </NotBuiltSection>
  );
}
