import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ControlOccasion, ControlOccasionKind, ControlPlan, ControlView } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import './control.css';

interface Props {
  year: number;
  period: number;
}

const WHEN: Record<ControlOccasionKind, string> = { tertial: 'Tertial', interim: 'Delår', annual: 'Årsbokslut' };
const KINDS: ControlOccasionKind[] = ['tertial', 'interim', 'annual'];

/**
 * Uppföljning › Intern kontroll: the nämnd's internal control plan for the
 * year (the controller writes it) and each control's result at the chosen
 * tertial, delår or årsbokslut (written by the level the control is
 * assigned to). The results are printed in the report's Intern kontroll
 * section, before its approved text.
 */
export function ControlTab({ year, period }: Props) {
  const [generation, setGeneration] = useState(0);
  const plan = useApi('control.plan', { year }, `${year}:${generation}`);
  const [occasionId, setOccasionId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<ControlView | 'new' | null>(null);

  if (plan.error && !plan.data) return <ErrorBanner error={plan.error} />;
  if (!plan.data) return <Loading />;
  const p = plan.data;
  const occasion = p.occasions.find((o) => o.id === occasionId) ?? defaultOccasion(p, period);
  const chosen = p.controls.find((c) => c.id === selected) ?? null;
  const reload = () => setGeneration((g) => g + 1);

  return (
    <div className="control-tab">
      <p className="hint">
        Internkontrollplan {year}: controllern skriver planen, och den nivå som kontrollen hör till skriver resultatet vid varje tertial, delår och årsbokslut. Resultaten
        visas i rapportens avsnitt Intern kontroll, före den godkända texten.
      </p>
      <div className="control-toolbar">
        <label>
          Tillfälle{' '}
          <select value={occasion?.id ?? ''} onChange={(e) => setOccasionId(e.target.value)} data-testid="control-occasion">
            {p.occasions.length === 0 && <option value="">Inga tertial, delår eller årsbokslut {year}</option>}
            {p.occasions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
                {o.lockedAt ? ' (låst)' : ''}
              </option>
            ))}
          </select>
        </label>
        {p.canEditPlan && (
          <button type="button" onClick={() => setEditing('new')} data-testid="control-add">
            Ny kontroll
          </button>
        )}
      </div>
      {p.controls.length === 0 ? (
        <p className="hint">{p.canEditPlan ? 'Planen har inga kontroller ännu. Lägg till den första med Ny kontroll.' : 'Planen har inga kontroller för din del av organisationen.'}</p>
      ) : (
        <div className="control-table-wrap">
          <table className="data-table control-table" aria-label={`Internkontrollplan ${year}`}>
            <thead>
              <tr>
                <th scope="col">Kontroll</th>
                <th scope="col">Risk</th>
                <th scope="col">Kontrollmoment</th>
                <th scope="col">Ansvarig</th>
                <th scope="col">När</th>
                <th scope="col">{occasion ? `Resultat, ${occasion.name}` : 'Resultat'}</th>
              </tr>
            </thead>
            <tbody>
              {p.controls.map((c) => {
                const r = occasion ? c.results[occasion.id] : undefined;
                const due = occasion ? c.occasionKinds.includes(occasion.kind) : false;
                return (
                  <tr key={c.id} className={c.id === selected ? 'selected' : undefined}>
                    <th scope="row">
                      <button type="button" className="link" aria-pressed={c.id === selected} data-testid={`control-row-${c.code}`} onClick={() => setSelected(c.id)}>
                        {c.code} {c.process}
                      </button>
                    </th>
                    <td title={`Sannolikhet ${c.probability} × konsekvens ${c.consequence}`} className={c.riskValue >= 9 ? 'risk-high' : undefined}>
                      {c.probability}×{c.consequence} = {c.riskValue}
                    </td>
                    <td>{c.controlStep}</td>
                    <td>
                      {c.responsible}
                      <div className="hint">
                        {c.node.code} {c.node.name}
                      </div>
                    </td>
                    <td>{c.occasionKinds.map((k) => WHEN[k]).join(', ')}</td>
                    <td>{!due ? <span className="hint">följs inte upp då</span> : r ? `${r.performed ? 'Utförd' : 'Ej utförd'}, ${r.deviation ? 'avvikelse' : 'ingen avvikelse'}` : <span className="hint">inte rapporterat</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing && <ControlForm key={editing === 'new' ? 'new' : editing.id} year={year} control={editing === 'new' ? null : editing} onDone={(saved) => { setEditing(null); if (saved) reload(); }} />}
      {chosen && !editing && occasion && (
        <ResultForm
          key={`${chosen.id}:${occasion.id}`}
          control={chosen}
          occasion={occasion}
          canEditPlan={p.canEditPlan}
          onEditPlan={() => setEditing(chosen)}
          onSaved={reload}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}

/** The period's occasion when it is a tertial, delår or årsbokslut, otherwise the latest one before it. */
function defaultOccasion(p: ControlPlan, period: number): ControlOccasion | null {
  return p.occasions.find((o) => o.period === period) ?? [...p.occasions].reverse().find((o) => o.period <= period) ?? p.occasions[0] ?? null;
}

/** Ctrl+Enter saves, Esc closes: the same keys as the text editor. */
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

function ResultForm({ control, occasion, canEditPlan, onEditPlan, onSaved, onClose }: { control: ControlView; occasion: ControlOccasion; canEditPlan: boolean; onEditPlan: () => void; onSaved: () => void; onClose: () => void }) {
  const r = control.results[occasion.id];
  const [performed, setPerformed] = useState(r?.performed ?? true);
  const [deviation, setDeviation] = useState(r?.deviation ?? false);
  const [observations, setObservations] = useState(r?.observations ?? '');
  const [actions, setActions] = useState(r?.actions ?? '');
  const [actionOwner, setActionOwner] = useState(r?.actionOwner ?? '');
  const [actionDue, setActionDue] = useState(r?.actionDue ?? '');
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const due = control.occasionKinds.includes(occasion.kind);
  const writable = due && control.canWriteResults && occasion.lockedAt === null;

  const save = async () => {
    if (!writable) return;
    setError(null);
    try {
      await call('control.result.save', { controlId: control.id, occasionId: occasion.id, performed, deviation, observations, actions, actionOwner, actionDue: actionDue === '' ? null : actionDue });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e as Error);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  return (
    <form className="control-form" aria-label={`Resultat för ${control.code} ${control.process}, ${occasion.name}`} onSubmit={submit} onKeyDown={formKeys(() => void save(), onClose)}>
      <h3>
        {control.code} {control.process}: resultat vid {occasion.name}
      </h3>
      <p className="hint">Risk: {control.risk}</p>
      {!due && <p className="hint">Kontrollen följs upp vid {control.occasionKinds.map((k) => WHEN[k].toLowerCase()).join(', ')}, inte vid det här tillfället.</p>}
      {due && !control.canWriteResults && <p className="hint">Resultatet skrivs av {control.node.code} {control.node.name}.</p>}
      {due && occasion.lockedAt && <p className="hint">Tillfället är låst; resultatet ligger kvar som det rapporterades.</p>}
      <fieldset disabled={!writable}>
        <div className="control-checks">
          <label>
            <input type="checkbox" checked={performed} onChange={(e) => setPerformed(e.target.checked)} data-testid="control-performed" /> Utförd
          </label>
          <label>
            <input type="checkbox" checked={deviation} onChange={(e) => setDeviation(e.target.checked)} data-testid="control-deviation" /> Avvikelse
          </label>
        </div>
        <label className="control-field">
          Iakttagelser
          <textarea value={observations} onChange={(e) => setObservations(e.target.value)} rows={3} data-testid="control-observations" />
        </label>
        <label className="control-field">
          Åtgärder
          <textarea value={actions} onChange={(e) => setActions(e.target.value)} rows={2} data-testid="control-actions" />
        </label>
        <div className="control-row">
          <label className="control-field">
            Ansvarig för åtgärd
            <input value={actionOwner} onChange={(e) => setActionOwner(e.target.value)} data-testid="control-action-owner" />
          </label>
          <label className="control-field">
            Klart senast
            <input type="date" value={actionDue} onChange={(e) => setActionDue(e.target.value)} data-testid="control-action-due" />
          </label>
        </div>
      </fieldset>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        {writable && (
          <button type="submit" className="primary" data-testid="control-save">
            Spara resultat
          </button>
        )}
        {canEditPlan && (
          <button type="button" onClick={onEditPlan}>
            Ändra kontrollen
          </button>
        )}
        <button type="button" onClick={onClose}>
          Stäng
        </button>
        {saved && <span role="status">Sparat.</span>}
        {r && <span className="hint">Senast av {r.author}</span>}
      </div>
    </form>
  );
}

function ControlForm({ year, control, onDone }: { year: number; control: ControlView | null; onDone: (saved: boolean) => void }) {
  const [v, setV] = useState({
    code: control?.code ?? '',
    process: control?.process ?? '',
    risk: control?.risk ?? '',
    probability: control?.probability ?? 2,
    consequence: control?.consequence ?? 2,
    controlStep: control?.controlStep ?? '',
    node: control?.node.code ?? '',
    responsible: control?.responsible ?? '',
    occasionKinds: control?.occasionKinds ?? (['interim', 'annual'] as ControlOccasionKind[]),
  });
  const [error, setError] = useState<Error | null>(null);
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((old) => ({ ...old, [k]: value }));
  const save = async () => {
    setError(null);
    try {
      await call('control.save', { year, ...v });
      onDone(true);
    } catch (e) {
      setError(e as Error);
    }
  };
  const grade = (k: 'probability' | 'consequence', label: string) => (
    <label className="control-field">
      {label}
      <select value={v[k]} onChange={(e) => set(k, Number(e.target.value))}>
        {[1, 2, 3, 4].map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="control-form"
      aria-label={control ? `Ändra kontroll ${control.code}` : 'Ny kontroll'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={formKeys(() => void save(), () => onDone(false))}
    >
      <h3>{control ? `Ändra kontroll ${control.code}` : `Ny kontroll i planen ${year}`}</h3>
      <div className="control-row">
        <label className="control-field narrow">
          Kod
          <input value={v.code} onChange={(e) => set('code', e.target.value)} disabled={control !== null} data-testid="control-code" autoFocus={control === null} />
        </label>
        <label className="control-field">
          Process
          <input value={v.process} onChange={(e) => set('process', e.target.value)} data-testid="control-process" />
        </label>
      </div>
      <label className="control-field">
        Risk
        <textarea value={v.risk} onChange={(e) => set('risk', e.target.value)} rows={2} data-testid="control-risk" />
      </label>
      <div className="control-row">
        {grade('probability', 'Sannolikhet (1–4)')}
        {grade('consequence', 'Konsekvens (1–4)')}
        <span className="control-field">Riskvärde {v.probability * v.consequence}</span>
      </div>
      <label className="control-field">
        Kontrollmoment
        <textarea value={v.controlStep} onChange={(e) => set('controlStep', e.target.value)} rows={2} data-testid="control-step" />
      </label>
      <div className="control-row">
        <label className="control-field narrow">
          Ansvar (kod)
          <input value={v.node} onChange={(e) => set('node', e.target.value)} data-testid="control-node" />
        </label>
        <label className="control-field">
          Ansvarig
          <input value={v.responsible} onChange={(e) => set('responsible', e.target.value)} data-testid="control-responsible" />
        </label>
      </div>
      <fieldset className="control-checks">
        <legend>Följs upp vid</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={v.occasionKinds.includes(k)}
              onChange={(e) => set('occasionKinds', e.target.checked ? [...v.occasionKinds, k] : v.occasionKinds.filter((x) => x !== k))}
            />{' '}
            {WHEN[k]}
          </label>
        ))}
      </fieldset>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="submit" className="primary" data-testid="control-plan-save">
          Spara kontrollen
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
