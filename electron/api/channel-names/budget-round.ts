/** Channel names of the budget round (issue 18: chefs' proposals per node, handed in, approved or sent back), for the preload's allow-list. */
export const BUDGET_ROUND_CHANNELS = ['budgetRound.overview', 'budgetRound.node', 'budgetRound.save', 'budgetRound.submit', 'budgetRound.return', 'budgetRound.approve'] as const;
