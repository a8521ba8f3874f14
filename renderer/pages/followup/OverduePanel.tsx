import { ErrorBanner, Loading } from '../../components/Status';
import { formatCount, formatPeriod } from '../../format';
import { useApi } from '../../useApi';
import { openActionPlanAt, openFollowupAt } from './goto';
import { LEVEL_NAME, STATUS_NAME, StatusBadge } from './labels';

/** Översikt: the comment round against the calendar's deadlines – missing and overdue comments per level. */
export function OverduePanel() {
  const round = useApi('followup.round.status', {}, 'round');
  if (round.error) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const r = round.data;
  if (r.occasions.length === 0) {
    return <p className="hint">Ingen kommentarsomgång pågår: inget olåst uppföljningstillfälle har utfall ännu.</p>;
  }
  return (
    <div className="round-panel" data-testid="round-panel">
      {r.occasions.map((o) => (
        <section key={o.id} aria-labelledby={`round-${o.id}`}>
          <h3 id={`round-${o.id}`}>
            {o.name} ({formatPeriod(o.period)})
          </h3>
          <table className="followup-table levels" aria-label={`Kommentarer per nivå, ${o.name}`}>
            <thead>
              <tr>
                <th>Nivå</th>
                <th>Klar senast</th>
                <th className="num">Krävs</th>
                <th className="num">Saknas</th>
                <th className="num">Utkast</th>
                <th className="num">Återskickade</th>
                <th className="num">Klara</th>
                <th className="num">Godkända</th>
                <th className="num">Försenade</th>
              </tr>
            </thead>
            <tbody>
              {o.levels.map((l) => (
                <tr key={l.level} data-level={l.level}>
                  <th scope="row">{LEVEL_NAME[l.level]}</th>
                  <td>
                    {l.deadline ?? '–'}
                    {l.passed ? ' (passerat)' : ''}
                  </td>
                  <td className="num">{l.required}</td>
                  <td className="num">{l.missing}</td>
                  <td className="num">{l.draft}</td>
                  <td className="num">{l.returned}</td>
                  <td className="num">{l.ready}</td>
                  <td className="num">{l.approved}</td>
                  <td className={`num ${l.overdue > 0 ? 'overdue' : ''}`}>{l.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {o.openCount > 0 && (
            <>
              <p>
                {o.openCount === 1 ? '1 kommentar som krävs är inte klar.' : `${formatCount(o.openCount)} kommentarer som krävs är inte klara.`} <a href="#/uppfoljning">Öppna Uppföljning</a>
              </p>
              <ul aria-label="Kommentarer som inte är klara">
                {o.open.slice(0, 12).map((c) => (
                  <li key={c.code} className={c.overdue ? 'overdue' : undefined}>
                    <a
                      href="#/uppfoljning"
                      onClick={(e) => {
                        e.preventDefault();
                        openFollowupAt({ code: c.code, period: o.period });
                      }}
                    >
                      {c.code} {c.name}
                    </a>{' '}
                    ({LEVEL_NAME[c.level]}) <StatusBadge status={c.status} />
                    {c.overdue ? ` – försenad, skulle vara klar ${c.deadline}` : c.deadline ? ` – klar senast ${c.deadline}` : ''}
                  </li>
                ))}
              </ul>
              {o.openCount > 12 && <p className="hint">… och {o.openCount - 12} till.</p>}
            </>
          )}
          {o.overduePlanCount > 0 && (
            <>
              <p>
                <strong>
                  {o.overduePlanCount === 1 ? '1 stor avvikelse saknar' : `${formatCount(o.overduePlanCount)} stora avvikelser saknar`} godkänd åtgärdsplan
                </strong>{' '}
                efter nivåns tidsgräns.
              </p>
              <ul aria-label="Åtgärdsplaner som saknas" data-testid="overdue-plans">
                {o.overduePlans.slice(0, 12).map((p) => (
                  <li key={p.code} className="overdue">
                    <a
                      href="#/uppfoljning"
                      onClick={(e) => {
                        e.preventDefault();
                        openActionPlanAt(p.code, o.period);
                      }}
                    >
                      {p.code} {p.name}
                    </a>{' '}
                    ({LEVEL_NAME[p.level]}) – {p.status === null ? 'Åtgärdsplan saknas' : `åtgärdsplanen är ${STATUS_NAME[p.status]}, inte godkänd`}, skulle vara klar {p.deadline}
                  </li>
                ))}
              </ul>
              {o.overduePlanCount > 12 && <p className="hint">… och {o.overduePlanCount - 12} till.</p>}
            </>
          )}
        </section>
      ))}
    </div>
  );
}
