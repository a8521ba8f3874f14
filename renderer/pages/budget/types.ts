import type { BudgetVersionInfo } from '../../../electron/api/contract/index';

/** What every tab of the Budget page gets: the year and the chosen budget version. */
export interface BudgetTabProps {
  year: number;
  version: BudgetVersionInfo | null;
  versions: BudgetVersionInfo[];
  /** Call after a change that the version list shows (new version, lock, line count). */
  reloadVersions(): void;
  /** Makes another version the chosen one (e.g. one just created); it appears once the list is reloaded. */
  selectVersion(id: string): void;
}
