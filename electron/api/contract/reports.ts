import { z } from 'zod';
import type { ReportDocument } from '../../services/reports/document';
import type { WrittenReport } from '../../services/reports/render';
import type { ReportSettings } from '../../services/reports/settings';
import { fileRefSchema } from './core';
import { channel } from './define';

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

/** Nämnd reports: the report of an occasion previewed, exported as PDF, Excel or Word, and the report settings. */
export const reportsContract = {
  'reports.options': channel<ReportOptionsView>()(z.strictObject({ year: z.number().int().min(2000).max(2100).optional() })),
  'reports.preview': channel<ReportDocument>()(z.strictObject(reportInput)),
  'reports.export': channel<WrittenReport>()(z.strictObject({ ...reportInput, format: z.enum(['pdf', 'xlsx', 'docx']), file: fileRefSchema }), { heavy: true }),
  'reports.settings.save': channel<ReportSettings>()(
    z.strictObject({ unit: unitSchema.optional(), sign: signSchema.optional(), logo: fileRefSchema.nullable().optional() }),
  ),
};

export type { BarChartBlock, Block, Cell, DocSection, MonthChartBlock, ReportDocument, TableBlock } from '../../services/reports/document';
export type { WrittenReport } from '../../services/reports/render';
export type { ReportSettings } from '../../services/reports/settings';
export type { ReportFormat, ReportUnit, SignPresentation } from '../../services/reports/types';
