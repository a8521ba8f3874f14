import { useState } from 'react';
import type { ComparisonView, ComparisonYear, IndicatorView, SeriesComparison } from '../../../electron/api/contract/index';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { ComparisonChart } from './ComparisonChart';
import { withUnit } from './names';

type Gender = 'T' | 'K' | 'M';
const GENDER_NAME: Record<Gender, string> = { T: 'Totalt', K: 'Kvinnor', M: 'Män' };

export const NO_COMPARISON = 'Inga jämförelsevärden från Kolada än — importera en fil från Kolada under Mål › Import.';

/**
 * The goal's styrtal beside Kolada's comparisons: per year the kommun's
 * value, the comparison group, the region and riket, as a table (what a
 * screen reader reads) and a small chart of the same numbers. `version`
 * changes when an import or the comparison group changes.
 */
export function ComparisonPanel({ indicators, version }: { indicators: IndicatorView[]; version: number }) {
  const keys = [...new Set(indicators.map((i) => i.seriesKey))];
  const view = useApi('goals.comparison', { seriesKeys: keys }, `${keys.join(',')}#${version}`);
  // Own measurements have nothing in Kolada unless a file brought them.
  const shown = indicators.filter((i) => i.source === 'kolada' || view.data?.series.some((s) => s.seriesKey === i.seriesKey));
  if (shown.length === 0) return null;
  return (
    <section className="goal-comparison" aria-labelledby="goal-comparison-title" data-testid="goal-comparison">
      <h3 id="goal-comparison-title">Jämförelse med andra (Kolada)</h3>
      {view.error ? (
        <ErrorBanner error={view.error} />
      ) : !view.data ? (
        <Loading />
      ) : (
        <>
          <p className="hint" data-testid="comparison-group">
            {view.data.groupLabel ? `Jämförelsegrupp: ${view.data.groupLabel}.` : 'Ingen jämförelsegrupp är vald (välj under Jämförelse längst ned på sidan).'}
          </p>
          {shown.map((i) => (
            <IndicatorComparison key={i.id} indicator={i} view={view.data!} series={view.data!.series.find((s) => s.seriesKey === i.seriesKey) ?? null} />
          ))}
        </>
      )}
    </section>
  );
}

function IndicatorComparison({ indicator, view, series }: { indicator: IndicatorView; view: ComparisonView; series: SeriesComparison | null }) {
  const genders = (['T', 'K', 'M'] as const).filter((g) => (series?.byGender[g]?.length ?? 0) > 0);
  const [chosen, setChosen] = useState<Gender>('T');
  const gender = genders.includes(chosen) ? chosen : genders[0];
  if (!series || gender === undefined) {
    return (
      <div className="comparison-item" data-testid={`comparison-${indicator.seriesKey}`}>
        <p>
          <strong>{indicator.name}</strong>: {NO_COMPARISON}
        </p>
      </div>
    );
  }
  const years = series.byGender[gender]!;
  const members = view.group?.kind === 'kommuner' ? view.group.codes.length : null;
  const groupHead = view.group === null ? null : members !== null ? `Median av ${members} ${members === 1 ? 'kommun' : 'kommuner'}` : view.groupLabel;
  const value = (v: string | null) => (v === null ? '–' : withUnit(v, indicator.unit));
  const groupCell = (y: ComparisonYear) => {
    if (y.group === null) return '–';
    // A year where some chosen kommuner have no value: say how many the median is of.
    return members !== null && y.groupCount !== null && y.groupCount < members ? `${value(y.group)} (${y.groupCount} av ${members})` : value(y.group);
  };
  const name = `comparison-gender-${indicator.id}`;
  return (
    <div className="comparison-item" data-testid={`comparison-${indicator.seriesKey}`}>
      {genders.length > 1 && (
        <fieldset className="comparison-gender">
          <legend>Kön för {indicator.name}</legend>
          {genders.map((g) => (
            <label key={g}>
              <input type="radio" name={name} value={g} checked={gender === g} onChange={() => setChosen(g)} /> {GENDER_NAME[g]}
            </label>
          ))}
        </fieldset>
      )}
      <div className="comparison-body">
        <table className="comparison-table" data-testid={`comparison-table-${indicator.seriesKey}`}>
          <caption>
            {indicator.name}, {GENDER_NAME[gender].toLowerCase()}, per år
          </caption>
          <thead>
            <tr>
              <th scope="col">År</th>
              <th scope="col">Kommunen</th>
              {groupHead !== null && <th scope="col">{groupHead}</th>}
              <th scope="col">{view.regionName ?? 'Regionen'}</th>
              <th scope="col">Riket</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                <td className="num">{value(y.ours)}</td>
                {groupHead !== null && <td className="num">{groupCell(y)}</td>}
                <td className="num">{value(y.region)}</td>
                <td className="num">{value(y.riket)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ComparisonChart years={years} withGroup={groupHead !== null} />
      </div>
    </div>
  );
}
