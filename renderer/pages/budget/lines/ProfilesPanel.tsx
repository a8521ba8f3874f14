import { useState, type FormEvent } from 'react';
import type { ProfileInfo } from '../../../../electron/api/contract/index';
import { ApiError, call } from '../../../api';
import { formatPpmPercent, parsePercentPpm } from '../../../amount';
import { MONTH_NAMES, MONTH_SHORT } from './edits';
import { count } from '../../../format';

const KIND_NAMES: Record<ProfileInfo['kind'], string> = {
  even: 'jämn',
  calendar_days: 'kalenderdagar',
  working_days: 'arbetsdagar (helgdagar räknade)',
  personnel: 'personal',
  last_year: 'förra årets utfall per kodsträng',
  custom: 'egen',
};

interface Props {
  profiles: ProfileInfo[];
  year: number;
  /** After a save or removal: lines may have been spread again. */
  onSaved(message: string): void;
}

interface Draft {
  id?: string;
  name: string;
  weights: string[];
}

const EVEN_TEXT = Array.from({ length: 12 }, (_, i) => formatPpmPercent(i < 4 ? 83_334 : 83_333));

/** The periodisation profiles (a panel of Budgetrader's toolbar): the built-in ones for the year, and custom ones to create, change and remove. */
export function ProfilesPanel({ profiles, year, onSaved }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState('');

  const parsed = draft?.weights.map(parsePercentPpm) ?? [];
  const sum = parsed.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const invalid = parsed.findIndex((w) => Number.isNaN(w) || w < 0);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    if (invalid >= 0) return setError(`${MONTH_NAMES[invalid]}: "${draft.weights[invalid]}" är ingen procentsats (0 eller mer, högst fyra decimaler).`);
    if (sum !== 1_000_000) return setError(`Vikterna summerar till ${formatPpmPercent(sum)} % men ska summera till 100 %.`);
    try {
      const r = await call('budget.profiles.save', { ...(draft.id ? { id: draft.id } : {}), name: draft.name, weightsPpm: parsed });
      setDraft(null);
      setError('');
      onSaved(r.respreadLines > 0 ? `Profilen sparades; ${count(r.respreadLines, 'rad', 'rader')} i olåsta versioner fördelades om.` : 'Profilen sparades.');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const remove = async (p: ProfileInfo) => {
    try {
      await call('budget.profiles.delete', { id: p.id });
      onSaved(`Profilen ${p.name} togs bort.`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <div className="profiles-panel">
      <table className="profiles">
        <caption>Månadernas andel i procent för {year}</caption>
        <thead>
          <tr>
            <th scope="col">Profil</th>
            <th scope="col">Slag</th>
            {MONTH_SHORT.map((m) => (
              <th key={m} scope="col" className="num">
                {m}
              </th>
            ))}
            <th scope="col" className="num">
              Rader
            </th>
            <th scope="col">
              <span className="visually-hidden">Åtgärder</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>{KIND_NAMES[p.kind]}</td>
              {p.weightsPpm
                ? p.weightsPpm.map((w, i) => (
                    <td key={i} className="num">
                      {formatPpmPercent(Math.round(w / 100) * 100)}
                    </td>
                  ))
                : MONTH_SHORT.map((m) => <td key={m} className="num muted">–</td>)}
              <td className="num">{p.lines.toLocaleString('sv-SE')}</td>
              <td>
                {!p.builtIn && (
                  <>
                    <button type="button" onClick={() => setDraft({ id: p.id, name: p.name, weights: (p.weightsPpm ?? []).map(formatPpmPercent) })}>
                      Ändra
                    </button>{' '}
                    <button type="button" onClick={() => void remove(p)}>
                      Ta bort
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!draft && (
        <button type="button" onClick={() => setDraft({ name: '', weights: [...EVEN_TEXT] })}>
          Ny egen profil
        </button>
      )}
      {draft && (
        <form className="profile-form" onSubmit={(e) => void save(e)} aria-label={draft.id ? 'Ändra profil' : 'Ny profil'}>
          <label>
            Namn <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required maxLength={80} />
          </label>
          <div className="weights">
            {MONTH_SHORT.map((m, i) => (
              <label key={m}>
                {m} %
                <input
                  value={draft.weights[i]}
                  inputMode="decimal"
                  aria-label={`${MONTH_NAMES[i]} i procent`}
                  aria-invalid={Number.isNaN(parsed[i]!) ? true : undefined}
                  onChange={(e) => setDraft({ ...draft, weights: draft.weights.map((w, j) => (j === i ? e.target.value : w)) })}
                />
              </label>
            ))}
          </div>
          <p className={sum === 1_000_000 ? 'field-hint' : 'field-error'} aria-live="polite">
            Summa {formatPpmPercent(sum)} % {sum === 1_000_000 ? '' : '(ska vara 100 %)'}
          </p>
          {draft.id && <p className="field-hint">Rader som följer profilen i versioner som inte är låsta fördelas om när vikterna ändras; manuella rader behåller sina månader.</p>}
          <button type="submit">Spara profil</button>{' '}
          <button type="button" onClick={() => setDraft({ ...draft, weights: [...EVEN_TEXT] })}>
            Fördela jämnt
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setDraft(null);
              setError('');
            }}
          >
            Avbryt
          </button>
        </form>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
