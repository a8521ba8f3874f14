import { useState } from 'react';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { AccountSelect, ActionStatus, formatKr, NeedsVersion, signClass } from './planning-ui';
import type { BudgetTabProps } from './types';
import { formatCount } from '../../format';
import { useAction } from '../../use-action';

/** Interna köp och försäljning: what units budget toward each other by motpart, and the imbalance. */
export function InternalTab({ version }: BudgetTabProps) {
  if (!version) return <NeedsVersion />;
  return <Internal versionId={version.id} />;
}

function Internal({ versionId }: { versionId: string }) {
  const lookups = useApi('planning.lookups', {}, 'lookups');
  const state = useApi('planning.internal.get', { versionId }, versionId);
  const [adding, setAdding] = useState('');
  const action = useAction();

  if (state.error) return <ErrorBanner error={state.error} />;
  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (!state.data || !lookups.data) return <Loading />;
  const data = state.data;
  const setAccounts = async (codes: string[], done: string) => {
    const ok = await action.run(() => call('planning.internal.setAccounts', { accounts: codes }), () => done);
    if (ok) state.reload();
  };

  return (
    <div>
      <dl className="facts">
        <div>
          <dt>Interna intäkter</dt>
          <dd>{formatKr(data.salesOre)} kr</dd>
        </div>
        <div>
          <dt>Interna kostnader</dt>
          <dd>{formatKr(data.purchasesOre)} kr</dd>
        </div>
        <div>
          <dt>Obalans inom förvaltningen</dt>
          <dd data-testid="internal-imbalance" className={data.imbalanceOre !== 0 ? 'pl-warning' : undefined}>
            {formatKr(data.imbalanceOre)} kr
          </dd>
        </div>
      </dl>
      {data.accounts.length === 0 ? (
        <p className="banner banner-info">Inga konton är markerade som interna. Välj kontona för interna köp och försäljningar nedan.</p>
      ) : data.imbalanceOre !== 0 ? (
        <p className="pl-warning" role="alert">
          Förvaltningens interna köp och försäljningar går inte jämnt ut: skillnaden är {formatKr(data.imbalanceOre)} kr. Raderna nedan visar var köpare och säljare budgeterat olika.
        </p>
      ) : (
        <p className="pl-ok">De interna köpen och försäljningarna går jämnt ut.</p>
      )}
      <p className="hint">Kostnader är positiva och intäkter negativa; köparens kostnad och säljarens intäkt ska ta ut varandra. Motparten anges i dimensionen Motpart på budgetraden.</p>

      <h2 id="internal-pairs">Per par av enheter</h2>
      <table className="pl-table" aria-labelledby="internal-pairs" data-testid="internal-pairs">
        <thead>
          <tr>
            <th>Enhet</th>
            <th className="num">mot motparten (kr)</th>
            <th>Motpart</th>
            <th className="num">mot enheten (kr)</th>
            <th className="num">Obalans (kr)</th>
          </tr>
        </thead>
        <tbody>
          {data.pairs.length === 0 && (
            <tr>
              <td colSpan={5}>Inga interna rader med motpart inom förvaltningen.</td>
            </tr>
          )}
          {data.pairs.map((p) => (
            <tr key={`${p.aCode}|${p.bCode}`} data-pair={`${p.aCode}-${p.bCode}`}>
              <td>
                {p.aCode} {p.aName}
              </td>
              <td className="num">{formatKr(p.aOre)}</td>
              <td>
                {p.bCode} {p.bName}
              </td>
              <td className="num">{formatKr(p.bOre)}</td>
              <td className={p.imbalanceOre !== 0 ? 'num unfavourable' : 'num'}>{formatKr(p.imbalanceOre)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {data.withoutCounterparty.length > 0 && (
        <>
          <h2 id="internal-missing">Interna rader utan motpart</h2>
          <table className="pl-table" aria-labelledby="internal-missing">
            <thead>
              <tr>
                <th>Ansvar</th>
                <th>Konto</th>
                <th className="num">Belopp (kr)</th>
              </tr>
            </thead>
            <tbody>
              {data.withoutCounterparty.map((l) => (
                <tr key={`${l.responsibilityCode}|${l.accountCode}`}>
                  <td>{l.responsibilityCode}</td>
                  <td>{l.accountCode}</td>
                  <td className={signClass(l.yearOre, false)}>{formatKr(l.yearOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {data.external.length > 0 && (
        <>
          <h2 id="internal-external">Mot andra förvaltningar</h2>
          <table className="pl-table" aria-labelledby="internal-external">
            <thead>
              <tr>
                <th>Motpart</th>
                <th className="num">Rader</th>
                <th className="num">Belopp (kr)</th>
              </tr>
            </thead>
            <tbody>
              {data.external.map((e) => (
                <tr key={e.counterparty}>
                  <td>{e.counterparty}</td>
                  <td className="num">{formatCount(e.lines)}</td>
                  <td className="num">{formatKr(e.yearOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2 id="internal-accounts">Konton för interna köp och försäljningar</h2>
      <ul aria-labelledby="internal-accounts">
        {data.accounts.map((a) => (
          <li key={a.code}>
            {a.code} {a.name}{' '}
            <button
              type="button"
              className="pl-button pl-small"
              disabled={action.busy}
              aria-label={`Ta bort konto ${a.code} från de interna`}
              onClick={() => void setAccounts(data.accounts.map((x) => x.code).filter((c) => c !== a.code), `Konto ${a.code} räknas inte längre som internt.`)}
            >
              Ta bort
            </button>
          </li>
        ))}
      </ul>
      <form
        className="pl-form"
        aria-label="Lägg till internt konto"
        onSubmit={(e) => {
          e.preventDefault();
          if (adding) void setAccounts([...data.accounts.map((a) => a.code), adding], `Konto ${adding} räknas nu som internt.`).then(() => setAdding(''));
        }}
      >
        <AccountSelect id="internal-add" label="Konto" accounts={lookups.data.accounts} value={adding} onChange={setAdding} allowEmpty filter={(a) => !data.accounts.some((x) => x.code === a.code)} />
        <button type="submit" className="pl-button" disabled={!adding || action.busy}>
          Lägg till
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </div>
  );
}
