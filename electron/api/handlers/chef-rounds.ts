import { RamkollError } from '../../../db/errors';
import { actorOf } from '../../services/followup/actor';
import { occasionForPeriod } from '../../services/followup/calendar';
import { actOnForecast, forecastRound } from '../../services/rounds/forecast-round';
import { listWriteSettings, setWriteSetting } from '../../services/rounds/write-settings';
import type { CHEF_ROUNDS_CHANNELS } from '../channel-names/chef-rounds';
import type { HandlerMap } from './types';

export const chefRoundsHandlers: HandlerMap<(typeof CHEF_ROUNDS_CHANNELS)[number]> = {
  'round.writeSettings.get': async (input, ctx) => listWriteSettings(ctx.db, input),
  'round.writeSettings.set': async (input, ctx) => setWriteSetting(ctx.db, actorOf(ctx), input),
  'round.prognos.list': async (input, ctx) => {
    if ('occasionId' in input) return forecastRound(ctx.db, actorOf(ctx), input.occasionId);
    const occasion = occasionForPeriod(ctx.db, input.period);
    if (!occasion) throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för period ${input.period}. Se årshjulet under Uppföljning.`);
    return forecastRound(ctx.db, actorOf(ctx), occasion.id);
  },
  'round.prognos.act': async (input, ctx) => actOnForecast(ctx.db, actorOf(ctx), input),
};
