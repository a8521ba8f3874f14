import { z } from 'zod';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OccasionKind } from '../../../db/schema';
import { naturalId } from '../ids';
import { getSetting } from '../settings';
import { TEXT_LIMITS } from '../text-limits';
import { BUILT_IN_TEXT_KINDS, textKindId } from '../texts/kinds';
import type { ReportUnit } from '../reports/types';

/**
 * The kommun's report template (issue 19 point 2): which sections a report
 * has, in which order, under which headings with which guiding questions,
 * and its unit, logo and cover. Ekonomi defines it once and sends it in a
 * package; every förvaltning that has received it builds its reports by it.
 *
 * What the controller may change: nothing of it. The template is there so
 * that the kommuntotal reads as one document, and a section one förvaltning
 * added would be a hole in every other's; a förvaltning that needs another
 * section asks Ekonomi, who adds it for the kommun. The controller still
 * writes the texts, chooses the sign presentation, and, without a template,
 * keeps today's local settings and sections.
 */

/** The figure sections the report builders produce (reports/document*.ts), by their section ids, with their default headings. */
export const FIGURE_SECTIONS: readonly { code: string; heading: string }[] = [
  { code: 'resultat', heading: 'Resultat och prognos' },
  { code: 'verksamhet', heading: 'Resultat och prognos per {nivå}' },
  { code: 'analys', heading: 'Ekonomisk analys' },
  { code: 'atgarder', heading: 'Åtgärder för budget i balans' },
  { code: 'atgardsplaner', heading: 'Åtgärdsplaner vid stora avvikelser' },
  { code: 'prognossakerhet', heading: 'Prognossäkerhet' },
  { code: 'mal', heading: 'Mål- och resultatuppföljning' },
  { code: 'investeringar', heading: 'Investeringsredovisning' },
];
const FIGURE_CODES = new Set(FIGURE_SECTIONS.map((s) => s.code));
export const isFigureSection = (code: string) => FIGURE_CODES.has(code);

/** "{nivå}" in a heading is the level the rows are of: sektor in a förvaltning's report, förvaltning in the kommuntotal. */
export const LEVEL_TOKEN = '{nivå}';

export const OCCASION_KINDS: readonly OccasionKind[] = ['monthly', 'monthly_forecast', 'tertial', 'interim', 'annual'];

export const TEMPLATE_LIMITS = { sections: 40, heading: TEXT_LIMITS.name, guidance: TEXT_LIMITS.note, coverText: TEXT_LIMITS.comment, title: TEXT_LIMITS.name } as const;

const sectionSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'koden skrivs med små bokstäver a–z, siffror, - och _ (högst 40 tecken)'),
  heading: z.string().trim().min(1, 'rubriken saknas').max(TEMPLATE_LIMITS.heading),
  guidance: z.string().trim().max(TEMPLATE_LIMITS.guidance).default(''),
});

const coverSchema = z.strictObject({
  /** The front page's title per kind of occasion ("Delårsrapport"); a kind left out keeps the occasion's name. */
  titles: z.partialRecord(z.enum(OCCASION_KINDS as [OccasionKind, ...OccasionKind[]]), z.string().trim().min(1).max(TEMPLATE_LIMITS.title)).default({}),
  /** A text on the front page, below the facts. */
  text: z.string().trim().max(TEMPLATE_LIMITS.coverText).default(''),
});

/** What Ekonomi saves: checked by zod here, by the UI's form and by `ramkoll template set`. */
export const templateInputSchema = z.strictObject({
  sections: z
    .array(sectionSchema)
    .min(1, 'mallen behöver minst ett avsnitt')
    .max(TEMPLATE_LIMITS.sections)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((s, i) => {
        if (seen.has(s.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `avsnittet ${s.code} finns två gånger` });
        seen.add(s.code);
      });
    }),
  unit: z.enum(['tkr', 'mnkr']),
  /** data: URL of the logo (settings.ts logoDataUrl) or null. */
  logo: z.string().max(800_000).regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, 'logotypen ska vara en data:-URL för en PNG-, JPEG- eller SVG-bild').nullable().default(null),
  cover: coverSchema.default({ titles: {}, text: '' }),
});
export type TemplateInput = z.input<typeof templateInputSchema>;
export type TemplateSection = z.output<typeof sectionSchema>;
export type TemplateCover = z.output<typeof coverSchema>;

export interface ReportTemplate {
  version: number;
  issuedAt: string;
  issuedBy: string;
  /** When this installation received it (the package's time); Ekonomi's own: when it was saved. */
  receivedAt: string;
  /** Ekonomi's own template, or one received from Ekonomi. */
  origin: 'own' | 'received';
  sections: (TemplateSection & { kind: 'figure' | 'text' })[];
  unit: ReportUnit;
  logo: string | null;
  cover: TemplateCover;
}

export const TEMPLATE_ID = naturalId('report-template', 'kommun');

/** A Swedish message with the place of each problem, for zod's issues. */
export function templateProblems(issues: readonly z.core.$ZodIssue[]): { message: string; details: { column: string; message: string }[] } {
  const where = (p: readonly PropertyKey[]) => p.map((x) => (typeof x === 'number' ? `[${x + 1}]` : `.${String(x)}`)).join('').replace(/^\./, '') || '(hela mallen)';
  const details = issues.map((i) => ({ column: where(i.path), message: i.message }));
  return { message: `Rapportmallen duger inte: ${details.map((d) => `${d.column}: ${d.message}`).join('; ')}.`, details };
}

/** The template as stored, or null when none has been received (the förvaltning's own settings and sections then apply). */
export function getTemplate(db: Db): ReportTemplate | null {
  const r = db.first(db.q.selectFrom('report_template').selectAll().where('id', '=', TEMPLATE_ID).where('deleted_at', 'is', null));
  if (!r) return null;
  const received = db.prepare(
    `SELECT p.handled_at FROM xchg_change c JOIN xchg_package p ON p.id = c.package_id WHERE c.tbl = 'report_template' AND c.row_id = ? AND c.field = 'version' ORDER BY c.seq DESC LIMIT 1`,
  ).pluck().get(TEMPLATE_ID) as string | undefined;
  const sections = z.array(sectionSchema).safeParse(JSON.parse(r.sections_json));
  const cover = coverSchema.safeParse(JSON.parse(r.cover_json));
  return {
    version: r.version,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by,
    receivedAt: received ?? r.issued_at,
    origin: received ? 'received' : 'own',
    sections: (sections.success ? sections.data : []).map((s) => ({ ...s, kind: isFigureSection(s.code) ? ('figure' as const) : ('text' as const) })),
    unit: r.unit,
    logo: r.logo === '' ? null : r.logo,
    cover: cover.success ? cover.data : { titles: {}, text: '' },
  };
}

/** The template a new Ekonomi starts from: today's order and headings, the built-in text sections first as the report has them. */
export function defaultTemplate(db: Db): TemplateInput {
  const kinds = db.all(db.q.selectFrom('text_section_kind').select(['code', 'name', 'guidance']).where('deleted_at', 'is', null).orderBy('sort_order').orderBy('code'));
  return {
    sections: [
      ...(kinds.length > 0 ? kinds.map((k) => ({ code: k.code, heading: k.name, guidance: k.guidance })) : BUILT_IN_TEXT_KINDS.map((k) => ({ code: k.code, heading: k.name, guidance: k.guidance }))),
      ...FIGURE_SECTIONS.map((s) => ({ ...s, guidance: '' })),
    ],
    unit: getSetting(db, 'reports.unit'),
    logo: null,
    cover: { titles: {}, text: '' },
  };
}

/**
 * Ekonomi saves the kommun's template: the next version, and the text
 * sections it names as text_section_kind rows in its order (those it leaves
 * out removed), so one package carries both to every controller.
 */
export function saveTemplate(db: Db, actor: { role: string; siteId: string; now: Date }, raw: unknown): ReportTemplate {
  if (actor.role !== 'ekonomi') throw new RamkollError('FORBIDDEN', 'Bara Ekonomi bestämmer rapportmallen; den kommer till förvaltningarna i ett paket från Ekonomi.');
  const parsed = templateInputSchema.safeParse(raw);
  if (!parsed.success) {
    const p = templateProblems(parsed.error.issues);
    throw new RamkollError('INVALID_INPUT', p.message, p.details);
  }
  const t = parsed.data;
  const at = actor.now.toISOString();
  db.tx(() => {
    const current = db.first(db.q.selectFrom('report_template').select(['version']).where('id', '=', TEMPLATE_ID));
    const values = {
      version: (current?.version ?? 0) + 1,
      issued_at: at,
      issued_by: getSetting(db, 'kommun.name') || 'Ekonomi',
      sections_json: JSON.stringify(t.sections),
      unit: t.unit,
      logo: t.logo ?? '',
      cover_json: JSON.stringify(t.cover),
      updated_at: at,
      updated_by_site: actor.siteId,
      deleted_at: null,
    };
    if (current) db.run(db.q.updateTable('report_template').set(values).where('id', '=', TEMPLATE_ID));
    else db.run(db.q.insertInto('report_template').values({ id: TEMPLATE_ID, created_at: at, ...values }));
    syncTextKinds(db, t.sections.filter((s) => !isFigureSection(s.code)), actor.siteId, at);
  });
  return getTemplate(db)!;
}

/** text_section_kind as the template says: heading, guiding question, place (its index × 10); kinds it leaves out are removed. */
function syncTextKinds(db: Db, sections: readonly TemplateSection[], siteId: string, at: string): void {
  const live = new Map(db.all(db.q.selectFrom('text_section_kind').select(['id', 'code', 'name', 'guidance', 'sort_order', 'deleted_at'])).map((k) => [k.code, k]));
  sections.forEach((s, i) => {
    const sortOrder = (i + 1) * 10;
    const k = live.get(s.code);
    if (!k) {
      db.run(db.q.insertInto('text_section_kind').values({ id: textKindId(s.code), code: s.code, name: s.heading, guidance: s.guidance, sort_order: sortOrder, created_at: at, updated_at: at, updated_by_site: siteId, deleted_at: null }));
    } else if (k.name !== s.heading || k.guidance !== s.guidance || k.sort_order !== sortOrder || k.deleted_at !== null) {
      db.run(db.q.updateTable('text_section_kind').set({ name: s.heading, guidance: s.guidance, sort_order: sortOrder, deleted_at: null, updated_at: at, updated_by_site: siteId }).where('id', '=', k.id));
    }
  });
  const keep = new Set(sections.map((s) => s.code));
  for (const k of live.values()) {
    if (!keep.has(k.code) && k.deleted_at === null) db.run(db.q.updateTable('text_section_kind').set({ deleted_at: at, updated_at: at, updated_by_site: siteId }).where('id', '=', k.id));
  }
}

/** Refuses a change of what the template decides, in an installation that has one. */
export function refuseUnderTemplate(db: Db, what: string): void {
  const t = getTemplate(db);
  if (t) throw new RamkollError('FORBIDDEN', `${what} bestäms av rapportmallen från Ekonomi (version ${t.version}). Be Ekonomi ändra mallen och skicka den i ett paket.`);
}
