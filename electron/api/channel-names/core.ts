/** Channel names of the foundation, for the preload's allow-list. */
export const CORE_CHANNELS = ['files.open', 'files.save', 'app.info', 'overview.get', 'summary.get', 'masterdata.import', 'demo.generate'] as const;
