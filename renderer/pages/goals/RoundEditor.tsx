import { useEffect, useState } from 'react';
import type { SimpleRoundView } from '../../../electron/api/contract/index';
import { ErrorBanner } from '../../components/Status';
import { formatTime, ROUND_NAME } from './names';

type Action = 'ready' | 'withdraw' | 'approve' | 'return';

interface Props {
  /** "NU1 Minska andelen timanställda", for the form's name. */
  label: string;
  statuses: readonly { key: string; name: string }[];
  view: SimpleRoundView | null;
  may: { write: boolean; approve: boolean };
  locked: boolean;
  save(status: string | null, text: string, baseUpdatedAt: string | null): Promise<unknown>;
  step(action: Action, note: string | null): Promise<unknown>;
  onChanged(message: string): void;
  testId: string;
}

/**
 * Status and comment of an uppdrag or a KF styrtal at the occasion, in the
 * goal round: write while utkast or återskickad, mark klar, approve or send
 * back with a note (the services decide who may; the buttons follow `may`).
 */
export function RoundEditor({ label, statuses, view, may, locked, save, step, onChanged, testId }: Props) {
  const [status, setStatus] = useState<string | null>(view?.status ?? null);
  const [text, setText] = useState(view?.text ?? '');
  const [note, setNote] = useState('');
  const [returning, setReturning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    setStatus(view?.status ?? null);
    setText(view?.text ?? '');
  }, [view?.updatedAt, view?.status, view?.text]);

  const round = view?.roundStatus ?? null;
  const editable = may.write && !locked && (round === null || round === 'draft' || round === 'returned');
  const dirty = status !== (view?.status ?? null) || text !== (view?.text ?? '');
  const run = async (fn: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setReturning(false);
      setNote('');
      onChanged(message);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="round-editor"
      aria-label={label}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (editable && dirty) void run(() => save(status, text, view?.updatedAt ?? null), `${label}: sparad.`);
      }}
    >
      <p className="hint">
        Omgång: <strong data-testid={`${testId}-round`}>{round ? ROUND_NAME[round] : 'inget skrivet ännu'}</strong>
        {view && ` (senast ändrad av ${view.author}, ${formatTime(view.updatedAt)})`}.
      </p>
      {view?.returnNote && (
        <div className="banner banner-warning" role="note">
          <p>
            <strong>Återskickad:</strong> {view.returnNote}
          </p>
        </div>
      )}
      <fieldset className="status-choice" disabled={!editable || busy}>
        <legend>Status</legend>
        {statuses.map((s) => (
          <label key={s.key}>
            <input type="radio" name={`${testId}-status`} value={s.key} checked={status === s.key} onChange={() => setStatus(s.key)} />
            {s.name}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Kommentar
        <textarea rows={3} value={text} disabled={!editable || busy} onChange={(e) => setText(e.target.value)} />
      </label>
      {error && <ErrorBanner error={error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={!editable || !dirty || busy}>
          Spara
        </button>
        {(round === 'draft' || round === 'returned') && may.write && !locked && (
          <button type="button" disabled={busy || dirty} title={dirty ? 'Spara först' : undefined} onClick={() => void run(() => step('ready', null), `${label}: markerad klar.`)}>
            Markera klar
          </button>
        )}
        {round === 'ready' && may.write && !locked && (
          <button type="button" disabled={busy} onClick={() => void run(() => step('withdraw', null), `${label}: klarmarkeringen är ångrad.`)}>
            Ångra klar
          </button>
        )}
        {round === 'ready' && may.approve && !locked && (
          <button type="button" disabled={busy} onClick={() => void run(() => step('approve', null), `${label}: godkänd.`)}>
            Godkänn
          </button>
        )}
        {(round === 'ready' || round === 'approved') && may.approve && !locked && !returning && (
          <button type="button" disabled={busy} onClick={() => setReturning(true)}>
            Skicka tillbaka …
          </button>
        )}
      </div>
      {returning && (
        <div className="return-form">
          <label className="field">
            Vad behöver ändras? (skickas med tillbaka)
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || note.trim() === ''} onClick={() => void run(() => step('return', note), `${label}: återskickad.`)}>
              Skicka tillbaka
            </button>
            <button type="button" onClick={() => setReturning(false)}>
              Avbryt
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
