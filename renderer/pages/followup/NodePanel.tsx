import { useState, type KeyboardEvent } from 'react';
import type { DeviationRow, DeviationView } from '../../../electron/api/contract/index';
import { formatMoney, formatShare, type MoneyUnit } from '../../format';
import { ChartPanel } from './ChartPanel';
import { CommentPanel } from './CommentPanel';
import { DrillDownPanel } from './DrillDownPanel';
import { ForecastPanel } from './ForecastPanel';
import { LEVEL_NAME } from './labels';

interface Props {
  period: number;
  view: DeviationView;
  row: DeviationRow;
  unit: MoneyUnit;
  onChanged(): void;
  onClose(): void;
}

type Tab = 'comment' | 'forecast' | 'chart' | 'drill';

/** The chosen row: its comment (and those below it), forecast, chart and what its figures are made of. */
export function NodePanel({ period, view, row, unit, onChanged, onClose }: Props) {
  const commentable = row.kind === 'node' && view.occasion !== null;
  const tabs: { id: Tab; title: string }[] = [
    ...(row.kind === 'node' ? [{ id: 'comment' as const, title: 'Kommentar' }] : []),
    ...(row.kind === 'node' ? [{ id: 'forecast' as const, title: 'Prognos' }] : []),
    { id: 'chart', title: 'Diagram' },
    { id: 'drill', title: 'Underlag' },
  ];
  const [tab, setTab] = useState<Tab>(tabs[0]!.id);
  const title = row.kind === 'node' || row.kind === 'account' ? `${row.code} ${row.name}` : row.name;

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(i + step + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`node-tab-${next.id}`)?.focus();
  };

  return (
    <aside className="node-panel" aria-labelledby="node-panel-title" data-testid="node-panel">
      <button type="button" className="close" onClick={onClose} aria-label="Stäng panelen">
        ✕
      </button>
      <h2 id="node-panel-title">{title}</h2>
      <p className="hint">
        {row.level && row.kind === 'node' ? `${LEVEL_NAME[row.level]}. ` : ''}Avvikelse ack {formatMoney(row.deviationAcc, unit)} {unit} ({formatShare(row.deviationAcc, row.budgetAcc) || 'ingen budget'})
        {row.deviationForecast !== null ? `, mot prognos ${formatMoney(row.deviationForecast, unit)} ${unit}` : ''}.
      </p>
      <div role="tablist" aria-label="Delar" className="subtabs">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            id={`node-tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={t.id === tab}
            aria-controls="node-tabpanel"
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div id="node-tabpanel" role="tabpanel" aria-labelledby={`node-tab-${tab}`}>
        {tab === 'comment' &&
          (commentable ? (
            <CommentPanel occasionId={view.occasion!.id} code={row.code} unit={unit} onChanged={onChanged} />
          ) : (
            <p>Perioden har inget uppföljningstillfälle, så här skrivs inga kommentarer. Lägg till tillfället under Årshjul och trösklar.</p>
          ))}
        {tab === 'forecast' && <ForecastPanel view={view} code={row.code} unit={unit} onChanged={onChanged} />}
        {tab === 'chart' && <ChartPanel period={period} rowKey={row.key} unit={unit} />}
        {tab === 'drill' && <DrillDownPanel period={period} rowKey={row.key} unit={unit} />}
      </div>
    </aside>
  );
}
