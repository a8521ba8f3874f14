import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { InvestmentRoundProject } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { formatDateTime } from '../../../shared/dates';
import { StatusBadge, type CommentState } from './labels';
import { ApproveButtons, ReturnNoteForm, useReturnForm } from '../../components/ApprovalControls';

interface Props {
  occasionId: string | null;
  unit: MoneyUnit;
}

const dev = (ore: number, unit: MoneyUnit) => <span className={ore < 0 ? 'unfavourable' : undefined}>{formatMoney(ore, unit)}</span>;

/**
 * Uppföljning › Investeringar: the investment projects of the occasion's
 * year with budget, utfall (from the ledger import), prognos and avvikelse
 * for the year and the whole project, and a project's comment in the round
 * (orsak and åtgärd; klar, godkänd, återskickad as the drift comments).
 */
export function InvestmentsRoundTab({ occasionId, unit }: Props) {
  const [generation, setGeneration] = useState(0);
  const round = useApi('investments.round', { occasionId: occasionId ?? '' }, `${occasionId}:${generation}`, occasionId !== null);
  const [selected, setSelected] = useState<string | null>(null);

  if (occasionId === null) return <p className="hint">Perioden har inget uppföljningstillfälle. Lägg upp årets tillfällen under Årshjul och trösklar.</p>;
  if (round.error && !round.data) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const r = round.data;
  const project = r.projects.find((p) => p.code === selected) ?? null;

  return (
    <div className="investments-round">
      <p data-testid="inv-round-summary">
        {r.occasionName}: {r.projects.length} investeringsprojekt, {r.required} kräver kommentar{r.missing > 0 ? `, ${r.missing} saknar` : ''}.{' '}
        <span className="hint">Avvikelse = budget − prognos (negativ: dyrare än budget). Utfall: ekonomisystemets rader i kontoklass 1 med projektets kod.</span>
      </p>
      {r.projects.length === 0 ? (
        <p className="hint">Inga investeringsprojekt har budget, utfall eller prognos för {r.year}.</p>
      ) : (
        <table className="data-table" aria-label={`Investeringsprojekt ${r.year}`}>
          <thead>
            <tr>
              <th scope="col">Projekt</th>
              <th scope="col">Budget {r.year}</th>
              <th scope="col">Utfall {r.year}</th>
              <th scope="col">Prognos {r.year}</th>
              <th scope="col">Avvikelse {r.year}</th>
              <th scope="col">Budget hela projektet</th>
              <th scope="col">Utfall hela projektet</th>
              <th scope="col">Avvikelse hela projektet</th>
              <th scope="col">Kommentar</th>
            </tr>
          </thead>
          <tbody>
            {r.projects.map((p) => (
              <tr key={p.code} aria-selected={p.code === selected} data-testid={`inv-round-${p.code}`}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => setSelected(p.code)} aria-pressed={p.code === selected}>
                    {p.code} {p.name}
                  </button>
                </th>
                <td className="num">{formatMoney(p.year.budgetOre, unit)}</td>
                <td className="num">{formatMoney(p.year.actualOre, unit)}</td>
                <td className="num">{formatMoney(p.year.forecastOre, unit)}</td>
                <td className="num">{dev(p.year.deviationOre, unit)}</td>
                <td className="num">{formatMoney(p.wholeProject.budgetOre, unit)}</td>
                <td className="num">{formatMoney(p.wholeProject.actualOre, unit)}</td>
                <td className="num">{dev(p.wholeProject.deviationOre, unit)}</td>
                <td>
                  <StatusBadge status={(p.comment?.status ?? (p.required ? 'missing' : null)) as CommentState | null} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {project && <ProjectComment key={project.code} occasionId={r.occasionId} project={project} onChanged={() => setGeneration((g) => g + 1)} />}
    </div>
  );
}

function ProjectComment({ occasionId, project, onChanged }: { occasionId: string; project: InvestmentRoundProject; onChanged(): void }) {
  const savedCause = project.comment?.cause ?? '';
  const savedAction = project.comment?.action ?? '';
  const [cause, setCause] = useState(savedCause);
  const [action, setAction] = useState(savedAction);
  const returnForm = useReturnForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    setCause(savedCause);
    setAction(savedAction);
  }, [savedCause, savedAction]);
  const dirty = useMemo(() => cause !== savedCause || action !== savedAction, [cause, action, savedCause, savedAction]);
  const c = project.comment;
  const editable = project.canWrite && c?.status !== 'approved';
  const code = project.code;

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setDone(what);
      returnForm.reset();
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const save = () => call('investments.comment.save', { occasionId, projectCode: code, cause, action });
  const status = (a: 'ready' | 'approve' | 'return' | 'reopen', n?: string) => call('investments.comment.status', { occasionId, projectCode: code, action: a, ...(n !== undefined ? { note: n } : {}) });
  const onShortcut = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'Enter' || e.key === 's')) {
      e.preventDefault();
      if (editable && dirty && !busy) void run('Sparad.', save);
    }
    if (e.key === 'Escape' && dirty) {
      e.preventDefault();
      setCause(savedCause);
      setAction(savedAction);
    }
  };

  return (
    <section className="panel" aria-labelledby="inv-comment-title" onKeyDown={onShortcut}>
      <h3 id="inv-comment-title">
        Kommentar: {project.code} {project.name}
      </h3>
      <p>
        Status: <StatusBadge status={(c?.status ?? (project.required ? 'missing' : null)) as CommentState | null} />{' '}
        {project.required ? <span className="required-mark">Kommentar krävs (avvikelsen når tröskeln)</span> : <span className="hint">Avvikelsen är under tröskeln.</span>}
        {c && <span className="hint"> Senast ändrad {formatDateTime(c.updatedAt)} av {c.author}.</span>}
      </p>
      {c?.status === 'returned' && c.returnNote && (
        <div className="banner banner-error" role="note">
          <p>
            <strong>Återskickad:</strong> {c.returnNote}
          </p>
        </div>
      )}
      <label htmlFor="inv-comment-cause">Orsak</label>
      <textarea id="inv-comment-cause" value={cause} onChange={(e) => setCause(e.target.value)} readOnly={!editable} maxLength={4000} />
      <label htmlFor="inv-comment-action">Åtgärd</label>
      <textarea id="inv-comment-action" value={action} onChange={(e) => setAction(e.target.value)} readOnly={!editable} maxLength={4000} />
      <div className="actions">
        {editable && (
          <button type="button" className="primary" disabled={busy || !dirty} onClick={() => void run('Sparad.', save)} title="Ctrl+Enter">
            Spara
          </button>
        )}
        {editable && (
          <button type="button" disabled={busy || !dirty} onClick={() => (setCause(savedCause), setAction(savedAction))} title="Esc">
            Ångra ändringarna
          </button>
        )}
        {project.canWrite && (c === null || c.status === 'draft' || c.status === 'returned') && (
          <button
            type="button"
            disabled={busy || cause.trim() === ''}
            onClick={() =>
              void run('Markerad klar.', async () => {
                if (dirty || !c) await save();
                await status('ready');
              })
            }
          >
            Markera klar
          </button>
        )}
        {project.canWrite && c?.status === 'ready' && (
          <button type="button" disabled={busy} onClick={() => void run('Tillbaka som utkast.', () => status('reopen'))}>
            Ta tillbaka till utkast
          </button>
        )}
        <ApproveButtons canApprove={project.canApprove} status={c?.status} busy={busy} form={returnForm} onApprove={() => void run('Godkänd.', () => status('approve'))} />
      </div>
      <ReturnNoteForm id="inv-comment-return-note" busy={busy} form={returnForm} onReturn={(note) => void run('Återskickad.', () => status('return', note))} />
      {done && (
        <p className="message-ok" role="status">
          {done}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
    </section>
  );
}
