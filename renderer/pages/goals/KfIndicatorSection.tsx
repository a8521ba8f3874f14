import { useId, useState } from 'react';
import type { CouncilIndicatorView } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { formatDate, ROUND_NAME, withUnit } from './names';
import { RoundEditor } from './RoundEditor';

const STATUSES = [
  { key: 'met', name: 'uppfyllt' },
  { key: 'partly_met', name: 'delvis uppfyllt' },
  { key: 'not_met', name: 'ej uppfyllt' },
  { key: 'not_started', name: 'ej påbörjat' },
] as const;

/**
 * The förvaltning's assessment of KF's styrtal at the occasion (the
 * inriktningsmål themselves are assessed in the goal editor): status and
 * comment per styrtal, written and approved by the controller.
 */
export function KfIndicatorSection({ period, locked, onChanged }: { period: number; locked: boolean; onChanged(m: string): void }) {
  const [generation, setGeneration] = useState(0);
  const round = useApi('goals.council.indicators', { period }, `kf-indicators-${period}-${generation}`);
  const [openId, setOpenId] = useState<string | null>(null);
  const id = useId();
  if (round.error) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const list = round.data.indicators;
  if (list.length === 0) return null;
  const open = list.find((i) => i.indicatorId === openId) ?? null;
  const changed = (m: string) => {
    setGeneration((g) => g + 1);
    onChanged(m);
  };

  return (
    <section className="goal-kf" aria-labelledby={`${id}-title`} data-testid="kf-indicators">
      <h2 id={`${id}-title`}>Förvaltningens bedömning av KF:s styrtal</h2>
      <table className="data-table">
        <caption className="sr-only">Kommunfullmäktiges styrtal vid tillfället</caption>
        <thead>
          <tr>
            <th scope="col">Styrtal</th>
            <th scope="col">Inriktningsmål</th>
            <th scope="col">Senaste</th>
            <th scope="col">Målvärde</th>
            <th scope="col">Bedömning</th>
            <th scope="col">Omgång</th>
          </tr>
        </thead>
        <tbody>
          {list.map((i) => (
            <tr key={i.indicatorId} data-testid={`kf-indicator-${i.goalCode}`}>
              <td>
                <button type="button" className="link" aria-expanded={i.indicatorId === openId} onClick={() => setOpenId(i.indicatorId === openId ? null : i.indicatorId)}>
                  {i.name}
                </button>
              </td>
              <td>{i.goalCode}</td>
              <td>{i.latest ? `${withUnit(i.latest.value, i.unit)} (${formatDate(i.latest.date)})` : '–'}</td>
              <td>
                {withUnit(i.target.value, i.unit)} ({i.target.year})
              </td>
              <td>{i.assessment?.statusName ?? '–'}</td>
              <td>
                {i.assessment ? ROUND_NAME[i.assessment.roundStatus] : 'inget skrivet'}
                {i.overdue && <strong className="overdue"> Försenad</strong>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <KfEditor key={open.indicatorId} i={open} period={period} locked={locked} onChanged={changed} />}
    </section>
  );
}

function KfEditor({ i, period, locked, onChanged }: { i: CouncilIndicatorView; period: number; locked: boolean; onChanged(m: string): void }) {
  const ref = { period, indicatorId: i.indicatorId };
  return (
    <div className="uppdrag-details">
      <h3>
        {i.goalCode}: {i.name}
      </h3>
      {!i.may.write && <p className="hint">Förvaltningens bedömning av KF:s styrtal skrivs av controllern.</p>}
      <RoundEditor
        label={`Bedömning av ${i.name}`}
        statuses={STATUSES}
        view={i.assessment}
        may={i.may}
        locked={locked}
        save={(status, text, baseUpdatedAt) => call('goals.council.indicator.save', { ...ref, status: status as (typeof STATUSES)[number]['key'] | null, text, baseUpdatedAt })}
        step={(action, note) => call('goals.council.indicator.step', { ...ref, action, note })}
        onChanged={onChanged}
        testId="kf-round"
      />
    </div>
  );
}
