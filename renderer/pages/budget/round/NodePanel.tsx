import { useState, type KeyboardEvent } from 'react';
import type { BudgetRoundNode } from '../../../../electron/api/contract/index';
import { formatDate, formatDateTime } from '../../../../shared/dates';
import { call } from '../../../api';
import { ErrorBanner, Loading } from '../../../components/Status';
import { useApi } from '../../../useApi';
import { ActionStatus, formatKr, MONTH_SHORT } from '../planning-ui';
import { ProposalEditor } from './ProposalEditor';
import { useAction } from '../../../use-action';

/** One node's proposal: facts, the lines against the version, the VF proposals, the history, and what the viewer may do. */
export function NodePanel({ versionId, code, reviews, onChanged, onClose }: { versionId: string; code: string; reviews: boolean; onChanged(message: string): void; onClose?: () => void }) {
  const state = useApi('budgetRound.node', { versionId, code }, `${versionId}:${code}`);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && onClose) {
      e.preventDefault();
      onClose();
    }
  };
  if (state.error) return <ErrorBanner error={state.error} />;
  if (!state.data) return <Loading />;
  const n = state.data;
  const writable = !reviews && !n.locked && n.status !== 'submitted';
  return (
    <section id="round-node-panel" className="round-panel" aria-labelledby="round-node-title" onKeyDown={onKey}>
      <h2 id="round-node-title">
        Budgetförslag {n.code} {n.name}
      </h2>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="round-node-status">{n.late ? `${n.statusName}, försenad` : n.statusName}</dd>
        </div>
        <div>
          <dt>Sista dag</dt>
          <dd>{n.deadline ? formatDate(n.deadline) : 'ingen i årshjulet'}</dd>
        </div>
        <div>
          <dt>Ram</dt>
          <dd>{n.frameOre === null ? 'ingen' : `${formatKr(n.frameOre)} kr`}</dd>
        </div>
        <div>
          <dt>I versionen</dt>
          <dd>{formatKr(n.versionOre)} kr</dd>
        </div>
        <div>
          <dt>Med förslaget</dt>
          <dd>{formatKr(n.proposedOre)} kr</dd>
        </div>
        <div>
          <dt>Över ramen</dt>
          <dd className={n.overFrameOre > 0 ? 'pl-warning' : undefined}>{n.overFrameOre > 0 ? `${formatKr(n.overFrameOre)} kr` : 'nej'}</dd>
        </div>
      </dl>
      {n.status === 'returned' && n.returnNote && (
        <div className="banner banner-info" role="note" data-testid="round-return-note">
          <p>Återskickat av controllern: {n.returnNote}</p>
        </div>
      )}
      {writable ? <ProposalEditor node={n} onSaved={onChanged} /> : <ReviewLines node={n} reviews={reviews} onChanged={onChanged} />}
      <h3 id="round-history">Historik</h3>
      {n.history.length === 0 ? (
        <p>Inget är inlämnat ännu.</p>
      ) : (
        <ol className="round-history" aria-labelledby="round-history" data-testid="round-history">
          {n.history.map((e, i) => (
            <li key={i}>
              {formatDateTime(e.at)} {e.actionName} av {e.author} ({e.site}){e.overFrameOre ? `, ${formatKr(e.overFrameOre)} kr över ramen` : ''}
              {e.note ? ` – ${e.note}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The proposal line by line against the version; for the controller with a check box per row still proposed, Godkänn and Skicka tillbaka. */
function ReviewLines({ node: n, reviews, onChanged }: { node: BudgetRoundNode; reviews: boolean; onChanged(message: string): void }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [months, setMonths] = useState(false);
  const [note, setNote] = useState('');
  const [overOk, setOverOk] = useState(false);
  const action = useAction();
  const acting = reviews && n.status === 'submitted' && !n.locked;
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const approve = async (whole: boolean) => {
    const lineIds = n.lines.filter((l) => chosen.has(l.id)).map((l) => l.id);
    const changeIds = n.changes.filter((c) => chosen.has(c.id)).map((c) => c.id);
    const r = await action.run(() => call('budgetRound.approve', { versionId: n.versionId, code: n.code, ...(whole ? {} : { lineIds, changeIds }), overFrameOk: overOk, note: note.trim() === '' ? null : note }));
    if (r) onChanged(r.status === 'approved' ? `Förslaget för ${n.code} är godkänt och inskrivet i versionen.` : `${r.lines + r.changes} rader är godkända och inskrivna i versionen.`);
  };
  const sendBack = async () => {
    const r = await action.run(() => call('budgetRound.return', { versionId: n.versionId, code: n.code, note }));
    if (r) onChanged(`Förslaget för ${n.code} är återskickat till chefen.`);
  };
  return (
    <>
      <h3 id="round-lines">Budgetrader: förslag mot versionen</h3>
      <label className="pl-check">
        <input type="checkbox" checked={months} onChange={(e) => setMonths(e.target.checked)} /> Visa skillnaden per månad
      </label>
      <div className="round-scroll" role="region" aria-labelledby="round-lines" tabIndex={0}>
      <table className="pl-table" aria-labelledby="round-lines" data-testid="round-lines">
        <thead>
          <tr>
            {acting && <th>Välj</th>}
            <th>Kodsträng</th>
            <th>Konto</th>
            <th className="num">I versionen (kr)</th>
            <th className="num">Förslag (kr)</th>
            <th className="num">Skillnad (kr)</th>
            {months && MONTH_SHORT.map((m) => <th key={m} className="num">{m}</th>)}
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {n.lines.length === 0 && (
            <tr>
              <td colSpan={6 + (acting ? 1 : 0) + (months ? 12 : 0)}>Inga föreslagna budgetrader.</td>
            </tr>
          )}
          {n.lines.map((l) => (
            <tr key={l.id} data-line={l.coding}>
              {acting && (
                <td>{l.status === 'proposed' && <input type="checkbox" aria-label={`Välj raden ${l.coding}`} checked={chosen.has(l.id)} onChange={() => toggle(l.id)} />}</td>
              )}
              <td className="round-coding">{l.coding}</td>
              <td>{l.accountName ?? ''}</td>
              <td className="num">{l.version ? formatKr(l.version.yearOre) : 'ny rad'}</td>
              <td className="num">{formatKr(l.proposed.yearOre)}</td>
              <td className="num">{formatKr(l.difference.yearOre)}</td>
              {months && l.difference.months.map((m, i) => <td key={i} className="num">{formatKr(m)}</td>)}
              <td>{l.status === 'approved' ? 'godkänd' : 'föreslagen'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h3 id="round-changes">Verksamhetsförändringar</h3>
      {n.changes.length === 0 ? (
        <p>Inga föreslagna verksamhetsförändringar.</p>
      ) : (
        <div className="round-scroll" role="region" aria-labelledby="round-changes" tabIndex={0}>
        <table className="pl-table" aria-labelledby="round-changes" data-testid="round-changes">
          <thead>
            <tr>
              {acting && <th>Välj</th>}
              <th>Ansvar</th>
              <th>Beskrivning</th>
              <th className="num">Effekt {n.year} (kr)</th>
              <th className="num">{n.year + 1} (kr)</th>
              <th className="num">{n.year + 2} (kr)</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {n.changes.map((c) => (
              <tr key={c.id}>
                {acting && <td>{c.status === 'proposed' && <input type="checkbox" aria-label={`Välj förändringen ${c.description}`} checked={chosen.has(c.id)} onChange={() => toggle(c.id)} />}</td>}
                <td>
                  {c.code} {c.name}
                </td>
                <td>{c.description}</td>
                <td className="num">{formatKr(c.amountOre)}</td>
                <td className="num">{formatKr(c.planOre[0])}</td>
                <td className="num">{formatKr(c.planOre[1])}</td>
                <td>{c.status === 'approved' ? 'godkänd' : 'föreslagen'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {acting && (
        <div className="pl-form" role="group" aria-label="Godkänn eller skicka tillbaka">
          {n.overFrameOre > 0 && (
            <label className="pl-check">
              <input type="checkbox" checked={overOk} onChange={(e) => setOverOk(e.target.checked)} /> Godkänn trots att förslaget ligger {formatKr(n.overFrameOre)} kr över ramen
            </label>
          )}
          <div className="pl-field">
            <label htmlFor="round-note">Meddelande till chefen (krävs för att skicka tillbaka)</label>
            <textarea id="round-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="button" className="pl-button" disabled={action.busy} onClick={() => void approve(true)}>
            Godkänn hela förslaget
          </button>{' '}
          <button type="button" className="pl-button" disabled={action.busy || chosen.size === 0} onClick={() => void approve(false)}>
            Godkänn valda rader ({chosen.size})
          </button>{' '}
          <button type="button" className="pl-button" disabled={action.busy} onClick={() => void sendBack()}>
            Skicka tillbaka
          </button>
        </div>
      )}
      <ActionStatus error={action.error} message={action.message} />
    </>
  );
}
