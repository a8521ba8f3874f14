import { useEffect, useState } from 'react';
import type { ComparisonGroup, ComparisonView } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { useApi } from '../../useApi';

type Kind = 'none' | 'grupp' | 'kommuner';

interface Form {
  kommunCode: string;
  kind: Kind;
  groupCode: string;
  codes: string[];
}

const formOf = (v: ComparisonView): Form => ({
  kommunCode: v.kommunCode,
  kind: v.group?.kind ?? 'none',
  groupCode: v.group?.kind === 'grupp' ? v.group.code : (v.choices.groups[0]?.code ?? ''),
  codes: v.group?.kind === 'kommuner' ? v.group.codes : [],
});

/**
 * Mål › Jämförelse: the kommun's Kolada id and the group its styrtal are
 * compared with (a kommungrupp from the imported files, a list of kommuner
 * summarised by their median, or none). The controller chooses; other roles
 * read the choice.
 */
export function ComparisonSettings({ version, onSaved }: { version: number; onSaved(message: string): void }) {
  const view = useApi('goals.comparison', { seriesKeys: [] }, `settings#${version}`);
  const info = useApi('app.info', {}, 'app-info');
  const [form, setForm] = useState<Form | null>(null);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (view.data) setForm(formOf(view.data));
  }, [view.data]);

  const v = view.data;
  const isController = info.data?.site.role === 'controller';
  const save = async () => {
    if (!form) return;
    const group: ComparisonGroup | null = form.kind === 'none' ? null : form.kind === 'grupp' ? { kind: 'grupp', code: form.groupCode } : { kind: 'kommuner', codes: form.codes };
    setBusy(true);
    setError(null);
    try {
      const saved = await call('goals.comparison.save', { kommunCode: form.kommunCode, group });
      onSaved(saved.groupLabel ? `Jämförelsegruppen är sparad: ${saved.groupLabel}.` : 'Jämförelsen är sparad utan jämförelsegrupp.');
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  const needle = search.trim().toLowerCase();
  const kommuner = v?.choices.kommuner ?? [];
  const found = kommuner.filter((k) => needle === '' || k.name.toLowerCase().includes(needle) || k.code.includes(needle));
  const toggle = (code: string) => setForm((f) => f && { ...f, codes: f.codes.includes(code) ? f.codes.filter((c) => c !== code) : [...f.codes, code] });

  return (
    <details className="goal-comparison-settings" data-testid="comparison-settings">
      <summary>Jämförelse: kommunens Kolada-id och jämförelsegrupp för styrtalen</summary>
      {view.error && <ErrorBanner error={view.error} />}
      {v && (
        <p data-testid="comparison-current">
          Kommunens Kolada-id: {v.kommunCode || 'inte angivet'}. Jämförelsegrupp: {v.groupLabel ?? 'ingen vald'}.{v.regionName ? ` Regionen: ${v.regionName}.` : ''}
        </p>
      )}
      {v && form && !isController && <p className="hint">Controllern väljer jämförelsegruppen; din roll kan läsa den.</p>}
      {v && form && isController && (
        <form
          className="comparison-form"
          aria-label="Jämförelse"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="field">
            Kommunens Kolada-id (fyra siffror)
            <input type="text" inputMode="numeric" value={form.kommunCode} maxLength={4} onChange={(e) => setForm({ ...form, kommunCode: e.target.value })} />
          </label>
          <fieldset>
            <legend>Jämför med</legend>
            {(
              [
                ['none', 'ingen jämförelsegrupp'],
                ['grupp', 'en kommungrupp'],
                ['kommuner', 'valda kommuner (median)'],
              ] as const
            ).map(([k, label]) => (
              <label key={k} className="inline-choice">
                <input type="radio" name="comparison-kind" value={k} checked={form.kind === k} onChange={() => setForm({ ...form, kind: k })} /> {label}
              </label>
            ))}
          </fieldset>
          {form.kind === 'grupp' &&
            (v.choices.groups.length === 0 ? (
              <p className="hint">De inlästa filerna från Kolada har ingen kommungrupp. Läs in en fil med kommungruppens värden under Import.</p>
            ) : (
              <label className="field">
                Kommungrupp
                <select value={form.groupCode} onChange={(e) => setForm({ ...form, groupCode: e.target.value })}>
                  {v.choices.groups.map((g) => (
                    <option key={g.code} value={g.code}>
                      {g.name} ({g.code})
                    </option>
                  ))}
                </select>
              </label>
            ))}
          {form.kind === 'kommuner' && (
            <fieldset className="comparison-kommuner">
              <legend>Kommuner ({form.codes.length} valda)</legend>
              <label className="field">
                Sök kommun (namn eller id)
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
              </label>
              {kommuner.length === 0 ? (
                <p className="hint">De inlästa filerna från Kolada har inga andra kommuner än.</p>
              ) : found.length === 0 ? (
                <p className="hint">Ingen kommun matchar ”{search}”.</p>
              ) : (
                <ul className="comparison-choices">
                  {found.map((k) => (
                    <li key={k.code}>
                      <label>
                        <input type="checkbox" checked={form.codes.includes(k.code)} onChange={() => toggle(k.code)} /> {k.name} ({k.code})
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
          )}
          {error && <ErrorBanner error={error} />}
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy}>
              Spara jämförelsen
            </button>
            <button type="button" disabled={busy} onClick={() => setForm(formOf(v))}>
              Ångra ändringar
            </button>
          </div>
        </form>
      )}
    </details>
  );
}
