import { useState } from 'react';
import type { ForecastRound, ForecastRoundNode, WriteSettings } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { formatDateTime } from '../../../shared/dates';

interface Props {
  occasionId: string | null;
  unit: MoneyUnit;
  isController: boolean;
}

const STATUS_NAME = { draft: 'Utkast', submitted: 'Inlämnad', approved: 'Godkänd', returned: 'Återskickad' } as const;
/** The comment round's badge colours: inlämnad looks as klar does. */
const STATUS_CLASS = { draft: 'draft', submitted: 'ready', approved: 'approved', returned: 'returned' } as const;
const COUNTED_NAME = { prognos: 'prognos', approved: 'senast godkänd (ändring ej godkänd)', earlier: 'controllerns tidigare prognos (ändring ej godkänd)', below: 'summan under (ej godkänd)', default: 'utfall ack + återstående budget (ej godkänd)' } as const;

/**
 * Uppföljning › Prognosomgång: per node the status of its prognos at the
 * occasion (utkast, inlämnad, godkänd, återskickad with a note), who did
 * what and when, and what counts in the förvaltning's prognos: only
 * approved prognos (rounds/forecast-round.ts). The level above approves. The
 * controller also opens or closes the prognos per node for the chefs.
 */
export function ForecastRoundTab({ occasionId, unit, isController }: Props) {
  const [generation, setGeneration] = useState(0);
  const round = useApi('round.prognos.list', { occasionId: occasionId ?? '' }, `${occasionId}:${generation}`, occasionId !== null);
  const settings = useApi('round.writeSettings.get', { kind: 'prognos', ref: occasionId ?? '' }, `${occasionId}:${generation}`, occasionId !== null && isController);
  const [selected, setSelected] = useState<string | null>(null);

  if (occasionId === null) return <p className="hint">Perioden har inget uppföljningstillfälle. Lägg upp årets tillfällen under Årshjul och trösklar.</p>;
  if (round.error && !round.data) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const r: ForecastRound = round.data;
  const node = r.nodes.find((n) => n.code === selected) ?? null;
  const reload = () => setGeneration((g) => g + 1);

  return (
    <div className="prognos-round">
      <p data-testid="prognos-round-summary">
        {r.occasionName}
        {r.locked ? ' (låst)' : ''}: förvaltningens prognos (en chefs prognos räknas när den är godkänd) <strong>{formatMoney(r.countedTotalOre, unit)}</strong>
        {r.prognosTotalOre !== null && <> (arbetsprognos {formatMoney(r.prognosTotalOre, unit)})</>}.{' '}
        <span className="hint">
          Nivån ovanför godkänner. Ett ansvar räknas med prognosen som den senast godkändes, annars med summan av ansvaren under det; en enhet som inte är godkänd räknas med sin budget.
        </span>
      </p>
      <table className="data-table" aria-label={`Prognosomgång ${r.occasionName}`}>
        <thead>
          <tr>
            <th scope="col">Ansvar</th>
            <th scope="col">Status</th>
            <th scope="col">Prognos</th>
            <th scope="col">Godkänd prognos</th>
            <th scope="col">Räknas</th>
            {isController && settings.data && <th scope="col">Chefen får skriva</th>}
          </tr>
        </thead>
        <tbody>
          {r.nodes.map((n) => (
            <tr key={n.code} aria-selected={n.code === selected} data-testid={`prognos-round-${n.code}`}>
              <th scope="row" style={{ paddingLeft: `${0.5 + n.depth * 1.2}rem` }}>
                <button type="button" className="link" onClick={() => setSelected(n.code)} aria-pressed={n.code === selected}>
                  {n.code} {n.name}
                </button>
              </th>
              <td>
                <span className={`status-badge status-${STATUS_CLASS[n.status]}`}>{STATUS_NAME[n.status]}</span>
              </td>
              <td className="num">{n.prognosOre === null ? '–' : formatMoney(n.prognosOre, unit)}</td>
              <td className="num">
                {n.approvedOre === null ? '–' : formatMoney(n.approvedOre, unit)}
                {n.changedSinceApproval && <span className="hint"> (ändrad sedan)</span>}
              </td>
              <td className="num" title={COUNTED_NAME[n.counted]}>
                {formatMoney(n.countedOre, unit)} <span className="hint">{COUNTED_NAME[n.counted]}</span>
              </td>
              {isController && settings.data && <WriteCell settings={settings.data} code={n.code} name={n.name} onChanged={reload} />}
            </tr>
          ))}
        </tbody>
      </table>
      {node && <NodeRound key={`${node.code}:${node.status}:${node.history.length}`} occasionId={r.occasionId} node={node} unit={unit} onChanged={reload} />}
    </div>
  );
}

/** The controller's setting: may the chefs write the node's prognos in this round (closed above: shown, not changeable here)? */
function WriteCell({ settings, code, name, onChanged }: { settings: WriteSettings; code: string; name: string; onChanged(): void }) {
  const [error, setError] = useState<Error | null>(null);
  const s = settings.nodes.find((x) => x.code === code);
  if (!s) return <td />;
  const own = s.set.prognos ?? null;
  const closedAbove = s.closed.prognos === true && own !== false;
  return (
    <td>
      <label>
        <input
          type="checkbox"
          checked={!s.closed.prognos}
          disabled={closedAbove}
          onChange={(e) =>
            void call('round.writeSettings.set', { kind: 'prognos', ref: settings.ref, code, what: 'prognos', allowed: e.target.checked ? null : false }).then(() => {
              setError(null);
              onChanged();
            }, (x: Error) => setError(x))
          }
          aria-label={`Chefen för ${code} ${name} får skriva prognos`}
        />{' '}
        {closedAbove ? 'stängd ovanför' : s.closed.prognos ? 'stängd' : 'öppen'}
      </label>
      {error && <ErrorBanner error={error} />}
    </td>
  );
}

function NodeRound({ occasionId, node, unit, onChanged }: { occasionId: string; node: ForecastRoundNode; unit: MoneyUnit; onChanged(): void }) {
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const act = (action: 'submit' | 'reopen' | 'approve' | 'return') => async () => {
    setBusy(true);
    setError(null);
    try {
      await call('round.prognos.act', { occasionId, code: node.code, action, ...(action === 'return' ? { note } : {}) });
      onChanged();
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="prognos-round-node-title">
      <h3 id="prognos-round-node-title">
        Prognos: {node.code} {node.name}
      </h3>
      <p>
        Status: <span className={`status-badge status-${STATUS_CLASS[node.status]}`}>{STATUS_NAME[node.status]}</span>. Prognos {node.prognosOre === null ? '–' : formatMoney(node.prognosOre, unit)}
        {node.approvedOre !== null && <>, senast godkänd {formatMoney(node.approvedOre, unit)}</>}.
      </p>
      {node.status === 'returned' && node.returnNote && (
        <div className="banner banner-error" role="note">
          <p>
            <strong>Återskickad:</strong> {node.returnNote}
          </p>
        </div>
      )}
      <div className="actions">
        {node.canSubmit && (
          <button type="button" className="primary" disabled={busy} onClick={() => void act('submit')()}>
            Lämna in
          </button>
        )}
        {node.canReopen && (
          <button type="button" disabled={busy} onClick={() => void act('reopen')()}>
            Ta tillbaka till utkast
          </button>
        )}
        {node.canApprove && (
          <button type="button" className="primary" disabled={busy} onClick={() => void act('approve')()}>
            Godkänn
          </button>
        )}
        {node.canReturn && !returning && (
          <button type="button" disabled={busy} onClick={() => setReturning(true)}>
            Återskicka …
          </button>
        )}
      </div>
      {returning && (
        <div>
          <label htmlFor="prognos-return-note">Vad behöver rättas?</label>
          <textarea id="prognos-return-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
          <div className="actions">
            <button type="button" className="primary" disabled={busy || note.trim() === ''} onClick={() => void act('return')()}>
              Återskicka
            </button>
            <button type="button" disabled={busy} onClick={() => setReturning(false)}>
              Avbryt
            </button>
          </div>
        </div>
      )}
      {error && <ErrorBanner error={error} />}
      <h4>Historik</h4>
      {node.history.length === 0 ? (
        <p className="hint">Inget har hänt än.</p>
      ) : (
        <ol className="history" aria-label="Historik">
          {node.history.map((h, i) => (
            <li key={i}>
              {formatDateTime(h.at)}: {STATUS_NAME[h.status].toLowerCase()} av {h.by}
              {h.note ? ` – ${h.note}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
