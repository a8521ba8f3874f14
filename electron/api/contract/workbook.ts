import { z } from 'zod';
import type { WorkbookExportResult } from '../../services/workbook/export';
import type { WorkbookImportResult } from '../../services/workbook/import';
import { fileRefSchema } from './core';
import { channel } from './define';

const roundSchema = z.string().regex(/^(budget|occasion:\d{4}(0[1-9]|1[0-2]))$/, 'Omgången skrivs budget eller occasion:ÅÅÅÅMM, t.ex. occasion:202610.');

/** The Excel round-trip: a workbook per chef's node out, any number of them back as a list of differences to accept. */
export const workbookContract = {
  'workbook.export': channel<WorkbookExportResult>()(
    z.strictObject({
      node: z.string().trim().min(1).max(40),
      round: roundSchema,
      /** The working version; left out: the newest unlocked one. */
      versionId: z.string().min(1).max(64).optional(),
      file: fileRefSchema,
    }),
    { heavy: true },
  ),
  'workbook.import': channel<WorkbookImportResult>()(
    z.strictObject({
      files: z.array(fileRefSchema).min(1).max(200),
      /** Left out: only read. 'all': every change (no conflict); or the ids of the changes and conflicts to accept. */
      accept: z.union([z.literal('all'), z.array(z.string().min(1).max(600)).max(100_000)]).optional(),
    }),
    { heavy: true },
  ),
};

export type { WorkbookExportResult } from '../../services/workbook/export';
export type { WorkbookImportResult } from '../../services/workbook/import';
export type { WorkbookChange, WorkbookConflict, WorkbookProblem } from '../../services/workbook/types';
