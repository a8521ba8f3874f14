import { useEffect, useMemo, useState } from 'react';
import type { Reallocation } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { AccountSelect, ActionStatus, editKr, formatKr, formError, NodeSelect, parseKronor, TextField } from './planning-ui';
import type { BudgetTabProps } from './types';
import { DateInput, dateProblem } from '../../components/DateInput';
import { parseDate } from '../../../shared/dates';
import { useToday } from '../../today';
import { useAction } from '../../use-action';

interface Draft {
  id: string | null;
  decisionRef: string;
  decidedOn: string;
  fromCode: string;
  toCode: string;
  accountCode: string;
  amount: string;
  note: string;
}

/** A new decision is dated today (the app's today) when today is in the year, else the year's first day. */
function emptyDraft(year: number, today: string | null): Draft {
  return { id: null, decisionRef: '', decidedOn: today?.startsWith(String(year)) ? today : `${year}-01-01`, fromCode: '', toCode: '', accountCode: '', amount: '', note: '' };
}

/** " (SN 2026-06-10 § 60, beslutad 2026-06-10)", or nothing when the version has no decision recorded. */
function decisionText(v: { decisionRef: string | null; decidedOn: string | null }): string {
  const parts = [v.decisionRef, v.decidedOn ? `beslutad ${v.decidedOn}` : null].filter((x): x is string => x !== null);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** Omfördelningar: decisions that move budget between nodes during the year, and the budget on any date. */
export function ReallocationsTab({ year }: BudgetTabProps) {
  const lookups = useApi('planning.lookups', {}, 'lookups');
  const today = useToday().data?.today ?? null;
  const [asOf, setAsOf] = useState(`${year}-12-31`);
  // What the date field shows; the table follows it once it is a date of the year.
  const [asOfText, setAsOfText] = useState(asOf);
  const changeAsOf = (text: string) => {
    setAsOfText(text);
    const parsed = parseDate(text);
    if (parsed.ok && dateProblem(parsed.value, { min: `${year}-01-01`, max: `${year}-12-31` }) === null) setAsOf(parsed.value);
  };
  const [onlyChanged, setOnlyChanged] = useState(true);
  const state = useApi('planning.reallocations.get', { year, asOf }, `${year}:${asOf}`);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(year, today));
  // Today arrives after the first render: a new, untouched decision takes it as its date.
  useEffect(() => {
    if (today) setDraft((d) => (d.id === null && d.decisionRef === '' && d.decidedOn === `${year}-01-01` ? { ...d, decidedOn: emptyDraft(year, today).decidedOn } : d));
  }, [today, year]);
  const action = useAction();
  const [confirm, confirmDialog] = useConfirm();

  const nodes = useMemo(() => (state.data?.nodes ?? []).filter((n) => n.depth <= 3 && (!onlyChanged || n.inOre !== 0 || n.outOre !== 0 || n.revisedOre !== 0 || n.changedOre !== 0 || n.depth === 0)), [state.data, onlyChanged]);

  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (state.error) return <ErrorBanner error={state.error} />;
  if (!state.data || !lookups.data) return <Loading />;
  const data = state.data;
  // KF/KS's budget changes (the Budgetändringar tab) get a column when some node has one.
  const changed = data.nodes.some((n) => n.changedOre !== 0);
  const revised = data.versionInForce !== null && data.originalVersion !== null && data.versionInForce.id !== data.originalVersion.id;

  const edit = (r: Reallocation) =>
    setDraft({ id: r.id, decisionRef: r.decisionRef, decidedOn: r.decidedOn, fromCode: r.fromCode, toCode: r.toCode, accountCode: r.accountCode ?? '', amount: editKr(r.amountOre), note: r.note ?? '' });

  const save = async () => {
    const amountOre = parseKronor(draft.amount);
    if (amountOre === null || Number.isNaN(amountOre)) {
      action.setError(formError(`Beloppet "${draft.amount}" är inget belopp. Skriv t.ex. 500 000.`));
      return;
    }
    if (!draft.fromCode || !draft.toCode) {
      action.setError(formError('Välj vilket ansvar budgeten flyttas från och till.'));
      return;
    }
    const ok = await action.run(
      () =>
        call('planning.reallocations.save', {
          ...(draft.id ? { id: draft.id } : {}),
          year,
          decisionRef: draft.decisionRef,
          decidedOn: draft.decidedOn,
          fromCode: draft.fromCode,
          toCode: draft.toCode,
          accountCode: draft.accountCode || null,
          amountOre,
          note: draft.note || null,
        }),
      () => `Omfördelningen enligt ${draft.decisionRef} är sparad.`,
    );
    if (ok) {
      setDraft(emptyDraft(year, today));
      state.reload();
    }
  };

  const remove = async (r: Reallocation) => {
    const sure = await confirm({
      title: `Ta bort omfördelningen ${r.decisionRef}?`,
      message: `${formatKr(r.amountOre)} kr från ${r.fromCode} till ${r.toCode}. Budget i kraft räknas om utan den.`,
      confirmLabel: 'Ta bort omfördelningen',
      destructive: true,
    });
    if (!sure) return;
    const ok = await action.run(() => call('planning.reallocations.delete', { id: r.id }), () => `Omfördelningen ${r.decisionRef} är borttagen.`);
    if (ok) state.reload();
  };

  return (
    <div>
      {confirmDialog}
      <p className="hint">
        Budget i kraft på ett datum = den version som gäller då (den ursprungliga budgeten{data.originalVersion ? `, ${data.originalVersion.name}` : ''}, eller från sitt beslutsdatum en beslutad
        revidering) + omfördelningar och budgetändringar beslutade till och med datumet. Omfördelningarna hålls isär från budgetversionerna; för månadsuppföljning fördelas en omfördelning jämnt från
        beslutsmånaden till december.
      </p>
      <h2 id="realloc-history">Beslutade omfördelningar {year}</h2>
      <table className="pl-table pl-stack-actions" aria-labelledby="realloc-history" data-testid="reallocations">
        <thead>
          <tr>
            <th>Datum</th>
            <th>Beslut</th>
            <th>Från</th>
            <th>Till</th>
            <th>Konto</th>
            <th className="num">Belopp (kr)</th>
            <th>Anteckning</th>
            <th>
              <span className="sr-only">Åtgärder</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.reallocations.length === 0 && (
            <tr>
              <td colSpan={8}>Inga omfördelningar till och med {asOf}.</td>
            </tr>
          )}
          {data.reallocations.map((r) => (
            <tr key={r.id}>
              <td className="date">{r.decidedOn}</td>
              <td>{r.decisionRef}</td>
              <td>
                {r.fromCode} {r.fromName}
              </td>
              <td>
                {r.toCode} {r.toName}
              </td>
              <td>{r.accountCode ? `${r.accountCode} ${r.accountName ?? ''}` : ''}</td>
              <td className="num">{formatKr(r.amountOre)}</td>
              <td>{r.note}</td>
              <td className="pl-actions">
                <button type="button" className="pl-button pl-small" onClick={() => edit(r)} aria-label={`Ändra ${r.decisionRef}`}>
                  Ändra
                </button>
                <button type="button" className="pl-button pl-small" onClick={() => void remove(r)} aria-label={`Ta bort ${r.decisionRef}`}>
                  Ta bort
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form
        className="pl-form"
        aria-label={draft.id ? 'Ändra omfördelning' : 'Ny omfördelning'}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>{draft.id ? 'Ändra omfördelning' : 'Ny omfördelning'}</legend>
          <TextField id="realloc-ref" label="Beslut" value={draft.decisionRef} onChange={(v) => setDraft({ ...draft, decisionRef: v })} hint='t.ex. "KS 2026-03-12 § 45"' />
          <div className="pl-field">
            <label htmlFor="realloc-date">Beslutsdatum</label>
            <DateInput id="realloc-date" value={draft.decidedOn} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(text) => setDraft({ ...draft, decidedOn: text })} />
          </div>
          <NodeSelect id="realloc-from" label="Från" nodes={lookups.data.nodes} value={draft.fromCode} onChange={(v) => setDraft({ ...draft, fromCode: v })} allowEmpty emptyLabel="(välj ansvar)" />
          <NodeSelect id="realloc-to" label="Till" nodes={lookups.data.nodes} value={draft.toCode} onChange={(v) => setDraft({ ...draft, toCode: v })} allowEmpty emptyLabel="(välj ansvar)" />
          <AccountSelect id="realloc-account" label="Konto (valfritt)" accounts={lookups.data.accounts} value={draft.accountCode} onChange={(v) => setDraft({ ...draft, accountCode: v })} allowEmpty />
          <TextField id="realloc-amount" label="Belopp (kr)" value={draft.amount} onChange={(v) => setDraft({ ...draft, amount: v })} inputMode="decimal" size={14} />
          <TextField id="realloc-note" label="Anteckning" value={draft.note} onChange={(v) => setDraft({ ...draft, note: v })} />
          <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
            {draft.id ? 'Spara ändringen' : 'Lägg till'}
          </button>
          {draft.id && (
            <button type="button" className="pl-button" onClick={() => setDraft(emptyDraft(year, today))}>
              Avbryt
            </button>
          )}
        </fieldset>
      </form>
      <ActionStatus error={action.error} message={action.message} />

      <h2 id="realloc-ondate">Budget i kraft per ansvar</h2>
      <div className="pl-toolbar">
        <div className="pl-field">
          <label htmlFor="realloc-asof">Per datum</label>
          <DateInput id="realloc-asof" value={asOfText} min={`${year}-01-01`} max={`${year}-12-31`} onChange={changeAsOf} />
        </div>
        <label className="pl-check">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} />
          Bara ansvar som berörs av omfördelningar, budgetändringar eller revidering
        </label>
      </div>
      {revised && data.versionInForce && (
        <p className="hint" data-testid="version-in-force">
          Den {asOf} gäller revideringen {data.versionInForce.name}
          {decisionText(data.versionInForce)} i stället för den ursprungliga budgeten.
        </p>
      )}
      {/* With the Budgetändringar column it is wider than a laptop at 150 %: it scrolls in its own box, which the keyboard can reach. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Budget i kraft per ansvar, rullbar">
      <table className="pl-table" aria-labelledby="realloc-ondate" data-testid="budget-on-date">
        <thead>
          <tr>
            <th>Ansvar</th>
            <th className="num">Ursprunglig budget</th>
            {revised && <th className="num">Revidering</th>}
            <th className="num">Tillfört</th>
            <th className="num">Avfört</th>
            {changed && <th className="num">Budgetändringar</th>}
            <th className="num">Budget i kraft {asOf}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.code} data-code={n.code}>
              <td>
                <span style={{ paddingLeft: `${n.depth * 16}px` }}>
                  {n.code} {n.name}
                </span>
              </td>
              <td className="num">{formatKr(n.originalOre)}</td>
              {revised && <td className="num">{n.revisedOre ? formatKr(n.revisedOre) : ''}</td>}
              <td className="num">{n.inOre ? formatKr(n.inOre) : ''}</td>
              <td className="num">{n.outOre ? formatKr(-n.outOre) : ''}</td>
              {changed && <td className="num">{n.changedOre ? formatKr(n.changedOre) : ''}</td>}
              <td className="num">{formatKr(n.budgetOre)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}
