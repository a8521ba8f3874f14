import { useEffect, useState, type KeyboardEvent } from 'react';
import type { ActionItemView, ActionNode, EarlierAction } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ApproveButtons, ReturnNoteForm, useReturnForm } from '../../components/ApprovalControls';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { StatusBadge, type CommentState } from './labels';
import { PLAN_GOTO_KEY } from './goto';
import { peekSession, setSessionValue } from '../../state/session';
import './action-plans.css';

type ActionStatus = ActionItemView['status'];
const ACTION_STATUS: Record<ActionStatus, string> = { planned: 'planerad', in_progress: 'pågår', done: 'genomförd', not_done: 'ej genomförd' };
const STATUSES = Object.keys(ACTION_STATUS) as ActionStatus[];
const kr = (ore: number) => formatMoney(ore, 'kr');

interface Props {
  occasionId: string | null;
  unit: MoneyUnit;
}

/**
 * Uppföljning › Åtgärdsplaner: the occasion's large deviations (unfavourable,
 * over the level's comment threshold) with their plan's status or
 * "Åtgärdsplan saknas", and the chosen node's plan (åtgärder with who, by
 * when, effect and status, in the comment round) and the follow-up of its
 * earlier occasions' open åtgärder.
 */
export function ActionPlansTab({ occasionId, unit }: Props) {
  const [generation, setGeneration] = useState(0);
  const round = useApi('actions.round', { occasionId: occasionId ?? '' }, `${occasionId}:${generation}`, occasionId !== null);
  const [selected, setSelected] = useState<string | null>(null);

  // Opened from the deviation grid or Översikt at a node: its plan chosen, and the keyboard focus on its row.
  useEffect(() => {
    const target = peekSession<string | null>(PLAN_GOTO_KEY);
    if (!round.data || !target) return;
    setSessionValue<string | null>(PLAN_GOTO_KEY, null);
    if (!round.data.nodes.some((n) => n.code === target)) return;
    setSelected(target);
    const button = document.querySelector<HTMLButtonElement>(`[data-testid="action-node-${CSS.escape(target)}"]`);
    button?.focus();
    button?.scrollIntoView({ block: 'nearest' });
  }, [round.data]);

  if (occasionId === null) return <p className="hint">Perioden har inget uppföljningstillfälle. Lägg upp årets tillfällen under Årshjul och trösklar.</p>;
  if (round.error && !round.data) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const r = round.data;
  const chosen = r.nodes.find((n) => n.code === selected) ?? null;
  const missing = r.nodes.filter((n) => n.planMissing).length;

  return (
    <div className="actions-tab">
      <p className="hint">
        {r.occasion.name}: en stor avvikelse är ogynnsam och når nivåns tröskel för kommentarer; den behöver en åtgärdsplan. Tidigare tillfällens åtgärder följs upp tills de
        är genomförda eller inte genomförs.{r.occasion.lockedAt ? ' Tillfället är låst.' : ''}
        {missing > 0 && <strong> {missing === 1 ? '1 stor avvikelse saknar' : `${missing} stora avvikelser saknar`} åtgärdsplan.</strong>}
      </p>
      {r.nodes.length === 0 ? (
        <p>Inga stora avvikelser och inga öppna åtgärder vid {r.occasion.name}.</p>
      ) : (
        <div className="actions-table-wrap">
          <table className="data-table actions-table" aria-label={`Åtgärdsplaner, ${r.occasion.name}`}>
            <thead>
              <tr>
                <th scope="col">Ansvar</th>
                <th scope="col" className="num">
                  Avvikelse ack ({unit})
                </th>
                <th scope="col" className="num">
                  Mot prognos ({unit})
                </th>
                <th scope="col">Åtgärdsplan</th>
                <th scope="col">Att följa upp</th>
              </tr>
            </thead>
            <tbody>
              {r.nodes.map((n) => (
                <tr key={n.code} className={n.code === selected ? 'selected' : undefined}>
                  <th scope="row" style={{ paddingLeft: `${4 + n.depth * 12}px` }}>
                    <button type="button" className="link" aria-pressed={n.code === selected} data-testid={`action-node-${n.code}`} onClick={() => setSelected(n.code)}>
                      {n.code} {n.name}
                    </button>
                  </th>
                  <td className={`num${n.deviationAcc < 0 ? ' negative' : ''}`}>{formatMoney(n.deviationAcc, unit)}</td>
                  <td className={`num${(n.deviationForecast ?? 0) < 0 ? ' negative' : ''}`}>{n.deviationForecast === null ? '' : formatMoney(n.deviationForecast, unit)}</td>
                  <td>
                    {n.planMissing ? (
                      <span className="plan-missing">Åtgärdsplan saknas</span>
                    ) : n.plan ? (
                      <>
                        <StatusBadge status={n.plan.status as CommentState} /> {n.plan.items.length} åtgärder
                      </>
                    ) : (
                      <span className="hint">–</span>
                    )}
                  </td>
                  <td>{n.earlier.length === 0 ? '' : `${n.earlier.filter((e) => e.followup === null).length} av ${n.earlier.length} ej uppföljda`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {chosen && <PlanPanel key={`${chosen.code}:${r.occasion.id}`} occasionId={r.occasion.id} node={chosen} onChanged={() => setGeneration((g) => g + 1)} />}
    </div>
  );
}

function formKeys(save: () => void, close: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  };
}

function PlanPanel({ occasionId, node, onChanged }: { occasionId: string; node: ActionNode; onChanged: () => void }) {
  const [editing, setEditing] = useState<ActionItemView | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const returnForm = useReturnForm();
  const plan = node.plan;
  const st = plan?.status ?? null;
  const editable = node.canWrite && st !== 'approved';
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
  const status = (action: 'ready' | 'approve' | 'return' | 'reopen', note?: string) => call('actions.status', { occasionId, code: node.code, action, ...(note !== undefined ? { note } : {}) });

  return (
    <section className="panel actions-panel" aria-labelledby="actions-panel-title">
      <h3 id="actions-panel-title">
        Åtgärdsplan: {node.code} {node.name}
      </h3>
      <p>
        Status: {plan ? <StatusBadge status={plan.status as CommentState} /> : node.planMissing ? <span className="plan-missing">Åtgärdsplan saknas</span> : <span className="hint">Ingen plan.</span>}
        {plan && <span className="hint"> Senast av {plan.author}.</span>}
      </p>
      {st === 'returned' && plan?.returnNote && (
        <div className="banner banner-error" role="note">
          <p>
            <strong>Återskickad:</strong> {plan.returnNote}
          </p>
        </div>
      )}
      {plan && plan.items.length > 0 && (
        <table className="data-table" aria-label={`Åtgärder, ${node.name}`}>
          <thead>
            <tr>
              <th scope="col">Åtgärd</th>
              <th scope="col">Ansvarig</th>
              <th scope="col">Klart senast</th>
              <th scope="col" className="num">
                Förväntad effekt (kr)
              </th>
              <th scope="col">Status</th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">Ändra</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {plan.items.map((i) => (
              <tr key={i.id}>
                <td>{i.what}</td>
                <td>{i.owner}</td>
                <td>{i.dueDate}</td>
                <td className="num">{i.effectOre === null ? '' : kr(i.effectOre)}</td>
                <td>{ACTION_STATUS[i.status]}</td>
                {editable && (
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(i)} aria-label={`Ändra ${i.what}`}>
                      Ändra
                    </button>
                    <button type="button" disabled={busy} aria-label={`Ta bort ${i.what}`} onClick={() => void run('Åtgärden är borttagen.', () => call('actions.item.delete', { occasionId, code: node.code, id: i.id }))}>
                      Ta bort
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing !== null && (
        <ItemForm
          occasionId={occasionId}
          code={node.code}
          item={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              setDone('Åtgärden är sparad.');
              onChanged();
            }
          }}
        />
      )}
      <div className="actions">
        {editable && editing === null && (
          <button type="button" data-testid="action-add" onClick={() => setEditing('new')}>
            Lägg till åtgärd
          </button>
        )}
        {node.canWrite && plan && (st === 'draft' || st === 'returned') && (
          <button type="button" className="primary" disabled={busy} onClick={() => void run('Markerad klar.', () => status('ready'))}>
            Markera klar
          </button>
        )}
        {node.canWrite && st === 'ready' && (
          <button type="button" disabled={busy} onClick={() => void run('Tillbaka som utkast.', () => status('reopen'))}>
            Ta tillbaka till utkast
          </button>
        )}
        <ApproveButtons canApprove={node.canApprove} status={st} busy={busy} form={returnForm} onApprove={() => void run('Godkänd.', () => status('approve'))} />
      </div>
      <ReturnNoteForm id="action-return-note" busy={busy} form={returnForm} onReturn={(note) => void run('Återskickad.', () => status('return', note))} />
      {done && (
        <p className="message-ok" role="status">
          {done}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      {node.earlier.length > 0 && (
        <section aria-labelledby="actions-earlier-title">
          <h4 id="actions-earlier-title">Uppföljning av tidigare åtgärder</h4>
          {node.earlier.map((e) => (
            <FollowupForm key={e.id} occasionId={occasionId} action={e} canWrite={node.canWrite} onSaved={onChanged} />
          ))}
        </section>
      )}
    </section>
  );
}

function ItemForm({ occasionId, code, item, onDone }: { occasionId: string; code: string; item: ActionItemView | null; onDone: (saved: boolean) => void }) {
  const [v, setV] = useState({
    what: item?.what ?? '',
    owner: item?.owner ?? '',
    dueDate: item?.dueDate ?? '',
    effect: item?.effectOre === null || item === null ? '' : String(item.effectOre / 100).replace('.', ','),
    status: item?.status ?? ('planned' as ActionStatus),
  });
  const [error, setError] = useState<Error | null>(null);
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((old) => ({ ...old, [k]: value }));
  const save = async () => {
    setError(null);
    try {
      await call('actions.item.save', { occasionId, code, ...(item ? { id: item.id } : {}), ...v });
      onDone(true);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <form
      className="actions-form"
      aria-label={item ? `Ändra åtgärd` : 'Ny åtgärd'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={formKeys(() => void save(), () => onDone(false))}
    >
      <label className="actions-field">
        Åtgärd
        <textarea value={v.what} onChange={(e) => set('what', e.target.value)} rows={2} data-testid="action-what" autoFocus />
      </label>
      <div className="actions-row">
        <label className="actions-field">
          Ansvarig
          <input value={v.owner} onChange={(e) => set('owner', e.target.value)} data-testid="action-owner" />
        </label>
        <label className="actions-field">
          Klart senast
          <input type="date" value={v.dueDate} onChange={(e) => set('dueDate', e.target.value)} data-testid="action-due" />
        </label>
        <label className="actions-field">
          Förväntad effekt (kr, frivillig)
          <input value={v.effect} onChange={(e) => set('effect', e.target.value)} inputMode="decimal" data-testid="action-effect" />
        </label>
        <label className="actions-field">
          Status
          <select value={v.status} onChange={(e) => set('status', e.target.value as ActionStatus)} data-testid="action-status">
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="submit" className="primary" data-testid="action-save">
          Spara åtgärden
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Avbryt
        </button>
        <span className="hint">Ctrl+Enter sparar, Esc stänger.</span>
      </div>
    </form>
  );
}

function FollowupForm({ occasionId, action, canWrite, onSaved }: { occasionId: string; action: EarlierAction; canWrite: boolean; onSaved: () => void }) {
  const [status, setStatus] = useState<ActionStatus>(action.followup?.status ?? action.currentStatus);
  const [comment, setComment] = useState(action.followup?.comment ?? '');
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await call('actions.followup.save', { occasionId, itemId: action.id, status, comment });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e as Error);
    }
  };
  const id = `followup-${action.id}`;
  return (
    <form
      className="actions-followup"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={formKeys(() => void save(), () => setComment(action.followup?.comment ?? ''))}
    >
      <p id={`${id}-title`}>
        <strong>{action.what}</strong> ({action.owner}, klart senast {action.dueDate}
        {action.effectOre === null ? '' : `, effekt ${kr(action.effectOre)} kr`})
      </p>
      <ol className="history" aria-label="Tidigare status">
        <li>
          {action.plan.occasionName}: {ACTION_STATUS[action.status]} (planen {action.plan.status === 'approved' ? 'godkänd' : 'inte godkänd'})
        </li>
        {action.history.map((h) => (
          <li key={h.occasionId}>
            {h.occasionName}: {ACTION_STATUS[h.status]}
            {h.comment ? ` – ${h.comment}` : ''} ({h.author})
          </li>
        ))}
      </ol>
      <div className="actions-row">
        <label className="actions-field">
          Status nu
          <select value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)} disabled={!canWrite} data-testid={`followup-status-${action.id}`}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="actions-field wide">
          Kommentar
          <input value={comment} onChange={(e) => setComment(e.target.value)} disabled={!canWrite} data-testid={`followup-comment-${action.id}`} />
        </label>
      </div>
      {error && <ErrorBanner error={error} />}
      {canWrite && (
        <div className="actions">
          <button type="submit" data-testid={`followup-save-${action.id}`}>
            Spara uppföljningen
          </button>
          {saved && <span role="status">Sparat.</span>}
          {!saved && action.followup && <span className="hint">Uppföljd av {action.followup.author}.</span>}
        </div>
      )}
    </form>
  );
}
