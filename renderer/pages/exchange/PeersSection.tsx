import { useState, type FormEvent } from 'react';
import type { ExchangeOverview, IntroductionResult } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { dateTime, describeSite, PACKAGE_FILTERS, type RoleKey } from './labels';
import { RoleSelect } from './RoleSelect';

interface Props {
  overview: ExchangeOverview;
  onChanged(): void;
}

/** Who this installation exchanges with, how to present itself to someone new, and how to add a recipient by hand. */
export function PeersSection({ overview, onChanged }: Props) {
  const [error, setError] = useState<Error | null>(null);
  const [intro, setIntro] = useState<IntroductionResult | null>(null);
  const [form, setForm] = useState({ id: '', name: '', role: 'sektorchef' as RoleKey, scope: '' });
  const [added, setAdded] = useState<string | null>(null);

  const introduce = async () => {
    setError(null);
    try {
      const { name } = await call('exchange.suggestName', { to: null });
      const file = await call('files.save', { title: 'Spara presentationsfilen', defaultName: name, filters: PACKAGE_FILTERS });
      if (file) setIntro(await call('exchange.introduce', { file: file.ref }));
    } catch (e) {
      setError(e as Error);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setAdded(null);
    try {
      const p = await call('site.addPeer', { id: form.id.trim(), name: form.name, role: form.role, scope: form.scope.trim() === '' ? null : form.scope.trim() });
      setAdded(p.name);
      setForm({ id: '', name: '', role: 'sektorchef', scope: '' });
      onChanged();
    } catch (x) {
      setError(x as Error);
    }
  };

  return (
    <section aria-labelledby="peers-title" className="card">
      <h2 id="peers-title">Mottagare</h2>
      {overview.peers.length > 0 && (
        <table className="data-table" data-testid="peers">
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Roll och område</th>
              <th scope="col">Nyckelns fingeravtryck</th>
              <th scope="col">Senast inläst</th>
              <th scope="col">Senast skickat</th>
            </tr>
          </thead>
          <tbody>
            {overview.peers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{describeSite(p)}</td>
                <td className="mono">{p.fingerprint ?? 'lärs in från första paketet'}</td>
                <td>{p.lastReceivedAt ? dateTime(p.lastReceivedAt) : '–'}</td>
                <td>{p.lastSentAt ? dateTime(p.lastSentAt) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">
        Ny kontakt? Skicka en presentationsfil: mottagaren läser in den och kan sedan skicka paket hit. Den innehåller bara den här installationens namn, roll, område och nyckel.
      </p>
      <div className="actions">
        <button type="button" onClick={() => void introduce()} data-testid="introduce">
          Skapa presentationsfil…
        </button>
      </div>
      {intro && (
        <p role="status">
          {intro.fileName} är sparad. Fingeravtryck att jämföra: <span className="mono">{intro.fingerprint}</span>
        </p>
      )}
      <details>
        <summary>Lägg till en mottagare för hand</summary>
        <form onSubmit={(e) => void add(e)} className="stack">
          <div className="form-row">
            <label htmlFor="peer-id">Installations-id</label>
            <input id="peer-id" value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} required size={40} />
          </div>
          <div className="form-row">
            <label htmlFor="peer-name">Namn</label>
            <input id="peer-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </div>
          <div className="form-row">
            <label htmlFor="peer-role">Roll</label>
            <RoleSelect id="peer-role" value={form.role} onChange={(role) => setForm({ ...form, role })} />
          </div>
          <div className="form-row">
            <label htmlFor="peer-scope">Område (ansvarskod)</label>
            <input id="peer-scope" value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })} size={10} />
          </div>
          <div className="actions">
            <button type="submit">Lägg till</button>
          </div>
          {added && <p role="status">{added} är tillagd; nyckeln lärs in från dess första paket.</p>}
        </form>
      </details>
      {error && <ErrorBanner error={error} />}
    </section>
  );
}
