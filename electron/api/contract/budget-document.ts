import { z } from 'zod';
import type { ReportDocument } from '../../services/reports/document';
import type { WrittenReport } from '../../services/reports/render';
import { fileRefSchema } from './core';
import { channel } from './define';

/** Which budget: a year and a version of it ('current': the budget in force at the end of the year), the unit and the sign presentation. */
const budgetDocumentInput = {
  year: z.number().int().min(2000).max(2100),
  version: z.string().min(1).max(80).default('current'),
  /** kr (default: the document goes to the ekonomisystem and the nämnd to the krona), tkr or mnkr. */
  unit: z.enum(['kr', 'tkr', 'mnkr']).default('kr'),
  sign: z.enum(['costs-positive', 'costs-negative']).optional(),
};

/** The budget document ("Mål och budget"): ramar, changes, investments, personnel, interna köp and nämndmål of a budget version. */
export const budgetDocumentContract = {
  'reports.budget.preview': channel<ReportDocument>()(z.strictObject(budgetDocumentInput)),
  'reports.budget.export': channel<WrittenReport>()(z.strictObject({ ...budgetDocumentInput, format: z.enum(['pdf', 'xlsx', 'docx']), file: fileRefSchema }), { heavy: true }),
};

export type { BudgetDocumentUnit } from '../../services/reports/budget-document-model';
