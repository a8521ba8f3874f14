import { useEffect, useState } from 'react';
import type { FramePlanYear, PlanYearAssumptions } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { formatMoney, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { ActionStatus, formatKr, formError } from './planning-ui';
import { useAction } from '../../use-action';

/** The Ram cell's tooltip of a plan year: its budget changes and ram i kraft, as the budget year's cell has them. */
export function planYearTooltip(y: FramePlanYear, unit: MoneyUnit): string {
  const parts = [`${y.year}`];
  if (y.changedOre !== 0) parts.push(`budgetändringar (KF/KS) ${formatMoney(y.changedOre, unit)}`);
  if (y.frameInForceOre !== null) parts.push(`ram i kraft ${formatMoney(y.frameInForceOre, unit)}`);
  parts.push(`plan ${formatMoney(y.plannedOre, unit)}`);
  return parts.join(', ');
}

/** "3,10" → 310 hundredths of a percent; NaN when it is no percentage with at most two decimals. */
function parsePercent(text: string): number {
  const s = text.replace(/[\s%\u00a0]/g, '').replace(/^\u2212/, '-');
  if (s === '') return 0;
  const m = /^(-?)(\d{1,2})(?:[.,](\d{0,2}))?$/.exec(s);
  if (!m) return NaN;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -bp : bp;
}
const percentText = (bp: number) => (bp / 100).toFixed(2).replace('.', ',');

const FIELDS = [
  ['salaryBp', 'Löneökning'],
  ['priceBp', 'Prisindex'],
  ['volumeBp', 'Volym'],
] as const;

/**
 * Flerårsplan under the Ramar grid: the plan years' assumptions (löneökning
 * on personnel, prisindex on other costs and revenues, volume on both) and
 * the chosen node's plan per account group for the three years, as the
 * service computes it (budget/multiyear.ts).
 */
export function MultiyearPanel({ versionId, locked, nodeCode, unit, refresh, onChanged }: { versionId: string; locked: boolean; nodeCode: string | null; unit: MoneyUnit; refresh: number; onChanged(): void }) {
  const state = useApi('planning.multiyear.get', { versionId }, `${versionId}:${refresh}`);
  const [plan, setPlan] = useState(state.data);
  const [texts, setTexts] = useState<string[][]>([]);
  const action = useAction();
  useEffect(() => setPlan(state.data), [state.data]);
  useEffect(() => setTexts((plan?.assumptions ?? []).map((a) => FIELDS.map(([f]) => percentText(a[f])))), [plan?.assumptions]);

  if (state.error) return <ErrorBanner error={state.error} />;
  if (!plan) return <Loading />;
  const node = plan.nodes.find((n) => n.code === nodeCode) ?? plan.nodes[0];

  const saveAssumptions = async () => {
    const parsed = texts.map((row) => row.map(parsePercent));
    for (const [k, row] of parsed.entries()) {
      const bad = row.findIndex((v) => Number.isNaN(v));
      if (bad >= 0) return action.setError(formError(`${FIELDS[bad]![1]} ${plan.assumptions[k]!.year}: "${texts[k]![bad]}" är ingen procentsats. Skriv t.ex. 3,10.`));
    }
    const next = await action.run(
      async () => {
        let last = plan;
        for (const [k, row] of parsed.entries()) {
          last = await call('planning.multiyear.setAssumptions', { versionId, planYear: (k + 1) as 1 | 2, salaryBp: row[0]!, priceBp: row[1]!, volumeBp: row[2]! });
        }
        return last;
      },
      () => `Planårens antaganden är sparade; planåren är framräknade på nytt.`,
    );
    if (next) {
      setPlan(next);
      onChanged();
    }
  };

  return (
    <section aria-labelledby="multiyear-heading" data-testid="multiyear">
      <h2 id="multiyear-heading">Flerårsplan {plan.years.join('–')}</h2>
      <form
        className="pl-form"
        aria-label="Planårens antaganden"
        onSubmit={(e) => {
          e.preventDefault();
          void saveAssumptions();
        }}
      >
        {plan.assumptions.map((a: PlanYearAssumptions, k) => (
          <fieldset key={a.year}>
            <legend>Antaganden {a.year}</legend>
            {FIELDS.map(([f, label], i) => (
              <div className="pl-field" key={f}>
                <label htmlFor={`assume-${a.year}-${f}`}>
                  {label} {a.year} (%)
                </label>
                <input
                  id={`assume-${a.year}-${f}`}
                  type="text"
                  inputMode="decimal"
                  size={6}
                  disabled={locked}
                  value={texts[k]?.[i] ?? ''}
                  onChange={(e) => setTexts((t) => t.map((row, r) => (r === k ? row.map((v, c) => (c === i ? e.target.value : v)) : row)))}
                />
              </div>
            ))}
          </fieldset>
        ))}
        {!locked && (
          <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
            Spara antaganden
          </button>
        )}
      </form>
      <p className="hint">
        Planåren räknas fram ur budgetårets rader per ansvar och kontogrupp: personalkostnader med löneökningen, övriga kostnader och intäkter med prisindex, båda med volymen; kapitalkostnader och finansiella poster står kvar. Beslutade verksamhetsförändringar (VF-listan) läggs till med sin effekt per år, utom det av dem som redan finns i budgetraderna.
      </p>
      {node && (
        <table className="pl-table" aria-label={`Flerårsplan för ${node.code} ${node.name}`} data-testid="multiyear-table">
          <thead>
            <tr>
              <th>
                {node.code} {node.name}
              </th>
              {plan.years.map((y, i) => (
                <th key={y} className="num">
                  {i === 0 ? `Budget ${y}` : `Plan ${y}`} ({unit})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {node.groups.map((g) => (
              <tr key={g.group}>
                <td>{g.name}</td>
                {g.yearsOre.map((v, i) => (
                  <td key={i} className="num">
                    {formatMoney(v, unit)}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="pl-strong">
              <td>Nettokostnad</td>
              {node.yearsOre.map((v, i) => (
                <td key={i} className="num" data-testid={`multiyear-total-${plan.years[i]}`}>
                  {formatMoney(v, unit)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      {plan.unknown.codes.length > 0 && <p className="hint">{formatKr(plan.unknown.yearsOre[0]!)} kr ligger på ansvar som saknas i organisationen; de räknas bara i förvaltningens total.</p>}
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}
