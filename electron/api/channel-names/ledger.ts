/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const LEDGER_CHANNELS = [
  'ledger.preview',
  'ledger.import',
  'ledger.batches.list',
  'ledger.batches.undo',
  'ledger.profiles.list',
  'ledger.profiles.save',
  'ledger.profiles.delete',
  'ledger.profiles.export',
  'ledger.profiles.import',
] as const;
