import { useId, useState, type FormEvent } from 'react';
import type { AssignmentOrigin, AssignmentView } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { DateInput } from '../../components/DateInput';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { formatDate, ROUND_NAME } from './names';
import { RoundEditor } from './RoundEditor';

/** Uppdrag: ej påbörjat, pågår, genomfört, avslutat ej genomfört (goals/assignments.ts). */
export const ASSIGNMENT_STATUSES = [
  { key: 'not_started', name: 'ej påbörjat' },
  { key: 'in_progress', name: 'pågår' },
  { key: 'done', name: 'genomfört' },
  { key: 'closed_not_done', name: 'avslutat ej genomfört' },
] as const;
const ORIGIN: Record<AssignmentOrigin, string> = { council: 'Kommunfullmäktige', board: 'Nämnden' };

/**
 * Särskilda uppdrag from KF and the nämnd at the occasion: each with its
 * status and comment in the goal round. Ekonomi adds KF's, the controller the
 * nämnd's; the part that owns an uppdrag follows it up.
 */
export function UppdragSection({ period, year, locked, onChanged }: { period: number; year: number; locked: boolean; onChanged(m: string): void }) {
  const [generation, setGeneration] = useState(0);
  const round = useApi('goals.assignments', { period }, `assignments-${period}-${generation}`);
  const [openId, setOpenId] = useState<string | null>(null);
  const [adding, setAdding] = useState<AssignmentOrigin | null>(null);
  const id = useId();
  const changed = (m: string) => {
    setGeneration((g) => g + 1);
    onChanged(m);
  };

  if (round.error) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const list = round.data.assignments;
  const open = list.find((a) => a.id === openId) ?? null;

  return (
    <section className="goal-uppdrag" aria-labelledby={`${id}-title`} data-testid="uppdrag">
      <h2 id={`${id}-title`}>Uppdrag</h2>
      {list.length === 0 ? (
        <p className="hint">Inga särskilda uppdrag från kommunfullmäktige eller nämnden gäller {year}.</p>
      ) : (
        <table className="data-table">
          <caption className="sr-only">Uppdrag vid tillfället</caption>
          <thead>
            <tr>
              <th scope="col">Uppdrag</th>
              <th scope="col">Från</th>
              <th scope="col">Ansvar</th>
              <th scope="col">Status</th>
              <th scope="col">Omgång</th>
              <th scope="col">Sista dag</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-testid={`uppdrag-${a.code}`} className={a.id === openId ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link" aria-expanded={a.id === openId} onClick={() => setOpenId(a.id === openId ? null : a.id)}>
                    {a.code} {a.title}
                  </button>
                </td>
                <td>{a.originName}</td>
                <td>
                  {a.owner.code} {a.owner.name}
                </td>
                <td>{a.followup?.statusName ?? '–'}</td>
                <td>{a.followup ? ROUND_NAME[a.followup.roundStatus] : 'inget skrivet'}</td>
                <td>
                  {a.deadline ? formatDate(a.deadline) : '–'}
                  {a.overdue && <strong className="overdue"> Försenad</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <UppdragDetails key={open.id} a={open} period={period} locked={locked} onChanged={changed} />}
      <div className="button-row">
        {round.data.mayCreate.map((o) => (
          <button key={o} type="button" onClick={() => setAdding(o)}>
            Nytt uppdrag från {ORIGIN[o].toLowerCase()}
          </button>
        ))}
      </div>
      {adding && <UppdragForm origin={adding} year={year} onClose={() => setAdding(null)} onChanged={changed} />}
    </section>
  );
}

function UppdragDetails({ a, period, locked, onChanged }: { a: AssignmentView; period: number; locked: boolean; onChanged(m: string): void }) {
  const ref = { period, assignmentId: a.id };
  return (
    <div className="uppdrag-details" data-testid="uppdrag-details">
      <h3>
        {a.code} {a.title}
      </h3>
      {a.description && <p>{a.description}</p>}
      <p className="hint">
        {a.originName}
        {a.decisionRef ? `, ${a.decisionRef}` : ''}
        {a.decidedOn ? ` (${formatDate(a.decidedOn)})` : ''}
        {a.dueOn ? `; ska vara klart ${formatDate(a.dueOn)}` : ''}. Ansvar {a.owner.code} {a.owner.name}.
      </p>
      {!a.may.write && <p className="hint">Din roll kan läsa men inte följa upp det här uppdraget.</p>}
      <RoundEditor
        label={`Uppföljning av ${a.code}`}
        statuses={ASSIGNMENT_STATUSES}
        view={a.followup}
        may={{ write: a.may.write, approve: a.may.approve }}
        locked={locked}
        save={(status, text, baseUpdatedAt) => call('goals.assignment.followup.save', { ...ref, status: status as (typeof ASSIGNMENT_STATUSES)[number]['key'] | null, text, baseUpdatedAt })}
        step={(action, note) => call('goals.assignment.followup.step', { ...ref, action, note })}
        onChanged={onChanged}
        testId="uppdrag-round"
      />
    </div>
  );
}

function UppdragForm({ origin, year, onClose, onChanged }: { origin: AssignmentOrigin; year: number; onClose(): void; onChanged(m: string): void }) {
  const owners = useApi('goals.owners', {}, 'owners');
  const [f, setF] = useState({ code: '', title: '', description: '', ownerCode: '', decisionRef: '', decidedOn: '', dueOn: '' });
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('goals.assignment.save', { origin, ...f, decidedOn: f.decidedOn || null, dueOn: f.dueOn || null, validFromYear: year, validToYear: null });
      onClose();
      onChanged(`Uppdraget ${f.code.trim()} är sparat.`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="goal-form" aria-label={`Nytt uppdrag från ${ORIGIN[origin].toLowerCase()}`} onSubmit={(e) => void submit(e)}>
      <h3>Nytt uppdrag från {ORIGIN[origin].toLowerCase()}</h3>
      <div className="form-grid">
        <label className="field">
          Kod
          <input value={f.code} maxLength={20} required onChange={(e) => set('code')(e.target.value)} />
        </label>
        <label className="field">
          Ansvar
          <select value={f.ownerCode} required onChange={(e) => set('ownerCode')(e.target.value)}>
            <option value="">välj ansvar</option>
            {(owners.data ?? []).map((o) => (
              <option key={o.code} value={o.code}>
                {'\u00a0\u00a0'.repeat(o.depth)}
                {o.code} {o.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Beslut (t.ex. KF § 14)
          <input value={f.decisionRef} maxLength={200} onChange={(e) => set('decisionRef')(e.target.value)} />
        </label>
        <div className="field">
          <label htmlFor={`${id}-decided`}>Beslutsdatum</label>
          <DateInput id={`${id}-decided`} value={f.decidedOn} allowEmpty onChange={set('decidedOn')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>Klart senast</label>
          <DateInput id={`${id}-due`} value={f.dueOn} allowEmpty onChange={set('dueOn')} />
        </div>
      </div>
      <label className="field">
        Rubrik
        <input value={f.title} maxLength={300} required onChange={(e) => set('title')(e.target.value)} />
      </label>
      <label className="field">
        Beskrivning
        <textarea rows={2} value={f.description} onChange={(e) => set('description')(e.target.value)} />
      </label>
      {error && <ErrorBanner error={error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          Spara uppdraget
        </button>
        <button type="button" onClick={onClose}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
