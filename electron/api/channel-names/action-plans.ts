/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const ACTION_PLAN_CHANNELS = ['actions.round', 'actions.item.save', 'actions.item.delete', 'actions.status', 'actions.followup.save', 'actions.list'] as const;
