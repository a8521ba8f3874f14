import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import { type ReportDocument, reportDocument } from '../../services/reports/document';
import { type WrittenReport, FORMAT_NAMES, renderReport, writeAtomically } from '../../services/reports/render';
import { type ReportSettings, getReportSettings, logoDataUrl, MAX_LOGO_BYTES, saveReportSettings } from '../../services/reports/settings';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import { RamkollError } from '../../../db/errors';
import { listOccasions } from '../../services/followup/calendar';
import { hasSnapshot } from '../../services/followup/facts';
import { OCCASION_KIND_NAMES } from '../../services/followup/model';
import { OrgTree } from '../../services/figures/org-tree';
import { buildReport } from '../../services/reports/build';
import { coverageNotice, coverageOf, outcomeMonths } from '../../services/reports/coverage';
import { kommuntotalModel } from '../../services/reports/kommuntotal';
import { chromiumPrinter } from '../../services/reports/pdf';
import { onlyScope, reportScopeFor } from '../../services/reports/site-scope';
import type { ReportModel } from '../../services/reports/types';
import { getSetting } from '../../services/settings';
import type { HandlerContext } from '../context';

const periodSchema = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, { message: 'perioden skrivs ÅÅÅÅMM, t.ex. 202608' });
const unitSchema = z.enum(['tkr', 'mnkr']);
const signSchema = z.enum(['costs-positive', 'costs-negative']);

/** What to report on: an occasion (its period), the whole förvaltning or one sektor, or a kommuntotal of several databases. */
const reportInput = {
  period: periodSchema,
  /** An ansvar code (a sektor); null: the whole förvaltning. */
  scope: z.string().min(1).max(40).nullable().default(null),
  unit: unitSchema.optional(),
  sign: signSchema.optional(),
  /** Kommuntotal: the förvaltningar's databases (file references); the report is their sum. */
  sources: z.array(fileRefSchema).max(50).default([]),
};
const reportSchema = z.strictObject(reportInput);

export interface ReportOccasionOption {
  period: number;
  name: string;
  kindName: string;
  locked: boolean;
  /** "Utfall saknas för november–december; rapporten är preliminär." when months of the occasion lack outcome. */
  notice: string | null;
}

export interface ReportOptionsView {
  year: number;
  occasions: ReportOccasionOption[];
  /** The latest occasion with outcome, else the latest one. */
  defaultPeriod: number | null;
  /** The sektorer (the whole förvaltning is the other choice); a sektorchef's installation: its own sektor only. */
  scopes: { code: string; name: string }[];
  /** A sektorchef's installation holds only its sektor: reports are of it, never of the whole förvaltning. */
  onlyScope: string | null;
  administration: string;
  settings: ReportSettings;
}

type ReportInput = Pick<z.output<typeof reportSchema>, 'period' | 'scope' | 'unit' | 'sign' | 'sources'>;

async function model(input: ReportInput, ctx: HandlerContext): Promise<ReportModel> {
  const opts = { period: input.period, now: ctx.now(), ...(input.unit ? { unit: input.unit } : {}), ...(input.sign ? { sign: input.sign } : {}) };
  if (input.sources.length > 0) return kommuntotalModel(input.sources.map((s) => ctx.files.readable(s)), opts);
  return buildReport(ctx.db, { ...opts, scope: reportScopeFor(ctx.db, ctx.site, input.scope) });
}

/** Nämnd reports: the report of an occasion previewed, exported as PDF, Excel or Word, and the report settings. */
export const reportsChannels = {
  'reports.options': channel<ReportOptionsView>()(z.strictObject({ year: z.number().int().min(2000).max(2100).optional() }), async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    const occasions = listOccasions(ctx.db, year);
    const latest = (ctx.db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(year * 100 + 1, year * 100 + 12) as { p: number | null }).p;
    const withOutcome = occasions.filter((o) => latest !== null && o.period <= latest);
    const ledgerMonths = outcomeMonths(ctx.db, year * 100 + 12, null);
    const org = OrgTree.load(ctx.db);
    const only = onlyScope(ctx.site);
    const own = only === null ? undefined : org.byCode.get(only);
    const scopes = own ? [{ code: own.code, name: own.name }] : org.roots.flatMap((r) => (org.children.get(r.code) ?? []).map((c) => ({ code: c.code, name: c.name })));
    return {
      year,
      occasions: occasions.map((o) => ({
        period: o.period,
        name: o.name,
        kindName: OCCASION_KIND_NAMES[o.kind],
        locked: o.lockedAt !== null,
        // What each occasion's report would say: a locked one by its snapshot, an open one by the ledger (read once for the year).
        notice: coverageNotice(coverageOf(o.period, o.lockedAt !== null && hasSnapshot(ctx.db, o.id) ? outcomeMonths(ctx.db, o.period, o.id) : ledgerMonths)),
      })),
      defaultPeriod: (withOutcome[withOutcome.length - 1] ?? occasions[occasions.length - 1])?.period ?? null,
      scopes,
      onlyScope: own ? own.code : null,
      administration: getSetting(ctx.db, 'administration.name'),
      settings: getReportSettings(ctx.db),
    };
  }),
  'reports.preview': channel<ReportDocument>()(reportSchema, async (input, ctx) => reportDocument(await model(input, ctx))),
  'reports.export': channel<WrittenReport>()(z.strictObject({ ...reportInput, format: z.enum(['pdf', 'xlsx', 'docx']), file: fileRefSchema }), { heavy: true }, async (input, ctx) => {
    const file = ctx.files.writable(input.file);
    const task = `Skapar rapporten (${FORMAT_NAMES[input.format]})`;
    ctx.progress({ task, done: 0, total: 3 });
    const doc = reportDocument(await model(input, ctx));
    ctx.progress({ task, done: 1, total: 3 });
    const bytes = await renderReport(doc, input.format, ctx.pdf ?? chromiumPrinter);
    ctx.progress({ task, done: 2, total: 3 });
    writeAtomically(file, bytes);
    ctx.progress({ task, done: 3, total: 3 });
    return { file: path.basename(file), format: input.format, bytes: bytes.length, title: `${doc.title} – ${doc.subtitle}`, notice: doc.notice };
  }),
  'reports.settings.save': channel<ReportSettings>()(
    z.strictObject({ unit: unitSchema.optional(), sign: signSchema.optional(), logo: fileRefSchema.nullable().optional() }),
    async (input, ctx) => {
      let logo: string | null | undefined;
      if (input.logo === null) logo = null;
      else if (input.logo !== undefined) {
        const file = ctx.files.readable(input.logo);
        const size = fs.statSync(file).size;
        if (size > MAX_LOGO_BYTES) throw new RamkollError('BAD_FILE', `${path.basename(file)} är ${Math.round(size / 1024)} kB; logotypen får vara högst ${MAX_LOGO_BYTES / 1024} kB.`);
        logo = logoDataUrl(path.basename(file), fs.readFileSync(file));
      }
      return saveReportSettings(ctx.db, { ...(input.unit ? { unit: input.unit } : {}), ...(input.sign ? { sign: input.sign } : {}), ...(logo !== undefined ? { logo } : {}) });
    },
  ),
};

export type { BarChartBlock, Block, Cell, DocSection, MonthChartBlock, ReportDocument, TableBlock } from '../../services/reports/document';
export type { WrittenReport } from '../../services/reports/render';
export type { ReportSettings } from '../../services/reports/settings';
export type { ReportFormat, ReportUnit, SignPresentation } from '../../services/reports/types';
