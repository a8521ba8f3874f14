import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { naturalId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';

/**
 * The kinds of text section a report has, in order: data in
 * text_section_kind, so a kommun adds its own (a förvaltningsberättelse's
 * "Miljö" or "Jämställdhet") without a new version of Ramkoll. These are the
 * ones every installation starts with, with natural ids so that two sites
 * that create them meet on the same rows.
 */
export const BUILT_IN_TEXT_KINDS: readonly { code: string; name: string; guidance: string }[] = [
  { code: 'summary', name: 'Sammanfattning', guidance: 'Periodens viktigaste resultat och händelser i korthet: ekonomi, verksamhet och måluppfyllelse.' },
  { code: 'events', name: 'Väsentliga händelser', guidance: 'Vad har hänt under perioden som påverkar verksamheten, ekonomin eller invånarna?' },
  { code: 'future', name: 'Framtid och utmaningar', guidance: 'Vilka utmaningar och förändringar väntar de kommande åren, och hur möter ni dem?' },
  { code: 'personnel', name: 'Personal', guidance: 'Bemanning, kompetensförsörjning, sjukfrånvaro och arbetsmiljö.' },
  { code: 'internal_control', name: 'Intern kontroll', guidance: 'Resultatet av årets kontroller enligt internkontrollplanen och de åtgärder de lett till.' },
];

export interface TextKind {
  id: string;
  code: string;
  name: string;
  guidance: string;
  sortOrder: number;
}

export const textKindId = (code: string) => naturalId('text-kind', code);

/** Creates the built-in kinds that are missing (setup.ts, in its transaction). */
export function ensureTextKinds(db: Db, siteId: string, at: string): void {
  BUILT_IN_TEXT_KINDS.forEach((k, i) => {
    db.run(
      db.q
        .insertInto('text_section_kind')
        .values({ id: textKindId(k.code), code: k.code, name: k.name, guidance: k.guidance, sort_order: (i + 1) * 10, created_at: at, updated_at: at, updated_by_site: siteId, deleted_at: null })
        .onConflict((oc) => oc.doNothing()),
    );
  });
}

/** The live kinds in report order. */
export function textKinds(db: Db): TextKind[] {
  return db
    .all(db.q.selectFrom('text_section_kind').select(['id', 'code', 'name', 'guidance', 'sort_order']).where('deleted_at', 'is', null).orderBy('sort_order').orderBy('code'))
    .map((r) => ({ id: r.id, code: r.code, name: r.name, guidance: r.guidance, sortOrder: r.sort_order }));
}

export interface TextKindInput {
  code: string;
  name: string;
  guidance: string;
  /** Place in the report; left out: last. */
  sortOrder?: number;
}

/**
 * Adds a kind of section or changes one's name, guiding question or place
 * (the controller for the förvaltning, Ekonomi for the kommun; the exchange
 * carries it like other budgetförutsättningar).
 */
export function saveTextKind(db: Db, actor: { role: string; siteId: string; now: Date }, input: TextKindInput): TextKind {
  if (actor.role !== 'controller' && actor.role !== 'ekonomi') throw new RamkollError('FORBIDDEN', 'Bara controllern och Ekonomi lägger till eller ändrar avsnitt i rapporterna.');
  // Under Ekonomi's template the sections are the template's: Ekonomi changes them there (templates/template.ts), the controller not at all.
  if (db.first(db.q.selectFrom('report_template').select('version').where('deleted_at', 'is', null))) {
    throw new RamkollError('FORBIDDEN', actor.role === 'ekonomi' ? 'Avsnitten bestäms av rapportmallen: ändra dem under Rapporter › Rapportmall.' : 'Avsnitten i rapporterna bestäms av rapportmallen från Ekonomi. Be Ekonomi lägga till eller ändra avsnittet i mallen.');
  }
  const code = input.code.trim();
  const name = input.name.trim();
  if (!/^[a-z0-9_-]{1,40}$/.test(code)) {
    throw new RamkollError('INVALID_INPUT', `Avsnittets kod "${input.code}" duger inte: använd små bokstäver a–z, siffror, - och _ (högst 40 tecken), t.ex. miljo.`, [
      { column: 'Kod', value: input.code, message: 'små bokstäver, siffror, - och _' },
    ]);
  }
  if (name === '' || name.length > TEXT_LIMITS.name) throw new RamkollError('INVALID_INPUT', `Avsnittets rubrik ska ha 1–${TEXT_LIMITS.name} tecken.`, [{ column: 'Rubrik', value: input.name, message: 'rubriken saknas eller är för lång' }]);
  if (input.guidance.length > TEXT_LIMITS.note) throw new RamkollError('INVALID_INPUT', `Stödfrågan får vara högst ${TEXT_LIMITS.note} tecken.`);
  const at = actor.now.toISOString();
  return db.tx(() => {
    const existing = db.first(db.q.selectFrom('text_section_kind').select(['id', 'sort_order']).where('code', '=', code));
    const last = db.first(db.q.selectFrom('text_section_kind').select((e) => e.fn.max('sort_order').as('m')))?.m ?? 0;
    const sortOrder = input.sortOrder ?? existing?.sort_order ?? Number(last) + 10;
    if (existing) {
      db.run(
        db.q
          .updateTable('text_section_kind')
          .set({ name, guidance: input.guidance.trim(), sort_order: sortOrder, updated_at: at, updated_by_site: actor.siteId, deleted_at: null })
          .where('id', '=', existing.id),
      );
    } else {
      db.run(
        db.q
          .insertInto('text_section_kind')
          .values({ id: textKindId(code), code, name, guidance: input.guidance.trim(), sort_order: sortOrder, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }),
      );
    }
    return textKinds(db).find((k) => k.code === code)!;
  });
}
