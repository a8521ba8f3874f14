import { useState } from 'react';
import type { ChosenFileRef, MasterDataImportResult, Summary } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { useApi } from '../../useApi';
import { count, formatCount } from '../../format';
import { toError } from '../../use-action';

type Kind = 'organisation' | 'accounts';

const KIND_TEXT: Record<Kind, { label: string; what: string; columns: string }> = {
  organisation: { label: 'Organisation (ansvar)', what: 'ansvar', columns: 'Ansvar, Namn, Överordnad och gärna Nivå (förvaltning, sektor, verksamhet, enhet)' },
  accounts: { label: 'Kontoplan', what: 'konton', columns: 'Konto (4 eller 5 siffror), Namn och gärna Grupp' },
};

const FILTERS = [{ name: 'Grunddata (CSV, text, Excel)', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xlsm', 'xls'] }];

function resultText(r: MasterDataImportResult): string {
  const what = KIND_TEXT[r.kind].what;
  const counts = `${formatCount(r.rows)} ${what}: ${formatCount(r.created)} nya, ${formatCount(r.updated)} ändrade, ${formatCount(r.unchanged)} oförändrade`;
  return r.applied ? `${r.fileName} är inläst. ${counts}.` : `${r.fileName} är kontrollerad utan fel. ${counts}. Inget är sparat ännu.`;
}

/**
 * Grunddata: the organisation (ansvar hierarchy) and the kontoplan from a
 * CSV or Excel file. The file is checked first (a dry run that names every
 * problem by row and column and changes nothing); the user then reads it in.
 * An empty database can instead be filled with the demo förvaltning.
 */
export function MasterDataSection() {
  const summary = useApi('summary.get', {}, 'masterdata-summary');
  const [kind, setKind] = useState<Kind>('organisation');
  const [file, setFile] = useState<ChosenFileRef | null>(null);
  const [checked, setChecked] = useState<MasterDataImportResult | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = () =>
    run(async () => {
      setChecked(null);
      const f = await call('files.open', { title: `Välj fil med ${KIND_TEXT[kind].label.toLowerCase()}`, filters: FILTERS });
      if (!f) return;
      setFile(f);
      setChecked(await call('masterdata.import', { kind, file: f.ref, dryRun: true }));
    });

  const apply = () =>
    run(async () => {
      if (!file || !checked) return;
      const r = await call('masterdata.import', { kind: checked.kind, file: file.ref, dryRun: false });
      setChecked(null);
      setDone(resultText(r));
      summary.reload();
    });

  const demo = () =>
    run(async () => {
      const s: Summary = await call('demo.generate', {});
      setDone(`Demoförvaltningen är skapad: ${count(s.units, 'enhet', 'enheter')}, ${count(s.accounts, 'konto', 'konton')}, ${count(s.budgetLines, 'budgetrad', 'budgetrader')} och utfall för ${count(s.periods, 'period', 'perioder')}.`);
      summary.reload();
    });

  const empty = summary.data !== null && summary.data.units === 0 && summary.data.accounts === 0 && summary.data.budgetLines === 0;
  return (
    <section aria-labelledby="masterdata-title" className="masterdata" data-testid="masterdata">
      <h2 id="masterdata-title">Grunddata: organisation och kontoplan</h2>
      <p className="hint">
        Läs in organisationen eller kontoplanen från ekonomisystemet som CSV, text eller Excel med en rubrikrad. Filen kontrolleras först; har den fel visas
        varje fel med rad och kolumn och inget ändras. Ansvar och konton som redan finns uppdateras, de som saknas i filen lämnas orörda.
      </p>
      <fieldset className="masterdata-kind">
        <legend>Vad filen innehåller</legend>
        {(Object.keys(KIND_TEXT) as Kind[]).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="masterdata-kind"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setChecked(null);
                setFile(null);
              }}
            />{' '}
            {KIND_TEXT[k].label}
          </label>
        ))}
      </fieldset>
      <p className="hint">Kolumner: {KIND_TEXT[kind].columns}.</p>
      <div className="import-actions">
        <button type="button" onClick={() => void choose()} disabled={busy}>
          Välj grunddatafil …
        </button>
        {checked && file && (
          <button type="button" className="primary" onClick={() => void apply()} disabled={busy} data-testid="masterdata-apply">
            Läs in {formatCount(checked.rows)} {KIND_TEXT[checked.kind].what} från {file.name}
          </button>
        )}
        {empty && (
          <button type="button" onClick={() => void demo()} disabled={busy} data-testid="demo-generate">
            Skapa demoförvaltningen
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
      {checked && (
        <div role="status" data-testid="masterdata-check">
          <p>{resultText(checked)}</p>
          {checked.notes.length > 0 && (
            <ul>
              {checked.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {done && (
        <p className="banner-ok" role="status" data-testid="masterdata-done">
          {done}
        </p>
      )}
    </section>
  );
}
