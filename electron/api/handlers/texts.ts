import { actorOf } from '../../services/followup/actor';
import { saveTextKind } from '../../services/texts/kinds';
import { listTexts } from '../../services/texts/listing';
import { changeTextStatus, getTextDetail, saveText, textRound } from '../../services/texts/sections';
import type { TEXTS_CHANNELS } from '../channel-names/texts';
import type { HandlerMap } from './types';

export const textsHandlers: HandlerMap<(typeof TEXTS_CHANNELS)[number]> = {
  'texts.round': async (input, ctx) => textRound(ctx.db, actorOf(ctx), input.occasionId),
  'texts.get': async (input, ctx) => getTextDetail(ctx.db, actorOf(ctx), input.occasionId, input.code, input.kind),
  'texts.save': async (input, ctx) => saveText(ctx.db, actorOf(ctx), input),
  'texts.status': async (input, ctx) => changeTextStatus(ctx.db, actorOf(ctx), input),
  'texts.list': async (input, ctx) => listTexts(ctx.db, actorOf(ctx), input.period),
  'texts.kinds.save': async (input, ctx) => saveTextKind(ctx.db, actorOf(ctx), input),
};
