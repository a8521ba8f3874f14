import { memo, useEffect, useMemo } from 'react';
import type { GroupKey, OrgNodeRef } from '../../../../electron/api/contract/index';
import { useSessionState } from '../../../state/session';
import { GROUP_NAMES, type Grouping, type LinesModel, type Reference } from './model';

interface Props {
  model: LinesModel;
  refData: Reference;
  onChange(): void;
  /** While the lines are still being read. */
  disabled?: boolean;
}

const GROUPINGS: [Grouping, string][] = [
  ['none', 'inga'],
  ['sector', 'per sektor'],
  ['operation', 'per verksamhet'],
  ['unit', 'per enhet'],
  ['group', 'per kontogrupp'],
];

/** One level of the organisation to filter by ('' = alla). */
function NodeSelect({ label, id, nodes, value, onChange }: { label: string; id: string; nodes: OrgNodeRef[]; value: string; onChange: (code: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">alla</option>
        {nodes.map((s) => (
          <option key={s.code} value={s.code}>
            {s.code} {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What Budgetrader is filtered by: kept for the session, so it is there after a tab or page switch and for the next version chosen. */
export interface LinesFilterState {
  sector: string;
  operation: string;
  unit: string;
  group: GroupKey | '';
  text: string;
  grouping: Grouping;
}

const NO_FILTER: LinesFilterState = { sector: '', operation: '', unit: '', group: '', text: '', grouping: 'none' };

export function useLinesFilter() {
  return useSessionState<LinesFilterState>('budget.lines.filter', NO_FILTER);
}

/** Filters by sektor, verksamhet, enhet and account group, free-text search, and the choice of subtotals. */
export const Filters = memo(function Filters({ model, refData, onChange, disabled = false }: Props) {
  const [state, setState] = useLinesFilter();
  const { sector, operation, unit, group, text, grouping } = state;
  const set = (change: Partial<LinesFilterState>) => setState((s) => ({ ...s, ...change }));

  const org = refData.grid.reference.org;
  const under = (parent: string, level: OrgNodeRef['level']) => org.filter((o) => o.level === level && (parent === '' || refData.ancestors(o.code).includes(parent)));
  const sectors = useMemo(() => org.filter((o) => o.level === 'sector'), [org]);
  const operations = under(sector, 'operation');
  const units = under(operation || sector, 'unit');

  // Typing in the search box filters after a short pause, not on every key.
  useEffect(() => {
    const node = unit || operation || sector || null;
    const filter = { node, group: group === '' ? null : group, text: text.trim() };
    const f = model.filter;
    if (f.node === filter.node && f.group === filter.group && f.text === filter.text && model.grouping === grouping) return;
    const apply = () => {
      model.filter = filter;
      model.grouping = grouping;
      onChange();
    };
    const t = window.setTimeout(apply, filter.text === f.text ? 0 : 250);
    return () => window.clearTimeout(t);
  }, [sector, operation, unit, group, text, grouping, model, onChange]);

  return (
    <fieldset className="filters" disabled={disabled}>
      <legend>Urval</legend>
      <NodeSelect
        label="Sektor"
        id="filter-sector"
        nodes={sectors}
        value={sector}
        onChange={(code) => set({ sector: code, operation: '', unit: '' })}
      />
      <NodeSelect
        label="Verksamhet"
        id="filter-operation"
        nodes={operations}
        value={operation}
        onChange={(code) => set({ operation: code, unit: '' })}
      />
      <NodeSelect label="Enhet" id="filter-unit" nodes={units} value={unit} onChange={(code) => set({ unit: code })} />
      <label>
        Kontogrupp{' '}
        <select id="filter-group" value={group} onChange={(e) => set({ group: e.target.value as GroupKey | '' })}>
          <option value="">alla</option>
          {(Object.keys(GROUP_NAMES) as GroupKey[]).map((g) => (
            <option key={g} value={g}>
              {GROUP_NAMES[g]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sök <input id="filter-text" type="search" data-find value={text} onChange={(e) => set({ text: e.target.value })} placeholder="kod eller namn" />
      </label>
      <label>
        Delsummor{' '}
        <select id="filter-grouping" value={grouping} onChange={(e) => set({ grouping: e.target.value as Grouping })}>
          {GROUPINGS.map(([g, name]) => (
            <option key={g} value={g}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => setState(NO_FILTER)} disabled={disabled || (sector === '' && operation === '' && unit === '' && group === '' && text === '' && grouping === 'none')}>
        Rensa urvalet
      </button>
    </fieldset>
  );
});
