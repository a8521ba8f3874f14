import { z } from 'zod';
import { type BudgetRoundNode, type BudgetRoundOverview, budgetRoundNode, budgetRoundOverview, roundVersion } from '../../services/budget-round/overview';
import { TEXT_LIMITS } from '../../services/text-limits';
import { channel } from '../contract/define';
import { actorOf } from '../../services/budget-round/model';
import { saveProposal, submitProposal } from '../../services/budget-round/proposal';
import { approveProposal, returnProposal } from '../../services/budget-round/review';

const id = z.string().min(1).max(TEXT_LIMITS.id);
const code = z.string().min(1).max(TEXT_LIMITS.code);
const ore = z.number().int().refine(Number.isSafeInteger, 'beloppet är för stort');
const node = z.strictObject({ versionId: id, code });

const proposalLine = z.strictObject({
  account: z.string().regex(/^\d{4,5}$/, 'kontot ska vara 4 eller 5 siffror'),
  responsibility: code,
  dims: z.record(z.string().max(TEXT_LIMITS.code), z.string().max(TEXT_LIMITS.code)).optional(),
  yearOre: ore,
  months: z.array(ore).length(12).optional(),
  note: z.string().max(TEXT_LIMITS.note).nullable().optional(),
});

const proposalChange = z.strictObject({
  id: id.optional(),
  responsibility: code,
  description: z.string().max(TEXT_LIMITS.comment),
  amountOre: ore,
  plan1Ore: ore,
  plan2Ore: ore,
});

/** The budget round: a chef's proposal per node of a working version, handed in, approved (whole or per row) or sent back. */
export const budgetRoundChannels = {
  /** Per node: status, deadline, ram, proposed total, difference and history (default: the newest unlocked version with a round). */
  'budgetRound.overview': channel<BudgetRoundOverview>()(z.strictObject({ versionId: id.optional() }), async (input, ctx) => budgetRoundOverview(ctx.db, actorOf(ctx), input.versionId ?? roundVersion(ctx.db))),
  /** One node's proposal line by line against the version, its VF proposals and history. */
  'budgetRound.node': channel<BudgetRoundNode>()(node, async (input, ctx) => budgetRoundNode(ctx.db, actorOf(ctx), input.versionId, input.code)),
  /** A chef writes its node's proposal as a whole (lines and VF proposals). */
  'budgetRound.save': channel<{ roundId: string; lines: number; changes: number }>()(
    z.strictObject({ versionId: id, code, lines: z.array(proposalLine).max(10_000), changes: z.array(proposalChange).max(1_000) }),
    async (input, ctx) => saveProposal(ctx.db, actorOf(ctx), input),
  ),
  /** utkast/återskickad → inlämnad; over the ram only with overFrameOk. */
  'budgetRound.submit': channel<{ roundId: string; overFrameOre: number }>()(z.strictObject({ versionId: id, code, overFrameOk: z.boolean().optional() }), async (input, ctx) => submitProposal(ctx.db, actorOf(ctx), input)),
  /** inlämnad → återskickad, with a note (required). */
  'budgetRound.return': channel<{ roundId: string }>()(z.strictObject({ versionId: id, code, note: z.string().max(TEXT_LIMITS.comment) }), async (input, ctx) => returnProposal(ctx.db, actorOf(ctx), input)),
  /** Approves the whole proposal, or the rows named; copies them into the version after a backup. */
  'budgetRound.approve': channel<{ roundId: string; lines: number; changes: number; status: 'submitted' | 'approved'; overFrameOre: number }>()(
    z.strictObject({
      versionId: id,
      code,
      lineIds: z.array(id).max(10_000).optional(),
      changeIds: z.array(id).max(1_000).optional(),
      overFrameOk: z.boolean().optional(),
      note: z.string().max(TEXT_LIMITS.comment).nullable().optional(),
    }),
    async (input, ctx) => {
      // Approving writes into the version's lines: backup first, then one transaction.
      await ctx.db.backup('fore-godkant-budgetforslag');
      return approveProposal(ctx.db, actorOf(ctx), input);
    },
  ),
};

export type { BudgetRoundNode, BudgetRoundOverview, RoundNodeSummary, RoundLineDiff, RoundChangeRow, RoundEvent } from '../../services/budget-round/overview';
