import { useId, useState } from 'react';
import type { GoalDeadlineLevel, GoalDeadlines } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { DateInput } from '../../components/DateInput';
import { ErrorBanner } from '../../components/Status';
import { formatDate } from './names';

/** Top down as the chain reports: aktiviteter first. The old test ids (by ansvar level) stay for the three goal levels. */
const LEVELS: readonly { level: GoalDeadlineLevel; testId: string }[] = [
  { level: 'activity', testId: 'goal-deadline-unit' },
  { level: 'sub', testId: 'goal-deadline-operation' },
  { level: 'board', testId: 'goal-deadline-sector' },
  { level: 'council', testId: 'goal-deadline-council' },
  { level: 'assignment', testId: 'goal-deadline-assignment' },
];

/**
 * The deadline of each goal level at the occasion: the controller's own, or
 * the calendar's for the level's reporters. The controller changes them here;
 * everyone else sees them.
 */
export function DeadlinePanel({ period, deadlines, editable, locked, onChanged }: { period: number; deadlines: GoalDeadlines; editable: boolean; locked: boolean; onChanged(m: string): void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<GoalDeadlineLevel, string>>(() => Object.fromEntries(LEVELS.map(({ level }) => [level, deadlines[level].date ?? ''])) as Record<GoalDeadlineLevel, string>);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const { level } of LEVELS) {
        const d = draft[level].trim();
        const own = deadlines[level].source === 'set' ? deadlines[level].date : null;
        // Only what changed: an unchanged calendar day stays the calendar's.
        if (d !== (deadlines[level].date ?? '') || (d === '' && own !== null)) await call('goals.deadline.set', { period, level, date: d === '' ? null : d });
      }
      setEditing(false);
      onChanged('Sista dagarna per målnivå är sparade.');
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="goal-deadlines" aria-labelledby={`${id}-title`} data-testid="goal-deadlines">
      <h2 id={`${id}-title`}>
        Sista dagar för målen och uppdragen
      </h2>
      <dl className="facts">
        {LEVELS.map(({ level, testId }) => {
          const d = deadlines[level];
          return (
            <div key={level}>
              <dt>{d.name}</dt>
              <dd data-testid={testId}>
                {editing ? (
                  <DateInput ariaLabel={`Sista dag, ${d.name.toLowerCase()}`} value={draft[level]} allowEmpty onChange={(v) => setDraft((x) => ({ ...x, [level]: v }))} />
                ) : d.date ? (
                  `senast ${formatDate(d.date)}`
                ) : (
                  'ingen sista dag'
                )}
              </dd>
              {!editing && d.source === 'calendar' && <dd className="hint">enligt kalendern</dd>}
            </div>
          );
        })}
      </dl>
      {error && <ErrorBanner error={error} />}
      {editable && !locked && (
        <div className="button-row">
          {editing ? (
            <>
              <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
                Spara sista dagarna
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                Avbryt
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setEditing(true)}>
              Ändra sista dagarna …
            </button>
          )}
        </div>
      )}
    </section>
  );
}
