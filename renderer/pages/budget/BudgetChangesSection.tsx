import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { Input } from '../../../electron/api/contract/index';
import type { BudgetChange, PlanningLookups } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { DateInput } from '../../components/DateInput';
import { useApi } from '../../useApi';
import { useToday } from '../../today';
import { AccountSelect, ActionStatus, editKr, formatKr, formError, NodeSelect, parseKronor, TextField } from './planning-ui';
import { useAction } from '../../use-action';

type Kind = BudgetChange['kind'];
const KINDS: { value: Kind; label: string }[] = [
  { value: 'supplementary', label: 'Tilläggsanslag' },
  { value: 'pay', label: 'Lönekompensation' },
  { value: 'capital', label: 'Kapitalkostnadskompensation' },
  { value: 'other', label: 'Annat' },
];

interface AmountDraft {
  code: string;
  year: number;
  amount: string;
}

interface Draft {
  id: string | null;
  kind: Kind;
  decisionRef: string;
  decidedOn: string;
  text: string;
  accountCode: string;
  amounts: AmountDraft[];
}

/** What the app sends for a change: the channel's input. */
type SaveInput = Input<'planning.budgetChanges.save'>;

/** One step to take back: a change recorded, corrected (with what it was) or removed. */
type UndoStep = { kind: 'created'; id: string; ref: string } | { kind: 'edited'; before: SaveInput; ref: string } | { kind: 'deleted'; id: string; ref: string };

function emptyDraft(year: number, today: string | null): Draft {
  return {
    id: null,
    kind: 'supplementary',
    decisionRef: '',
    decidedOn: today?.startsWith(String(year)) ? today : `${year}-01-01`,
    text: '',
    accountCode: '',
    amounts: [{ code: '', year, amount: '' }],
  };
}

function inputOf(c: BudgetChange): SaveInput {
  return {
    id: c.id,
    year: c.year,
    kind: c.kind,
    decisionRef: c.decisionRef,
    decidedOn: c.decidedOn,
    text: c.text,
    accountCode: c.accountCode,
    amounts: c.amounts.map((a) => ({ code: a.code, year: a.year, amountOre: a.amountOre })),
  };
}

/** A recorded change in the form, to correct it. */
function draftOf(c: BudgetChange): Draft {
  return {
    id: c.id,
    kind: c.kind,
    decisionRef: c.decisionRef,
    decidedOn: c.decidedOn,
    text: c.text,
    accountCode: c.accountCode ?? '',
    amounts: c.amounts.map((a) => ({ code: a.code, year: a.year, amount: editKr(a.amountOre) })),
  };
}

/**
 * Budgetändringar: KF/KS decisions during the year that change the ram from
 * outside the förvaltning (tilläggsanslag, lönekompensation,
 * kapitalkostnadskompensation, annat), recorded, corrected and removed here
 * with an undo for each step. The service checks everything again and names
 * the field of every problem.
 */
export function BudgetChangesSection({ year, nodes, accounts, onChanged }: { year: number; nodes: PlanningLookups['nodes']; accounts: PlanningLookups['accounts']; onChanged(): void }) {
  const list = useApi('planning.budgetChanges.list', { year }, String(year));
  const today = useToday().data?.today ?? null;
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(year, today));
  const [undo, setUndo] = useState<UndoStep[]>([]);
  const action = useAction();
  useEffect(() => {
    if (today) setDraft((d) => (d.id === null && d.decisionRef === '' && d.decidedOn === `${year}-01-01` ? { ...d, decidedOn: emptyDraft(year, today).decidedOn } : d));
  }, [today, year]);

  const reload = useCallback(() => {
    list.reload();
    onChanged();
  }, [list, onChanged]);

  const setAmount = (i: number, patch: Partial<AmountDraft>) => setDraft((d) => ({ ...d, amounts: d.amounts.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));

  const save = async () => {
    const amounts: SaveInput['amounts'] = [];
    for (const [i, a] of draft.amounts.entries()) {
      const ore = parseKronor(a.amount);
      if (!a.code) return action.setError(formError(`Belopp rad ${i + 1}: välj ansvar.`));
      if (ore === null || Number.isNaN(ore) || ore === 0) return action.setError(formError(`Belopp rad ${i + 1}: "${a.amount}" är inget belopp. Skriv t.ex. 1 500 000 (negativt för en minskning).`));
      amounts.push({ code: a.code, year: a.year, amountOre: ore });
    }
    const input: SaveInput = {
      ...(draft.id ? { id: draft.id } : {}),
      year,
      kind: draft.kind,
      decisionRef: draft.decisionRef,
      decidedOn: draft.decidedOn,
      text: draft.text,
      accountCode: draft.accountCode || null,
      amounts,
    };
    const before = draft.id ? list.data?.changes.find((c) => c.id === draft.id) : undefined;
    const saved = await action.run(() => call('planning.budgetChanges.save', input), () => `Budgetändringen enligt ${draft.decisionRef} är sparad.`);
    if (!saved) return;
    setUndo((u) => [...u.slice(-49), before ? { kind: 'edited', before: inputOf(before), ref: before.decisionRef } : { kind: 'created', id: saved.id, ref: draft.decisionRef }]);
    setDraft(emptyDraft(year, today));
    reload();
  };

  const remove = async (c: BudgetChange) => {
    const ok = await action.run(() => call('planning.budgetChanges.delete', { id: c.id }), () => `Budgetändringen ${c.decisionRef} är borttagen. Ångra tar tillbaka den.`);
    if (!ok) return;
    setUndo((u) => [...u.slice(-49), { kind: 'deleted', id: c.id, ref: c.decisionRef }]);
    if (draft.id === c.id) setDraft(emptyDraft(year, today));
    reload();
  };

  const onUndo = async () => {
    const step = undo[undo.length - 1];
    if (!step) return;
    const ok = await action.run(
      async () => {
        if (step.kind === 'created') return call('planning.budgetChanges.delete', { id: step.id });
        if (step.kind === 'deleted') return call('planning.budgetChanges.restore', { id: step.id });
        return call('planning.budgetChanges.save', step.before);
      },
      () => `Ångrat: ${step.kind === 'created' ? 'den nya' : step.kind === 'deleted' ? 'borttagningen av' : 'ändringen av'} budgetändringen ${step.ref}.`,
    );
    if (!ok) return;
    setUndo((u) => u.slice(0, -1));
    reload();
  };

  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      void onUndo();
    }
  };

  if (list.error) return <ErrorBanner error={list.error} />;
  if (!list.data) return <Loading />;
  const changes = list.data.changes;
  const editing = draft.id !== null;
  const years = [year, year + 1, year + 2];

  return (
    <section aria-labelledby="kf-changes" onKeyDown={onKey}>
      <h2 id="kf-changes">Budgetändringar {year} (KF/KS-beslut)</h2>
      <p className="hint">
        Beslut som ändrar nämndens ram under året: tilläggsanslag, lönekompensation efter löneöversynen, kapitalkostnadskompensation. Budgetårets belopp ingår i budgeten i kraft från
        beslutsmånaden och fördelas jämnt över månaderna från den till december; planårens belopp sparas och visas.
      </p>
      <div className="table-scroll">
      <table className="pl-table pl-stack-actions" aria-labelledby="kf-changes" data-testid="budget-changes">
        <thead>
          <tr>
            <th>Datum</th>
            <th>Beslut</th>
            <th>Slag</th>
            <th>Text</th>
            <th>Konto</th>
            <th>Ansvar och belopp (kr)</th>
            <th className="num">Budgetår {year} (kr)</th>
            <th>
              <span className="sr-only">Åtgärder</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.length === 0 && (
            <tr>
              <td colSpan={8}>Inga budgetändringar för {year}.</td>
            </tr>
          )}
          {changes.map((c) => (
            <tr key={c.id} data-id={c.id}>
              <td className="date">{c.decidedOn}</td>
              <td>{c.decisionRef}</td>
              <td>{c.kindName}</td>
              <td>{c.text}</td>
              <td>{c.accountCode ? `${c.accountCode} ${c.accountName ?? ''}` : ''}</td>
              <td>
                {c.amounts.map((a) => (
                  <div key={`${a.code}|${a.year}`}>
                    {a.code} {a.name}
                    {a.year !== c.year ? ` (${a.year})` : ''}: {formatKr(a.amountOre)}
                  </div>
                ))}
              </td>
              <td className="num">{formatKr(c.budgetYearOre)}</td>
              <td className="pl-actions">
                <button type="button" className="pl-button pl-small" onClick={() => setDraft(draftOf(c))} aria-label={`Ändra budgetändringen ${c.decisionRef}`}>
                  Ändra
                </button>
                <button type="button" className="pl-button pl-small" onClick={() => void remove(c)} aria-label={`Ta bort budgetändringen ${c.decisionRef}`}>
                  Ta bort
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>

      <form
        className="pl-form"
        aria-label={editing ? 'Ändra budgetändring' : 'Ny budgetändring'}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>{editing ? 'Ändra budgetändring' : 'Ny budgetändring'}</legend>
          <div className="pl-field">
            <label htmlFor="kf-kind">Slag</label>
            <select id="kf-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <TextField id="kf-ref" label="Beslut" value={draft.decisionRef} onChange={(v) => setDraft({ ...draft, decisionRef: v })} hint='t.ex. "KF 2026-06-15 § 87"' />
          <div className="pl-field">
            <label htmlFor="kf-date">Beslutsdatum</label>
            <DateInput id="kf-date" value={draft.decidedOn} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(text) => setDraft({ ...draft, decidedOn: text })} />
          </div>
          <TextField id="kf-text" label="Text" value={draft.text} onChange={(v) => setDraft({ ...draft, text: v })} hint="vad beslutet gäller" />
          <AccountSelect id="kf-account" label="Konto (valfritt)" accounts={accounts} value={draft.accountCode} onChange={(v) => setDraft({ ...draft, accountCode: v })} allowEmpty />
        </fieldset>
        <fieldset className="pl-full" data-testid="kf-amounts">
          <legend>Belopp per ansvar och år</legend>
          {draft.amounts.map((a, i) => (
            <div key={i} className="pl-amount-row" role="group" aria-label={`Belopp rad ${i + 1}`}>
              <NodeSelect id={`kf-node-${i}`} label={`Ansvar, rad ${i + 1}`} nodes={nodes} value={a.code} onChange={(v) => setAmount(i, { code: v })} allowEmpty emptyLabel="(välj ansvar)" />
              <div className="pl-field">
                <label htmlFor={`kf-year-${i}`}>År, rad {i + 1}</label>
                <select id={`kf-year-${i}`} value={a.year} onChange={(e) => setAmount(i, { year: Number(e.target.value) })}>
                  {years.map((y) => (
                    <option key={y} value={y}>
                      {y === year ? `${y} (budgetår)` : `${y} (planår)`}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id={`kf-amount-${i}`} label={`Belopp (kr), rad ${i + 1}`} value={a.amount} onChange={(v) => setAmount(i, { amount: v })} inputMode="decimal" size={14} />
              {draft.amounts.length > 1 && (
                <button type="button" className="pl-button pl-small" onClick={() => setDraft({ ...draft, amounts: draft.amounts.filter((_, j) => j !== i) })} aria-label={`Ta bort belopp rad ${i + 1}`}>
                  Ta bort rad
                </button>
              )}
            </div>
          ))}
          <button type="button" className="pl-button" onClick={() => setDraft({ ...draft, amounts: [...draft.amounts, { code: '', year, amount: '' }] })}>
            Lägg till rad
          </button>
        </fieldset>
        <div className="pl-toolbar">
          <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
            {editing ? 'Spara ändringen' : 'Spara budgetändringen'}
          </button>
          {editing && (
            <button type="button" className="pl-button" onClick={() => setDraft(emptyDraft(year, today))}>
              Avbryt
            </button>
          )}
          <button type="button" className="pl-button" disabled={undo.length === 0 || action.busy} onClick={() => void onUndo()} title="Ctrl+Z">
            Ångra senaste budgetändring
          </button>
        </div>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}
