import type { LedgerImportResult } from '../../../electron/api/contract/index';
import { formatKr } from './CheckView';
import { count } from '../../format';

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
          <strong>Inläst:</strong> {count(result.rows, 'rad', 'rader')}, {count(result.periods.length, 'period', 'perioder')} ({result.periods.join(', ')}), summa{' '}
          {formatKr(result.total)} kr. {count(result.replacedBalances, 'tidigare saldo', 'tidigare saldon')}{scope} ersattes{result.unknownCodes > 0 ? `; ${count(result.unknownCodes, 'okänd kod', 'okända koder')} lästes in för sig` : ''}. Inläsningen kan ångras i historiken nedan.
        </p>
      )}
    </div>
  );
}
