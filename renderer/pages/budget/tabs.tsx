import type { ReactNode } from 'react';
import { BudgetChangesTab } from './BudgetChangesTab';
import { ChangesTab } from './ChangesTab';
import { FramesTab } from './FramesTab';
import { InternalTab } from './InternalTab';
import { InvestmentsTab } from './InvestmentsTab';
import { LinesTab } from './LinesTab';
import { PersonnelTab } from './PersonnelTab';
import { ReallocationsTab } from './ReallocationsTab';
import { RoundTab } from './RoundTab';
import { TransferTab } from './TransferTab';
import type { BudgetTabProps } from './types';
import { VersionsTab } from './VersionsTab';

export interface BudgetTabDef {
  id: string;
  title: string;
  render(props: BudgetTabProps): ReactNode;
}

export const BUDGET_TABS: readonly BudgetTabDef[] = [
  { id: 'rader', title: 'Budgetrader', render: (p) => <LinesTab {...p} /> },
  { id: 'ramar', title: 'Ramar', render: (p) => <FramesTab {...p} /> },
  { id: 'versioner', title: 'Versioner', render: (p) => <VersionsTab {...p} /> },
  { id: 'omfordelningar', title: 'Omfördelningar', render: (p) => <ReallocationsTab {...p} /> },
  { id: 'budgetandringar', title: 'Budgetändringar', render: (p) => <BudgetChangesTab {...p} /> },
  { id: 'personal', title: 'Personal', render: (p) => <PersonnelTab {...p} /> },
  { id: 'vf', title: 'VF-lista', render: (p) => <ChangesTab {...p} /> },
  { id: 'runda', title: 'Budgetrunda', render: (p) => <RoundTab {...p} /> },
  { id: 'interna', title: 'Interna köp', render: (p) => <InternalTab {...p} /> },
  { id: 'investeringar', title: 'Investeringar', render: (p) => <InvestmentsTab {...p} /> },
  { id: 'overforing', title: 'Import och export', render: (p) => <TransferTab {...p} /> },
];
