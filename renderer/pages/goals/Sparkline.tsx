import type { IndicatorView } from '../../../electron/api/contract/index';
import { formatValueDate, withUnit } from './names';

/**
 * A styrtal's trend as a small SVG line: its values up to the occasion, the
 * target as a dashed line, the latest point marked in the direction's colour.
 * Numbers are turned into floats here only to draw.
 */
export function Sparkline({ indicator, width = 110, height = 26 }: { indicator: IndicatorView; width?: number; height?: number }) {
  const points = indicator.series.map((p) => Number(p.value));
  const target = Number(indicator.target.value);
  const label = sparklineLabel(indicator);
  if (points.length === 0) {
    return (
      <span className="sparkline-empty" aria-label={label}>
        inga värden
      </span>
    );
  }
  const all = [...points, target];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const pad = 3;
  const x = (i: number) => (points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v: number) => height - pad - ((v - lo) / span) * (height - 2 * pad);
  const path = points.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = points.length - 1;
  return (
    <svg className={`sparkline trend-${indicator.trend ?? 'none'}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line className="sparkline-target" x1={pad} x2={width - pad} y1={y(target)} y2={y(target)} />
      <path className="sparkline-line" d={path} />
      <circle className="sparkline-last" cx={x(last)} cy={y(points[last]!)} r={2.5} />
    </svg>
  );
}

export function sparklineLabel(ind: IndicatorView): string {
  const dir = ind.direction === 'higher' ? 'högre är bättre' : 'lägre är bättre';
  const trend = ind.trend === 'better' ? 'förbättring' : ind.trend === 'worse' ? 'försämring' : ind.trend === 'same' ? 'oförändrat' : 'ingen trend';
  const latest = ind.latest ? `senast ${withUnit(ind.latest.value, ind.unit)} (${formatValueDate(ind, ind.latest.date)})` : 'inget värde';
  return `${ind.name}: ${latest}, mål ${withUnit(ind.target.value, ind.unit)} ${ind.target.year}, ${trend}, ${dir}`;
}
