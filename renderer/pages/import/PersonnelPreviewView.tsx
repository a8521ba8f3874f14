import type { PersonnelField, PersonnelPreview } from '../../../electron/api/contract/index';
import { formatCount, formatPeriod } from '../../format';
import { columnLetter } from './columns';

/** The figures an HR export can have, as the mapping names them (services/personnel/columns.ts). */
export const PERSONNEL_FIELD_LABELS: [PersonnelField, string][] = [
  ['period', 'Period'],
  ['responsibility', 'Ansvar'],
  ['employees', 'Antal anställda'],
  ['permanent', 'Tillsvidareanställda'],
  ['temporary', 'Visstidsanställda'],
  ['fte', 'Årsarbetare'],
  ['sick', 'Sjukfrånvaro totalt, %'],
  ['sickWomen', 'Sjukfrånvaro kvinnor, %'],
  ['sickMen', 'Sjukfrånvaro män, %'],
  ['sickTo29', 'Sjukfrånvaro −29 år, %'],
  ['sick30to49', 'Sjukfrånvaro 30–49 år, %'],
  ['sickFrom50', 'Sjukfrånvaro 50− år, %'],
  ['longSick', 'Långtidssjukfrånvaro, %'],
  ['cost', 'Personalkostnad, kr'],
];

const hundredths = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The preview of an HR export: its first rows with the problem cells marked, every problem by row and column, and totals per month. */
export function PersonnelPreviewView({ preview }: { preview: PersonnelPreview }) {
  const width = Math.max(preview.headers.length, ...preview.rows.map((r) => r.cells.length));
  const fieldOf = new Map(Object.entries(preview.columns).map(([f, i]) => [i, PERSONNEL_FIELD_LABELS.find(([k]) => k === f)?.[1] ?? f]));
  return (
    <div data-testid="personnel-preview">
      <h3>Förhandsgranskning av {preview.fileName}</h3>
      <p className="hint">
        {preview.format.toUpperCase()}
        {preview.sheet ? `, blad ${preview.sheet}` : ''}
        {preview.headerLine !== null ? `, rubrikrad ${preview.headerLine}` : ', ingen rubrikrad hittades'}
        {preview.ignoredColumns.length > 0 ? `. Läses inte: ${preview.ignoredColumns.join(', ')}` : ''}
      </p>
      <div className="preview-wrap" tabIndex={0} aria-label="Personalfilens första rader">
        <table className="preview">
          <thead>
            <tr>
              <th scope="col">Rad</th>
              {Array.from({ length: width }, (_, i) => (
                <th scope="col" key={i}>
                  {preview.headers[i] || columnLetter(i)}
                </th>
              ))}
              <th scope="col">Anmärkning</th>
            </tr>
            <tr className="col-read">
              <th scope="row">Läses som</th>
              {Array.from({ length: width }, (_, i) => (
                <td key={i} className={fieldOf.has(i) ? 'col-mapped' : undefined}>
                  {fieldOf.get(i) ?? 'läses inte'}
                </td>
              ))}
              <td />
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line} className={r.problems.length > 0 ? 'row-error' : r.skipped ? 'row-skipped' : undefined}>
                <td>{r.line}</td>
                {Array.from({ length: width }, (_, i) => {
                  const problem = r.problems.find((p) => p.index === i);
                  return (
                    <td key={i} className={problem ? 'cell-problem' : undefined} title={problem?.message}>
                      {r.cells[i] ?? ''}
                      {problem && <span className="sr-only"> (fel: {problem.message})</span>}
                    </td>
                  );
                })}
                <td>{r.problems.length > 0 ? r.problems.map((p) => p.message).join('; ') : r.skipped ? 'summarad, hoppas över' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.problems.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="personnel-problems">
          <p>
            <strong>{formatCount(preview.problems.length)} fel</strong> – inget läses in förrän filen (eller mappningen) är rättad.
          </p>
          <ul className="problem-list">
            {preview.problems.slice(0, 200).map((p, i) => (
              <li key={i}>
                {p.file ?? preview.fileName}, {p.line !== undefined ? `rad ${p.line}` : 'hela filen'}
                {p.column ? `, kolumn ${p.column}` : ''}
                {p.value ? ` ("${p.value}")` : ''}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview.totals.length > 0 && (
        <table className="plain" data-testid="personnel-totals">
          <caption className="sr-only">Summor per månad</caption>
          <thead>
            <tr>
              <th scope="col">Månad</th>
              <th scope="col" className="num">
                Rader
              </th>
              <th scope="col" className="num">
                Anställda
              </th>
              <th scope="col" className="num">
                Årsarbetare
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.totals.map((t) => (
              <tr key={t.period}>
                <td>{formatPeriod(t.period)}</td>
                <td className="num">{formatCount(t.rows)}</td>
                <td className="num">{t.employees === null ? '–' : formatCount(t.employees)}</td>
                <td className="num">{t.fteCenti === null ? '–' : hundredths.format(t.fteCenti / 100)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
