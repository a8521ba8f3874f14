import type { IndicatorView } from '../../../electron/api/contract/index';
import { formatValueDate, withUnit } from './names';
import { Sparkline } from './Sparkline';

/** The goal's styrtal: start, target and latest value at the occasion, with the trend. */
export function IndicatorTable({ indicators }: { indicators: IndicatorView[] }) {
  if (indicators.length === 0) return <p className="hint">Målet har inga styrtal.</p>;
  return (
    <table className="indicator-table" data-testid="indicator-table">
      <caption>Styrtal</caption>
      <thead>
        <tr>
          <th scope="col">Styrtal</th>
          <th scope="col">Källa</th>
          <th scope="col">Start</th>
          <th scope="col">Mål</th>
          <th scope="col">Senast</th>
          <th scope="col">Utveckling</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((i) => (
          <tr key={i.id}>
            <th scope="row">
              {i.name}
              <span className="hint"> ({i.direction === 'higher' ? 'högre är bättre' : 'lägre är bättre'})</span>
            </th>
            <td>{i.source === 'kolada' ? `Kolada ${i.seriesKey}` : i.sourceNote || `egen mätning (${i.seriesKey})`}</td>
            <td className="num">{i.start ? `${withUnit(i.start.value, i.unit)} (${i.start.year})` : '–'}</td>
            <td className="num">{`${withUnit(i.target.value, i.unit)} (${i.target.year})`}</td>
            <td className={`num ${i.targetReached ? 'favourable' : ''}`}>{i.latest ? `${withUnit(i.latest.value, i.unit)} (${formatValueDate(i, i.latest.date)})` : 'inget värde'}</td>
            <td>
              <Sparkline indicator={i} width={140} height={30} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
