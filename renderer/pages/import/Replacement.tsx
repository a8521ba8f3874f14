import { useRef, useState } from 'react';
import type { LedgerCheck } from '../../../electron/api/contract/index';
import { formatPeriod } from '../../format';
import { formatKr } from './CheckView';

/** What the user asks the import to replace; null follows the profile. */
export type ScopeChoice = null | 'period' | 'file' | { responsibility: string };

const count = (n: number) => n.toLocaleString('sv-SE');

/**
 * What the import would replace, per period of the file: the outcome in the
 * database now, the file's, the difference and the balances replaced, within
 * the scope chosen; and the choice of scope itself.
 */
export function Replacement({ check, busy, onScope }: { check: LedgerCheck; busy: boolean; onScope(choice: ScopeChoice): void }) {
  const scope = check.replaceScope;
  const [code, setCode] = useState(scope.responsibility ?? '');
  // The choice shows at once; the figures follow when the new preview arrives (the parent remounts this then).
  const [kind, setKind] = useState(scope.kind);
  const choose = (k: 'period' | 'file') => {
    setKind(k);
    onScope(k);
  };
  const codeInput = useRef<HTMLInputElement>(null);
  const fileCodes = check.replaceScope.kind === 'file' ? (check.replacedResponsibilities ?? []) : null;
  const subtree = () => {
    const c = code.trim();
    setKind('subtree');
    if (c !== '') onScope({ responsibility: c });
    else codeInput.current?.focus();
  };
  const where =
    scope.kind === 'subtree' ? ` (ansvar ${scope.responsibility} med allt under)` : scope.kind === 'file' ? ` (filens ansvar: ${(fileCodes ?? []).join(', ')})` : ' (hela perioderna)';
  return (
    <section aria-labelledby="replaced-title" data-testid="replacement">
      <h3 id="replaced-title">Vad inläsningen ersätter</h3>
      <fieldset className="replace-scope" disabled={busy}>
        <legend>Ersätt i filens perioder</legend>
        <label>
          <input type="radio" name="replace-scope" checked={kind === 'period'} onChange={() => choose('period')} /> hela perioderna
        </label>
        <label>
          <input type="radio" name="replace-scope" checked={kind === 'file'} onChange={() => choose('file')} /> bara de ansvar filen har rader för (en rättelse)
        </label>
        <label>
          <input type="radio" name="replace-scope" checked={kind === 'subtree'} onChange={subtree} /> ett ansvar med allt under det:
        </label>
        <input
          ref={codeInput}
          aria-label="Ansvar vars utfall ersätts"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') subtree();
          }}
          placeholder="t.ex. 3110"
          inputMode="numeric"
          size={8}
        />
        <button type="button" onClick={subtree} disabled={code.trim() === ''}>
          Visa
        </button>
      </fieldset>
      <table className="plain" data-testid="replaced-per-period">
        <caption className="hint">Utfallet per period{where}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Nu i databasen, kr
            </th>
            <th scope="col" className="num">
              Enligt filen, kr
            </th>
            <th scope="col" className="num">
              Skillnad, kr
            </th>
            <th scope="col" className="num">
              Saldon som ersätts
            </th>
            <th scope="col" className="num">
              Kodsträngar i filen
            </th>
          </tr>
        </thead>
        <tbody>
          {check.periods.map((p) => {
            const r = check.replacedPerPeriod[p];
            if (!r) return null;
            return (
              <tr key={p} data-period={p} className={check.warnings.some((w) => w.period === p) ? 'row-warning' : undefined}>
                <td>{formatPeriod(Number(p))}</td>
                <td className="num">{formatKr(r.before)}</td>
                <td className="num">{formatKr(r.after)}</td>
                <td className="num">{formatKr(r.difference)}</td>
                <td className="num">{count(r.balancesReplaced)}</td>
                <td className="num">{count(r.fileBalances)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The warnings of a check, and the confirmation the import button waits for. */
export function ReplaceWarnings({ check, confirmed, onConfirm }: { check: LedgerCheck; confirmed: boolean; onConfirm(v: boolean): void }) {
  if (check.warnings.length === 0 || check.errorCount > 0) return null;
  return (
    <div className="banner banner-warning" role="alertdialog" aria-labelledby="import-warnings-title" aria-modal="false" data-testid="import-warnings">
      <p id="import-warnings-title">
        <strong>Kontrollera innan du läser in:</strong>
      </p>
      <ul>
        {check.warnings.map((w, i) => (
          <li key={i} data-kind={w.kind}>
            {w.message}
          </li>
        ))}
      </ul>
      <label>
        <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} data-testid="confirm-warnings" /> Jag har läst varningarna och vill läsa in filen ändå
      </label>
    </div>
  );
}
