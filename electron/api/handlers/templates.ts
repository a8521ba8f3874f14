import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { logoDataUrl, MAX_LOGO_BYTES } from '../../services/reports/settings';
import { defaultTemplate, FIGURE_SECTIONS, getTemplate, saveTemplate, type TemplateInput } from '../../services/templates/template';
import type { TEMPLATES_CHANNELS } from '../channel-names/templates';
import type { HandlerMap } from './types';

export const templatesHandlers: HandlerMap<(typeof TEMPLATES_CHANNELS)[number]> = {
  'template.get': async (_input, ctx) => {
    const template = getTemplate(ctx.db);
    const draft: TemplateInput = template
      ? { sections: template.sections.map((s) => ({ code: s.code, heading: s.heading, guidance: s.guidance })), unit: template.unit, logo: template.logo, cover: template.cover }
      : defaultTemplate(ctx.db);
    return { template, canEdit: ctx.site.role === 'ekonomi', draft, figureSections: FIGURE_SECTIONS.map((s) => ({ ...s })) };
  },
  'template.save': async (input, ctx) => {
    let raw = input.template;
    if (input.logoFile !== undefined) {
      const file = ctx.files.readable(input.logoFile);
      const size = fs.statSync(file).size;
      if (size > MAX_LOGO_BYTES) throw new RamkollError('BAD_FILE', `${path.basename(file)} är ${Math.round(size / 1024)} kB; logotypen får vara högst ${MAX_LOGO_BYTES / 1024} kB.`);
      const logo = logoDataUrl(path.basename(file), fs.readFileSync(file));
      raw = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, logo } : raw;
    }
    return saveTemplate(ctx.db, { role: ctx.site.role, siteId: ctx.site.id, now: ctx.now() }, raw);
  },
};
