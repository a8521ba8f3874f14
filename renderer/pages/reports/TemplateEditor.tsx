import { useEffect, useState, type ReactNode } from 'react';
import type { ReportTemplate, TemplateInput, TemplateView } from '../../../electron/api/contract/index';
import { formatDate } from '../../../shared/dates';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';

type Section = { code: string; heading: string; guidance: string };
type Draft = { sections: Section[]; unit: 'tkr' | 'mnkr'; logo: string | null; cover: { titles: Record<string, string>; text: string } };

const KIND_TITLES: readonly [string, string][] = [
  ['monthly', 'Månadsrapport'],
  ['monthly_forecast', 'Månadsrapport med prognos'],
  ['tertial', 'Tertialrapport'],
  ['interim', 'Delårsrapport'],
  ['annual', 'Årsbokslut'],
];

function toDraft(t: TemplateInput): Draft {
  return {
    sections: t.sections.map((s) => ({ code: s.code, heading: s.heading, guidance: s.guidance ?? '' })),
    unit: t.unit,
    logo: t.logo ?? null,
    cover: { titles: { ...(t.cover?.titles ?? {}) }, text: t.cover?.text ?? '' },
  };
}

/**
 * Rapporter › Rapportmall: Ekonomi edits the kommun's template (sections in
 * order, headings, guiding questions, unit, logo, cover); everyone else sees
 * the template received from Ekonomi, read-only.
 */
export function TemplateEditor(props: { kindChoice: ReactNode }) {
  const [key, setKey] = useState(0);
  const view = useApi('template.get', {}, `template:${key}`);
  return (
    <section aria-labelledby="reports-title" className="reports-page">
      <header className="page-header">
        <h1 id="reports-title">Rapporter</h1>
      </header>
      {props.kindChoice}
      {view.error && <ErrorBanner error={view.error} />}
      {!view.data ? <Loading /> : view.data.canEdit ? <Editor view={view.data} onSaved={() => setKey((k) => k + 1)} /> : <ReadOnly template={view.data.template} />}
    </section>
  );
}

function ReadOnly(props: { template: ReportTemplate | null }) {
  const t = props.template;
  if (!t) {
    return (
      <div className="card" data-testid="template-none">
        <h2>Rapportmall</h2>
        <p className="hint">Ingen rapportmall från Ekonomi ännu: rapporterna har förvaltningens egna avsnitt, rubriker och inställningar.</p>
      </div>
    );
  }
  return (
    <div className="card template-view" data-testid="template-readonly">
      <h2>Rapportmall</h2>
      <p role="note" className="banner banner-info" data-testid="template-origin">
        Mall från Ekonomi, mottagen {formatDate(t.receivedAt)} (version {t.version}). Avsnitten, rubrikerna, enheten och logotypen ändras bara av Ekonomi.
      </p>
      <ol className="template-sections">
        {t.sections.map((s) => (
          <li key={s.code}>
            <strong>{s.heading}</strong> <span className="hint">({s.kind === 'figure' ? 'siffror' : 'text'})</span>
            {s.guidance && <p className="hint">{s.guidance}</p>}
          </li>
        ))}
      </ol>
      <p>
        Belopp i {t.unit}. Logotyp: {t.logo ? <img className="logo-thumb" src={t.logo} alt="Kommunens logotyp" /> : 'ingen'}.
      </p>
      {KIND_TITLES.filter(([k]) => (t.cover.titles as Record<string, string | undefined>)[k]).map(([k, name]) => (
        <p key={k}>
          Titel för {name.toLowerCase()}: {(t.cover.titles as Record<string, string>)[k]}
        </p>
      ))}
      {t.cover.text && <p>Försättsblad: {t.cover.text}</p>}
    </div>
  );
}

function Editor(props: { view: TemplateView; onSaved(): void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.view.draft));
  const [logoFile, setLogoFile] = useState<{ ref: string; name: string } | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [message, setMessage] = useState('');
  const [added, setAdded] = useState<Section>({ code: '', heading: '', guidance: '' });
  const figure = new Set(props.view.figureSections.map((s) => s.code));
  const t = props.view.template;

  // Keeps the keyboard on the button that moved a section, in the section's new row.
  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus, draft.sections]);

  const change = (d: Partial<Draft>) => {
    setDraft({ ...draft, ...d });
    setMessage('');
  };
  const setSection = (i: number, s: Partial<Section>) => change({ sections: draft.sections.map((x, j) => (j === i ? { ...x, ...s } : x)) });
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= draft.sections.length) return;
    const list = [...draft.sections];
    [list[i], list[j]] = [list[j]!, list[i]!];
    change({ sections: list });
    setFocus(`${by < 0 ? 'up' : 'down'}-${list[j]!.code}`);
  };
  const add = () => {
    const code = added.code.trim();
    if (code === '' || added.heading.trim() === '') return setError(new Error('Ge det nya avsnittet en kod (t.ex. miljo) och en rubrik.'));
    if (draft.sections.some((s) => s.code === code)) return setError(new Error(`Avsnittet ${code} finns redan i mallen.`));
    setError(null);
    change({ sections: [...draft.sections, { code, heading: added.heading.trim(), guidance: added.guidance.trim() }] });
    setAdded({ code: '', heading: '', guidance: '' });
  };
  const chooseLogo = async () => {
    const f = await call('files.open', { title: 'Välj kommunens logotyp', filters: [{ name: 'Bilder', extensions: ['png', 'jpg', 'jpeg', 'svg'] }] });
    if (f) {
      setLogoFile({ ref: f.ref, name: f.name });
      setMessage('');
    }
  };
  const save = async () => {
    setError(null);
    try {
      const titles = Object.fromEntries(Object.entries(draft.cover.titles).filter(([, v]) => v.trim() !== ''));
      const saved = await call('template.save', { template: { ...draft, cover: { titles, text: draft.cover.text } }, ...(logoFile ? { logoFile: logoFile.ref } : {}) });
      setMessage(`Mallen sparad: version ${saved.version}. Den skickas till förvaltningarna i nästa paket.`);
      setLogoFile(null);
      props.onSaved();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };

  return (
    <div className="card template-editor" data-testid="template-editor">
      <h2>Rapportmall</h2>
      <p className="hint">
        {t ? `Version ${t.version}, sparad ${formatDate(t.issuedAt)}.` : 'Ingen mall är sparad ännu: utkastet nedan är rapportens nuvarande avsnitt.'} Mallen skickas till varje controller i nästa paket och
        gäller då alla förvaltningens rapporter och kommuntotalen. {'{nivå}'} i en rubrik blir sektor eller förvaltning.
      </p>
      <table className="template-sections">
        <caption>Avsnitten i rapportens ordning</caption>
        <thead>
          <tr>
            <th scope="col">Nr</th>
            <th scope="col">Rubrik</th>
            <th scope="col">Stödfråga</th>
            <th scope="col">Slag</th>
            <th scope="col">Flytta och ta bort</th>
          </tr>
        </thead>
        <tbody>
          {draft.sections.map((s, i) => (
            <tr key={s.code} data-testid={`template-row-${s.code}`}>
              <td>{i + 1}</td>
              <td>
                <input aria-label={`Rubrik för avsnitt ${i + 1} (${s.code})`} value={s.heading} maxLength={200} onChange={(e) => setSection(i, { heading: e.target.value })} />
              </td>
              <td>
                <textarea aria-label={`Stödfråga för ${s.heading || s.code}`} rows={2} value={s.guidance} maxLength={1000} onChange={(e) => setSection(i, { guidance: e.target.value })} />
              </td>
              <td>{figure.has(s.code) ? 'Siffror' : 'Text'}</td>
              <td className="actions">
                <button type="button" id={`up-${s.code}`} aria-label={`Flytta upp ${s.heading}`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑ Upp
                </button>
                <button type="button" id={`down-${s.code}`} aria-label={`Flytta ned ${s.heading}`} disabled={i === draft.sections.length - 1} onClick={() => move(i, 1)}>
                  ↓ Ned
                </button>
                {!figure.has(s.code) && (
                  <button type="button" aria-label={`Ta bort ${s.heading}`} onClick={() => change({ sections: draft.sections.filter((_, j) => j !== i) })}>
                    Ta bort
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="template-add">
        <legend>Lägg till ett avsnitt för kommunen</legend>
        <label>
          Kod <input value={added.code} onChange={(e) => setAdded({ ...added, code: e.target.value })} placeholder="miljo" maxLength={40} data-testid="template-add-code" />
        </label>
        <label>
          Rubrik <input value={added.heading} onChange={(e) => setAdded({ ...added, heading: e.target.value })} maxLength={200} data-testid="template-add-heading" />
        </label>
        <label>
          Stödfråga <input value={added.guidance} onChange={(e) => setAdded({ ...added, guidance: e.target.value })} maxLength={1000} data-testid="template-add-guidance" />
        </label>
        <button type="button" onClick={add}>
          Lägg till avsnitt
        </button>
      </fieldset>
      <fieldset>
        <legend>Enhet, logotyp och försättsblad</legend>
        <div className="form-row">
          <label htmlFor="template-unit">Belopp i</label>
          <select id="template-unit" value={draft.unit} onChange={(e) => change({ unit: e.target.value as Draft['unit'] })}>
            <option value="tkr">tkr (tusen kronor)</option>
            <option value="mnkr">mnkr (miljoner kronor, en decimal)</option>
          </select>
        </div>
        <div className="form-row">
          <span>Logotyp</span>
          {logoFile ? <span>{logoFile.name} (sparas med mallen)</span> : draft.logo ? <img className="logo-thumb" src={draft.logo} alt="Mallens logotyp" /> : <span className="hint">ingen</span>}
          <button type="button" onClick={() => void chooseLogo()}>
            Välj logotyp …
          </button>
          {(draft.logo || logoFile) && (
            <button type="button" onClick={() => (setLogoFile(null), change({ logo: null }))}>
              Ta bort logotypen
            </button>
          )}
        </div>
        {KIND_TITLES.map(([k, name]) => (
          <div className="form-row" key={k}>
            <label htmlFor={`template-title-${k}`}>Titel, {name.toLowerCase()}</label>
            <input id={`template-title-${k}`} value={draft.cover.titles[k] ?? ''} placeholder={name} maxLength={200} onChange={(e) => change({ cover: { ...draft.cover, titles: { ...draft.cover.titles, [k]: e.target.value } } })} />
          </div>
        ))}
        <div className="form-row">
          <label htmlFor="template-cover-text">Text på försättsbladet</label>
          <textarea id="template-cover-text" rows={2} value={draft.cover.text} maxLength={4000} onChange={(e) => change({ cover: { ...draft.cover, text: e.target.value } })} />
        </div>
      </fieldset>
      <section aria-labelledby="template-preview-title" className="template-preview">
        <h3 id="template-preview-title">Förhandsvisning av ordningen</h3>
        <ol data-testid="template-preview">
          {draft.sections.map((s) => (
            <li key={s.code}>{s.heading.replaceAll('{nivå}', 'sektor') || s.code}</li>
          ))}
        </ol>
      </section>
      {error && <ErrorBanner error={error} />}
      <div className="form-row">
        <button type="button" className="primary" onClick={() => void save()} data-testid="template-save">
          Spara mallen
        </button>
        <p className="form-status" role="status" data-testid="template-status">
          {message}
        </p>
      </div>
    </div>
  );
}
