import type { PlanningStep } from '../../../electron/api/contract/index';
import { ErrorBanner, Loading } from '../../components/Status';
import { setSessionValue } from '../../state/session';
import { useApi } from '../../useApi';

/** Opens Uppföljning on the årshjul, where the steps are changed and marked done. */
function openCalendar(): void {
  setSessionValue('followup.tab', 'arshjul');
  window.location.hash = '#/uppfoljning';
}

const days = (n: number) => (n === 1 ? '1 dag' : `${n} dagar`);

function StepTable({ steps, label, late }: { steps: PlanningStep[]; label: string; late: boolean }) {
  return (
    <table className="followup-table levels" aria-label={label} data-testid={late ? 'late-steps' : 'coming-steps'}>
      <thead>
        <tr>
          <th>Steg</th>
          <th>Budgetår</th>
          <th>Vem</th>
          <th>Klart senast</th>
          <th>{late ? 'Försenat' : 'Om'}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.id} data-kind={s.kind} className={late ? 'overdue' : undefined}>
            <th scope="row">{s.name}</th>
            <td>{s.year}</td>
            <td>{s.actorName}</td>
            <td>{s.dueOn}</td>
            <td className={late ? 'overdue' : undefined}>{late ? days(s.daysLate) : s.daysLeft === 0 ? 'i dag' : days(s.daysLeft ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Översikt: the budget process against its dates – late steps of any budget year and those due within 30 days, like the comment round's overdue panel. */
export function PlanningDuePanel() {
  const due = useApi('planningSteps.due', {}, 'planning-due');
  if (due.error) return <ErrorBanner error={due.error} />;
  if (!due.data) return <Loading />;
  const { late, coming, today } = due.data;
  return (
    <div className="round-panel" data-testid="planning-due">
      {late.length === 0 ? (
        <p>Inga steg i budgetprocessen är försenade ({today}).</p>
      ) : (
        <>
          <p className="overdue">{late.length === 1 ? '1 steg i budgetprocessen är försenat:' : `${late.length} steg i budgetprocessen är försenade:`}</p>
          <StepTable steps={late} label="Försenade steg i budgetprocessen" late />
        </>
      )}
      {coming.length > 0 && (
        <>
          <p>Närmast, inom 30 dagar:</p>
          <StepTable steps={coming} label="Kommande steg i budgetprocessen" late={false} />
        </>
      )}
      <p>
        <a
          href="#/uppfoljning"
          onClick={(e) => {
            e.preventDefault();
            openCalendar();
          }}
        >
          Öppna årshjulet
        </a>{' '}
        för att flytta datum eller markera steg klara.
      </p>
    </div>
  );
}
