/** Channel names of the chefs' Excel workbooks (export and import), for the preload's allow-list. */
export const WORKBOOK_CHANNELS = ['workbook.export', 'workbook.import', 'workbook.return'] as const;
