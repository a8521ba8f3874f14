import { z } from 'zod';
import type { PersonnelNodeRow } from '../../services/personnel/figures';
import type { PersonnelImportResult } from '../../services/personnel/import';
import { profileSchema } from '../../services/ledger/profile';
import { fileRefSchema } from './core';
import { channel } from './define';

export type { PersonnelFigures, PersonnelNodeRow } from '../../services/personnel/figures';
export type { PersonnelImportResult } from '../../services/personnel/import';

/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202610');


/** Personnel figures from the HR/payroll system (issue 19 point 3): services/personnel/. */
export const personnelContract = {
  /** Reads an export; the file's months replace what earlier imports wrote for them. Refused whole, with every bad row named, on any error. */
  'personnel.import': channel<PersonnelImportResult>()(
    z.strictObject({
      file: fileRefSchema,
      /** A saved mapping profile by name, or one written out (a profile with `personnel` columns); none recognises the headers. */
      mapping: z.union([z.string().min(1).max(100), profileSchema]).optional(),
      period: period.optional(),
      sheet: z.string().min(1).max(200).optional(),
      dryRun: z.boolean().default(false),
    }),
    { heavy: true },
  ),
  /** Every node's figures for a month (summed upwards), with the same month last year. */
  'personnel.figures': channel<PersonnelNodeRow[]>()(z.strictObject({ period })),
};
