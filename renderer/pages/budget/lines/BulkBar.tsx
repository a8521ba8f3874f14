import { memo, useState } from 'react';
import type { ProfileInfo } from '../../../../electron/api/contract/index';
import { parsePercentPpm } from '../../../amount';

interface Props {
  count: number;
  profiles: ProfileInfo[];
  onScale(ppm: number, text: string): void;
  onProfile(profileId: string): void;
  /** Copies the lines to another ansvar (one line per kodsträng: a copy on the same one would be refused). */
  onDuplicate(responsibility: string): void;
  onRemove(): void;
}

/** Actions on the marked rows (or, with none marked, on the row with focus); each one is one undoable step. */
export const BulkBar = memo(function BulkBar({ count, profiles, onScale, onProfile, onDuplicate, onRemove }: Props) {
  const [percent, setPercent] = useState('');
  const [profile, setProfile] = useState(profiles[0]?.id ?? '');
  const [error, setError] = useState('');
  const [target, setTarget] = useState('');
  const copy = () => {
    const code = target.trim();
    if (code === '') {
      setError('Skriv ansvaret raderna ska kopieras till: en kodsträng kan bara finnas på en rad i versionen, så kopian hamnar på ett annat ansvar.');
      return;
    }
    setError('');
    onDuplicate(code);
  };
  const scale = () => {
    const ppm = parsePercentPpm(percent);
    if (Number.isNaN(ppm) || ppm < -1_000_000 || ppm > 10_000_000) {
      setError(`"${percent}" är ingen procentsats. Skriv t.ex. 3,5 för att höja eller -2 för att sänka (högst fyra decimaler).`);
      return;
    }
    setError('');
    onScale(ppm, percent.trim().replace(/\s*%$/, ''));
  };
  return (
    <div className="bulk-bar" role="group" aria-label="Åtgärder på markerade rader">
      <span className="bulk-count" data-testid="selected-count">
        {count === 0 ? 'Inga rader markerade (åtgärderna gäller raden med fokus)' : count === 1 ? '1 rad markerad' : `${count.toLocaleString('sv-SE')} rader markerade`}
      </span>
      <label>
        Ändra med{' '}
        <input
          id="bulk-percent"
          className="percent"
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') scale();
          }}
          inputMode="decimal"
          aria-describedby="bulk-error"
          placeholder="t.ex. 3,5"
        />{' '}
        %
      </label>
      <button type="button" onClick={scale}>
        Höj/sänk
      </button>
      <label>
        Profil{' '}
        <select value={profile} onChange={(e) => setProfile(e.target.value)}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => onProfile(profile)}>
        Sätt profil
      </button>
      <label>
        Kopiera till ansvar{' '}
        <input
          className="code"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') copy();
          }}
          inputMode="numeric"
          size={7}
          aria-describedby="bulk-error"
          placeholder="t.ex. 31102"
        />
      </label>
      <button type="button" onClick={copy}>
        Kopiera
      </button>
      <button type="button" onClick={onRemove}>
        Ta bort
      </button>
      <span id="bulk-error" className="field-error" role={error ? 'alert' : undefined}>
        {error}
      </span>
    </div>
  );
});
