import { z } from 'zod';
import type { ReportTemplate, TemplateInput } from '../../services/templates/template';
import { fileRefSchema } from './core';
import { channel } from './define';

export type { ReportTemplate, TemplateInput, TemplateSection } from '../../services/templates/template';

export interface TemplateView {
  /** The template in force here (Ekonomi's own, or the one received from Ekonomi), or null: none yet. */
  template: ReportTemplate | null;
  /** Ekonomi's installation: it edits the template; every other reads it. */
  canEdit: boolean;
  /** What the editor starts from: the template, or without one today's sections and headings. */
  draft: TemplateInput;
  /** The figure sections' codes and default headings, so the editor can tell them from text sections. */
  figureSections: { code: string; heading: string }[];
}

/** The kommun's report template (issue 19 point 2): templates/template.ts; the template itself is checked there. */
export const templatesContract = {
  'template.get': channel<TemplateView>()(z.strictObject({})),
  /** Ekonomi saves the template (the next version); logoFile: a PNG, JPEG or SVG file to read as the logo. */
  'template.save': channel<ReportTemplate>()(z.strictObject({ template: z.unknown(), logoFile: fileRefSchema.optional() })),
};
