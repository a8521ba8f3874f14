import { useCallback, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { AssessmentEvent, GoalOccasion, GoalRow, GoalStatus } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { ActivityFacts } from './ActivityPlan';
import { IndicatorTable } from './IndicatorTable';
import { APPROVER_NAME, LEVEL_NAME, REPORTER_NAME, ROUND_NAME, formatDate, formatTime, statusClass, statusName, statusesFor } from './names';

interface Draft {
  status: GoalStatus | null;
  forecast: GoalStatus | null;
  text: string;
}

export interface EditorHandle {
  /** Saves unsaved changes before the user leaves the goal; false when that failed (then stay). */
  flush(): Promise<boolean>;
  focus(): void;
}

interface Props {
  goal: GoalRow;
  occasion: GoalOccasion;
  /** After every change: reload the tree (statuses, counts). */
  onChanged(message: string): void;
  /** Take the keyboard focus when opened (Enter in the grid). */
  autoFocus?: boolean;
  /** Escape: back to the goal's row in the grid. */
  onLeave?(): void;
  /** Below the assessment: changes to the chain (goal, sub-goals, styrtal). */
  children?: ReactNode;
  /** Under the styrtal: their Kolada comparison (ComparisonPanel). */
  comparison?: ReactNode;
  ref?: Ref<EditorHandle>;
}

const ACTION_NAME: Record<AssessmentEvent['action'], string> = {
  saved: 'sparade',
  ready: 'markerade klar',
  withdrawn: 'ångrade klarmarkeringen',
  approved: 'godkände',
  returned: 'skickade tillbaka',
};

const saved = (g: GoalRow): Draft => ({ status: g.assessment?.status ?? null, forecast: g.assessment?.forecast ?? null, text: g.assessment?.text ?? '' });

/**
 * The assessment of one goal at the occasion: status, year-end forecast and
 * text, and the round (write, mark klar, approve as the level above, return
 * with a note). Ctrl+S saves; every change is kept in the history.
 */
export function AssessmentEditor({ goal, occasion, onChanged, autoFocus = false, onLeave, children, comparison, ref }: Props) {
  const [draft, setDraft] = useState<Draft>(() => saved(goal));
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [history, setHistory] = useState<AssessmentEvent[] | null>(null);
  const firstField = useRef<HTMLInputElement | null>(null);
  const section = useRef<HTMLElement | null>(null);
  const noteField = useRef<HTMLTextAreaElement | null>(null);

  const a = goal.assessment;
  const base = saved(goal);
  const dirty = draft.status !== base.status || draft.forecast !== base.forecast || draft.text !== base.text;
  const round = a?.roundStatus ?? null;
  const editable = goal.may.assess && !occasion.locked && (round === null || round === 'draft' || round === 'returned');
  const ref_ = { period: occasion.period, goalId: goal.id };

  const loadHistory = useCallback(() => {
    call('goals.history', { period: occasion.period, goalId: goal.id }).then(setHistory, () => setHistory(null));
  }, [goal.id, occasion.period]);

  // A new goal, or the same goal changed by a save: start from what is stored.
  useEffect(() => {
    setDraft(saved(goal));
    setError(null);
    setReturning(false);
    setNote('');
    loadHistory();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [goal.id, a?.updatedAt, loadHistory]);

  const run = async (what: () => Promise<unknown>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await what();
      onChanged(message);
      loadHistory();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(() => call('goals.assessment.save', { ...ref_, ...draft, baseUpdatedAt: a?.updatedAt ?? null }), `Bedömningen av ${goal.code} är sparad.`);

  // The first status choice when it can be changed, otherwise the editor itself (read-only goals are still read with the keyboard).
  const focus = useCallback(() => {
    const field = firstField.current;
    if (field && !field.matches(':disabled')) field.focus();
    else section.current?.focus();
  }, []);

  useImperativeHandle(ref, () => ({
    flush: async () => (dirty && editable ? save() : true),
    focus,
  }));

  useEffect(() => {
    if (autoFocus) focus();
  }, [autoFocus, focus]);

  useEffect(() => {
    if (returning) noteField.current?.focus();
  }, [returning]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !returning && onLeave) {
      e.preventDefault();
      onLeave();
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      if (dirty && editable && !busy) void save();
    }
  };

  const statuses = statusesFor(goal.level);

  return (
    <section ref={section} tabIndex={-1} className="goal-editor" aria-labelledby="goal-editor-title" onKeyDown={onKeyDown} data-testid="goal-editor">
      <header>
        <p className="goal-editor-level">
          {LEVEL_NAME[goal.level]} · {goal.owner.code} {goal.owner.name} · gäller {goal.validFromYear}–{goal.validToYear ?? ''}
        </p>
        <h2 id="goal-editor-title">
          {goal.code} {goal.title}
        </h2>
        {goal.description && <p className="goal-description">{goal.description}</p>}
      </header>

      <IndicatorTable indicators={goal.indicators} />
      {goal.level === 'activity' && <ActivityFacts goal={goal} />}
      {comparison}

      {goal.level === 'council' && (
        <p className="hint">Inriktningsmålen beslutas av kommunfullmäktige och kommer från Ekonomi. Förvaltningen ändrar dem inte, men controllern skriver och godkänner förvaltningens bedömning av dem (och av KF:s styrtal längre ner på sidan).</p>
      )}
      <>
          <h3>{goal.level === 'council' ? 'Förvaltningens bedömning' : 'Bedömning'} vid {occasion.name}</h3>
          <p className="hint" data-testid="goal-deadline">
            {goal.deadline ? `Sista dag för ${REPORTER_NAME[goal.level]}: ${formatDate(goal.deadline)}.` : 'Kalendern har ingen sista dag för den här nivån.'}
            {goal.overdue && <strong className="overdue"> Försenad.</strong>} Omgång:{' '}
            <strong data-testid="goal-round">{round ? ROUND_NAME[round] : 'ingen bedömning ännu'}</strong>
            {a && ` (senast ändrad av ${a.author}, ${formatTime(a.updatedAt)})`}.
          </p>
          {a?.returnNote && (
            <div className="banner banner-warning" role="note">
              <p>
                <strong>Återskickad:</strong> {a.returnNote}
              </p>
            </div>
          )}
          {!goal.may.assess && <p className="hint">Din roll kan läsa men inte ändra den här bedömningen.</p>}
          {occasion.locked && <p className="hint">Uppföljningstillfället är låst.</p>}

          <fieldset className="status-choice" disabled={!editable || busy}>
            <legend>Status</legend>
            {statuses.map((s, i) => (
              <label key={s} className={statusClass(s)}>
                <input
                  ref={i === 0 ? firstField : undefined}
                  type="radio"
                  name="goal-status"
                  value={s}
                  checked={draft.status === s}
                  onChange={() => setDraft((d) => ({ ...d, status: s }))}
                />
                {statusName(s, goal.level)}
              </label>
            ))}
          </fieldset>
          <label className="field">
            Prognos för helåret
            <select value={draft.forecast ?? ''} disabled={!editable || busy} onChange={(e) => setDraft((d) => ({ ...d, forecast: (e.target.value || null) as GoalStatus | null }))}>
              <option value="">välj prognos</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {statusName(s, goal.level)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Bedömning
            <textarea rows={6} value={draft.text} disabled={!editable || busy} onChange={(e) => setDraft((d) => ({ ...d, text: e.target.value }))} />
          </label>
          {error && <ErrorBanner error={error} />}
          <div className="button-row">
            <button type="button" className="primary" disabled={!editable || !dirty || busy} onClick={() => void save()} title="Ctrl+S">
              Spara
            </button>
            <button type="button" disabled={!dirty || busy} onClick={() => setDraft(saved(goal))}>
              Ångra ändringar
            </button>
            {(round === 'draft' || round === 'returned') && (
              <button type="button" disabled={busy || dirty || !goal.may.assess} title={dirty ? 'Spara först' : undefined} onClick={() => void run(() => call('goals.assessment.ready', ref_), `${goal.code} är markerad klar.`)}>
                Markera klar
              </button>
            )}
            {round === 'ready' && goal.may.assess && (
              <button type="button" disabled={busy} onClick={() => void run(() => call('goals.assessment.withdraw', ref_), `Klarmarkeringen av ${goal.code} är ångrad.`)}>
                Ångra klar
              </button>
            )}
            {round === 'ready' && goal.may.approve && (
              <button type="button" disabled={busy} onClick={() => void run(() => call('goals.assessment.approve', ref_), `${goal.code} är godkänd.`)}>
                Godkänn som {APPROVER_NAME[goal.level]}
              </button>
            )}
            {(round === 'ready' || round === 'approved') && goal.may.approve && !returning && (
              <button type="button" disabled={busy} onClick={() => setReturning(true)}>
                Skicka tillbaka …
              </button>
            )}
          </div>
          {returning && (
            <div className="return-form">
              <label className="field">
                Vad behöver ändras? (skickas med tillbaka)
                <textarea ref={noteField} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
              <div className="button-row">
                <button
                  type="button"
                  className="primary"
                  disabled={busy || note.trim() === ''}
                  onClick={() => void run(() => call('goals.assessment.return', { ...ref_, note }), `${goal.code} är återskickad.`).then((ok) => ok && setReturning(false))}
                >
                  Skicka tillbaka
                </button>
                <button type="button" onClick={() => setReturning(false)}>
                  Avbryt
                </button>
              </div>
            </div>
          )}
          <details className="history" data-testid="goal-history">
            <summary>Historik ({history?.length ?? 0})</summary>
            {history && history.length > 0 ? (
              <ol>
                {history
                  .slice()
                  .reverse()
                  .map((h) => (
                    <li key={h.id}>
                      <span className="when">{formatTime(h.at)}</span> <strong>{h.author}</strong> {ACTION_NAME[h.action]} ({ROUND_NAME[h.roundStatus]}
                      {h.status ? `, ${statusName(h.status, goal.level)}` : ''}){h.note ? `: ”${h.note}”` : ''}
                      {h.action === 'saved' && h.text && <p className="history-text">{h.text}</p>}
                    </li>
                  ))}
              </ol>
            ) : (
              <p className="hint">Inga ändringar ännu.</p>
            )}
          </details>
      </>
      {children}
    </section>
  );
}
