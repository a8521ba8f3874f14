import { z } from 'zod';
import { type TextKind, saveTextKind } from '../../services/texts/kinds';
import { type CliTextRow, listTexts } from '../../services/texts/listing';
import { type TextDetail, type TextRound, type TextSectionView, changeTextStatus, getTextDetail, saveText, textRound } from '../../services/texts/sections';
import { RICH_LIMITS } from '../../../shared/rich-text';
import { TEXT_LIMITS } from '../../services/text-limits';
import { channel } from '../contract/define';
import { actorOf } from '../../services/followup/actor';

const id = z.string().min(1).max(TEXT_LIMITS.id);
const code = z.string().min(1).max(TEXT_LIMITS.code);
/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202608');

/** Text sections per reporting occasion (issue 19 point 1): texts/sections.ts. */
export const textsChannels = {
  /** The occasion's texts as this installation sees them, the kinds of section and the nodes it writes for. */
  'texts.round': channel<TextRound>()(z.strictObject({ occasionId: id }), async (input, ctx) => textRound(ctx.db, actorOf(ctx), input.occasionId)),
  /** One node's text of one kind, its history, and the texts of the nodes below to draw on. */
  'texts.get': channel<TextDetail>()(z.strictObject({ occasionId: id, code, kind: code }), async (input, ctx) => getTextDetail(ctx.db, actorOf(ctx), input.occasionId, input.code, input.kind)),
  /** Saves the text (an utkast); refused with the lines that are wrong when the text model cannot read it. */
  'texts.save': channel<TextSectionView>()(z.strictObject({ occasionId: id, code, kind: code, body: z.string().max(RICH_LIMITS.chars + 1000) }), async (input, ctx) => saveText(ctx.db, actorOf(ctx), input)),
  'texts.status': channel<TextSectionView>()(
    z.strictObject({ occasionId: id, code, kind: code, action: z.enum(['ready', 'approve', 'return', 'reopen']), note: z.string().max(TEXT_LIMITS.comment).optional() }),
    async (input, ctx) => changeTextStatus(ctx.db, actorOf(ctx), input),
  ),
  /** Every text of the occasion of a period (`ramkoll texts`). */
  'texts.list': channel<CliTextRow[]>()(z.strictObject({ period }), async (input, ctx) => listTexts(ctx.db, actorOf(ctx), input.period)),
  /** Adds a kind of section or changes one's heading, guiding question or place (controller, Ekonomi). */
  'texts.kinds.save': channel<TextKind>()(
    z.strictObject({ code, name: z.string().max(TEXT_LIMITS.name), guidance: z.string().max(TEXT_LIMITS.note).default(''), sortOrder: z.number().int().min(0).max(1_000_000).optional() }),
    async (input, ctx) => saveTextKind(ctx.db, actorOf(ctx), input),
  ),
};

export type { TextKind } from '../../services/texts/kinds';
export type { CliTextRow } from '../../services/texts/listing';
export type { TextDetail, TextNode, TextRound, TextSectionView } from '../../services/texts/sections';
