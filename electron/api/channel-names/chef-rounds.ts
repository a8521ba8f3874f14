/** Channel names of the chefs' rounds (issue 18): the controller's write settings per round and node, and the prognos round. */
export const CHEF_ROUNDS_CHANNELS = ['round.writeSettings.get', 'round.writeSettings.set', 'round.prognos.list', 'round.prognos.act'] as const;
