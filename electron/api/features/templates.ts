import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import { type ReportTemplate, type TemplateInput, defaultTemplate, FIGURE_SECTIONS, getTemplate, saveTemplate } from '../../services/templates/template';
import { fileRefSchema } from './core';
import { channel } from '../contract/define';
import { RamkollError } from '../../../db/errors';
import { logoDataUrl, MAX_LOGO_BYTES } from '../../services/reports/settings';

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
export const templatesChannels = {
  'template.get': channel<TemplateView>()(z.strictObject({}), async (_input, ctx) => {
    const template = getTemplate(ctx.db);
    const draft: TemplateInput = template
      ? { sections: template.sections.map((s) => ({ code: s.code, heading: s.heading, guidance: s.guidance })), unit: template.unit, logo: template.logo, cover: template.cover }
      : defaultTemplate(ctx.db);
    return { template, canEdit: ctx.site.role === 'ekonomi', draft, figureSections: FIGURE_SECTIONS.map((s) => ({ ...s })) };
  }),
  /** Ekonomi saves the template (the next version); logoFile: a PNG, JPEG or SVG file to read as the logo. */
  'template.save': channel<ReportTemplate>()(z.strictObject({ template: z.unknown(), logoFile: fileRefSchema.optional() }), async (input, ctx) => {
    let raw = input.template;
    if (input.logoFile !== undefined) {
      const file = ctx.files.readable(input.logoFile);
      const size = fs.statSync(file).size;
      if (size > MAX_LOGO_BYTES) throw new RamkollError('BAD_FILE', `${path.basename(file)} är ${Math.round(size / 1024)} kB; logotypen får vara högst ${MAX_LOGO_BYTES / 1024} kB.`);
      const logo = logoDataUrl(path.basename(file), fs.readFileSync(file));
      raw = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, logo } : raw;
    }
    return saveTemplate(ctx.db, { role: ctx.site.role, siteId: ctx.site.id, now: ctx.now() }, raw);
  }),
};

export type { ReportTemplate, TemplateInput, TemplateSection } from '../../services/templates/template';
