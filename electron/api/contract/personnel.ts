import { z } from 'zod';
import type { PersonnelNodeRow } from '../../services/personnel/figures';
import type { PersonnelImportResult } from '../../services/personnel/import';
import type { PersonnelPreview } from '../../services/personnel/preview';
import type { LastPersonnelImport, PersonnelUndoResult } from '../../services/personnel/replace';
import { profileSchema } from '../../services/ledger/profile';
import { fileRefSchema } from './core';
import { channel } from './define';

export type { PersonnelFigures, PersonnelNodeRow } from '../../services/personnel/figures';
export type { PersonnelImportResult } from '../../services/personnel/import';
export type { PersonnelPeriodTotal, PersonnelPreview, PersonnelPreviewRow } from '../../services/personnel/preview';
export type { PersonnelUndoResult } from '../../services/personnel/replace';
export type { PersonnelField, PersonnelMapping } from '../../services/personnel/columns';

/** The latest import as Import › Personalsiffror shows it, for its undo. */
export type PersonnelLastImport = Omit<LastPersonnelImport, 'previous'> & { replaced: number };

/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202610');


/** Personnel figures from the HR/payroll system (issue 19 point 3): services/personnel/. */
const readSchema = {
  file: fileRefSchema,
  /** A saved mapping profile by name, or one written out (a profile with `personnel` columns); none recognises the headers. */
  mapping: z.union([z.string().min(1).max(100), profileSchema]).optional(),
  period: period.optional(),
  sheet: z.string().min(1).max(200).optional(),
};

export const personnelContract = {
  /** What an export would import: columns, the first rows with their problems by row and column, totals per month, warnings. Writes nothing. */
  'personnel.preview': channel<PersonnelPreview>()(z.strictObject(readSchema), { heavy: true }),
  /** Reads an export; the file's months replace what earlier imports wrote for them. Refused whole, with every bad row named, on any error. */
  'personnel.import': channel<PersonnelImportResult>()(
    z.strictObject({
      ...readSchema,
      dryRun: z.boolean().default(false),
      /** The user's answer to the warnings (PersonnelImportResult.warnings): false writes nothing while there are any. Left out: no question. */
      confirm: z.boolean().optional(),
    }),
    { heavy: true },
  ),
  /** Every node's figures for a month (summed upwards), with the same month last year. */
  'personnel.figures': channel<PersonnelNodeRow[]>()(z.strictObject({ period })),
  /** The latest import, which can be undone; null when there is none (or it was undone). */
  'personnel.lastImport': channel<PersonnelLastImport | null>()(z.strictObject({})),
  /** Undoes the latest import: its months get back what they had before it. */
  'personnel.undo': channel<PersonnelUndoResult>()(z.strictObject({}), { heavy: true }),
};
