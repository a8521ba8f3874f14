import { memo, useEffect, useMemo, useState } from 'react';
import type { GroupKey, OrgNodeRef } from '../../../../electron/api/contract/budget';
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

/** Filters by sektor, verksamhet, enhet and account group, free-text search, and the choice of subtotals. */
export const Filters = memo(function Filters({ model, refData, onChange, disabled = false }: Props) {
  const [sector, setSector] = useState('');
  const [operation, setOperation] = useState('');
  const [unit, setUnit] = useState('');
  const [group, setGroup] = useState<GroupKey | ''>('');
  const [text, setText] = useState('');
  const [grouping, setGrouping] = useState<Grouping>('none');

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
        onChange={(code) => {
          setSector(code);
          setOperation('');
          setUnit('');
        }}
      />
      <NodeSelect
        label="Verksamhet"
        id="filter-operation"
        nodes={operations}
        value={operation}
        onChange={(code) => {
          setOperation(code);
          setUnit('');
        }}
      />
      <NodeSelect label="Enhet" id="filter-unit" nodes={units} value={unit} onChange={setUnit} />
      <label>
        Kontogrupp{' '}
        <select id="filter-group" value={group} onChange={(e) => setGroup(e.target.value as GroupKey | '')}>
          <option value="">alla</option>
          {(Object.keys(GROUP_NAMES) as GroupKey[]).map((g) => (
            <option key={g} value={g}>
              {GROUP_NAMES[g]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sök <input id="filter-text" type="search" data-find value={text} onChange={(e) => setText(e.target.value)} placeholder="kod eller namn" />
      </label>
      <label>
        Delsummor{' '}
        <select id="filter-grouping" value={grouping} onChange={(e) => setGrouping(e.target.value as Grouping)}>
          {GROUPINGS.map(([g, name]) => (
            <option key={g} value={g}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
});
