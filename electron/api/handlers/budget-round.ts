import { actorOf } from '../../services/budget-round/model';
import { budgetRoundNode, budgetRoundOverview, roundVersion } from '../../services/budget-round/overview';
import { saveProposal, submitProposal } from '../../services/budget-round/proposal';
import { approveProposal, returnProposal } from '../../services/budget-round/review';
import type { BUDGET_ROUND_CHANNELS } from '../channel-names/budget-round';
import type { HandlerMap } from './types';

export const budgetRoundHandlers: HandlerMap<(typeof BUDGET_ROUND_CHANNELS)[number]> = {
  'budgetRound.overview': async (input, ctx) => budgetRoundOverview(ctx.db, actorOf(ctx), input.versionId ?? roundVersion(ctx.db)),
  'budgetRound.node': async (input, ctx) => budgetRoundNode(ctx.db, actorOf(ctx), input.versionId, input.code),
  'budgetRound.save': async (input, ctx) => saveProposal(ctx.db, actorOf(ctx), input),
  'budgetRound.submit': async (input, ctx) => submitProposal(ctx.db, actorOf(ctx), input),
  'budgetRound.return': async (input, ctx) => returnProposal(ctx.db, actorOf(ctx), input),
  'budgetRound.approve': async (input, ctx) => {
    // Approving writes into the version's lines: backup first, then one transaction.
    await ctx.db.backup('fore-godkant-budgetforslag');
    return approveProposal(ctx.db, actorOf(ctx), input);
  },
};
