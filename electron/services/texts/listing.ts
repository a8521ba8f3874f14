import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { CommentStatus, OrgLevel } from '../../../db/schema';
import { occasionForPeriod } from '../followup/calendar';
import type { Actor } from '../followup/model';
import { textRound } from './sections';

/** One text as `ramkoll texts --json` writes it. */
export interface CliTextRow {
  occasion: string;
  period: number;
  kind: string;
  kindName: string;
  code: string;
  name: string;
  level: OrgLevel | null;
  status: CommentStatus;
  author: string;
  updatedAt: string;
  returnNote: string | null;
  text: string;
}

/** Every text of the occasion of a period that this installation sees, in report order. */
export function listTexts(db: Db, actor: Actor, period: number): CliTextRow[] {
  const occasion = occasionForPeriod(db, period);
  if (!occasion) {
    throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för ${period}. Lägg upp det under Årshjul (eller ramkoll calendar) först.`, [
      { column: 'Tillfälle', value: String(period), message: 'inget tillfälle för perioden' },
    ]);
  }
  const round = textRound(db, actor, occasion.id);
  return round.sections.map((s) => ({
    occasion: occasion.name,
    period: occasion.period,
    kind: s.kind,
    kindName: s.kindName,
    code: s.code,
    name: s.name,
    level: s.level,
    status: s.status,
    author: s.author,
    updatedAt: s.updatedAt,
    returnNote: s.returnNote,
    text: s.body,
  }));
}
