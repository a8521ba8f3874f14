import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Input } from '../../../electron/api/contract/index';
import type { PlanningStep, PlanningStepList } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { DateInput } from '../../components/DateInput';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { useSessionState } from '../../state/session';
import { isChef, type RoleName } from '../../../shared/roles';

type SaveInput = Input<'planningSteps.save'>;
type Kind = PlanningStep['kind'];
type Actor = PlanningStep['actor'];

/** One step to take back: a step added, changed (with what it was), marked done or not, or removed. */
type UndoStep =
  | { kind: 'created'; id: string; name: string }
  | { kind: 'edited'; before: SaveInput; name: string }
  | { kind: 'done'; id: string; before: string | null; name: string }
  | { kind: 'deleted'; id: string; name: string };

const inputOf = (s: PlanningStep): SaveInput => ({ id: s.id, year: s.year, kind: s.kind, title: s.title, dueOn: s.dueOn, actor: s.actor, note: s.note });

function status(s: PlanningStep): string {
  if (s.doneOn) return `klart ${s.doneOn}`;
  if (s.late) return s.daysLate === 1 ? 'försenat 1 dag' : `försenat ${s.daysLate} dagar`;
  return 'ej klart';
}

function StepRow({ s, list, canEdit, act }: { s: PlanningStep; list: PlanningStepList; canEdit: boolean; act(step: UndoStep, msg: string, fn: () => Promise<unknown>): void }) {
  const [dueOn, setDueOn] = useState(s.dueOn);
  const [title, setTitle] = useState(s.title ?? '');
  const [actor, setActor] = useState<Actor>(s.actor);
  const [note, setNote] = useState(s.note ?? '');
  useEffect(() => {
    setDueOn(s.dueOn);
    setTitle(s.title ?? '');
    setActor(s.actor);
    setNote(s.note ?? '');
  }, [s]);
  const dirty = dueOn !== s.dueOn || title !== (s.title ?? '') || actor !== s.actor || note !== (s.note ?? '');
  const label = `${s.name}, budget ${s.year}`;
  return (
    <tr data-id={s.id} data-kind={s.kind} className={s.late ? 'late' : undefined}>
      <td>
        <DateInput value={dueOn} readOnly={!canEdit} onChange={setDueOn} ariaLabel={`Klart senast, ${label}`} />
      </td>
      <th scope="row">
        {s.kind === 'other' || s.title !== null ? (
          <input type="text" value={title} readOnly={!canEdit} onChange={(e) => setTitle(e.target.value)} aria-label={`Rubrik, ${label}`} title={title} maxLength={300} />
        ) : (
          s.name
        )}
      </th>
      <td>
        <select value={actor} disabled={!canEdit} onChange={(e) => setActor(e.target.value as Actor)} aria-label={`Vem, ${label}`}>
          {list.actors.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input type="text" value={note} readOnly={!canEdit} onChange={(e) => setNote(e.target.value)} aria-label={`Anteckning, ${label}`} title={note} maxLength={1000} />
      </td>
      <td className={`date ${s.late ? 'overdue' : ''}`} data-testid="step-status">
        {status(s)}
      </td>
      <td>
        {canEdit && dirty && (
          <button type="button" onClick={() => act({ kind: 'edited', before: inputOf(s), name: s.name }, `${title || s.name} sparat.`, () => call('planningSteps.save', { ...inputOf(s), title: title === '' ? null : title, dueOn, actor, note: note === '' ? null : note }))}>
            Spara
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            aria-label={s.doneOn ? `Inte klart: ${label}` : `Markera klart: ${label}`}
            onClick={() =>
              act({ kind: 'done', id: s.id, before: s.doneOn, name: s.name }, s.doneOn ? `${s.name} är inte längre markerat klart.` : `${s.name} är markerat klart.`, () =>
                call('planningSteps.setDone', { id: s.id, done: s.doneOn === null }),
              )
            }
          >
            {s.doneOn ? 'Inte klart' : 'Markera klart'}
          </button>
        )}
        {canEdit && (
          <button type="button" aria-label={`Ta bort: ${label}`} onClick={() => act({ kind: 'deleted', id: s.id, name: s.name }, `${s.name} borttaget. Ångra tar tillbaka det.`, () => call('planningSteps.delete', { id: s.id }))}>
            Ta bort
          </button>
        )}
      </td>
    </tr>
  );
}

/**
 * Årshjulets budgetprocess: the steps that plan a budget year (budgetdirektiv,
 * ramar från KF, fördelning, detaljbudget, nämndbeslut, registrering, and the
 * förvaltning's own), with dates, who acts and done; late ones are marked.
 * In year Y the budget for Y + 1 is planned, so that is the year shown first.
 * Ekonomi and the controller change them, with an undo for each step (Ctrl+Z).
 */
export function PlanningStepsSection({ year, role }: { year: number; role: RoleName }) {
  const [budgetYear, setBudgetYear] = useSessionState<number>(`followup.planningYear:${year}`, year + 1);
  const list = useApi('planningSteps.list', { year: budgetYear }, String(budgetYear));
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [undo, setUndo] = useState<UndoStep[]>([]);
  const [kind, setKind] = useState<Kind>('other');
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [actor, setActor] = useState<Actor>('controller');
  const [note, setNote] = useState('');
  const canEdit = !isChef(role);

  const run = async <T,>(msg: string, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    try {
      const v = await fn();
      setError(null);
      setMessage(msg);
      list.reload();
      return v;
    } catch (e) {
      setMessage(null);
      setError(e as Error);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const act = (step: UndoStep, msg: string, fn: () => Promise<unknown>) => {
    void run(msg, fn).then((v) => {
      if (v !== undefined) setUndo((u) => [...u.slice(-49), step]);
    });
  };
  const onUndo = async () => {
    const step = undo[undo.length - 1];
    if (!step) return;
    const ok = await run(`Ångrat: ${step.name}.`, async () => {
      if (step.kind === 'created') return call('planningSteps.delete', { id: step.id });
      if (step.kind === 'deleted') return call('planningSteps.restore', { id: step.id });
      if (step.kind === 'done') return call('planningSteps.setDone', step.before === null ? { id: step.id, done: false } : { id: step.id, done: true, doneOn: step.before });
      return call('planningSteps.save', step.before);
    });
    if (ok !== undefined) setUndo((u) => u.slice(0, -1));
  };
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      void onUndo();
    }
  };
  const add = async () => {
    const name = kind === 'other' ? title : (list.data?.kinds.find((k) => k.value === kind)?.label ?? kind);
    const r = await run(`${name} är tillagt.`, () => call('planningSteps.save', { year: budgetYear, kind, title: title.trim() === '' ? null : title, dueOn, actor, note: note.trim() === '' ? null : note }));
    if (!r) return;
    setUndo((u) => [...u.slice(-49), { kind: 'created', id: r.id, name }]);
    setTitle('');
    setDueOn('');
    setNote('');
  };

  if (list.error) return <ErrorBanner error={list.error} />;
  if (!list.data) return <Loading />;
  const l = list.data;
  const lateCount = l.steps.filter((s) => s.late).length;

  return (
    <section aria-labelledby="planning-steps-title" onKeyDown={onKey} data-testid="planning-steps">
      <h2 id="planning-steps-title">Budgetprocessen för budgetår {budgetYear}</h2>
      <p className="hint">
        Stegen som tar fram budgeten, med sista dag och vem som gör vad. Ett steg är försenat när dagen har passerat ({l.today} i dag) och det inte är markerat klart; det syns också på
        Översikt.{canEdit ? '' : ' Bara controllern och Ekonomi ändrar stegen.'}
      </p>
      <div className="actions">
        <label className="followup-select">
          Budgetår{' '}
          <select value={budgetYear} onChange={(e) => setBudgetYear(Number(e.target.value))} aria-label="Budgetår för budgetprocessen">
            {[year, year + 1, year + 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>{' '}
        {canEdit && l.missingStandard.length > 0 && (
          <button type="button" disabled={busy} onClick={() => void run(`Standardstegen för ${budgetYear} är tillagda; flytta datumen till kommunens tidsplan.`, () => call('planningSteps.createDefault', { year: budgetYear }))}>
            Lägg till standardstegen ({l.missingStandard.length})
          </button>
        )}{' '}
        {canEdit && (
          <button type="button" disabled={undo.length === 0 || busy} onClick={() => void onUndo()} title="Ctrl+Z">
            Ångra senaste
          </button>
        )}
        {lateCount > 0 && (
          <span className="overdue" role="note">
            {' '}
            {lateCount === 1 ? '1 steg är försenat.' : `${lateCount} steg är försenade.`}
          </span>
        )}
      </div>
      {message && (
        <p className="message-ok" role="status">
          {message}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      <div className="table-scroll">
        <table className="followup-table planning-steps" aria-label={`Budgetprocessen för budgetår ${budgetYear}`}>
          <thead>
            <tr>
              <th>Klart senast</th>
              <th>Steg</th>
              <th>Vem</th>
              <th>Anteckning</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Åtgärder</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {l.steps.length === 0 && (
              <tr>
                <td colSpan={6}>Inga steg för budgetår {budgetYear} ännu.</td>
              </tr>
            )}
            {l.steps.map((s) => (
              <StepRow key={s.id} s={s} list={l} canEdit={canEdit} act={act} />
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <form
          className="actions planning-step-form"
          aria-label="Nytt steg i budgetprocessen"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <label>
            Nytt steg{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Slag för nytt steg">
              {l.kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>{' '}
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Rubrik för nytt steg" placeholder={kind === 'other' ? 'Rubrik (krävs)' : 'Rubrik (valfri)'} maxLength={300} />{' '}
          <DateInput value={dueOn} onChange={setDueOn} ariaLabel="Klart senast för nytt steg" />{' '}
          <select value={actor} onChange={(e) => setActor(e.target.value as Actor)} aria-label="Vem för nytt steg">
            {l.actors.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>{' '}
          <input type="text" value={note} onChange={(e) => setNote(e.target.value)} aria-label="Anteckning för nytt steg" placeholder="Anteckning (valfri)" maxLength={1000} />{' '}
          <button type="submit" disabled={busy || dueOn === ''}>
            Lägg till steg
          </button>
        </form>
      )}
    </section>
  );
}
