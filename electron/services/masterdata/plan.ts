import type { ProblemDetail } from '../../../db/errors';

export type MasterDataKind = 'organisation' | 'accounts';

/** What a master-data file would change, checked before anything is written. */
export interface MasterDataPlan {
  kind: MasterDataKind;
  fileName: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  notes: string[];
  errors: ProblemDetail[];
  /** Writes the changes; call inside a transaction, only when errors is empty. */
  apply(siteId: string, at: string): void;
}
