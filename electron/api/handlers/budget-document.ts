import path from 'node:path';
import { buildBudgetDocument } from '../../services/reports/budget-document-model';
import { budgetDocument } from '../../services/reports/budget-document';
import { chromiumPrinter } from '../../services/reports/pdf';
import { FORMAT_NAMES, renderReport, writeAtomically } from '../../services/reports/render';
import type { BUDGET_DOCUMENT_CHANNELS } from '../channel-names/budget-document';
import type { HandlerContext } from '../context';
import type { ParsedInput } from '../contract/index';
import type { HandlerMap } from './types';

function doc(input: ParsedInput<'reports.budget.preview'>, ctx: HandlerContext) {
  return budgetDocument(buildBudgetDocument(ctx.db, { year: input.year, version: input.version, unit: input.unit, ...(input.sign ? { sign: input.sign } : {}), now: ctx.now() }));
}

export const budgetDocumentHandlers: HandlerMap<(typeof BUDGET_DOCUMENT_CHANNELS)[number]> = {
  'reports.budget.preview': async (input, ctx) => doc(input, ctx),
  'reports.budget.export': async (input, ctx) => {
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
};
