/** Channel names of the budget document, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const BUDGET_DOCUMENT_CHANNELS = ['reports.budget.preview', 'reports.budget.export'] as const;
