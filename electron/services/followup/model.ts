import type { AccountGroup, CommentStatus, ForecastMethod, OccasionKind, OrgLevel } from '../../../db/schema';
import { ACCOUNT_GROUP_NAMES } from '../masterdata/accounts';

/** Account groups as follow-up shows them; 'unknown' holds accounts missing from the kontoplan and omfördelningar decided without a konto. */
export type GroupKey = AccountGroup | 'unknown';

export const GROUP_ORDER: readonly GroupKey[] = ['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial', 'unknown'];
export const GROUP_INDEX: Record<GroupKey, number> = { revenue: 0, personnel: 1, other_cost: 2, capital_cost: 3, financial: 4, unknown: 5 };
export const GROUP_NAMES: Record<GroupKey, string> = { ...ACCOUNT_GROUP_NAMES, unknown: 'Okända konton och omfördelningar utan konto' };
export const FORECAST_GROUPS: readonly AccountGroup[] = ['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial'];

/** Occasion kinds that carry a helårsprognos. */
export const FORECAST_KINDS: readonly OccasionKind[] = ['monthly_forecast', 'tertial', 'interim'];

export const OCCASION_KIND_NAMES: Record<OccasionKind, string> = {
  monthly: 'Månadsrapport',
  monthly_forecast: 'Månadsrapport med prognos',
  tertial: 'Tertialrapport',
  interim: 'Delårsrapport',
  annual: 'Årsbokslut',
};

export const COMMENT_STATUS_NAMES: Record<CommentStatus | 'missing', string> = {
  missing: 'saknas',
  draft: 'utkast',
  ready: 'klar',
  approved: 'godkänd',
  returned: 'återskickad',
};

export const FORECAST_METHOD_NAMES: Record<ForecastMethod, string> = {
  actual_plus_remaining: 'Utfall ack + återstående budget',
  linear: 'Linjär trend',
  last_year: 'Fjolårets månadsmönster',
  manual: 'Manuell',
};

export type { Actor } from '../actor';

/** One level's threshold: a comment is required where a deviation reaches either part. */
export interface Threshold {
  level: OrgLevel;
  /** In öre; null: no amount threshold. */
  amountOre: number | null;
  /** In hundredths of a percent (500 = 5 %); null: no percent threshold. */
  percentBp: number | null;
}

export const MONTHS = 12;
