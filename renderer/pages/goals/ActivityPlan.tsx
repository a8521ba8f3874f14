import { useId } from 'react';
import type { GoalRow } from '../../../electron/api/contract/index';
import { parseAmount } from '../../amount';
import { DateInput } from '../../components/DateInput';
import { formatDate } from './names';

/** An aktivitet's plan as typed: responsible person, start, end (ÅÅÅÅ-MM-DD) and cost in kronor. */
export interface ActivityDraft {
  responsible: string;
  startOn: string;
  endOn: string;
  cost: string;
}

const kr = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
/** Öre as typed kronor ("185000", "12,50"), by integer steps: no float money. */
const typedKr = (ore: number) => `${Math.trunc(ore / 100)}${ore % 100 === 0 ? '' : `,${String(ore % 100).padStart(2, '0')}`}`;
export const formatCost = (ore: number) => `${kr.format(Math.trunc(ore / 100))}${ore % 100 === 0 ? '' : `,${String(ore % 100).padStart(2, '0')}`} kr`;

export function activityDraft(goal: GoalRow | null): ActivityDraft {
  const a = goal?.activity;
  return { responsible: a?.responsible ?? '', startOn: a?.startOn ?? '', endOn: a?.endOn ?? '', cost: a === undefined || a.costOre === null ? '' : typedKr(a.costOre) };
}

/** The draft as the channel takes it; a cost that is not an amount is named here, with the field's label. */
export function activityInput(d: ActivityDraft): { responsible: string; startOn: string | null; endOn: string | null; costOre: number | null } {
  const cost = d.cost.trim() === '' ? null : parseAmount(d.cost);
  if (cost !== null && (Number.isNaN(cost) || cost < 0)) throw new Error(`Kostnad: "${d.cost}" är inget belopp. Skriv kronor, t.ex. 185 000.`);
  return { responsible: d.responsible, startOn: d.startOn.trim() || null, endOn: d.endOn.trim() || null, costOre: cost };
}

/** The plan's fields in the goal form of an aktivitet. */
export function ActivityFields({ draft, onChange }: { draft: ActivityDraft; onChange(d: ActivityDraft): void }) {
  const id = useId();
  return (
    <fieldset className="activity-plan" data-testid="activity-plan-form">
      <legend>Aktivitetens plan</legend>
      <div className="form-grid">
        <label className="field">
          Ansvarig
          <input value={draft.responsible} maxLength={200} onChange={(e) => onChange({ ...draft, responsible: e.target.value })} />
        </label>
        <label className="field">
          Kostnad (kr)
          <input inputMode="decimal" value={draft.cost} onChange={(e) => onChange({ ...draft, cost: e.target.value })} />
        </label>
        <div className="field">
          <label htmlFor={`${id}-start`}>Start</label>
          <DateInput id={`${id}-start`} value={draft.startOn} allowEmpty onChange={(v) => onChange({ ...draft, startOn: v })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>Slut</label>
          <DateInput id={`${id}-end`} value={draft.endOn} allowEmpty onChange={(v) => onChange({ ...draft, endOn: v })} />
        </div>
      </div>
    </fieldset>
  );
}

/** The plan as the goal editor shows it. */
export function ActivityFacts({ goal }: { goal: GoalRow }) {
  const a = goal.activity;
  return (
    <dl className="facts activity-facts" data-testid="activity-plan">
      <div>
        <dt>Ansvarig</dt>
        <dd>{a.responsible || '–'}</dd>
      </div>
      <div>
        <dt>Start–slut</dt>
        <dd>
          {a.startOn ? formatDate(a.startOn) : '–'} – {a.endOn ? formatDate(a.endOn) : '–'}
        </dd>
      </div>
      <div>
        <dt>Kostnad</dt>
        <dd>{a.costOre === null ? '–' : formatCost(a.costOre)}</dd>
      </div>
    </dl>
  );
}
