import { useState } from 'react';

/**
 * The approving level's part of a comment round's panel: Godkänn, Återskicka
 * and the return note's form. The deviation comments, the investment
 * comments and the text sections follow the same round, so they share it.
 */
export interface ReturnForm {
  returning: boolean;
  note: string;
  setNote: (note: string) => void;
  open: () => void;
  close: () => void;
  /** After a step of the round: the form closed and its note cleared. */
  reset: () => void;
}

export function useReturnForm(): ReturnForm {
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  return {
    returning,
    note,
    setNote,
    open: () => setReturning(true),
    close: () => setReturning(false),
    reset: () => {
      setReturning(false);
      setNote('');
    },
  };
}

type RoundStatus = 'draft' | 'ready' | 'approved' | 'returned' | null | undefined;

/** Godkänn (for a text marked klar) and Återskicka … (klar or already approved), inside the panel's row of buttons. */
export function ApproveButtons({ canApprove, status, busy, form, onApprove }: { canApprove: boolean; status: RoundStatus; busy: boolean; form: ReturnForm; onApprove: () => void }) {
  if (!canApprove) return null;
  return (
    <>
      {status === 'ready' && (
        <button type="button" className="primary" disabled={busy} onClick={onApprove}>
          Godkänn
        </button>
      )}
      {(status === 'ready' || status === 'approved') && !form.returning && (
        <button type="button" disabled={busy} onClick={form.open}>
          Återskicka …
        </button>
      )}
    </>
  );
}

/** The note a return always carries; `id` names the field for its label. */
export function ReturnNoteForm({ id, busy, form, onReturn }: { id: string; busy: boolean; form: ReturnForm; onReturn: (note: string) => void }) {
  if (!form.returning) return null;
  return (
    <div>
      <label htmlFor={id}>Vad behöver kompletteras?</label>
      <textarea id={id} value={form.note} onChange={(e) => form.setNote(e.target.value)} maxLength={4000} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy || form.note.trim() === ''} onClick={() => onReturn(form.note)}>
          Återskicka med meddelandet
        </button>
        <button type="button" onClick={form.close}>
          Avbryt
        </button>
      </div>
    </div>
  );
}
