import type { ReactNode } from 'react';
import { BackupSection } from './BackupSection';
import { GeneralSection } from './GeneralSection';
import { IdentitySection } from './IdentitySection';

export interface SettingsSectionDef {
  id: string;
  title: string;
  render(): ReactNode;
}

/** The sections of Inställningar; each feature keeps its own section file. */
export const SETTINGS_SECTIONS: readonly SettingsSectionDef[] = [
  { id: 'allmant', title: 'Allmänt', render: () => <GeneralSection /> },
  { id: 'identitet', title: 'Den här installationen', render: () => <IdentitySection /> },
  { id: 'sakerhetskopior', title: 'Säkerhetskopior', render: () => <BackupSection /> },
];
