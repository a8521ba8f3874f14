import type { CommentSummary, ForecastSource, StatusCounts } from '../../../electron/api/contract/index';

export type CommentState = CommentSummary['status'] | 'missing';

export const STATUS_NAME: Record<CommentState, string> = {
  missing: 'saknas',
  draft: 'utkast',
  ready: 'klar',
  approved: 'godkänd',
  returned: 'återskickad',
};

export const LEVEL_NAME: Record<string, string> = {
  administration: 'förvaltning',
  sector: 'sektor',
  operation: 'verksamhet',
  unit: 'enhet',
  direct: 'direkt',
  unknown: 'okänd kodning',
};

export const KIND_NAME: Record<string, string> = {
  monthly: 'Månadsrapport',
  monthly_forecast: 'Månadsrapport med prognos',
  tertial: 'Tertialrapport',
  interim: 'Delårsrapport',
  annual: 'Årsbokslut',
};

export const METHOD_NAME: Record<string, string> = {
  actual_plus_remaining: 'Utfall ack + återstående budget',
  linear: 'Linjär trend',
  last_year: 'Fjolårets månadsmönster',
  manual: 'Manuell',
};

export const SOURCE_NAME: Record<ForecastSource, string> = {
  set: 'satt',
  sum: 'summa av raderna under',
  default: 'utfall ack + återstående budget',
  none: '',
};

export const GROUP_NAME: Record<string, string> = {
  revenue: 'Intäkter',
  personnel: 'Personalkostnader',
  other_cost: 'Övriga kostnader',
  capital_cost: 'Kapitalkostnader',
  financial: 'Finansiella poster',
  unknown: 'Okända konton och omfördelningar utan konto',
};

/** "3 av 5 godkända" for the comments under a node (itself included). */
export function rollupText(r: StatusCounts | null): string {
  if (!r || r.required === 0) return '';
  return `${r.approved} av ${r.required} godkända`;
}

export function StatusBadge({ status }: { status: CommentState | null }) {
  if (!status) return null;
  return <span className={`status-badge status-${status}`}>{STATUS_NAME[status]}</span>;
}
