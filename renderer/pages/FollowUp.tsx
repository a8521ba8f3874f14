import { useEffect, type KeyboardEvent } from 'react';
import { ErrorBanner, Loading } from '../components/Status';
import { UnitSwitch } from '../components/UnitSwitch';
import { formatPeriod, type MoneyUnit } from '../format';
import { useApi } from '../useApi';
import { useSessionState } from '../state/session';
import { AccuracyTab } from './followup/AccuracyTab';
import { CalendarTab } from './followup/CalendarTab';
import { DeviationsTab } from './followup/DeviationsTab';
import { InvestmentsRoundTab } from './followup/InvestmentsRoundTab';
import { ForecastRoundTab } from './followup/ForecastRoundTab';
import { TextsTab } from './followup/TextsTab';
import { ControlTab } from './followup/ControlTab';
import { ActionPlansTab } from './followup/ActionPlansTab';
import './followup/followup.css';

type TabId = 'avvikelser' | 'atgardsplaner' | 'prognosomgang' | 'texter' | 'internkontroll' | 'investeringar' | 'traffsakerhet' | 'arshjul';
const TABS: { id: TabId; title: string }[] = [
  { id: 'avvikelser', title: 'Avvikelser' },
  { id: 'atgardsplaner', title: 'Åtgärdsplaner' },
  { id: 'prognosomgang', title: 'Prognosomgång' },
  { id: 'texter', title: 'Texter' },
  { id: 'internkontroll', title: 'Intern kontroll' },
  { id: 'investeringar', title: 'Investeringar' },
  { id: 'traffsakerhet', title: 'Prognosträffsäkerhet' },
  { id: 'arshjul', title: 'Årshjul och trösklar' },
];

/**
 * Uppföljning: deviations per period with comments and forecasts, the
 * occasion's text sections, forecast accuracy, and the reporting calendar. The period, the unit and the tab are
 * kept for the session (renderer/state/session.ts); a link from Översikt
 * sets the period and the row to open (followup/goto.ts).
 */
export function FollowUpPage() {
  const calendar = useApi('followup.calendar.get', {}, 'calendar');
  const [period, setPeriod] = useSessionState<number | null>('followup.period', null);
  const [unit, setUnit] = useSessionState<MoneyUnit>('followup.unit', 'tkr');
  const [tab, setTab] = useSessionState<TabId>('followup.tab', 'avvikelser');

  useEffect(() => {
    if (calendar.data && period === null) setPeriod(calendar.data.defaultPeriod);
  }, [calendar.data, period, setPeriod]);

  if (calendar.error) return <ErrorBanner error={calendar.error} />;
  if (!calendar.data || period === null) return <Loading />;
  const c = calendar.data;
  const byPeriod = new Map(c.occasions.map((o) => [o.period, o]));

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = TABS[(index + step + TABS.length) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`followup-tab-${next.id}`)?.focus();
  };

  return (
    <section aria-labelledby="followup-title">
      <header className="page-header">
        <h1 id="followup-title">Uppföljning</h1>
        <label className="period-select">
          Period{' '}
          <select value={period} onChange={(e) => setPeriod(Number(e.target.value))} data-testid="period-select">
            {Array.from({ length: 12 }, (_, i) => c.year * 100 + i + 1).map((p) => {
              const o = byPeriod.get(p);
              const state = o ? (o.lockedAt ? ' (låst)' : ' (pågår)') : '';
              const noOutcome = c.latestPeriod === null || p > c.latestPeriod ? ', inget utfall' : '';
              return (
                <option key={p} value={p}>
                  {formatPeriod(p)}
                  {o ? ` – ${o.name}${state}` : ''}
                  {noOutcome}
                </option>
              );
            })}
          </select>
        </label>
        <UnitSwitch unit={unit} onChange={setUnit} />
      </header>
      <div role="tablist" aria-label="Delar av uppföljningen" className="tabs">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            id={`followup-tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={t.id === tab}
            aria-controls="followup-tabpanel"
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div id="followup-tabpanel" role="tabpanel" aria-labelledby={`followup-tab-${tab}`} className="tabpanel fill">
        {tab === 'avvikelser' && <DeviationsTab key={period} period={period} unit={unit} />}
        {tab === 'atgardsplaner' && <ActionPlansTab key={period} occasionId={byPeriod.get(period)?.id ?? null} unit={unit} />}
        {tab === 'prognosomgang' && <ForecastRoundTab key={period} occasionId={byPeriod.get(period)?.id ?? null} unit={unit} isController={c.site.role === 'controller'} />}
        {tab === 'texter' && <TextsTab key={period} occasionId={byPeriod.get(period)?.id ?? null} />}
        {tab === 'internkontroll' && <ControlTab key={period} year={c.year} period={period} />}
        {tab === 'investeringar' && <InvestmentsRoundTab key={period} occasionId={byPeriod.get(period)?.id ?? null} unit={unit} />}
        {tab === 'traffsakerhet' && <AccuracyTab year={c.year} unit={unit} />}
        {tab === 'arshjul' && <CalendarTab calendar={c} reload={calendar.reload} />}
      </div>
    </section>
  );
}
