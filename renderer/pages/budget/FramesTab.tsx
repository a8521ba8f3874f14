import { NotBuiltSection } from '../../components/NotBuiltSection';
import type { BudgetTabProps } from './types';

export function FramesTab(_props: BudgetTabProps) {
  return (
    <NotBuiltSection>
      <ul>
        <li>nämndens ram och fördelningen till sektor, verksamhet och enhet</li>
        <li>ram, fördelat, budgeterat och kvar att fördela per nod, med varning där raderna inte går ihop med ramen</li>
      </ul>
    </NotBuiltSection>
  );
}
