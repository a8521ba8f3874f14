import { useState } from 'react';
import type { DeviationView, ForecastDetail } from '../../../electron/api/contract/index';
import { parseAmountIn, oreForSpreadsheet } from '../../amount';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { METHOD_NAME, SOURCE_NAME } from './labels';
import './forecast.css';

interface Props {
  view: DeviationView;
  code: string;
  unit: MoneyUnit;
  onChanged(): void;
}

type Method = 'actual_plus_remaining' | 'linear' | 'last_year';
const METHODS: Method[] = ['actual_plus_remaining', 'linear', 'last_year'];

/** A narrow header may break a long compound where Swedish does ("månads-mönster"), never elsewhere in a word. */
const headerWords = (text: string) => text.replace('månadsmönster', 'månads\u00admönster');

/** Helårsprognos per account group for one node: what each method gives, the sum below, and a forecast set by hand. */
export function ForecastPanel({ view, code, unit, onChanged }: Props) {
  const occasion = view.forecastOccasion;
  if (!occasion) return <p>Inget tillfälle till och med perioden har helårsprognos (prognos görs i mars, april, augusti och oktober enligt årshjulet).</p>;
  return <ForecastEditor occasionId={occasion.id} code={code} unit={unit} onChanged={onChanged} />;
}

function ForecastEditor({ occasionId, code, unit, onChanged }: { occasionId: string; code: string; unit: MoneyUnit; onChanged(): void }) {
  const [generation, setGeneration] = useState(0);
  const detail = useApi('followup.forecast.get', { occasionId, code }, `${occasionId}:${code}:${generation}`);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [method, setMethod] = useState<Method>('actual_plus_remaining');
  const [target, setTarget] = useState<'node' | 'units'>('node');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const d: ForecastDetail | null = detail.data;
  if (detail.error && !d) return <ErrorBanner error={detail.error} />;
  if (!d) return <Loading />;
  const editable = d.readOnlyReason === null;

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await fn();
      setDone(what);
      setTyped({});
      setGeneration((g) => g + 1);
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <p className="hint">
        {d.occasion?.name}. {d.readOnlyReason ?? (d.hasChildren ? 'En prognos satt här ersätter summan av raderna under; skillnaden visas på radens "direkt"-rad.' : '')}
      </p>
      {/* The panel is narrow: each kontogrupp's name is a row of its own above its figures, so that every figure column gets the whole width. */}
      <table className="forecast-table" aria-label="Prognos per kontogrupp">
        <thead>
          <tr>
            <th className="num">Budget helår</th>
            <th className="num">Utfall ack</th>
            <th className="num">Prognos</th>
            {d.hasChildren && <th className="num">Summa under</th>}
          </tr>
        </thead>
        {d.groups.map((g) => (
          <tbody key={g.group}>
            <tr className="forecast-group">
              <th scope="rowgroup" colSpan={d.hasChildren ? 4 : 3}>
                {g.name} <span className="hint">{g.source === 'set' ? `satt (${METHOD_NAME[g.method ?? 'manual']})` : SOURCE_NAME[g.source]}</span>
              </th>
            </tr>
            <tr>
              <td className="num">{formatMoney(g.budgetYear, unit)}</td>
              <td className="num">{formatMoney(g.actualAcc, unit)}</td>
              <td className="num">
                <strong>{formatMoney(g.forecast, unit)}</strong>
              </td>
              {d.hasChildren && <td className="num">{formatMoney(g.below, unit)}</td>}
            </tr>
          </tbody>
        ))}
      </table>
      <h3>Metoderna ger</h3>
      <table className="forecast-table" aria-label="Prognos per metod">
        <thead>
          <tr>
            {METHODS.map((m) => (
              <th key={m} className="num" title={METHOD_NAME[m]}>
                {headerWords(METHOD_NAME[m]!)}
              </th>
            ))}
          </tr>
        </thead>
        {d.groups.map((g) => (
          <tbody key={g.group}>
            <tr className="forecast-group">
              <th scope="rowgroup" colSpan={METHODS.length}>
                {g.name}
              </th>
            </tr>
            <tr>
              {METHODS.map((m) => (
                <td key={m} className="num">
                  {formatMoney(g.suggestions[m], unit)}
                </td>
              ))}
            </tr>
          </tbody>
        ))}
      </table>
      {editable && (
        <>
          <h3>Beräkna med metod</h3>
          <div className="actions">
            <label className="followup-select">
              <span className="visually-hidden">Metod</span>
              <select value={method} onChange={(e) => setMethod(e.target.value as Method)} aria-label="Metod">
                {METHODS.map((m) => (
                  <option key={m} value={m}>
                    {METHOD_NAME[m]}
                  </option>
                ))}
              </select>
            </label>
            {d.hasChildren && (
              <label className="followup-select">
                <span className="visually-hidden">För</span>
                <select value={target} onChange={(e) => setTarget(e.target.value as 'node' | 'units')} aria-label="För vilka">
                  <option value="node">för den här nivån</option>
                  <option value="units">för varje enhet under</option>
                </select>
              </label>
            )}
            <button type="button" className="primary" disabled={busy} onClick={() => void run('Prognosen är beräknad.', () => call('followup.forecast.apply', { occasionId, code, method, target }))}>
              Beräkna
            </button>
          </div>
          <h3 id="forecast-manual-title">Sätt prognos för hand ({unit})</h3>
          <p className="hint" id="forecast-manual-hint">
            Helårsbeloppet i {unit}, med samma tecken som i tabellen (intäkter negativa). Enter sätter prognosen.
          </p>
          {d.groups
            .filter((g) => g.group !== 'unknown')
            .map((g) => {
              const field = `forecast-${g.group}`;
              const text = typed[g.group] ?? '';
              const set = () => {
                const ore = parseAmountIn(text, unit);
                if (Number.isNaN(ore)) {
                  setDone(null);
                  setError(new Error(`Prognos för ${g.name.toLowerCase()}: "${text}" är inget belopp i ${unit}. Skriv t.ex. ${unit === 'tkr' ? '1 234,5' : '250 000'} (decimalkomma${unit === 'tkr' ? ', högst fem decimaler' : ''}).`));
                  return;
                }
                // The service reads kronor: öre written exactly as kronor text, no rounding on the way.
                void run(`Prognos för ${g.name.toLowerCase()} satt till ${formatMoney(ore, unit)} ${unit}.`, () => call('followup.forecast.set', { occasionId, code, group: g.group as never, amount: oreForSpreadsheet(ore) }));
              };
              return (
                <form
                  className="forecast-set"
                  key={g.group}
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!busy && text.trim() !== '') set();
                  }}
                >
                  <label htmlFor={field}>
                    {g.name}, {unit}
                  </label>
                  <span className="forecast-row">
                    <input id={field} type="text" inputMode="decimal" autoComplete="off" aria-describedby="forecast-manual-hint" value={text} onChange={(e) => setTyped({ ...typed, [g.group]: e.target.value })} />
                    <button type="submit" disabled={busy || text.trim() === ''}>
                      Sätt
                    </button>
                    {g.source === 'set' && (
                      <button type="button" disabled={busy} onClick={() => void run(`Satt prognos för ${g.name.toLowerCase()} borttagen.`, () => call('followup.forecast.clear', { occasionId, code, group: g.group as never }))}>
                        Ta bort satt
                      </button>
                    )}
                  </span>
                </form>
              );
            })}
        </>
      )}
      {done && (
        <p className="message-ok" role="status">
          {done}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
