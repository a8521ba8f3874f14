import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function LinesTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>budgetrader per kodsträng med årsbelopp, periodiseringsprofil och tolv månader</li>
        <li>redigering som i Excel, ångra och gör om, klistra in block från Excel</li>
        <li>filter per sektor, verksamhet, enhet och kontogrupp, delsummor och totalrad</li>
      </ul>
    </NotBuiltSection>
  );
}
