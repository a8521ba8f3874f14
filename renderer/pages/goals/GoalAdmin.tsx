import { useId, useState, type FormEvent } from 'react';
import type { GoalLevel, GoalRow, IndicatorView } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { useApi } from '../../useApi';
import { CHILD_LEVEL, LEVEL_NAME, newGoalName, OWNER_LEVELS } from './names';
import { DateInput } from '../../components/DateInput';
import { activityDraft, activityInput, ActivityFields } from './ActivityPlan';

type Mode = { kind: 'none' } | { kind: 'goal'; edit: boolean } | { kind: 'indicator'; indicator: IndicatorView | null } | { kind: 'value' } | { kind: 'delete' };

interface Props {
  goal: GoalRow;
  /** The goal's parent row, for the owner choices of an edit. */
  parent: GoalRow | null;
  year: number;
  onChanged(message: string): void;
}

function useAction(onChanged: (m: string) => void, done: () => void) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      done();
      onChanged(message);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/**
 * A year typed in a form, checked here so that the message names the field
 * as the form does (the channel's own check would name its input, e.g. "startYear").
 */
function yearOf(text: string, label: string, optional = false): number | null {
  const t = text.trim();
  if (t === '' && optional) return null;
  const y = Number(t);
  if (!/^\d{4}$/.test(t) || y < 2000 || y > 2100) throw new Error(`${label}: "${t}" är inget år. Skriv året med fyra siffror, mellan 2000 och 2100, t.ex. 2027.`);
  return y;
}

/** Changes to the chain itself: the goal, a new sub-goal, its styrtal and their values. Only shown to those who may change the goal. */
export function GoalAdmin({ goal, parent, year, onChanged }: Props) {
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const close = () => setMode({ kind: 'none' });
  const child = CHILD_LEVEL[goal.level];
  const { error, busy, run } = useAction(onChanged, close);

  return (
    <details className="goal-admin" data-testid="goal-admin">
      <summary>Ändra målkedjan och styrtalen</summary>
      {!goal.may.editGoal && goal.level === 'council' && <p className="hint">Inriktningsmålen ändras bara av Ekonomi.</p>}
      <div className="button-row">
        {goal.may.editGoal && (
          <button type="button" onClick={() => setMode({ kind: 'goal', edit: true })}>
            Ändra {LEVEL_NAME[goal.level].toLowerCase()}
          </button>
        )}
        {child && (
          <button type="button" onClick={() => setMode({ kind: 'goal', edit: false })}>
            {newGoalName(child)} under {goal.code}
          </button>
        )}
        {goal.may.editGoal && (
          <>
            <button type="button" onClick={() => setMode({ kind: 'indicator', indicator: null })}>
              Nytt styrtal
            </button>
            {goal.indicators.length > 0 && (
              <button type="button" onClick={() => setMode({ kind: 'value' })}>
                Registrera värde
              </button>
            )}
            <button type="button" onClick={() => setMode({ kind: 'delete' })}>
              Ta bort …
            </button>
          </>
        )}
      </div>
      {goal.may.editGoal && goal.indicators.length > 0 && (
        <ul className="indicator-admin">
          {goal.indicators.map((i) => (
            <li key={i.id}>
              {i.name}{' '}
              <button type="button" className="link" onClick={() => setMode({ kind: 'indicator', indicator: i })}>
                ändra
              </button>{' '}
              <button type="button" className="link" disabled={busy} onClick={() => void run(() => call('goals.indicator.delete', { id: i.id }), `Styrtalet ${i.name} är borttaget.`)}>
                ta bort
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorBanner error={error} />}
      {mode.kind === 'goal' && (mode.edit || child) && (
        <GoalForm key={mode.edit ? 'edit' : 'new'} goal={mode.edit ? goal : null} level={mode.edit ? goal.level : child!} parent={mode.edit ? parent : goal} year={year} onChanged={onChanged} onClose={close} />
      )}
      {mode.kind === 'indicator' && <IndicatorForm key={mode.indicator?.id ?? 'new'} goal={goal} indicator={mode.indicator} year={year} onChanged={onChanged} onClose={close} />}
      {mode.kind === 'value' && <ValueForm goal={goal} onChanged={onChanged} onClose={close} />}
      {mode.kind === 'delete' && (
        <div className="return-form">
          <p>
            Ta bort {goal.code} {goal.title}? Målet och dess styrtal tas bort (som en borttagning som följer med i utbytet). Mål med undermål kan inte tas bort.
          </p>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void run(() => call('goals.goal.delete', { id: goal.id }), `${goal.code} är borttaget.`)}>
              Ja, ta bort
            </button>
            <button type="button" onClick={close}>
              Avbryt
            </button>
          </div>
        </div>
      )}
    </details>
  );
}

function GoalForm({ goal, level, parent, year, onChanged, onClose }: { goal: GoalRow | null; level: GoalLevel; parent: GoalRow | null; year: number; onChanged(m: string): void; onClose(): void }) {
  const owners = useApi('goals.owners', {}, 'owners');
  const [code, setCode] = useState(goal?.code ?? '');
  const [title, setTitle] = useState(goal?.title ?? '');
  const [description, setDescription] = useState(goal?.description ?? '');
  const [ownerCode, setOwnerCode] = useState(goal?.owner.code ?? '');
  const [from, setFrom] = useState(String(goal?.validFromYear ?? parent?.validFromYear ?? year));
  const [to, setTo] = useState(goal ? String(goal.validToYear ?? '') : String(parent?.validToYear ?? ''));
  const [plan, setPlan] = useState(() => activityDraft(goal));
  const { error, busy, run } = useAction(onChanged, onClose);
  const choices = (owners.data ?? []).filter((o) => o.level !== null && OWNER_LEVELS[level].includes(o.level) && (!parent || o.path.includes(parent.owner.code)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () =>
        call('goals.goal.save', {
          ...(goal ? { id: goal.id } : {}),
          level,
          parentId: parent?.id ?? null,
          code,
          title,
          description,
          ownerCode,
          validFromYear: yearOf(from, 'Gäller från år')!,
          validToYear: yearOf(to, 'Gäller till och med år', true),
          ...(level === 'activity' ? { activity: activityInput(plan) } : {}),
        }),
      `${code.trim()} är sparat.`,
    );
  };

  return (
    <form className="goal-form" onSubmit={submit} aria-label={goal ? `Ändra ${goal.code}` : newGoalName(level)}>
      <h3>{goal ? `Ändra ${goal.code}` : `${newGoalName(level)}${parent ? ` under ${parent.code}` : ''}`}</h3>
      <div className="form-grid">
        <label className="field">
          Kod
          <input value={code} onChange={(e) => setCode(e.target.value)} maxLength={20} required />
        </label>
        <label className="field">
          Ansvar
          <select value={ownerCode} onChange={(e) => setOwnerCode(e.target.value)} required>
            <option value="">välj ansvar</option>
            {choices.map((o) => (
              <option key={o.code} value={o.code}>
                {'\u00a0\u00a0'.repeat(o.depth)}
                {o.code} {o.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Gäller från år
          <input inputMode="numeric" value={from} onChange={(e) => setFrom(e.target.value)} pattern="\d{4}" required />
        </label>
        <label className="field">
          till och med år (tomt: tills vidare)
          <input inputMode="numeric" value={to} onChange={(e) => setTo(e.target.value)} pattern="(\d{4})?" />
        </label>
      </div>
      <label className="field">
        Rubrik
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required />
      </label>
      <label className="field">
        Beskrivning
        <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {level === 'activity' && <ActivityFields draft={plan} onChange={setPlan} />}
      {error && <ErrorBanner error={error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          Spara målet
        </button>
        <button type="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </form>
  );
}

function IndicatorForm({ goal, indicator, year, onChanged, onClose }: { goal: GoalRow; indicator: IndicatorView | null; year: number; onChanged(m: string): void; onClose(): void }) {
  const shown = (v: string | undefined) => (v ?? '').replace('.', ',');
  const [name, setName] = useState(indicator?.name ?? '');
  const [unit, setUnit] = useState(indicator?.unit ?? '%');
  const [direction, setDirection] = useState<'higher' | 'lower'>(indicator?.direction ?? 'higher');
  const [source, setSource] = useState<'kolada' | 'own'>(indicator?.source ?? 'kolada');
  const [seriesKey, setSeriesKey] = useState(indicator?.seriesKey ?? '');
  const [sourceNote, setSourceNote] = useState(indicator?.sourceNote ?? '');
  const [startValue, setStartValue] = useState(shown(indicator?.start?.value));
  const [startYear, setStartYear] = useState(indicator?.start ? String(indicator.start.year) : '');
  const [targetValue, setTargetValue] = useState(shown(indicator?.target.value));
  const [targetYear, setTargetYear] = useState(String(indicator?.target.year ?? year + 1));
  const { error, busy, run } = useAction(onChanged, onClose);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () =>
        call('goals.indicator.save', {
          ...(indicator ? { id: indicator.id } : {}),
          goalId: goal.id,
          name,
          unit,
          direction,
          source,
          seriesKey,
          sourceNote,
          startValue: startValue.trim() === '' ? null : startValue,
          startYear: yearOf(startYear, 'Startår', true),
          targetValue,
          targetYear: yearOf(targetYear, 'Målår')!,
        }),
      `Styrtalet ${name.trim()} är sparat.`,
    );
  };

  return (
    <form className="goal-form" onSubmit={submit} aria-label={indicator ? `Ändra styrtalet ${indicator.name}` : 'Nytt styrtal'}>
      <h3>{indicator ? `Ändra styrtalet ${indicator.name}` : `Nytt styrtal för ${goal.code}`}</h3>
      <label className="field">
        Namn
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <div className="form-grid">
        <label className="field">
          Källa
          <select value={source} onChange={(e) => setSource(e.target.value as 'kolada' | 'own')}>
            <option value="kolada">Kolada</option>
            <option value="own">egen mätning</option>
          </select>
        </label>
        <label className="field">
          {source === 'kolada' ? 'Kolada-nyckel (t.ex. N00945)' : 'Egen kod'}
          <input value={seriesKey} onChange={(e) => setSeriesKey(e.target.value)} required />
        </label>
        <label className="field">
          Enhet
          <input value={unit} onChange={(e) => setUnit(e.target.value)} />
        </label>
        <label className="field">
          Riktning
          <select value={direction} onChange={(e) => setDirection(e.target.value as 'higher' | 'lower')}>
            <option value="higher">högre är bättre</option>
            <option value="lower">lägre är bättre</option>
          </select>
        </label>
        <label className="field">
          Startvärde
          <input inputMode="decimal" value={startValue} onChange={(e) => setStartValue(e.target.value)} />
        </label>
        <label className="field">
          Startår
          <input inputMode="numeric" value={startYear} onChange={(e) => setStartYear(e.target.value)} />
        </label>
        <label className="field">
          Målvärde
          <input inputMode="decimal" value={targetValue} onChange={(e) => setTargetValue(e.target.value)} required />
        </label>
        <label className="field">
          Målår
          <input inputMode="numeric" value={targetYear} onChange={(e) => setTargetYear(e.target.value)} required />
        </label>
      </div>
      <label className="field">
        Varifrån siffran kommer (för egna mätningar)
        <input value={sourceNote} onChange={(e) => setSourceNote(e.target.value)} />
      </label>
      {error && <ErrorBanner error={error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          Spara styrtalet
        </button>
        <button type="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </form>
  );
}

function ValueForm({ goal, onChanged, onClose }: { goal: GoalRow; onChanged(m: string): void; onClose(): void }) {
  const [seriesKey, setSeriesKey] = useState(goal.indicators[0]?.seriesKey ?? '');
  const [date, setDate] = useState('');
  const [value, setValue] = useState('');
  const dateId = useId();
  const { error, busy, run } = useAction(onChanged, onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => call('goals.value.save', { seriesKey, date, value: value.trim() === '' ? null : value }), value.trim() === '' ? `Värdet ${date} för ${seriesKey} är borttaget.` : `Värdet ${date} för ${seriesKey} är sparat.`);
  };
  return (
    <form className="goal-form" onSubmit={submit} aria-label="Registrera värde">
      <h3>Registrera ett värde</h3>
      <p className="hint">Ett årsvärde (som Koladas) dateras den 31 december. Lämna värdet tomt för att ta bort värdet för datumet.</p>
      <div className="form-grid">
        <label className="field">
          Styrtal
          <select value={seriesKey} onChange={(e) => setSeriesKey(e.target.value)}>
            {goal.indicators.map((i) => (
              <option key={i.id} value={i.seriesKey}>
                {i.name} ({i.seriesKey})
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor={dateId}>Datum</label>
          <DateInput id={dateId} value={date} onChange={setDate} />
        </div>
        <label className="field">
          Värde
          <input inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          Spara värdet
        </button>
        <button type="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
