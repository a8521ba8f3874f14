import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { CommentDetail } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { LEVEL_NAME, STATUS_NAME, StatusBadge, type CommentState } from './labels';
import { formatDateTime } from '../../../shared/dates';
import { ApproveButtons, ReturnNoteForm, useReturnForm } from '../../components/ApprovalControls';

interface Props {
  occasionId: string;
  code: string;
  unit: MoneyUnit;
  onChanged(): void;
}

const FIELD_NAME: Record<string, string> = { cause: 'orsak', action: 'åtgärd', action_effect_ore: 'förväntad effekt', status: 'status', return_note: 'meddelande' };
const when = (iso: string) => formatDateTime(iso);

function effectText(ore: number | null): string {
  if (ore === null) return '';
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100).toLocaleString('sv-SE');
  return abs % 100 === 0 ? `${sign}${kr}` : `${sign}${kr},${String(abs % 100).padStart(2, '0')}`;
}

/** One entry per save or status change: who, when, and what changed. */
function historyLines(d: CommentDetail): { at: string; author: string; text: string }[] {
  // A save ends with its status; a status change may carry a note. That is where one change ends.
  const groups: { at: string; author: string; parts: string[] }[] = [];
  let prevField: string | null = null;
  for (const h of d.history) {
    let g = groups[groups.length - 1];
    const ended = prevField === 'return_note' || (prevField === 'status' && h.field !== 'return_note');
    if (!g || g.at !== h.at || g.author !== h.author || ended) groups.push((g = { at: h.at, author: h.author, parts: [] }));
    prevField = h.field;
    if (h.field === 'status') g.parts.push(h.oldValue === null ? `skapad som ${STATUS_NAME[h.newValue as CommentState]}` : `${STATUS_NAME[h.oldValue as CommentState]} → ${STATUS_NAME[h.newValue as CommentState]}`);
    else if (h.field === 'return_note') {
      if (h.newValue) g.parts.push(`meddelande: ”${h.newValue}”`);
    } else g.parts.push(`${FIELD_NAME[h.field] ?? h.field} ${h.oldValue === null ? 'skriven' : 'ändrad'}`);
  }
  return groups.filter((g) => g.parts.length > 0).map((g) => ({ at: g.at, author: g.author, text: g.parts.join('; ') }));
}

/** Orsak and åtgärd for one node and occasion, its status through the round, its history, and the comments below it. */
export function CommentPanel({ occasionId, code, unit, onChanged }: Props) {
  const [generation, setGeneration] = useState(0);
  const detail = useApi('followup.comment.get', { occasionId, code }, `${occasionId}:${code}:${generation}`);
  const [cause, setCause] = useState('');
  const [action, setAction] = useState('');
  const [effect, setEffect] = useState('');
  const returnForm = useReturnForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const d = detail.data;
  useEffect(() => {
    if (!d) return;
    setCause(d.comment?.cause ?? '');
    setAction(d.comment?.action ?? '');
    setEffect(effectText(d.comment?.actionEffectOre ?? null));
  }, [d]);

  const dirty = useMemo(() => !!d && (cause !== (d.comment?.cause ?? '') || action !== (d.comment?.action ?? '') || effect !== effectText(d.comment?.actionEffectOre ?? null)), [d, cause, action, effect]);

  if (detail.error && !d) return <ErrorBanner error={detail.error} />;
  if (!d) return <Loading />;

  const status: CommentState | null = d.comment?.status ?? (d.required ? 'missing' : null);
  const editable = d.canWrite && d.comment?.status !== 'approved';

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await fn();
      setSaved(what);
      returnForm.reset();
      setGeneration((g) => g + 1);
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const save = () => call('followup.comment.save', { occasionId, code, cause, action, actionEffect: effect });
  const status_ = (a: 'ready' | 'approve' | 'return' | 'reopen', n?: string) => call('followup.comment.status', { occasionId, code, action: a, ...(n !== undefined ? { note: n } : {}) });

  const onShortcut = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'Enter' || e.key === 's')) {
      e.preventDefault();
      if (editable && dirty && !busy) void run('Sparad.', save);
    }
  };

  return (
    <div onKeyDown={onShortcut}>
      <p>
        Status: <StatusBadge status={status} />{' '}
        {d.required ? (
          status === 'ready' || status === 'approved' ? (
            <span className="hint">Kommentar krävs (avvikelsen når tröskeln).</span>
          ) : (
            <span className="required-mark">Kommentar krävs</span>
          )
        ) : (
          <span className="hint">Avvikelsen är under tröskeln.</span>
        )}
        {d.comment && (
          <span className="hint">
            {' '}
            Senast ändrad {when(d.comment.updatedAt)} av {d.comment.author}.
          </span>
        )}
      </p>
      {d.comment?.status === 'returned' && d.comment.returnNote && (
        <div className="banner banner-error" role="note">
          <p>
            <strong>Återskickad:</strong> {d.comment.returnNote}
          </p>
        </div>
      )}
      {d.occasion.lockedAt && <p className="hint">Tillfället är låst; kommentaren visas som den rapporterades.</p>}
      <label htmlFor="comment-cause">Orsak</label>
      <textarea id="comment-cause" value={cause} onChange={(e) => setCause(e.target.value)} readOnly={!editable} maxLength={4000} />
      <label htmlFor="comment-action">Åtgärd</label>
      <textarea id="comment-action" value={action} onChange={(e) => setAction(e.target.value)} readOnly={!editable} maxLength={4000} />
      <label htmlFor="comment-effect">Förväntad effekt av åtgärden (kr)</label>
      <input id="comment-effect" type="text" inputMode="decimal" value={effect} onChange={(e) => setEffect(e.target.value)} readOnly={!editable} placeholder="t.ex. 250 000" />
      <div className="actions">
        {editable && (
          <button type="button" className="primary" disabled={busy || !dirty} onClick={() => void run('Sparad.', save)} title="Ctrl+Enter">
            Spara
          </button>
        )}
        {d.canWrite && (d.comment === null || d.comment.status === 'draft' || d.comment.status === 'returned') && (
          <button
            type="button"
            disabled={busy || cause.trim() === ''}
            onClick={() =>
              void run('Markerad klar.', async () => {
                if (dirty || !d.comment) await save();
                await status_('ready');
              })
            }
          >
            Markera klar
          </button>
        )}
        {d.canWrite && d.comment?.status === 'ready' && (
          <button type="button" disabled={busy} onClick={() => void run('Tillbaka som utkast.', () => status_('reopen'))}>
            Ta tillbaka till utkast
          </button>
        )}
        <ApproveButtons canApprove={d.canApprove} status={d.comment?.status} busy={busy} form={returnForm} onApprove={() => void run('Godkänd.', () => status_('approve'))} />
      </div>
      <ReturnNoteForm id="comment-return-note" busy={busy} form={returnForm} onReturn={(note) => void run('Återskickad.', () => status_('return', note))} />
      {saved && (
        <p className="message-ok" role="status">
          {saved}
        </p>
      )}
      {error && <ErrorBanner error={error} />}

      <h3>Kommentarer under ({d.below.length})</h3>
      {d.below.length === 0 ? (
        <p className="hint">Inga kommentarer krävs eller är skrivna på nivåerna under.</p>
      ) : (
        <ul className="below-list" aria-label="Kommentarer på nivåerna under">
          {d.below.map((b) => (
            <li key={b.code}>
              <div>
                <strong>
                  {b.code} {b.name}
                </strong>{' '}
                <span className="hint">({LEVEL_NAME[b.level]})</span> <StatusBadge status={b.status} />{' '}
                <span className={b.deviationAcc < 0 ? 'unfavourable' : 'favourable'}>
                  {formatMoney(b.deviationAcc, unit)} {unit}
                </span>
              </div>
              {b.cause && <div>Orsak: {b.cause}</div>}
              {b.action && (
                <div>
                  Åtgärd: {b.action}
                  {b.actionEffectOre !== null ? ` (effekt ${formatMoney(b.actionEffectOre, unit)} ${unit})` : ''}
                </div>
              )}
              {b.author && (
                <div className="hint">
                  {b.author}, {when(b.updatedAt!)}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      <h3>Historik</h3>
      {d.history.length === 0 ? (
        <p className="hint">Ingen kommentar skriven ännu.</p>
      ) : (
        <ol className="history" data-testid="comment-history">
          {historyLines(d).map((h, i) => (
            <li key={i}>
              <span className="when">{when(h.at)}</span> {h.author}: {h.text}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
