import { ErrorBanner, Loading } from '../../components/Status';
import { formatCount, formatMoney, formatPeriod, type MoneyUnit } from '../../format';
import { useApi } from '../../useApi';
import { formatDateTime } from '../../../shared/dates';

/** What a row's figures are made of: budget and outcome per month, outcome per import batch, budget lines and transactions. */
export function DrillDownPanel({ period, rowKey, unit }: { period: number; rowKey: string; unit: MoneyUnit }) {
  const drill = useApi('followup.drilldown', { period, key: rowKey }, `${period}:${rowKey}`);
  if (drill.error) return <ErrorBanner error={drill.error} />;
  if (!drill.data) return <Loading />;
  const d = drill.data;
  const m = (v: number | null) => formatMoney(v, unit);
  return (
    <div data-testid="drilldown">
      {d.note && <p className="hint">{d.note}</p>}
      <h3>Per månad ({unit})</h3>
      <table aria-label="Budget och utfall per månad">
        <thead>
          <tr>
            <th>Månad</th>
            <th className="num">Budget</th>
            <th className="num">Utfall</th>
            <th className="num">Fg år</th>
          </tr>
        </thead>
        <tbody>
          {d.months.map((x) => (
            <tr key={x.period}>
              <td>{formatPeriod(x.period)}</td>
              <td className="num">{m(x.budget)}</td>
              <td className="num">{x.actual === null ? '' : m(x.actual)}</td>
              <td className="num">{m(x.lastYear)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Utfall per import</h3>
      {d.batches.length === 0 ? (
        <p className="hint">Inget utfall till och med perioden.</p>
      ) : (
        <table aria-label="Utfall per period och import">
          <thead>
            <tr>
              <th>Period</th>
              <th>Fil</th>
              <th>Inläst</th>
              <th className="num">Belopp</th>
            </tr>
          </thead>
          <tbody>
            {d.batches.map((b) => (
              <tr key={`${b.period}:${b.batchId}`}>
                <td>{b.period}</td>
                <td>{b.fileName}</td>
                <td>
                  {formatDateTime(b.importedAt)} {b.importedBy}
                </td>
                <td className="num">{m(b.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Budgetrader ({formatCount(d.budgetLineCount)})</h3>
      {d.budgetLines.length === 0 ? (
        <p className="hint">Inga budgetrader.</p>
      ) : (
        <table aria-label="Budgetrader">
          <thead>
            <tr>
              <th>Ansvar</th>
              <th>Konto</th>
              <th className="num">Helår</th>
              <th>Periodisering</th>
            </tr>
          </thead>
          <tbody>
            {d.budgetLines.map((l) => (
              <tr key={l.id} title={l.months.map((v, i) => `${i + 1}: ${m(v)}`).join(', ')}>
                <td>{l.responsibility}</td>
                <td>
                  {l.account} {l.accountName}
                  {l.dims && <div className="hint">{l.dims}</div>}
                </td>
                <td className="num">{m(l.yearOre)}</td>
                <td>{l.profile ?? 'manuell'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.budgetLineCount > d.budgetLines.length && <p className="hint">Visar de första {formatCount(d.budgetLines.length)} av {formatCount(d.budgetLineCount)} raderna.</p>}
      <h3>Omfördelningar ({d.reallocations.length})</h3>
      {d.reallocations.length === 0 ? (
        <p className="hint">Inga omfördelningar beslutade till och med periodens slut.</p>
      ) : (
        <table aria-label="Omfördelningar i budgeten" data-testid="drilldown-reallocations">
          <thead>
            <tr>
              <th>Beslut</th>
              <th>Motpart</th>
              <th>Konto</th>
              <th className="num">Helår</th>
              <th className="num">Till och med perioden</th>
            </tr>
          </thead>
          <tbody>
            {d.reallocations.map((r) => (
              <tr key={`${r.id}:${r.yearOre < 0 ? 'ut' : 'in'}`} title={r.months.map((v, i) => `${i + 1}: ${m(v)}`).join(', ')}>
                <td>
                  {r.decisionRef}
                  <div className="hint">{r.decidedOn}</div>
                </td>
                <td>
                  {r.yearOre < 0 ? `till ${r.counterpart.code} ${r.counterpart.name}` : `från ${r.counterpart.code} ${r.counterpart.name}`}
                  <div className="hint">
                    {r.fromCode} → {r.toCode}
                  </div>
                  {r.note && <div className="hint">{r.note}</div>}
                </td>
                <td>{r.account === null ? 'utan konto' : `${r.account} ${r.accountName ?? ''}`}</td>
                <td className="num">{m(r.yearOre)}</td>
                <td className="num">{m(r.months.slice(0, d.period % 100).reduce((s, v) => s + v, 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.budgetChanges.length > 0 && (
        <>
          <h3>Budgetändringar ({d.budgetChanges.length})</h3>
          <table aria-label="Budgetändringar (KF/KS-beslut) i budgeten" data-testid="drilldown-budget-changes">
            <thead>
              <tr>
                <th>Beslut</th>
                <th>Ansvar</th>
                <th>Konto</th>
                <th className="num">Helår</th>
                <th className="num">Till och med perioden</th>
              </tr>
            </thead>
            <tbody>
              {d.budgetChanges.map((c) => (
                <tr key={c.id} title={c.months.map((v, i) => `${i + 1}: ${m(v)}`).join(', ')}>
                  <td>
                    {c.decisionRef}
                    <div className="hint">
                      {c.decidedOn}: {c.text}
                    </div>
                  </td>
                  <td>{c.responsibility}</td>
                  <td>{c.account === null ? 'utan konto' : c.account}</td>
                  <td className="num">{m(c.yearOre)}</td>
                  <td className="num">{m(c.months.slice(0, d.period % 100).reduce((s, v) => s + v, 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Transaktioner ({formatCount(d.transactionCount)})</h3>
      {d.transactions.length === 0 ? (
        <p className="hint">Utfallsfilerna hade inga transaktioner för raden (bara saldon).</p>
      ) : (
        <table aria-label="Transaktioner">
          <thead>
            <tr>
              <th>Datum</th>
              <th>Ver</th>
              <th>Text</th>
              <th className="num">Belopp</th>
            </tr>
          </thead>
          <tbody>
            {d.transactions.map((t) => (
              <tr key={t.id}>
                <td>{t.bookedOn ?? t.period}</td>
                <td>{t.voucher}</td>
                <td>
                  {t.text}
                  {t.counterparty && <div className="hint">{t.counterparty}</div>}
                  <div className="hint">
                    {t.responsibility} / {t.account}
                  </div>
                </td>
                <td className="num">{m(t.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
