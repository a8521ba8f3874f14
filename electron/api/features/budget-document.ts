import { z } from 'zod';
import path from 'node:path';
import type { ReportDocument } from '../../services/reports/document';
import { type WrittenReport, FORMAT_NAMES, renderReport, writeAtomically } from '../../services/reports/render';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import { buildBudgetDocument } from '../../services/reports/budget-document-model';
import { budgetDocument } from '../../services/reports/budget-document';
import { chromiumPrinter } from '../../services/reports/pdf';
import type { HandlerContext } from '../context';

/** Which budget: a year and a version of it ('current': the budget in force at the end of the year), the unit and the sign presentation. */
const budgetDocumentInput = {
  year: z.number().int().min(2000).max(2100),
  version: z.string().min(1).max(80).default('current'),
  /** kr (default: the document goes to the ekonomisystem and the nämnd to the krona), tkr or mnkr. */
  unit: z.enum(['kr', 'tkr', 'mnkr']).default('kr'),
  sign: z.enum(['costs-positive', 'costs-negative']).optional(),
};
const budgetDocumentSchema = z.strictObject(budgetDocumentInput);

function doc(input: z.output<typeof budgetDocumentSchema>, ctx: HandlerContext) {
  return budgetDocument(buildBudgetDocument(ctx.db, { year: input.year, version: input.version, unit: input.unit, ...(input.sign ? { sign: input.sign } : {}), now: ctx.now() }));
}

/** The budget document ("Mål och budget"): ramar, changes, investments, personnel, interna köp and nämndmål of a budget version. */
export const budgetDocumentChannels = {
  'reports.budget.preview': channel<ReportDocument>()(budgetDocumentSchema, async (input, ctx) => doc(input, ctx)),
  'reports.budget.export': channel<WrittenReport>()(
    z.strictObject({ ...budgetDocumentInput, format: z.enum(['pdf', 'xlsx', 'docx']), file: fileRefSchema }),
    { heavy: true },
    async (input, ctx) => {
      const file = ctx.files.writable(input.file);
      const task = `Skapar budgetdokumentet (${FORMAT_NAMES[input.format]})`;
      ctx.progress({ task, done: 0, total: 3 });
      const d = doc(input, ctx);
      ctx.progress({ task, done: 1, total: 3 });
      const bytes = await renderReport(d, input.format, ctx.pdf ?? chromiumPrinter);
      ctx.progress({ task, done: 2, total: 3 });
      writeAtomically(file, bytes);
      ctx.progress({ task, done: 3, total: 3 });
      return { file: path.basename(file), format: input.format, bytes: bytes.length, title: `${d.title} – ${d.subtitle}`, notice: null };
    },
  ),
};

export type { BudgetDocumentUnit } from '../../services/reports/budget-document-model';
