import { useState } from 'react';
import type { ConflictInfo, FieldChange } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { dateTime, ROLE_LABEL } from './labels';

interface Props {
  conflicts: ConflictInfo[];
  onResolved(): void;
}

/** Fields that two installations changed at the same time: both values are kept until someone chooses. */
export function ConflictsSection({ conflicts, onResolved }: Props) {
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [trail, setTrail] = useState<Record<string, FieldChange[]>>({});

  const showTrail = async (c: ConflictInfo) => {
    if (trail[c.id]) {
      const { [c.id]: _gone, ...rest } = trail;
      setTrail(rest);
      return;
    }
    try {
      setTrail({ ...trail, [c.id]: await call('exchange.fieldHistory', { table: c.table, rowId: c.rowId, field: c.field }) });
    } catch (e) {
      setError(e as Error);
    }
  };

  const resolve = async (c: ConflictInfo) => {
    const version = choice[c.id] ?? c.candidates.find((x) => x.shown)?.version ?? c.candidates[0]!.version;
    setError(null);
    try {
      await call('exchange.resolve', { id: c.id, version });
      setDone(`${c.rowLabel}, ${c.fieldLabel}: valet är sparat och skickas med nästa paket.`);
      onResolved();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section aria-labelledby="conflicts-title" className="card">
      <h2 id="conflicts-title">Konflikter ({conflicts.length})</h2>
      {conflicts.length === 0 ? (
        <p className="hint">Inga konflikter väntar. När två installationer ändrar samma fält samtidigt behålls båda värdena här tills någon väljer.</p>
      ) : (
        <p className="hint">Värdet som visas nu är det nyaste. Välj det som ska gälla; valet skickas till de andra med nästa paket.</p>
      )}
      {done && <p role="status">{done}</p>}
      {error && <ErrorBanner error={error} />}
      {conflicts.map((c) => (
        <fieldset key={c.id} className="conflict" data-testid="conflict">
          <legend>
            {c.rowLabel}: {c.fieldLabel}
          </legend>
          {c.candidates.map((v) => (
            <label key={v.version} className="candidate">
              <input
                type="radio"
                name={`conflict-${c.id}`}
                value={v.version}
                checked={(choice[c.id] ?? c.candidates.find((x) => x.shown)?.version) === v.version}
                onChange={() => setChoice({ ...choice, [c.id]: v.version })}
              />
              <span className="value">{v.display}</span>{' '}
              <span className="hint">
                – {v.site.name}
                {v.site.role ? ` (${ROLE_LABEL[v.site.role]})` : ''}, {dateTime(v.at)}
                {v.shown ? ', visas nu' : ''}
              </span>
            </label>
          ))}
          <div className="actions">
            <button type="button" onClick={() => void resolve(c)}>
              Använd valt värde
            </button>
            <button type="button" aria-expanded={Boolean(trail[c.id])} onClick={() => void showTrail(c)}>
              {trail[c.id] ? 'Dölj ändringarna' : 'Visa alla ändringar av fältet'}
            </button>
          </div>
          {trail[c.id] && (
            <ol className="trail">
              {trail[c.id]!.map((t) => (
                <li key={t.version}>
                  {dateTime(t.at)} {t.site.name}: {t.display}
                  {t.via ? <span className="hint"> (kom hit från {t.via.name})</span> : null}
                </li>
              ))}
            </ol>
          )}
        </fieldset>
      ))}
    </section>
  );
}
