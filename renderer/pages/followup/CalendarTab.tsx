import { useEffect, useState } from 'react';
import type { FollowUpCalendar, Occasion, Threshold } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { count, formatPeriod } from '../../format';
import { KIND_NAME, LEVEL_NAME } from './labels';
import { DateInput } from '../../components/DateInput';
import { PlanningStepsSection } from './PlanningStepsSection';
import { formatDate } from '../../../shared/dates';
import './calendar.css';

type Kind = Occasion['kind'];
type Deadlines = Occasion['deadlines'];
const KINDS = Object.keys(KIND_NAME) as Kind[];
const LEVELS: (keyof Deadlines)[] = ['unit', 'operation', 'sector', 'administration'];

interface Props {
  calendar: FollowUpCalendar;
  reload(): void;
}

function OccasionRow({ o, canEdit, onDone, onError }: { o: Occasion; canEdit: boolean; onDone(msg: string): void; onError(e: Error): void }) {
  const [kind, setKind] = useState<Kind>(o.kind);
  const [name, setName] = useState(o.name);
  const [deadlines, setDeadlines] = useState<Deadlines>(o.deadlines);
  useEffect(() => {
    setKind(o.kind);
    setName(o.name);
    setDeadlines(o.deadlines);
  }, [o]);
  const locked = o.lockedAt !== null;
  const dirty = kind !== o.kind || name !== o.name || LEVELS.some((l) => deadlines[l] !== o.deadlines[l]);
  const editable = canEdit && !locked;
  const run = async (msg: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      onDone(msg);
    } catch (e) {
      onError(e as Error);
    }
  };
  return (
    <tr>
      <th scope="row">{formatPeriod(o.period)}</th>
      <td>
        <select value={kind} disabled={!editable} onChange={(e) => setKind(e.target.value as Kind)} aria-label={`Typ, ${formatPeriod(o.period)}`}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_NAME[k]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input type="text" value={name} readOnly={!editable} onChange={(e) => setName(e.target.value)} aria-label={`Namn, ${formatPeriod(o.period)}`} />
      </td>
      {LEVELS.map((l) => (
        <td key={l}>
          <DateInput
            value={deadlines[l] ?? ''}
            readOnly={!editable}
            allowEmpty
            onChange={(text) => setDeadlines({ ...deadlines, [l]: text === '' ? null : text })}
            ariaLabel={`${LEVEL_NAME[l]} klar senast, ${formatPeriod(o.period)}`}
          />
        </td>
      ))}
      <td className="date">{locked ? `låst ${formatDate(o.lockedAt)}` : 'öppen'}</td>
      <td>
        {editable && dirty && (
          <button type="button" onClick={() => void run(`${name} sparat.`, () => call('followup.occasion.save', { id: o.id, year: o.year, period: o.period, kind, name, deadlines }))}>
            Spara
          </button>
        )}
        {canEdit && !locked && (
          <button type="button" onClick={() => void run(`${o.name} är låst; siffrorna ligger kvar som de rapporterades.`, () => call('followup.occasion.lock', { id: o.id }))}>
            Lås
          </button>
        )}
        {canEdit && locked && (
          <button type="button" onClick={() => void run(`${o.name} är upplåst.`, () => call('followup.occasion.unlock', { id: o.id }))}>
            Lås upp
          </button>
        )}
        {editable && (
          <button type="button" onClick={() => void run(`${o.name} borttaget.`, () => call('followup.occasion.delete', { id: o.id }))}>
            Ta bort
          </button>
        )}
      </td>
    </tr>
  );
}

function ThresholdRow({ t, canEdit, onDone, onError }: { t: Threshold; canEdit: boolean; onDone(msg: string): void; onError(e: Error): void }) {
  const kr = t.amountOre === null ? '' : Math.round(t.amountOre / 100).toLocaleString('sv-SE');
  const pct = t.percentBp === null ? '' : (t.percentBp / 100).toLocaleString('sv-SE');
  const [amount, setAmount] = useState(kr);
  const [percent, setPercent] = useState(pct);
  useEffect(() => {
    setAmount(kr);
    setPercent(pct);
  }, [kr, pct]);
  return (
    <tr>
      <th scope="row">{LEVEL_NAME[t.level]}</th>
      <td>
        <input type="text" inputMode="decimal" value={amount} readOnly={!canEdit} onChange={(e) => setAmount(e.target.value)} aria-label={`Tröskel i kronor, ${LEVEL_NAME[t.level]}`} />
      </td>
      <td>
        <input type="text" inputMode="decimal" value={percent} readOnly={!canEdit} onChange={(e) => setPercent(e.target.value)} aria-label={`Tröskel i procent, ${LEVEL_NAME[t.level]}`} />
      </td>
      <td>
        {canEdit && (amount !== kr || percent !== pct) && (
          <button
            type="button"
            onClick={() =>
              call('followup.thresholds.save', { level: t.level, amount, percent }).then(
                () => onDone(`Tröskeln för ${LEVEL_NAME[t.level]} är sparad.`),
                (e: Error) => onError(e),
              )
            }
          >
            Spara
          </button>
        )}
      </td>
    </tr>
  );
}

/** Årshjulet: the year's reporting occasions with deadlines per level, locking, the budget process's steps, and the thresholds for required comments. */
export function CalendarTab({ calendar, reload }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [newPeriod, setNewPeriod] = useState<number | ''>('');
  const [newKind, setNewKind] = useState<Kind>('monthly');
  const canEdit = calendar.site.role === 'controller';
  const taken = new Set(calendar.occasions.map((o) => o.period));
  const free = Array.from({ length: 12 }, (_, i) => calendar.year * 100 + i + 1).filter((p) => !taken.has(p));
  const done = (msg: string) => {
    setError(null);
    setMessage(msg);
    reload();
  };
  const fail = (e: Error) => {
    setMessage(null);
    setError(e);
  };

  return (
    <div>
      <h2>Uppföljningstillfällen {calendar.year}</h2>
      <p className="hint">
        Datum är sista dag för varje nivå att markera sina kommentarer klara. Ett låst tillfälle behåller sina siffror, prognoser och kommentarer som de rapporterades, även om utfallet läses in igen.
        {canEdit ? '' : ' Bara controllerns installation ändrar årshjulet.'}
      </p>
      {message && (
        <p className="message-ok" role="status">
          {message}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      {canEdit && calendar.occasions.length < 9 && (
        <p>
          <button type="button" onClick={() => call('followup.calendar.createDefault', { year: calendar.year }).then((r) => done(`${count(r.added, 'tillfälle tillagt', 'tillfällen tillagda')} enligt standardkalendern.`), fail)}>
            Lägg till standardkalenderns tillfällen
          </button>
        </p>
      )}
      <div className="table-scroll">
        <table className="followup-table calendar-table calendar-fit" aria-label={`Uppföljningstillfällen ${calendar.year}`}>
          <thead>
            <tr>
              <th>Period</th>
              <th>Typ</th>
              <th>Namn</th>
              <th>Enhet klar</th>
              <th>Verksamhet klar</th>
              <th>Sektor klar</th>
              <th>Förvaltning klar</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Åtgärder</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {calendar.occasions.map((o) => (
              <OccasionRow key={o.id} o={o} canEdit={canEdit} onDone={done} onError={fail} />
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && free.length > 0 && (
        <div className="actions">
          <label className="followup-select">
            Nytt tillfälle{' '}
            <select value={newPeriod} onChange={(e) => setNewPeriod(e.target.value === '' ? '' : Number(e.target.value))} aria-label="Period för nytt tillfälle">
              <option value="">välj period</option>
              {free.map((p) => (
                <option key={p} value={p}>
                  {formatPeriod(p)}
                </option>
              ))}
            </select>
          </label>{' '}
          <select value={newKind} onChange={(e) => setNewKind(e.target.value as Kind)} aria-label="Typ för nytt tillfälle">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_NAME[k]}
              </option>
            ))}
          </select>{' '}
          <button
            type="button"
            disabled={newPeriod === ''}
            onClick={() =>
              call('followup.occasion.save', {
                year: calendar.year,
                period: newPeriod as number,
                kind: newKind,
                name: `${KIND_NAME[newKind]} ${formatPeriod(newPeriod as number).split(' ')[0]}`,
                deadlines: { unit: null, operation: null, sector: null, administration: null },
              }).then(() => {
                setNewPeriod('');
                done('Tillfället är tillagt; fyll i datum per nivå.');
              }, fail)
            }
          >
            Lägg till
          </button>
        </div>
      )}
      <PlanningStepsSection year={calendar.year} role={calendar.site.role} />
      <h2>Trösklar för kommentarer</h2>
      <p className="hint">En kommentar krävs där avvikelsen (ack, eller budget mot prognos) når beloppet eller andelen för nivån. Lämna tomt för att stänga av en del.</p>
      <table className="followup-table thresholds" aria-label="Trösklar per nivå">
        <thead>
          <tr>
            <th>Nivå</th>
            <th>Belopp (kr)</th>
            <th>Andel (%)</th>
            <th>
              <span className="visually-hidden">Åtgärder</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {calendar.thresholds.map((t) => (
            <ThresholdRow key={t.level} t={t} canEdit={canEdit} onDone={done} onError={fail} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
