import { useState } from 'react';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, formatPeriod, PERCENT_SUFFIX, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';

type Level = 'sector' | 'operation' | 'unit';

const pct = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Each prognos occasion's helårsprognos against the year's final outcome. */
export function AccuracyTab({ year, unit }: { year: number; unit: MoneyUnit }) {
  const [chosenYear, setChosenYear] = useState(year - 1);
  const [level, setLevel] = useState<Level>('sector');
  const acc = useApi('followup.accuracy.get', { year: chosenYear, level }, `${chosenYear}:${level}`);
  const m = (v: number | null) => formatMoney(v, unit);
  const share = (diff: number | null, final: number) => (diff === null || final === 0 ? '' : `${pct.format((100 * diff) / Math.abs(final))}${PERCENT_SUFFIX}`);
  return (
    <div>
      <div className="followup-toolbar">
        <label className="followup-select">
          År{' '}
          <select value={chosenYear} onChange={(e) => setChosenYear(Number(e.target.value))}>
            {[year, year - 1, year - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="followup-select">
          Ned till{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            <option value="sector">sektor</option>
            <option value="operation">verksamhet</option>
            <option value="unit">enhet</option>
          </select>
        </label>
      </div>
      {acc.error && <ErrorBanner error={acc.error} />}
      {!acc.data ? (
        <Loading />
      ) : (
        <>
          <p className="hint">
            {acc.data.complete
              ? `Årets utfall är komplett (till och med ${formatPeriod(acc.data.finalPeriod)}). Differens = prognos − utfall: positiv betyder att prognosen var för hög.`
              : `Årets utfall är inte komplett (${acc.data.finalPeriod ? `till och med ${formatPeriod(acc.data.finalPeriod)}` : 'inget utfall'}); jämförelsen blir slutlig när december är inläst.`}
          </p>
          {acc.data.occasions.length === 0 ? (
            <p>Inga prognostillfällen med utfall {chosenYear}.</p>
          ) : (
            <table className="followup-table" aria-label={`Prognosträffsäkerhet ${chosenYear}`} data-testid="accuracy-table">
              <thead>
                <tr>
                  <th>Ansvar</th>
                  <th className="num">Utfall helår</th>
                  {acc.data.occasions.map((o) => (
                    <th key={o.id} className="num" colSpan={2}>
                      {o.name}
                    </th>
                  ))}
                </tr>
                <tr>
                  <th />
                  <th />
                  {acc.data.occasions.map((o) => [
                    <th key={`${o.id}-f`} className="num">
                      Prognos
                    </th>,
                    <th key={`${o.id}-d`} className="num">
                      Differens
                    </th>,
                  ])}
                </tr>
              </thead>
              <tbody>
                {[...acc.data.rows, acc.data.total].map((r) => (
                  <tr key={r.key}>
                    <th scope="row" style={{ paddingLeft: 6 + r.depth * 14 }}>
                      {r.code} {r.name}
                    </th>
                    <td className="num">{m(r.final)}</td>
                    {r.forecasts.map((f, i) => [
                      <td key={`f${i}`} className="num">
                        {m(f)}
                      </td>,
                      <td key={`d${i}`} className="num" title={share(r.differences[i]!, r.final)}>
                        {m(r.differences[i]!)} <span className="hint">{share(r.differences[i]!, r.final)}</span>
                      </td>,
                    ])}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
