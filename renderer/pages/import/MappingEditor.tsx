import { useState } from 'react';
import type { LedgerCheck, LedgerField, MappingProfile } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { columnLetter } from './columns';

const FIELDS: { field: LedgerField; label: string }[] = [
  { field: 'responsibility', label: 'Ansvar' },
  { field: 'account', label: 'Konto' },
  { field: 'activityCode', label: 'Verksamhet' },
  { field: 'activity', label: 'Aktivitet' },
  { field: 'project', label: 'Projekt' },
  { field: 'counterparty', label: 'Motpart' },
  { field: 'period', label: 'Period' },
  { field: 'year', label: 'År' },
  { field: 'month', label: 'Månad' },
  { field: 'date', label: 'Datum' },
  { field: 'amount', label: 'Belopp' },
  { field: 'debit', label: 'Debet' },
  { field: 'credit', label: 'Kredit' },
  { field: 'sign', label: 'Tecken (+/−, D/K)' },
  { field: 'voucher', label: 'Verifikation' },
  { field: 'text', label: 'Text' },
  { field: 'counterpartyName', label: 'Leverantör/kund' },
];

interface Props {
  check: LedgerCheck;
  profile: MappingProfile;
  onChange(p: MappingProfile): void;
  onApply(p: MappingProfile): void;
  onSaved(): void;
  busy: boolean;
}

/** The detected mapping, to confirm or correct: a column per field, sign, rows to skip; saved as a named profile. */
export function MappingEditor({ check, profile, onChange, onApply, onSaved, busy }: Props) {
  const [name, setName] = useState(profile.name === 'Automatisk' ? '' : profile.name);
  const [message, setMessage] = useState<string | null>(null);
  const headers = check.headers;
  const columnOf = (field: LedgerField): string => {
    const ref = profile.columns[field];
    if (ref === undefined) return '';
    if (typeof ref === 'number') return String(ref);
    const i = headers.findIndex((h) => h === ref);
    return i < 0 ? '' : String(i);
  };
  const setColumn = (field: LedgerField, value: string) => {
    const columns = { ...profile.columns };
    if (value === '') delete columns[field];
    else columns[field] = headers[Number(value)] || Number(value);
    onChange({ ...profile, columns, autoDetect: false });
  };
  const num = (v: string) => Math.max(0, Math.min(10000, Number.parseInt(v, 10) || 0));
  const save = async () => {
    try {
      const saved = await call('ledger.profiles.save', { profile: { ...profile, name: name.trim() } });
      setMessage(`Profilen "${saved.name}" sparades.`);
      onSaved();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const exportProfile = async () => {
    try {
      const target = await call('files.save', { title: 'Exportera mappningsprofil', defaultName: `${name.trim() || 'profil'}.json`, filters: [{ name: 'Profil (JSON)', extensions: ['json'] }] });
      if (!target) return;
      await call('ledger.profiles.save', { profile: { ...profile, name: name.trim() } });
      const r = await call('ledger.profiles.export', { name: name.trim(), file: target.ref });
      setMessage(`Profilen exporterades till ${r.fileName}.`);
      onSaved();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const importProfile = async () => {
    try {
      const f = await call('files.open', { title: 'Importera mappningsprofil', filters: [{ name: 'Profil (JSON)', extensions: ['json'] }] });
      if (!f) return;
      const p = await call('ledger.profiles.import', { file: f.ref });
      setMessage(`Profilen "${p.name}" importerades; välj den i listan Mappningsprofil.`);
      onSaved();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <fieldset className="mapping">
      <legend>Mappning {check.headerLine !== null ? `(rubrikrad ${check.headerLine})` : ''}</legend>
      <div className="import-grid">
        {FIELDS.map(({ field, label }) => (
          <label key={field}>
            {label}
            <select value={columnOf(field)} onChange={(e) => setColumn(field, e.target.value)} data-field={field}>
              <option value="">(ingen)</option>
              {headers.map((h, i) => (
                <option key={i} value={String(i)}>
                  {columnLetter(i)}: {h || '(utan rubrik)'}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          Rader att hoppa över överst
          <input type="number" min={0} value={profile.skipTop} onChange={(e) => onChange({ ...profile, skipTop: num(e.target.value) })} />
        </label>
        <label>
          Rader att hoppa över nederst
          <input type="number" min={0} value={profile.skipBottom} onChange={(e) => onChange({ ...profile, skipBottom: num(e.target.value) })} />
        </label>
        <label>
          Decimaltecken
          <select value={profile.decimal} onChange={(e) => onChange({ ...profile, decimal: e.target.value as MappingProfile['decimal'] })}>
            <option value="auto">automatiskt</option>
            <option value=",">komma</option>
            <option value=".">punkt</option>
          </select>
        </label>
        {check.file.format === 'csv' && (
          <>
            <label>
              Teckenkodning
              <select value={profile.encoding} onChange={(e) => onChange({ ...profile, encoding: e.target.value as MappingProfile['encoding'] })}>
                <option value="auto">automatiskt ({check.file.encoding ?? 'okänd'})</option>
                <option value="utf-8">UTF-8</option>
                <option value="windows-1252">Windows-1252 (ANSI)</option>
                <option value="iso-8859-1">ISO-8859-1 (Latin-1)</option>
                <option value="cp437">CP437 (DOS)</option>
              </select>
            </label>
            <label>
              Avgränsare
              <select value={profile.delimiter} onChange={(e) => onChange({ ...profile, delimiter: e.target.value as MappingProfile['delimiter'] })}>
                <option value="auto">automatiskt</option>
                <option value=";">semikolon (;)</option>
                <option value=",">komma (,)</option>
                <option value={'\t'}>tabb</option>
                <option value="|">lodstreck (|)</option>
              </select>
            </label>
          </>
        )}
        <label>
          Ersätt bara ansvar (med underliggande)
          <input value={profile.scopeResponsibility ?? ''} onChange={(e) => onChange({ ...profile, scopeResponsibility: e.target.value.trim() || null })} placeholder="hela perioderna" />
        </label>
        <label className="checkbox">
          <span>
            <input type="checkbox" checked={profile.signFlip} onChange={(e) => onChange({ ...profile, signFlip: e.target.checked })} /> Byt tecken på beloppen
          </span>
        </label>
      </div>
      <div className="import-actions">
        <button type="button" onClick={() => onApply(profile)} disabled={busy}>
          Uppdatera förhandsgranskningen
        </button>
        <label>
          Ekonomisystem
          <input value={profile.system} onChange={(e) => onChange({ ...profile, system: e.target.value })} placeholder="t.ex. Raindance" />
        </label>
        <label>
          Profilnamn
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="t.ex. Raindance Socialförvaltningen" />
        </label>
        <button type="button" onClick={() => void save()} disabled={!name.trim()}>
          Spara profil
        </button>
        <button type="button" onClick={() => void exportProfile()} disabled={!name.trim()}>
          Exportera profil …
        </button>
        <button type="button" onClick={() => void importProfile()}>
          Importera profil …
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
