import type { Db } from '../../../db/index';
import { getTemplate, LEVEL_TOKEN } from '../templates/template';
import { stockholmDate } from '../../../shared/dates';
import type { DocSection } from './document-types';
import type { ReportModel, ReportTemplatePart } from './types';

/**
 * The report by the kommun's template (issue 19 point 2): its sections in
 * the template's order under the template's headings. A section the
 * template does not name (one a newer Ramkoll builds that the template
 * predates) comes after them in the report's own order, so no figure is lost;
 * a text section the template left out has no kind any more and so no section.
 */
export function templatePart(db: Db): ReportTemplatePart | null {
  const t = getTemplate(db);
  if (!t) return null;
  return { version: t.version, issuedAt: t.issuedAt, unit: t.unit, sections: t.sections.map((s) => ({ code: s.code, heading: s.heading })), titles: t.cover.titles, coverText: t.cover.text };
}

/** The section's code in a template: a text section's kind, a figure section's id. */
export const sectionCode = (s: DocSection) => (s.id.startsWith('text-') ? s.id.slice('text-'.length) : s.id);

export function inTemplateOrder(sections: readonly DocSection[], m: ReportModel): DocSection[] {
  const t = m.template;
  if (!t) return [...sections];
  const place = new Map(t.sections.map((s, i) => [s.code, i]));
  const heading = new Map(t.sections.map((s) => [s.code, s.heading.replaceAll(LEVEL_TOKEN, m.unitLevelName)]));
  const ranked = sections.map((s, i) => ({ s, i, p: place.get(sectionCode(s)) ?? t.sections.length + i }));
  ranked.sort((a, b) => a.p - b.p || a.i - b.i);
  return ranked.map(({ s }) => {
    const h = heading.get(sectionCode(s));
    return h === undefined ? s : { ...s, title: h, sheet: sheetName(h) };
  });
}

/** An Excel sheet's name: 31 characters at most, none of []:*?/\\. */
const sheetName = (h: string) => h.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Avsnitt';

/** The front page's title: the template's for the kind of occasion, with the period, or the occasion's name. */
export function templateTitle(m: ReportModel): string {
  const title = m.template?.titles[m.front.kind];
  return title ? `${title} ${m.front.periodText}` : m.front.occasionName;
}

/** The front page's facts the template adds: its cover text and which template the report follows. */
export function templateFacts(m: ReportModel): { label: string; value: string }[] {
  const t = m.template;
  if (!t) return [];
  return [
    ...(t.coverText !== '' ? [{ label: 'Om rapporten', value: t.coverText }] : []),
    { label: 'Rapportmall', value: t.note ?? `version ${t.version} från Ekonomi, ${stockholmDate(new Date(t.issuedAt))}` },
  ];
}
