import type { Today } from '../electron/api/contract/index';
import { useApi, type ApiState } from './useApi';

/**
 * Today as the app's clock says (channel system.today): the renderer never
 * reads the machine's clock itself, so a pinned date (RAMKOLL_TODAY) and the
 * Swedish calendar date hold in the page too.
 */
export function useToday(): ApiState<Today> {
  return useApi('system.today', {}, 'system.today');
}

/** The year of an ÅÅÅÅ-MM-DD date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The period (ÅÅÅÅMM) of an ÅÅÅÅ-MM-DD date. */
export const periodOf = (date: string): number => Number(date.slice(0, 4)) * 100 + Number(date.slice(5, 7));
