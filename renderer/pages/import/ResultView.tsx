import type { LedgerImportResult } from '../../../electron/api/contract/ledger';
import { formatKr } from './CheckView';

/** What the import did. */
export function ResultView({ result }: { result: LedgerImportResult }) {
  if (result.errorCount > 0) return null;
  if (result.needsConfirmation) {
    return (
      <p className="banner banner-warning" role="status" data-testid="import-result">
        Inget lästes in: utfallet i databasen har ändrats sedan förhandsgranskningen. Läs varningarna ovan och bekräfta igen.
      </p>
    );
  }
  const scope =
    result.replaceScope.kind === 'subtree'
      ? ` för ansvar ${result.replaceScope.responsibility} med allt under`
      : result.replaceScope.kind === 'file'
        ? ` för filens ansvar (${(result.replacedResponsibilities ?? []).join(', ')})`
        : '';
  return (
    <div className="banner-ok" role="status" id="import-result" tabIndex={-1} data-testid="import-result">
      {result.unchanged ? (
        <p>Filens utfall finns redan i databasen: inget ändrades.</p>
      ) : (
        <p>
          <strong>Inläst:</strong> {result.rows.toLocaleString('sv-SE')} rader, {result.periods.length} {result.periods.length === 1 ? 'period' : 'perioder'} ({result.periods.join(', ')}), summa{' '}
          {formatKr(result.total)} kr. {result.replacedBalances} tidigare saldon{scope} ersattes{result.unknownCodes > 0 ? `; ${result.unknownCodes} okända koder lästes in för sig` : ''}. Inläsningen kan ångras i historiken nedan.
        </p>
      )}
    </div>
  );
}
