import type { ComparisonYear } from '../../../electron/api/contract/index';

const LINES = [
  { key: 'ours', name: 'Kommunen' },
  { key: 'group', name: 'Jämförelsegrupp' },
  { key: 'region', name: 'Regionen' },
  { key: 'riket', name: 'Riket' },
] as const;

/**
 * The comparison table's numbers as lines over the years. Hidden from screen
 * readers: the table beside it holds the same values. Numbers become floats
 * here only to draw.
 */
export function ComparisonChart({ years, withGroup, width = 240, height = 110 }: { years: ComparisonYear[]; withGroup: boolean; width?: number; height?: number }) {
  const lines = LINES.filter((l) => withGroup || l.key !== 'group');
  const all = years.flatMap((y) => lines.map((l) => y[l.key])).filter((v): v is string => v !== null).map(Number);
  if (all.length === 0 || years.length < 2) return null;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const pad = 6;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (years.length - 1);
  const y = (v: number) => height - pad - ((v - lo) / span) * (height - 2 * pad);
  const path = (key: (typeof LINES)[number]['key']) => {
    let d = '';
    let pen = 'M';
    years.forEach((yr, i) => {
      const v = yr[key];
      if (v === null) {
        pen = 'M';
        return;
      }
      d += `${pen}${x(i).toFixed(1)},${y(Number(v)).toFixed(1)} `;
      pen = 'L';
    });
    return d.trim();
  };
  return (
    <figure className="comparison-chart" aria-hidden="true">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        {lines.map((l) => (
          <path key={l.key} className={`comparison-line line-${l.key}`} d={path(l.key)} />
        ))}
      </svg>
      <figcaption>
        {lines.map((l) => (
          <span key={l.key} className={`comparison-key line-${l.key}`}>
            {l.name}
          </span>
        ))}
        <span className="comparison-years">
          {years[0]!.year}–{years[years.length - 1]!.year}
        </span>
      </figcaption>
    </figure>
  );
}
