import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import './confirm-dialog.css';

export interface ConfirmOptions {
  /** The question, as the dialog's title: "Ta bort omfördelningen?" */
  title: string;
  /** What happens, and what cannot be undone. */
  message: ReactNode;
  /** The button that does it, named by what it does: "Ta bort", "Ångra inläsningen". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Something that removes or replaces data: the focus starts on Avbryt, so Enter does not do it by mistake. */
  destructive?: boolean;
}

type Pending = ConfirmOptions & { resolve(ok: boolean): void };

/**
 * The app's own confirmation: a modal <dialog> (focus kept inside, Esc
 * cancels, the rest of the page inert), titled and described for screen
 * readers, in Swedish and in the app's look. The browser's confirm() is not
 * used anywhere: it cannot be styled or labelled, shows the page's address,
 * and in Electron has an English title.
 *
 *   const [confirm, confirmDialog] = useConfirm();
 *   if (!(await confirm({ title: 'Ta bort …?', message: '…', confirmLabel: 'Ta bort', destructive: true }))) return;
 *   return <>…{confirmDialog}</>;
 */
export function useConfirm(): [(options: ConfirmOptions) => Promise<boolean>, ReactNode] {
  const [pending, setPending] = useState<Pending | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        setPending({ ...options, resolve });
      }),
    [],
  );
  const settle = useCallback(
    (ok: boolean) => {
      pending?.resolve(ok);
      setPending(null);
    },
    [pending],
  );
  return [confirm, pending ? <ConfirmDialog key="confirm" {...pending} onSettle={settle} /> : null];
}

function ConfirmDialog(props: ConfirmOptions & { onSettle(ok: boolean): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const okRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  // Where the focus was, to give it back when the dialog closes.
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    ref.current?.showModal();
    (props.destructive ? cancelRef : okRef).current?.focus();
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, [props.destructive]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      data-testid="confirm-dialog"
      // Esc: the dialog's own cancel event.
      onCancel={(e) => {
        e.preventDefault();
        props.onSettle(false);
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <div id={`${id}-message`} className="confirm-message">
        {props.message}
      </div>
      <div className="actions">
        <button type="button" ref={okRef} className={props.destructive ? 'danger' : 'primary'} onClick={() => props.onSettle(true)}>
          {props.confirmLabel}
        </button>
        <button type="button" ref={cancelRef} onClick={() => props.onSettle(false)}>
          {props.cancelLabel ?? 'Avbryt'}
        </button>
      </div>
    </dialog>
  );
}
