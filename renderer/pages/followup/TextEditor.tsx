import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TextDetail } from '../../../electron/api/contract/index';
import { parseRichText, RICH_LIMITS } from '../../../shared/rich-text';
import { formatDateTime } from '../../../shared/dates';
import { call } from '../../api';
import { RichText } from '../../components/RichText';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { STATUS_NAME, StatusBadge, type CommentState } from './labels';
import { PersonnelFigures } from './PersonnelFigures';
import { ApproveButtons, ReturnNoteForm, useReturnForm } from '../../components/ApprovalControls';

interface Props {
  occasionId: string;
  code: string;
  kind: string;
  onChanged(): void;
}

/** How long the editor waits after the last keystroke before it saves the utkast by itself. */
const AUTOSAVE_MS = 1500;

const TABLE = '| Rubrik | Rubrik |\n|---|---|\n| Text | Text |\n';

/**
 * One node's text of one section: a textarea with a live preview (the
 * reports' own parser), a toolbar for bold, bullets and a table, the
 * sektorer's texts below to draw on, and the round's buttons. The utkast
 * is saved by itself a moment after typing stops (when the text can be
 * read); Ctrl+Enter saves at once, Esc takes back what is not saved.
 */
export function TextEditor({ occasionId, code, kind, onChanged }: Props) {
  const detail = useApi('texts.get', { occasionId, code, kind }, `${occasionId}:${code}:${kind}`);
  if (detail.error && !detail.data) return <ErrorBanner error={detail.error} />;
  if (!detail.data) return <Loading />;
  return <Editor detail={detail.data} onChanged={onChanged} reload={detail.reload} />;
}

/** The change log as lines: one per save or step of the round, the text's own changes not repeated in full. */
function historyLines(d: TextDetail): { at: string; author: string; text: string }[] {
  const lines: { at: string; author: string; text: string }[] = [];
  for (const h of d.history) {
    let text: string | null = null;
    if (h.field === 'status') text = h.oldValue === null ? `skapad som ${STATUS_NAME[h.newValue as CommentState]}` : h.oldValue === h.newValue ? null : `${STATUS_NAME[h.oldValue as CommentState]} → ${STATUS_NAME[h.newValue as CommentState]}`;
    else if (h.field === 'return_note') text = h.newValue ? `meddelande: ”${h.newValue}”` : null;
    else if (h.field === 'body') text = h.oldValue === null ? null : 'texten ändrad';
    if (text === null) continue;
    const last = lines[lines.length - 1];
    if (last && last.at === h.at && last.author === h.author) last.text += `; ${text}`;
    else lines.push({ at: h.at, author: h.author, text });
  }
  return lines;
}

function Editor({ detail, onChanged, reload }: { detail: TextDetail; onChanged(): void; reload(): void }) {
  const s = detail.section;
  const [saved, setSaved] = useState(s?.body ?? '');
  const [body, setBody] = useState(s?.body ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const returnForm = useReturnForm();
  const area = useRef<HTMLTextAreaElement>(null);
  const parsed = useMemo(() => parseRichText(body), [body]);
  const editable = detail.canWrite && s?.status !== 'approved';
  const dirty = body !== saved;
  const key = { occasionId: detail.occasion.id, code: detail.node.code, kind: detail.kind.code };
  // The text as the server has it (another step of the round, or a save) is what "saved" means from then on.
  useEffect(() => setSaved(s?.body ?? ''), [s?.body]);

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setDone(what);
      returnForm.reset();
      reload();
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const text = body;
    await call('texts.save', { ...key, body: text });
    setSaved(text);
  };
  const status = (action: 'ready' | 'approve' | 'return' | 'reopen', n?: string) => call('texts.status', { ...key, action, ...(n !== undefined ? { note: n } : {}) });

  // Autosave of the utkast: only a text the reports can read, and never over an approved one.
  useEffect(() => {
    if (!editable || !dirty || busy || parsed.problems.length > 0) return;
    const t = setTimeout(() => void run('Utkastet är sparat.', save), AUTOSAVE_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run and save read the current body
  }, [body, editable, dirty, busy, parsed.problems.length]);

  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'Enter' || e.key === 's')) {
      e.preventDefault();
      if (editable && dirty && !busy) void run('Sparad.', save);
    }
    if (e.key === 'Escape' && dirty) {
      e.preventDefault();
      setBody(saved);
    }
  };

  /** Replaces the selection with what `edit` makes of it, keeping the textarea's focus. */
  const wrap = (edit: (selected: string) => string) => {
    const el = area.current;
    if (!el || !editable) return;
    const { selectionStart: a, selectionEnd: b } = el;
    const next = body.slice(0, a) + edit(body.slice(a, b)) + body.slice(b);
    setBody(next);
    requestAnimationFrame(() => el.focus());
  };

  const st = s?.status ?? null;
  return (
    <section className="panel text-editor" aria-labelledby="text-editor-title" onKeyDown={onKey}>
      <h3 id="text-editor-title">
        {detail.kind.name}: {detail.node.code} {detail.node.name}
      </h3>
      {detail.kind.guidance && <p className="hint">{detail.kind.guidance}</p>}
      {detail.kind.code === 'personnel' && <PersonnelFigures period={detail.occasion.period} code={detail.node.code} />}
      <p>
        Status: <StatusBadge status={(st ?? null) as CommentState | null} /> {!s && <span className="hint">Inte skriven ännu.</span>}
        {s && <span className="hint"> Senast ändrad {formatDateTime(s.updatedAt)} av {s.author}.</span>}
        {dirty && editable && <span className="hint"> Osparade ändringar.</span>}
      </p>
      {st === 'returned' && s?.returnNote && (
        <div className="banner banner-error" role="note">
          <p>
            <strong>Återskickad:</strong> {s.returnNote}
          </p>
        </div>
      )}
      <div className="text-editor-panes">
        <div>
          {editable && (
            <div className="toolbar" role="toolbar" aria-label="Formatering">
              <button type="button" onClick={() => wrap((x) => `**${x || 'fetstil'}**`)}>
                <strong>F</strong> Fetstil
              </button>
              <button type="button" onClick={() => wrap((x) => (x || 'punkt').split('\n').map((l) => (l.startsWith('- ') ? l : `- ${l}`)).join('\n'))}>
                • Punktlista
              </button>
              <button type="button" onClick={() => wrap((x) => `${x}\n\n${TABLE}`)}>
                Tabell
              </button>
            </div>
          )}
          <label htmlFor="text-editor-body">Text</label>
          <textarea
            id="text-editor-body"
            ref={area}
            className="text-editor-body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            readOnly={!editable}
            maxLength={RICH_LIMITS.chars}
            aria-describedby="text-editor-help"
          />
          <p id="text-editor-help" className="hint">
            Tom rad: nytt stycke. &quot;- &quot; först på raden: punkt. **fetstil**. Tabell: | a | b | med raden |---|---| under rubrikerna. Ctrl+Enter sparar, Esc ångrar det osparade; utkastet sparas
            av sig självt. {body.length} av {RICH_LIMITS.chars} tecken.
          </p>
          {parsed.problems.length > 0 && (
            <div className="banner banner-error" role="alert">
              <p>Texten kan inte sparas förrän detta är rättat:</p>
              <ul>
                {parsed.problems.slice(0, 8).map((p, i) => (
                  <li key={i}>
                    Rad {p.line}: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <div className="text-preview" role="region" aria-label="Så här blir det i rapporten" tabIndex={0}>
          <h4>Så här blir det i rapporten</h4>
          <RichText blocks={parsed.blocks} label="Förhandsgranskning" />
        </div>
      </div>
      <div className="actions">
        {editable && (
          <button type="button" className="primary" disabled={busy || !dirty || parsed.problems.length > 0} onClick={() => void run('Sparad.', save)} title="Ctrl+Enter">
            Spara
          </button>
        )}
        {editable && (
          <button type="button" disabled={busy || !dirty} onClick={() => setBody(saved)} title="Esc">
            Ångra ändringarna
          </button>
        )}
        {detail.canWrite && (st === null || st === 'draft' || st === 'returned') && (
          <button
            type="button"
            disabled={busy || body.trim() === '' || parsed.problems.length > 0}
            onClick={() =>
              void run('Markerad klar.', async () => {
                if (dirty || !s) await save();
                await status('ready');
              })
            }
          >
            Markera klar
          </button>
        )}
        {detail.canWrite && st === 'ready' && (
          <button type="button" disabled={busy} onClick={() => void run('Tillbaka som utkast.', () => status('reopen'))}>
            Ta tillbaka till utkast
          </button>
        )}
        <ApproveButtons canApprove={detail.canApprove} status={st} busy={busy} form={returnForm} onApprove={() => void run('Godkänd.', () => status('approve'))} />
      </div>
      <ReturnNoteForm id="text-return-note" busy={busy} form={returnForm} onReturn={(note) => void run('Återskickad.', () => status('return', note))} />
      {done && (
        <p className="message-ok" role="status">
          {done}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      {detail.history.length > 0 && (
        <details className="text-history">
          <summary>Historik ({historyLines(detail).length})</summary>
          <ol className="history" data-testid="text-history">
            {historyLines(detail).map((h, i) => (
              <li key={i}>
                <span className="when">{formatDateTime(h.at)}</span> {h.author}: {h.text}
              </li>
            ))}
          </ol>
        </details>
      )}
      {detail.below.length > 0 && (
        <section className="text-below" aria-labelledby="text-below-title">
          <h4 id="text-below-title">Underlag från nivåerna under</h4>
          {detail.below.map((b) => (
            <article key={b.id} className="text-below-item" aria-label={`${b.code} ${b.name}`}>
              <p>
                <strong>
                  {b.code} {b.name}
                </strong>{' '}
                <StatusBadge status={b.status as CommentState} /> <span className="hint">{b.author}</span>
                {editable && (
                  <button type="button" className="link" onClick={() => setBody((x) => `${x.replace(/\s+$/, '')}${x.trim() === '' ? '' : '\n\n'}${b.body}`)}>
                    Infoga i texten
                  </button>
                )}
              </p>
              <RichText blocks={parseRichText(b.body).blocks} label={`Text från ${b.name}`} />
            </article>
          ))}
        </section>
      )}
    </section>
  );
}
