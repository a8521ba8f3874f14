import type { z } from 'zod';
import { CHEF_ROLES } from '../../../shared/roles';
import { TEXT_LIMITS } from '../text-limits';
import { isFigureSection, templateInputSchema, TEMPLATE_ID } from '../templates/template';
import type { ExchangedTable, ExchangedValue, FieldDef, RowContext, ValueType } from './registry-types';
import { chefsSee } from './registry-chefs';

/**
 * The report template in the exchange (issue 19 point 2): only Ekonomi
 * writes it. A controller relays it to its chefs (they read its headings and
 * guiding questions in Uppföljning › Texter), but to Ekonomi or another
 * controller a controller's change of it is refused, as is any chef's.
 */

const field = (name: string, label: string, type: ValueType, max?: number, check?: (v: ExchangedValue) => string | null): FieldDef => ({
  name,
  label,
  columns: [name],
  type,
  ...(max !== undefined ? { max } : {}),
  ...(check ? { check } : {}),
});

const shape = templateInputSchema.shape;
const jsonOf = (schema: z.ZodType, what: string) => (v: ExchangedValue) => {
  if (typeof v !== 'string') return `${what} ska vara text`;
  try {
    return schema.safeParse(JSON.parse(v)).success ? null : `${what} följer inte rapportmallens form`;
  } catch {
    return `${what} är ingen JSON`;
  }
};

export const TEMPLATE_TABLES: readonly ExchangedTable[] = [
  {
    table: 'report_template',
    label: 'rapportmall',
    plural: 'rapportmallar',
    key: 'id',
    synced: true,
    fields: [
      field('version', 'version', 'int'),
      field('issued_at', 'utfärdad', 'text', TEXT_LIMITS.date),
      field('issued_by', 'utfärdad av', 'text', TEXT_LIMITS.name),
      field('sections_json', 'avsnitt', 'text', TEXT_LIMITS.document, jsonOf(shape.sections, 'avsnitten')),
      field('unit', 'enhet', 'text', TEXT_LIMITS.code, (v) => (v === 'tkr' || v === 'mnkr' ? null : 'enheten är tkr eller mnkr')),
      field('logo', 'logotyp', 'text', 800_000, (v) => (v === '' || shape.logo.safeParse(v).success ? null : 'logotypen ska vara en data:-URL för en bild')),
      field('cover_json', 'försättsblad', 'text', TEXT_LIMITS.document, jsonOf(shape.cover, 'försättsbladet')),
      field('deleted_at', 'borttagen', 'text?', TEXT_LIMITS.date),
    ],
    describe: (r) => `'Rapportmall version ' || ${r}.version`,
    // Ekonomi's alone (templates/template.ts); the template is read from its one row, TEMPLATE_ID.
    writers: [{ role: 'ekonomi' }],
    relay: [{ by: 'controller', to: CHEF_ROLES }],
    visibleTo: { controller: 'all', ...chefsSee('all'), ekonomi: 'all' },
  },
];

/**
 * A controller's text_section_kind row in an installation with a template:
 * accepted only when it says what the template says (Ekonomi's sections
 * relayed to a chef), so a controller cannot add or change a section of the
 * kommun's template by a package.
 */
export function kindAgreesWithTemplate(get: (field: string) => ExchangedValue, c: RowContext): boolean {
  const sections = c.scalar(`SELECT sections_json FROM report_template WHERE id = ? AND deleted_at IS NULL`, TEMPLATE_ID);
  if (typeof sections !== 'string') return true;
  // The merge asks about the row as it is here too: that is no change of the controller's, whatever the template says.
  const asHere = c.scalar(
    'SELECT 1 FROM text_section_kind WHERE id = ? AND code IS ? AND name IS ? AND guidance IS ? AND sort_order IS ? AND deleted_at IS ?',
    get('id'), get('code'), get('name'), get('guidance'), get('sort_order'), get('deleted_at'),
  );
  if (asHere !== null) return true;
  let list: { code: string; heading: string; guidance: string }[];
  try {
    list = JSON.parse(sections) as typeof list;
  } catch {
    return false;
  }
  const texts = list.filter((s) => !isFigureSection(s.code));
  const i = texts.findIndex((s) => s.code === get('code'));
  if (get('deleted_at') !== null) return i < 0;
  const s = texts[i];
  return s !== undefined && s.heading === get('name') && (s.guidance ?? '') === get('guidance') && (i + 1) * 10 === get('sort_order');
}
