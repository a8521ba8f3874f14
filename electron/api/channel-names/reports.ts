/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const REPORTS_CHANNELS = ['reports.options', 'reports.preview', 'reports.export', 'reports.settings.save'] as const;
