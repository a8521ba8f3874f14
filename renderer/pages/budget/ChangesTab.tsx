import { useState } from 'react';
import type { ChangeStatus, OperationalChange } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { AccountSelect, ActionStatus, editKr, formatKr, formError, LockedNote, NeedsVersion, NodeSelect, parseKronor, TextField } from './planning-ui';
import type { BudgetTabProps } from './types';
import { useAction } from '../../use-action';

const STATUS_NAME: Record<ChangeStatus, string> = { proposed: 'förslag', decided: 'beslutad', rejected: 'avslagen' };

interface Draft {
  id: string | null;
  description: string;
  amount: string;
  /** The effect in plan year 1 and 2; empty on a new change: it goes on with the budget year's. */
  plan: [string, string];
  status: ChangeStatus;
  responsibilityCode: string;
}

const EMPTY: Draft = { id: null, description: '', amount: '', plan: ['', ''], status: 'proposed', responsibilityCode: '' };

/** VF-lista: proposed changes in priority order, what must be cut to fit the ram and what fits if revenues rise. */
export function ChangesTab({ version }: BudgetTabProps) {
  if (!version) return <NeedsVersion />;
  return <Changes versionId={version.id} versionName={version.name} locked={version.lockedAt !== null} />;
}

function Changes({ versionId, versionName, locked }: { versionId: string; versionName: string; locked: boolean }) {
  const lookups = useApi('planning.lookups', {}, 'lookups');
  const [nodeCode, setNodeCode] = useState('');
  const [revenueText, setRevenueText] = useState('');
  const revenue = parseKronor(revenueText);
  const revenueOre = revenue !== null && !Number.isNaN(revenue) && revenue > 0 ? revenue : 0;
  const state = useApi('planning.changes.get', { versionId, nodeCode: nodeCode || null, revenueIncreaseOre: revenueOre }, `${versionId}:${nodeCode}:${revenueOre}`);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [lineAccount, setLineAccount] = useState('');
  const [linking, setLinking] = useState<{ change: OperationalChange; lines: { id: string; accountCode: string; dims: string; yearOre: number }[]; chosen: string } | null>(null);
  const action = useAction();

  if (state.error) return <ErrorBanner error={state.error} />;
  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (!state.data || !lookups.data) return <Loading />;
  const data = state.data;

  const save = async () => {
    const amountOre = parseKronor(draft.amount);
    if (amountOre === null || Number.isNaN(amountOre)) return action.setError(formError(`Beloppet "${draft.amount}" är inget belopp. Skriv en besparing med minus, t.ex. -500 000.`));
    const plan = draft.plan.map((t) => (t.trim() === '' ? amountOre : parseKronor(t)));
    const bad = plan.findIndex((p) => p === null || Number.isNaN(p));
    if (bad >= 0) return action.setError(formError(`Effekten ${data.years[bad + 1]} "${draft.plan[bad]}" är inget belopp. Skriv t.ex. -750 000, eller lämna tomt för samma som ${data.years[0]}.`));
    const ok = await action.run(
      () =>
        call('planning.changes.save', {
          ...(draft.id ? { id: draft.id } : {}),
          versionId,
          description: draft.description,
          amountOre,
          planOre: plan as number[],
          status: draft.status,
          responsibilityCode: draft.responsibilityCode || null,
        }),
      () => `"${draft.description}" är sparad.`,
    );
    if (ok) {
      setDraft(EMPTY);
      state.reload();
    }
  };
  const act = async (fn: () => Promise<unknown>, done: string) => {
    const ok = await action.run(fn, () => done);
    if (ok) state.reload();
  };
  const startLink = async (c: OperationalChange) => {
    if (!c.responsibilityCode) return action.setError(formError('Ange först vilket ansvar förändringen gäller; då visas ansvarets budgetrader.'));
    const lines = await action.run(() => call('planning.changes.lines', { versionId, responsibilityCode: c.responsibilityCode! }));
    if (lines) setLinking({ change: c, lines, chosen: lines[0]?.id ?? '' });
  };
  const edit = (c: OperationalChange) =>
    setDraft({ id: c.id, description: c.description, amount: editKr(c.amountOre), plan: [editKr(c.planOre[0]!), editKr(c.planOre[1]!)], status: c.status, responsibilityCode: c.responsibilityCode ?? '' });

  const rowsOf = (list: OperationalChange[], kind: 'saving' | 'addition' | 'settled', label: string) => (
    // The three years' columns fit 1366 px; in a narrower window (150 % scaling) the table scrolls in its own box, not the page (planning.css).
    <table className="pl-table pl-stack-actions pl-vf-table" aria-label={label} data-testid={`vf-${kind}`}>
      <thead>
        <tr>
          <th className="num">Prio</th>
          <th>Förändring</th>
          <th>Ansvar</th>
          {/* The effect per year: the budget year and the flerårsplan's two plan years side by side. */}
          <th className="num">{data.years[0]} (kr)</th>
          <th className="num">{data.years[1]} (kr)</th>
          <th className="num">{data.years[2]} (kr)</th>
          {kind !== 'settled' ? <th className="num">Ackumulerat (kr)</th> : <th>Status</th>}
          {kind === 'saving' && <th>Behövs för ramen</th>}
          {kind === 'addition' && <th>Ryms</th>}
          {kind === 'settled' && <th>I budgetraderna</th>}
          {!locked && (
            <th>
              <span className="sr-only">Åtgärder</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {list.length === 0 && (
          <tr>
            <td colSpan={9}>Inga.</td>
          </tr>
        )}
        {list.map((c) => (
          <tr key={c.id} className={c.fits ? (kind === 'saving' ? 'pl-needed' : 'pl-fits') : undefined}>
            <td className="num">{c.priority}</td>
            <td>{c.description}</td>
            <td>{c.responsibilityCode ? `${c.responsibilityCode} ${c.responsibilityName ?? ''}` : 'hela förvaltningen'}</td>
            <td className="num">{formatKr(c.amountOre)}</td>
            <td className="num">{formatKr(c.planOre[0]!)}</td>
            <td className="num">{formatKr(c.planOre[1]!)}</td>
            {kind !== 'settled' ? <td className="num">{formatKr(c.cumulativeOre)}</td> : <td>{STATUS_NAME[c.status]}</td>}
            {kind !== 'settled' && <td>{c.fits ? 'ja' : 'nej'}</td>}
            {kind === 'settled' && <td>{c.status === 'decided' ? (c.budgetLineText ?? 'nej, ännu inte') : ''}</td>}
            {!locked && (<td className="pl-actions">
              <button type="button" className="pl-button pl-small" disabled={locked || action.busy} onClick={() => void act(() => call('planning.changes.move', { id: c.id, direction: 'up' }), `"${c.description}" flyttades upp.`)} aria-label={`Flytta upp ${c.description}`}>
                ↑
              </button>
              <button type="button" className="pl-button pl-small" disabled={locked || action.busy} onClick={() => void act(() => call('planning.changes.move', { id: c.id, direction: 'down' }), `"${c.description}" flyttades ned.`)} aria-label={`Flytta ned ${c.description}`}>
                ↓
              </button>
              <button type="button" className="pl-button pl-small" disabled={locked} onClick={() => edit(c)} aria-label={`Ändra ${c.description}`}>
                Ändra
              </button>
              <button type="button" className="pl-button pl-small" disabled={locked || action.busy} onClick={() => void act(() => call('planning.changes.delete', { id: c.id }), `"${c.description}" är borttagen.`)} aria-label={`Ta bort ${c.description}`}>
                Ta bort
              </button>
              {c.status === 'decided' && !c.budgetLineText && (
                <button
                  type="button"
                  className="pl-button pl-small"
                  disabled={locked || action.busy || !lineAccount || !c.responsibilityCode}
                  title={!c.responsibilityCode ? 'Ange först vilket ansvar förändringen gäller' : !lineAccount ? 'Välj konto för budgetraden ovanför listan' : undefined}
                  onClick={() => void act(() => call('planning.changes.createLine', { id: c.id, accountCode: lineAccount }), `"${c.description}" finns nu som budgetrad på konto ${lineAccount}.`)}
                >
                  Lägg in som budgetrad
                </button>
              )}
              {c.status === 'decided' && (
                <button type="button" className="pl-button pl-small" disabled={locked || action.busy} onClick={() => void startLink(c)} aria-label={`${c.budgetLineText ? 'Byt rad' : 'Koppla till rad'} för ${c.description}`}>
                  {c.budgetLineText ? 'Byt rad' : 'Koppla till rad'}
                </button>
              )}
            </td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <div>
      {locked && <LockedNote name={versionName} />}
      <div className="pl-toolbar">
        <NodeSelect id="vf-node" label="Mät mot ramen för" nodes={lookups.data.nodes} value={nodeCode} onChange={setNodeCode} allowEmpty emptyLabel="hela förvaltningen" maxDepth={2} />
        <TextField id="vf-revenue" label="Om intäkterna ökar med (kr)" value={revenueText} onChange={setRevenueText} inputMode="decimal" size={12} />
      </div>
      <dl className="facts" data-testid="vf-facts">
        <div>
          <dt>Ram</dt>
          <dd>{data.frameOre === null ? 'ingen ram' : `${formatKr(data.frameOre)} kr`}</dd>
        </div>
        <div>
          <dt>Budgeterat</dt>
          <dd>{formatKr(data.budgetedOre)} kr</dd>
        </div>
        <div>
          <dt>Beslutat, ej i raderna</dt>
          <dd>{formatKr(data.decidedNotInLinesOre)} kr</dd>
        </div>
        <div>
          <dt>Måste sparas för att klara ramen</dt>
          <dd data-testid="vf-must-cut" className={data.mustCutOre > 0 ? 'pl-warning' : undefined}>
            {formatKr(data.mustCutOre)} kr
          </dd>
        </div>
        <div>
          <dt>Utrymme för satsningar</dt>
          <dd data-testid="vf-room">{formatKr(data.roomOre)} kr</dd>
        </div>
      </dl>
      {data.planYears.length > 0 && (
        <table className="pl-table" aria-label="Planåren mot ramen" data-testid="vf-plan-years">
          <thead>
            <tr>
              <th>Planår</th>
              <th className="num">Ram i kraft (kr)</th>
              <th className="num">Plan med beslutade förändringar (kr)</th>
              <th className="num">Ram i kraft − plan (kr)</th>
            </tr>
          </thead>
          <tbody>
            {data.planYears.map((y) => (
              <tr key={y.year}>
                <td>{y.year}</td>
                <td className="num">{y.frameInForceOre === null ? 'ingen ram' : formatKr(y.frameInForceOre)}</td>
                <td className="num">{formatKr(y.plannedOre)}</td>
                <td className={`num${y.differenceOre !== null && y.differenceOre < 0 ? ' pl-warning' : ''}`}>{y.differenceOre === null ? '' : formatKr(y.differenceOre)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.savingsShortOre > 0 && (
        <p className="pl-warning" role="alert">
          Besparingsförslagen räcker inte: det fattas {formatKr(data.savingsShortOre)} kr för att klara ramen.
        </p>
      )}
      <h2>Besparingsförslag i prioritetsordning</h2>
      {rowsOf(data.savings, 'saving', 'Besparingsförslag')}
      <h2>Satsningar om det finns utrymme</h2>
      {rowsOf(data.additions, 'addition', 'Satsningsförslag')}
      <h2>Beslutade och avslagna</h2>
      {!locked && <div className="pl-toolbar">
        <AccountSelect id="vf-line-account" label="Konto för nya budgetrader" accounts={lookups.data.accounts} value={lineAccount} onChange={setLineAccount} allowEmpty />
      </div>}
      {rowsOf(data.settled, 'settled', 'Beslutade och avslagna förändringar')}
      {linking && (
        <form
          className="pl-form"
          aria-label={`Koppla ${linking.change.description} till en budgetrad`}
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => call('planning.changes.link', { id: linking.change.id, budgetLineId: linking.chosen || null }), linking.chosen ? `"${linking.change.description}" är kopplad till budgetraden.` : `"${linking.change.description}" är inte längre kopplad till någon rad.`).then(() => setLinking(null));
          }}
        >
          <div className="pl-field">
            <label htmlFor="vf-link-line">
              Budgetrad på {linking.change.responsibilityCode} för ”{linking.change.description}”
            </label>
            <select id="vf-link-line" value={linking.chosen} onChange={(e) => setLinking({ ...linking, chosen: e.target.value })}>
              <option value="">(ingen rad)</option>
              {linking.lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.accountCode} {l.dims.replace(/\|/g, ', ')} {formatKr(l.yearOre)} kr
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
            Koppla
          </button>
          <button type="button" className="pl-button" onClick={() => setLinking(null)}>
            Avbryt
          </button>
        </form>
      )}

      {!locked && (
        <form
          className="pl-form"
          aria-label={draft.id ? 'Ändra förändring' : 'Ny förändring'}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset>
            <legend>{draft.id ? 'Ändra förändring' : 'Ny verksamhetsförändring'}</legend>
            <TextField id="vf-description" label="Beskrivning" value={draft.description} onChange={(v) => setDraft({ ...draft, description: v })} size={40} />
            <TextField id="vf-amount" label="Belopp (kr, besparing med minus)" value={draft.amount} onChange={(v) => setDraft({ ...draft, amount: v })} inputMode="decimal" size={12} />
            {[0, 1].map((k) => (
              <TextField
                key={k}
                id={`vf-plan${k + 1}`}
                label={`Effekt ${data.years[k + 1]} (kr)`}
                value={draft.plan[k]!}
                onChange={(v) => setDraft({ ...draft, plan: (k === 0 ? [v, draft.plan[1]] : [draft.plan[0], v]) as [string, string] })}
                inputMode="decimal"
                size={12}
                hint={draft.id ? undefined : `tomt: som ${data.years[0]}`}
              />
            ))}
            <div className="pl-field">
              <label htmlFor="vf-status">Status</label>
              <select id="vf-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as ChangeStatus })}>
                <option value="proposed">förslag</option>
                <option value="decided">beslutad</option>
                <option value="rejected">avslagen</option>
              </select>
            </div>
            <NodeSelect id="vf-resp" label="Ansvar" nodes={lookups.data.nodes} value={draft.responsibilityCode} onChange={(v) => setDraft({ ...draft, responsibilityCode: v })} allowEmpty emptyLabel="hela förvaltningen" />
            <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
              {draft.id ? 'Spara ändringen' : 'Lägg till'}
            </button>
            {draft.id && (
              <button type="button" className="pl-button" onClick={() => setDraft(EMPTY)}>
                Avbryt
              </button>
            )}
          </fieldset>
        </form>
      )}
      <ActionStatus error={action.error} message={action.message} />
    </div>
  );
}
