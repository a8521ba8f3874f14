import { useEffect, useState, type FormEvent } from 'react';
import type { SiteDetails } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import type { RoleKey } from '../exchange/labels';
import { RoleSelect } from '../exchange/RoleSelect';

const LEVEL = { administration: 'förvaltning', sector: 'sektor', operation: 'verksamhet', unit: 'enhet' } as Record<string, string>;

/** Den här installationen: its name, role and scope as others see them in packages, and its key's fingerprint. */
export function IdentitySection() {
  const site = useApi('site.get', {}, 'site');
  const [form, setForm] = useState<{ name: string; role: RoleKey; scope: string } | null>(null);
  const [saved, setSaved] = useState<SiteDetails | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (site.data && !form) setForm({ name: site.data.name, role: site.data.role, scope: site.data.scopeCode ?? '' });
  }, [site.data, form]);

  if (site.error) return <ErrorBanner error={site.error} />;
  if (!site.data || !form) return <Loading />;
  const s = saved ?? site.data;
  const options = s.scopeOptions;
  const knownScope = form.scope === '' || options.some((o) => o.code === form.scope);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setSaved(await call('site.set', { name: form.name, role: form.role, scope: form.scope.trim() === '' ? null : form.scope.trim() }));
    } catch (x) {
      setError(x as Error);
    }
  };

  return (
    <form onSubmit={(e) => void save(e)} className="stack" aria-describedby="identity-hint" data-testid="identity">
      <p id="identity-hint" className="hint">
        Så här ser mottagarna den här installationen i paketen. En chef (sektorchef, verksamhetschef eller enhetschef) har sitt ansvar som område och får bara ändra kommentarer, statusar och prognoser där och under det.
      </p>
      <div className="form-row">
        <label htmlFor="site-name">Namn</label>
        <input id="site-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={100} size={40} />
      </div>
      <div className="form-row">
        <label htmlFor="site-role">Roll</label>
        <RoleSelect id="site-role" value={form.role} onChange={(role) => setForm({ ...form, role })} />
      </div>
      <div className="form-row">
        <label htmlFor="site-scope">Område</label>
        {options.length > 0 && knownScope ? (
          <select id="site-scope" value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })}>
            <option value="">Hela organisationen</option>
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} {o.name}
                {o.level ? ` (${LEVEL[o.level] ?? o.level})` : ''}
              </option>
            ))}
          </select>
        ) : (
          // Before the first package the organisation is not here yet: the code is typed.
          <input id="site-scope" value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })} size={10} placeholder="ansvarskod" />
        )}
      </div>
      <div className="form-row">
        <span>Installations-id</span>
        <span className="mono" data-testid="site-id">
          {s.id}
        </span>
      </div>
      <div className="form-row">
        <span>Nyckelns fingeravtryck</span>
        <span className="mono" data-testid="fingerprint">
          {s.fingerprint}
        </span>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Spara
        </button>
      </div>
      {saved && <p role="status">Sparat. Nästa paket du skickar berättar det för mottagarna.</p>}
      {error && <ErrorBanner error={error} />}
    </form>
  );
}
