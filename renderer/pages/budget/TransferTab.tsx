import { useState } from 'react';
import type { BudgetImportResult, ExportFormat, ExportLayout, ExportProfile, LayoutColumn } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { ActionStatus, formatKr, formError, MONTH_SHORT, parsePercent, TextField } from './planning-ui';
import type { BudgetTabProps } from './types';
import { count } from '../../format';
import { useAction } from '../../use-action';

/** Import och export: a new year's budget from last year, detaljbudget from Excel/CSV, and export to the ekonomisystem. */
export function TransferTab(props: BudgetTabProps) {
  const profiles = useApi('planning.exportProfiles.list', {}, 'profiles');
  return (
    <div>
      <StartingPoint {...props} />
      <Import {...props} profiles={profiles.data ?? []} />
      <Export {...props} profiles={profiles.data ?? []} />
      {profiles.error ? <ErrorBanner error={profiles.error} /> : profiles.data ? <Profiles profiles={profiles.data} onChange={profiles.reload} /> : <Loading />}
    </div>
  );
}

function StartingPoint({ year, version, reloadVersions }: BudgetTabProps) {
  const [source, setSource] = useState<'budget' | 'actual'>('budget');
  const [sourceYear, setSourceYear] = useState(String(year));
  const [salary, setSalary] = useState('3,0');
  const [price, setPrice] = useState('2,0');
  const [efficiency, setEfficiency] = useState('0');
  const [rounding, setRounding] = useState<'ore' | 'krona' | 'hundred' | 'thousand'>('krona');
  const [name, setName] = useState('');
  const action = useAction();

  const create = async () => {
    const s = parsePercent(salary) ?? 0;
    const p = parsePercent(price) ?? 0;
    const e = parsePercent(efficiency) ?? 0;
    const y = Number(sourceYear);
    if ([s, p, e].some(Number.isNaN)) return action.setError(formError('Ange procentsatserna som tal, t.ex. 3,1.'));
    if (!Number.isInteger(y) || y < 2000 || y > 2099) return action.setError(formError(`"${sourceYear}" är inget år.`));
    const r = await action.run(
      () =>
        call('planning.start.create', {
          source,
          sourceYear: y,
          ...(source === 'budget' && version && version.year === y ? { sourceVersion: version.id } : {}),
          salaryIncreaseBp: s,
          priceIndexBp: p,
          efficiencyBp: e,
          rounding,
          ...(name.trim() ? { name: name.trim() } : {}),
        }),
      (r) =>
        `"${r.versionName}" skapades för ${r.year}: ${count(r.lines, 'rad', 'rader')}, ${formatKr(r.totalOre)} kr (källan ${formatKr(r.sourceTotalOre)} kr). ${r.notes.join(' ')}${r.year !== year ? ` Den nya versionen gäller ${r.year}: välj ${r.year} under Budgetår överst för att arbeta med den.` : ''}`,
    );
    if (r) reloadVersions();
  };

  return (
    <section aria-labelledby="start-title">
      <h2 id="start-title">Ny budget utifrån förra året</h2>
      <p className="hint">
        Skapar en arbetsversion för året efter källåret. Personalkonton räknas upp med löneökningen, övriga kostnader och intäkter med prisindex, kapitalkostnader och finansiella poster står kvar;
        effektiviseringen minskar kostnaderna efter uppräkningen. Från en budget följer periodiseringen och personalbudgetens befattningar med.
      </p>
      <form
        className="pl-form"
        aria-label="Ny budget utifrån förra året"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="pl-field">
          <label htmlFor="start-source">Utgå från</label>
          <select id="start-source" value={source} onChange={(e) => setSource(e.target.value as 'budget' | 'actual')}>
            <option value="budget">förra årets budget{version && version.year === Number(sourceYear) ? ` (${version.name})` : ''}</option>
            <option value="actual">förra årets utfall</option>
          </select>
        </div>
        <TextField id="start-year" label="Källår" value={sourceYear} onChange={setSourceYear} size={6} />
        <TextField id="start-salary" label="Löneökning (%)" value={salary} onChange={setSalary} inputMode="decimal" size={6} />
        <TextField id="start-price" label="Prisindex (%)" value={price} onChange={setPrice} inputMode="decimal" size={6} />
        <TextField id="start-efficiency" label="Effektivisering (%)" value={efficiency} onChange={setEfficiency} inputMode="decimal" size={6} />
        <div className="pl-field">
          <label htmlFor="start-rounding">Avrunda till</label>
          <select id="start-rounding" value={rounding} onChange={(e) => setRounding(e.target.value as typeof rounding)}>
            <option value="ore">öre</option>
            <option value="krona">hela kronor</option>
            <option value="hundred">hundratal kronor</option>
            <option value="thousand">tusental kronor</option>
          </select>
        </div>
        <TextField id="start-name" label="Namn (valfritt)" value={name} onChange={setName} size={30} />
        <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
          Skapa budget {Number(sourceYear) + 1 || ''}
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}

function Import({ year, version, reloadVersions, profiles }: BudgetTabProps & { profiles: ExportProfile[] }) {
  const [file, setFile] = useState<{ ref: string; name: string } | null>(null);
  const [target, setTarget] = useState<'new' | 'add' | 'replace'>('new');
  const [profile, setProfile] = useState('');
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<BudgetImportResult | null>(null);
  const action = useAction();
  const editable = version !== null && version.lockedAt === null;

  // A SIE file is read by its #PBUDGET rows; a column layout is for CSV.
  const isSie = (name: string) => /\.(se|si|sie)$/i.test(name);
  const input = (chosen: { ref: string; name: string }, dryRun: boolean) => ({
    file: chosen.ref,
    dryRun,
    ...(profile && !isSie(chosen.name) ? { profile } : {}),
    ...(target !== 'new' && version ? { versionId: version.id, replace: target === 'replace' } : { year, ...(name.trim() ? { versionName: name.trim() } : {}) }),
  });

  const choose = async () => {
    const chosen = await action.run(() =>
      call('files.open', {
        title: 'Välj detaljbudget',
        filters: [
          { name: 'Excel, CSV eller SIE', extensions: ['xlsx', 'xls', 'csv', 'txt', 'skv', 'se', 'si', 'sie'] },
          { name: 'SIE (#PBUDGET)', extensions: ['se', 'si', 'sie'] },
        ],
      }),
    );
    if (!chosen) return;
    setFile(chosen);
    setPreview(null);
    const r = await action.run(() => call('planning.import.budget', input(chosen, true)), () => null);
    if (r) setPreview(r);
  };
  const apply = async () => {
    if (!file) return;
    const r = await action.run(
      () => call('planning.import.budget', input(file, false)),
      (r) => `${r.fileName}: ${count(r.lines, 'budgetrad', 'budgetrader')}, ${formatKr(r.totalOre)} kr, lästes in i ${r.createdVersion ? 'den nya versionen' : 'versionen'} "${r.versionName}"${r.replacedLines ? `; ${count(r.replacedLines, 'rad', 'rader')} ersattes` : ''}.`,
    );
    if (r) {
      setPreview(null);
      setFile(null);
      reloadVersions();
    }
  };

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Läs in detaljbudget från Excel, CSV eller SIE</h2>
      <p className="hint">
        Filen behöver en rubrikrad med Konto och Ansvar, gärna andra dimensioner (t.ex. Motpart, Projekt), och Årsbelopp (periodiseras enligt kolumnen Profil, annars jämnt) och/eller månaderna Jan–Dec eller {year}01–{year}12. En
        SIE-fil (.se, .si, .sie) läses från sina #PBUDGET-rader per period och objekt: en rad per kodsträng, med den periodiseringsprofil månaderna följer, annars med månaderna som i filen. En fil med fel ändrar ingenting; varje fel
        visas med rad och kolumn.
      </p>
      <div className="pl-form">
        <div className="pl-field">
          <label htmlFor="import-target">Läs in i</label>
          <select id="import-target" value={target} onChange={(e) => setTarget(e.target.value as typeof target)}>
            <option value="new">en ny arbetsversion för {year}</option>
            <option value="add" disabled={!editable}>
              vald version, lägg till rader{version ? ` (${version.name})` : ''}
            </option>
            <option value="replace" disabled={!editable}>
              vald version, ersätt alla rader
            </option>
          </select>
        </div>
        {target === 'new' && <TextField id="import-name" label="Namn på versionen (valfritt)" value={name} onChange={setName} size={28} />}
        <div className="pl-field">
          <label htmlFor="import-profile">Kolumnlayout</label>
          <select id="import-profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
            <option value="">hitta kolumnerna efter rubrikerna (eller SIE)</option>
            {profiles.map((p) => (
              <option key={p.name} value={p.name}>
                profil: {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="pl-button" onClick={() => void choose()} disabled={action.busy}>
          Välj fil …
        </button>
        {file && (
          <button type="button" className="pl-button pl-primary" onClick={() => void apply()} disabled={action.busy || !preview}>
            Läs in {file.name}
          </button>
        )}
      </div>
      {preview && (
        <div className="pl-ok" role="status" data-testid="import-preview">
          <p>
            {preview.fileName}: {count(preview.rows, 'rad', 'rader')} i filen blir {count(preview.lines, 'budgetrad', 'budgetrader')} för {preview.year}, totalt {formatKr(preview.totalOre)} kr. Inget är inläst ännu.
          </p>
          <table className="pl-table">
            <thead>
              <tr>
                {MONTH_SHORT.map((m) => (
                  <th key={m} className="num">
                    {m}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {preview.perMonthOre.map((v, i) => (
                  <td key={i} className="num">
                    {formatKr(v)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          {preview.notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}

function Export({ year, version, profiles }: BudgetTabProps & { profiles: ExportProfile[] }) {
  const [format, setFormat] = useState<ExportFormat>('sie');
  const [profile, setProfile] = useState('');
  const action = useAction();
  const ext = format === 'sie' ? 'se' : format;
  const run = async () => {
    if (!version) return;
    const target = await action.run(() =>
      call('files.save', {
        title: 'Exportera detaljbudgeten',
        defaultName: `detaljbudget-${year}.${ext}`,
        filters: [{ name: format === 'sie' ? 'SIE' : format === 'csv' ? 'CSV' : 'Excel', extensions: [format === 'csv' ? 'csv' : ext] }],
      }),
    );
    if (!target) return;
    await action.run(
      () => call('planning.export.budget', { version: version.id, year, format, file: target.ref, ...(format === 'csv' && profile ? { profile } : {}) }),
      (r) => `${r.fileName} är sparad: ${r.versionName}, ${count(r.codings, 'kodsträng', 'kodsträngar')}, ${r.format === 'sie' ? count(r.records, '#PBUDGET-post', '#PBUDGET-poster') : count(r.records, 'rad', 'rader')}, totalt ${formatKr(r.totalOre)} kr. ${r.notes.join(' ')}`,
    );
  };
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Exportera till ekonomisystemet</h2>
      <form
        className="pl-form"
        aria-label="Exportera detaljbudgeten"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset>
          <legend>Format</legend>
          {(
            [
              ['sie', 'SIE typ 3 (#PBUDGET per period och objekt)'],
              ['csv', 'CSV'],
              ['xlsx', 'Excel (formaterad)'],
            ] as const
          ).map(([f, label]) => (
            <label key={f} className="pl-check">
              <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
              {label}
            </label>
          ))}
        </fieldset>
        {format === 'csv' && (
          <div className="pl-field">
            <label htmlFor="export-profile">Kolumnlayout</label>
            <select id="export-profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
              <option value="">standard: Ansvar;Konto;dimensioner;Årsbelopp;Jan…Dec</option>
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  profil: {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="pl-button pl-primary" disabled={!version || action.busy}>
          Exportera {version ? `”${version.name}”` : ''} …
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}

const FIELD_NAMES: Record<string, string> = {
  account: 'Konto',
  account_name: 'Kontonamn',
  responsibility: 'Ansvar',
  responsibility_name: 'Ansvarsnamn',
  year_amount: 'Årsbelopp',
  period: 'Period',
  period_amount: 'Periodbelopp',
  version: 'Versionens namn',
  year: 'År',
  fixed: 'Fast text',
  'dim:verksamhetskod': 'Verksamhetskod',
  'dim:aktivitet': 'Aktivitet',
  'dim:projekt': 'Projekt',
  'dim:motpart': 'Motpart',
  ...Object.fromEntries(MONTH_SHORT.map((m, i) => [`month:${i + 1}`, `Månad ${i + 1} (${m})`])),
};

function defaultLayout(): ExportLayout {
  return {
    shape: 'wide',
    columns: [
      { field: 'responsibility', header: 'Ansvar' },
      { field: 'account', header: 'Konto' },
      { field: 'year_amount', header: 'Belopp' },
    ],
    delimiter: ';',
    decimal: ',',
    amountUnit: 'kr',
    header: true,
    encoding: 'utf-8-bom',
    skipZero: false,
    periodFormat: 'YYYYMM',
  };
}

/** Saved CSV layouts: which columns in which order, delimiter, numbers, encoding. */
function Profiles({ profiles, onChange }: { profiles: ExportProfile[]; onChange(): void }) {
  const [name, setName] = useState('');
  const [layout, setLayout] = useState<ExportLayout>(defaultLayout);
  const action = useAction();
  const setColumn = (i: number, c: Partial<LayoutColumn>) => setLayout({ ...layout, columns: layout.columns.map((x, j) => (j === i ? { ...x, ...c } : x)) });
  const move = (i: number, step: number) => {
    const cols = [...layout.columns];
    const j = i + step;
    if (j < 0 || j >= cols.length) return;
    [cols[i], cols[j]] = [cols[j]!, cols[i]!];
    setLayout({ ...layout, columns: cols });
  };
  const save = async () => {
    const ok = await action.run(() => call('planning.exportProfiles.save', { name, layout }), () => `Profilen "${name}" är sparad.`);
    if (ok) onChange();
  };
  const remove = async (n: string) => {
    const ok = await action.run(() => call('planning.exportProfiles.delete', { name: n }), () => `Profilen "${n}" är borttagen.`);
    if (ok) onChange();
  };

  return (
    <section aria-labelledby="profiles-title">
      <h2 id="profiles-title">Exportprofiler (CSV-layout)</h2>
      {profiles.length > 0 && (
        <ul>
          {profiles.map((p) => (
            <li key={p.name}>
              <strong>{p.name}</strong>: {p.layout.columns.map((c) => c.header || FIELD_NAMES[c.field]).join(p.layout.delimiter === '\t' ? ' ⇥ ' : p.layout.delimiter)}{' '}
              <button type="button" className="pl-button pl-small" onClick={() => (setName(p.name), setLayout(p.layout))}>
                Ändra
              </button>{' '}
              <button type="button" className="pl-button pl-small" onClick={() => void remove(p.name)} aria-label={`Ta bort profilen ${p.name}`}>
                Ta bort
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="pl-form"
        aria-label="Exportprofil"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextField id="profile-name" label="Profilens namn" value={name} onChange={setName} hint='t.ex. "Raindance" eller "Visma"' />
        <div className="pl-field">
          <label htmlFor="profile-shape">Rader</label>
          <select id="profile-shape" value={layout.shape} onChange={(e) => setLayout({ ...layout, shape: e.target.value as ExportLayout['shape'] })}>
            <option value="wide">en rad per kodsträng</option>
            <option value="long">en rad per kodsträng och period</option>
          </select>
        </div>
        <div className="pl-field">
          <label htmlFor="profile-delimiter">Avgränsare</label>
          <select id="profile-delimiter" value={layout.delimiter} onChange={(e) => setLayout({ ...layout, delimiter: e.target.value as ExportLayout['delimiter'] })}>
            <option value=";">semikolon</option>
            <option value=",">komma</option>
            <option value={'\t'}>tabb</option>
          </select>
        </div>
        <div className="pl-field">
          <label htmlFor="profile-decimal">Decimaltecken</label>
          <select id="profile-decimal" value={layout.decimal} onChange={(e) => setLayout({ ...layout, decimal: e.target.value as ExportLayout['decimal'] })}>
            <option value=",">komma</option>
            <option value=".">punkt</option>
          </select>
        </div>
        <div className="pl-field">
          <label htmlFor="profile-unit">Belopp i</label>
          <select id="profile-unit" value={layout.amountUnit} onChange={(e) => setLayout({ ...layout, amountUnit: e.target.value as ExportLayout['amountUnit'] })}>
            <option value="kr">kronor med två decimaler</option>
            <option value="ore">öre (heltal)</option>
          </select>
        </div>
        <div className="pl-field">
          <label htmlFor="profile-encoding">Teckenkodning</label>
          <select id="profile-encoding" value={layout.encoding} onChange={(e) => setLayout({ ...layout, encoding: e.target.value as ExportLayout['encoding'] })}>
            <option value="utf-8-bom">UTF-8 med BOM (Excel)</option>
            <option value="utf-8">UTF-8</option>
            <option value="windows-1252">Windows-1252</option>
          </select>
        </div>
        <div className="pl-field">
          <label htmlFor="profile-period">Period skrivs</label>
          <select id="profile-period" value={layout.periodFormat} onChange={(e) => setLayout({ ...layout, periodFormat: e.target.value as ExportLayout['periodFormat'] })}>
            <option value="YYYYMM">ÅÅÅÅMM</option>
            <option value="YYYY-MM">ÅÅÅÅ-MM</option>
            <option value="M">månadens nummer</option>
          </select>
        </div>
        <label className="pl-check">
          <input type="checkbox" checked={layout.header} onChange={(e) => setLayout({ ...layout, header: e.target.checked })} />
          Rubrikrad
        </label>
        <label className="pl-check">
          <input type="checkbox" checked={layout.skipZero} onChange={(e) => setLayout({ ...layout, skipZero: e.target.checked })} />
          Hoppa över nollor
        </label>
        <fieldset className="pl-full">
          <legend>Kolumner i ordning</legend>
          <ol className="pl-layout-columns">
            {layout.columns.map((c, i) => (
              <li key={i}>
                <label className="pl-field">
                  <span>Fält</span>
                  <select value={c.field} onChange={(e) => setColumn(i, { field: e.target.value })} aria-label={`Kolumn ${i + 1}: fält`}>
                    {Object.entries(FIELD_NAMES).map(([f, label]) => (
                      <option key={f} value={f}>
                        {label}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="pl-field">
                  <span>Rubrik</span>
                  <input value={c.header} onChange={(e) => setColumn(i, { header: e.target.value })} aria-label={`Kolumn ${i + 1}: rubrik`} size={14} />
                </label>
                {c.field === 'fixed' && (
                  <label className="pl-field">
                    <span>Text</span>
                    <input value={c.value ?? ''} onChange={(e) => setColumn(i, { value: e.target.value })} aria-label={`Kolumn ${i + 1}: fast text`} size={10} />
                  </label>
                )}
                <button type="button" className="pl-button pl-small" onClick={() => move(i, -1)} aria-label={`Flytta kolumn ${i + 1} upp`}>
                  ↑
                </button>
                <button type="button" className="pl-button pl-small" onClick={() => move(i, 1)} aria-label={`Flytta kolumn ${i + 1} ned`}>
                  ↓
                </button>
                <button type="button" className="pl-button pl-small" onClick={() => setLayout({ ...layout, columns: layout.columns.filter((_, j) => j !== i) })} aria-label={`Ta bort kolumn ${i + 1}`}>
                  Ta bort
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="pl-button" onClick={() => setLayout({ ...layout, columns: [...layout.columns, { field: 'account_name', header: 'Kontonamn' }] })}>
            Ny kolumn
          </button>
        </fieldset>
        <button type="submit" className="pl-button pl-primary" disabled={action.busy || name.trim() === ''}>
          Spara profil
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}
