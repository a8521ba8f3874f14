import { SETTINGS_SECTIONS } from './settings/sections';

/** Inställningar: one section per concern, each in its own file under settings/. */
export function SettingsPage() {
  return (
    <section aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">Inställningar</h1>
      </header>
      {SETTINGS_SECTIONS.map((s) => (
        <section key={s.id} aria-labelledby={`settings-${s.id}`} className="settings-section">
          <h2 id={`settings-${s.id}`}>{s.title}</h2>
          {s.render()}
        </section>
      ))}
    </section>
  );
}
