import type { ExchangedValue } from '../../../db/schema';
import type { FieldDef } from './registry-types';

const kr = (ore: number) => `${(ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr`;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const STATUS: Record<string, string> = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad', proposed: 'förslag', decided: 'beslutad', rejected: 'avslagen' };
const GOAL_STATUS: Record<string, string> = {
  met: 'uppfyllt',
  partly_met: 'delvis uppfyllt',
  not_met: 'ej uppfyllt',
  not_started: 'ej påbörjat',
  done: 'genomförd',
  in_progress: 'pågår',
};

/** A field's value as a person reads it, for the conflict list and the history. */
export function displayValue(f: FieldDef | undefined, value: ExchangedValue): string {
  if (value === null) return f?.name === 'deleted_at' ? '(finns)' : '(tomt)';
  if (f?.name === 'amounts' && typeof value === 'string') {
    try {
      const [year, ...months] = JSON.parse(value) as number[];
      return `helår ${kr(year!)}; ${months.map((m, i) => `${MONTHS[i]} ${kr(m)}`).join(', ')}`;
    } catch {
      return value;
    }
  }
  if (f?.name === 'coding' && typeof value === 'string') {
    try {
      const [account, responsibility, dims] = JSON.parse(value) as string[];
      return `konto ${account!}, ansvar ${responsibility!}${dims ? `, ${dims}` : ''}`;
    } catch {
      return value;
    }
  }
  if (f?.name === 'deleted_at') return `borttagen ${String(value).slice(0, 10)}`;
  if (typeof value === 'number' && f?.columns[0]?.endsWith('_ore')) return kr(value);
  if ((f?.name === 'status' || f?.name === 'round_status') && typeof value === 'string') return STATUS[value] ?? GOAL_STATUS[value] ?? value;
  if (f?.name === 'forecast' && typeof value === 'string') return GOAL_STATUS[value] ?? value;
  return String(value);
}
