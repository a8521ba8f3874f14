import type { RowChart } from '../../../electron/api/contract/index';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';

/** Draws the chart geometry worked out on the Node side (the same function serves PDF reports). */
export function CumulativeChart({ chart, title }: { chart: RowChart; title: string }) {
  const g = chart.geometry;
  const { box } = g;
  return (
    <figure className="chart">
      <svg viewBox={g.viewBox} role="img" aria-label={title}>
        <g className="axis">
          {g.yTicks.map((t) => (
            <g key={t.value}>
              <line className="grid-line" x1={box.left} x2={box.width - box.right} y1={t.y} y2={t.y} />
              <text className="tick-label" x={box.left - 6} y={t.y + 4} textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          <line className="zero-line" x1={box.left} x2={box.width - box.right} y1={g.zeroY} y2={g.zeroY} />
          {g.xTicks.map((t) => (
            <text key={t.label} className="tick-label" x={t.x} y={box.height - 8} textAnchor="middle">
              {t.label}
            </text>
          ))}
        </g>
        <path className="line line-budget" d={g.paths.budget} />
        {g.paths.forecast && <path className="line line-forecast" d={g.paths.forecast} />}
        {g.paths.actual && <path className="line line-actual" d={g.paths.actual} />}
        {g.lastActual && <circle className="marker" cx={g.lastActual.x} cy={g.lastActual.y} r={4} />}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          <li>
            <span className="swatch swatch-budget" />
            Budget ack
          </li>
          <li>
            <span className="swatch swatch-actual" />
            Utfall ack
          </li>
          <li>
            <span className="swatch swatch-forecast" />
            Prognos
          </li>
          <li className="hint">Belopp i {g.unit}</li>
        </ul>
      </figcaption>
    </figure>
  );
}

export function ChartPanel({ period, rowKey, unit }: { period: number; rowKey: string; unit: MoneyUnit }) {
  const chart = useApi('followup.chart', { period, key: rowKey }, `${period}:${rowKey}`);
  if (chart.error) return <ErrorBanner error={chart.error} />;
  if (!chart.data) return <Loading />;
  const c = chart.data;
  return (
    <div>
      <CumulativeChart chart={c} title={`Ackumulerad budget, utfall och prognos per månad för ${c.title}`} />
      <p className="hint">
        Budget helår {formatMoney(c.budgetYear, unit)} {unit}, utfall ack {formatMoney(c.actualAcc, unit)} {unit}
        {c.forecastYear !== null ? `, prognos helår ${formatMoney(c.forecastYear, unit)} ${unit}` : ''}.
      </p>
    </div>
  );
}
