/** The channels of this feature: input schemas and output types. */
export const goalsContract = {};
