import type { Pending } from './writes';

/** The question about codes the master data lacks, and the messages of the last step that failed. */
export function LinesBanners({ pending, errors, onConfirm, onCancel }: { pending: Pending | null; errors: string[]; onConfirm(): void; onCancel(): void }) {
  return (
    <>
      {pending && (
        <div className="banner banner-warning" role="alertdialog" aria-labelledby="pending-title">
          <p id="pending-title">
            <strong>Koder som saknas i grunddata:</strong> {pending.unknown.map((u) => `${u.column} ${u.code}`).join(', ')}. Kontrollera att koderna är rätt skrivna. Ska raden sparas ändå?
          </p>
          <button type="button" onClick={onConfirm} autoFocus>
            Spara ändå
          </button>{' '}
          <button type="button" onClick={onCancel}>
            Avbryt
          </button>
        </div>
      )}
      {errors.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="lines-errors">
          {errors.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </div>
      )}
    </>
  );
}
