import { useEffect, useState, type FormEvent } from 'react';
import type { GeneralSettings } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { toError } from '../../use-action';

/** Inställningar › Allmänt: kommun, förvaltning and nämnd names, and the active budget year. */
export function GeneralSection() {
  const loaded = useApi('settings.general.get', {}, 'general');
  const [form, setForm] = useState<GeneralSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (loaded.data) setForm(loaded.data);
  }, [loaded.data]);

  if (loaded.error) return <ErrorBanner error={loaded.error} />;
  if (!form) return <Loading />;

  // The years in the database, and the one after the newest so a new budget year can be started.
  const years = [...new Set([form.activeYear, ...form.years, Math.max(form.activeYear, ...form.years) + 1])].sort((a, b) => b - a);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      const next = await call('settings.general.update', {
        kommunName: form.kommunName,
        administrationName: form.administrationName,
        boardName: form.boardName,
        activeYear: form.activeYear,
      });
      setForm(next);
      setSaved('Inställningarna är sparade.');
    } catch (err) {
      setError(toError(err));
    } finally {
      setSaving(false);
    }
  };

  const text = (field: 'kommunName' | 'administrationName' | 'boardName', label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`general-${field}`}>{label}</label>
      <input
        id={`general-${field}`}
        type="text"
        required
        maxLength={120}
        autoComplete="off"
        aria-describedby={`general-${field}-hint`}
        value={form[field]}
        onChange={(e) => setForm({ ...form, [field]: e.target.value })}
      />
      <span id={`general-${field}-hint`} className="hint">
        {hint}
      </span>
    </div>
  );

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-describedby="general-intro">
      <p id="general-intro" className="hint">
        Namnen visas på sidorna och i rapporterna. Det aktiva budgetåret är det år som Översikt, Budget och Uppföljning visar.
      </p>
      {text('kommunName', 'Kommun', 'Till exempel Exempelby kommun')}
      {text('administrationName', 'Förvaltning', 'Till exempel Socialförvaltningen')}
      {text('boardName', 'Nämnd', 'Till exempel Socialnämnden')}
      <div className="field">
        <label htmlFor="general-activeYear">Aktivt budgetår</label>
        <select id="general-activeYear" value={form.activeYear} onChange={(e) => setForm({ ...form, activeYear: Number(e.target.value) })}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
              {form.years.includes(y) ? '' : ' (nytt år)'}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Sparar …' : 'Spara'}
        </button>
      </div>
      <div role="status" aria-live="polite" className="form-status">
        {saved}
      </div>
      {error && <ErrorBanner error={error} />}
    </form>
  );
}
