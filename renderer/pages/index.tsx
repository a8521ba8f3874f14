import type { ReactNode } from 'react';
import { BudgetPage } from './Budget';
import { ExchangePage } from './Exchange';
import { FollowUpPage } from './FollowUp';
import { GoalsPage } from './Goals';
import { ImportPage } from './Import';
import { OverviewPage } from './Overview';
import { ReportsPage } from './Reports';
import { SettingsPage } from './Settings';

export interface PageDef {
  id: string;
  title: string;
  render(): ReactNode;
}

export const PAGES: readonly PageDef[] = [
  { id: 'oversikt', title: 'Översikt', render: () => <OverviewPage /> },
  { id: 'budget', title: 'Budget', render: () => <BudgetPage /> },
  { id: 'import', title: 'Import', render: () => <ImportPage /> },
  { id: 'uppfoljning', title: 'Uppföljning', render: () => <FollowUpPage /> },
  { id: 'mal', title: 'Mål', render: () => <GoalsPage /> },
  { id: 'rapporter', title: 'Rapporter', render: () => <ReportsPage /> },
  { id: 'utbyte', title: 'Utbyte', render: () => <ExchangePage /> },
  { id: 'installningar', title: 'Inställningar', render: () => <SettingsPage /> },
];
