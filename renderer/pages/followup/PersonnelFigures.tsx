import type { PersonnelFigures as Figures } from '../../../electron/api/contract/index';
import { ErrorBanner } from '../../components/Status';
import { useApi } from '../../useApi';

const nf = (d: number) => new Intl.NumberFormat('sv-SE', { minimumFractionDigits: d, maximumFractionDigits: d });
const hundredths = (v: number | null, suffix = '') => (v === null ? '–' : `${nf(1).format(v / 100)}${suffix}`);
const count = (v: number | null) => (v === null ? '–' : nf(0).format(v));
const tkr = (ore: number | null) => (ore === null ? '–' : `${nf(0).format(Math.round(ore / 100_000))} tkr`);

const ROWS: [string, (f: Figures) => string][] = [
  ['Antal anställda', (f) => count(f.employees)],
  ['varav tillsvidare', (f) => count(f.permanent)],
  ['varav visstid', (f) => count(f.temporary)],
  ['Årsarbetare', (f) => hundredths(f.fteCenti)],
  ['Sjukfrånvaro', (f) => hundredths(f.sickBp, ' %')],
  ['kvinnor', (f) => hundredths(f.sickWomenBp, ' %')],
  ['män', (f) => hundredths(f.sickMenBp, ' %')],
  ['−29 år', (f) => hundredths(f.sickTo29Bp, ' %')],
  ['30–49 år', (f) => hundredths(f.sick30to49Bp, ' %')],
  ['50− år', (f) => hundredths(f.sickFrom50Bp, ' %')],
  ['Långtidssjukfrånvaro', (f) => hundredths(f.longSickBp, ' %')],
  ['Personalkostnad', (f) => tkr(f.costOre)],
];

/** The node's imported personnel figures beside last year's, above the Personal section's text (issue 19 point 3). */
export function PersonnelFigures({ period, code }: { period: number; code: string }) {
  const figures = useApi('personnel.figures', { period }, String(period));
  if (figures.error && !figures.data) return <ErrorBanner error={figures.error} />;
  if (!figures.data) return null;
  const row = figures.data.find((r) => r.code === code);
  const year = Math.floor(period / 100);
  if (!row) return <p className="hint" data-testid="personnel-figures-none">Inga personalsiffror är inlästa för {code} och månaden. Läs in HR-systemets export med ramkoll personnel import.</p>;
  return (
    <table className="followup-table" aria-label={`Personalsiffror ${code}`} data-testid="personnel-figures">
      <thead>
        <tr>
          <th scope="col">Personal</th>
          <th scope="col">{year}</th>
          <th scope="col">{year - 1}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([label, show]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="num">{show(row.figures)}</td>
            <td className="num">{row.lastYear ? show(row.lastYear) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
