import { z } from 'zod';
import { type ForecastRound, type ForecastRoundNode, actOnForecast, forecastRound } from '../../services/rounds/forecast-round';
import { type WriteSettings, listWriteSettings, setWriteSetting } from '../../services/rounds/write-settings';
import { TEXT_LIMITS } from '../../services/text-limits';
import { WRITE_KINDS } from '../../../shared/rights';
import { channel } from '../contract/define';
import { RamkollError } from '../../../db/errors';
import { actorOf } from '../../services/followup/actor';
import { occasionForPeriod } from '../../services/followup/calendar';

const id = z.string().min(1).max(TEXT_LIMITS.id);
const code = z.string().min(1).max(TEXT_LIMITS.code);
const round = { kind: z.enum(['budget', 'prognos']), ref: id };
/** An occasion by id, or by its period (ÅÅÅÅMM) as the CLI names it. */
const occasion = z.union([z.strictObject({ occasionId: id }), z.strictObject({ period: z.number().int().min(200001).max(210012) })]);

/** The chefs' rounds: which levels may write per round and node (the controller's grid), and the prognos round per occasion. */
export const chefRoundsChannels = {
  /** The grid of a round: per node below the förvaltning, whether the level may write (set here, and closed here or above). */
  'round.writeSettings.get': channel<WriteSettings>()(z.strictObject(round), async (input, ctx) => listWriteSettings(ctx.db, input)),
  /** The controller opens (true) or closes (false) a kind of write for a node, or takes its own setting away (null). */
  'round.writeSettings.set': channel<WriteSettings>()(z.strictObject({ ...round, code, what: z.enum(WRITE_KINDS), allowed: z.boolean().nullable() }), async (input, ctx) => setWriteSetting(ctx.db, actorOf(ctx), input)),
  /** The prognos round of an occasion: status, history and what counts in the förvaltning's prognos, per node. */
  'round.prognos.list': channel<ForecastRound>()(occasion, async (input, ctx) => {
    if ('occasionId' in input) return forecastRound(ctx.db, actorOf(ctx), input.occasionId);
    const occasion = occasionForPeriod(ctx.db, input.period);
    if (!occasion) throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för period ${input.period}. Se årshjulet under Uppföljning.`);
    return forecastRound(ctx.db, actorOf(ctx), occasion.id);
  }),
  /** Hand in (submit), take back (reopen), approve or return (with a note) a node's prognos. */
  'round.prognos.act': channel<ForecastRoundNode>()(
    z.strictObject({ occasionId: id, code, action: z.enum(['submit', 'reopen', 'approve', 'return']), note: z.string().max(TEXT_LIMITS.comment).nullable().optional() }),
    async (input, ctx) => actOnForecast(ctx.db, actorOf(ctx), input),
  ),
};

export type { ForecastRound, ForecastRoundNode, ForecastRoundEvent } from '../../services/rounds/forecast-round';
export type { WriteSettings, WriteSettingNode } from '../../services/rounds/write-settings';
