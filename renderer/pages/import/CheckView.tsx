import type { LedgerCheck } from '../../../electron/api/contract/index';
import { formatCount, formatPeriod } from '../../format';
import { columnLetter } from './columns';

const kr = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const formatKr = (ore: number) => kr.format(ore / 100);

const ROLE_NAME = { title: 'titelrad', header: 'rubrikrad', data: '', skipped: 'utelämnad', error: 'fel' } as const;

/** The preview: the file's first rows with problems highlighted, errors, control totals and the unknown-code bucket. */
export function CheckView({ check }: { check: LedgerCheck }) {
  const width = Math.max(check.headers.length, ...check.preview.map((r) => r.cells.length));
  const mapped = new Set(Object.values(check.columns));
  return (
    <div data-testid="preview">
      <h2>Förhandsgranskning av {check.file.fileName}</h2>
      <p className="hint">
        {check.file.format.toUpperCase()}
        {check.file.encoding ? `, ${check.file.encoding}` : ''}
        {check.file.delimiter ? `, avgränsare "${check.file.delimiter === '\t' ? 'tabb' : check.file.delimiter}"` : ''}
        {check.file.sheet ? `, blad ${check.file.sheet} (av ${check.file.sheetNames.join(', ')})` : ''}
      </p>
      <div className="preview-wrap" tabIndex={0} aria-label="Filens första rader">
        <table className="preview">
          <thead>
            <tr>
              <th scope="col">Rad</th>
              {Array.from({ length: width }, (_, i) => (
                <th scope="col" key={i}>
                  {check.headers[i] || columnLetter(i)}
                </th>
              ))}
              <th scope="col">Anmärkning</th>
            </tr>
            {check.columnNotes.length > 0 && (
              <tr className="col-read" data-testid="column-notes">
                <th scope="row">Läses som</th>
                {Array.from({ length: width }, (_, i) => {
                  const n = check.columnNotes.find((x) => x.index === i);
                  return (
                    <td key={i} title={n?.why} className={n?.read ? 'col-mapped' : undefined}>
                      {n ? (n.read ?? 'läses inte') : ''}
                      {n && <span className="sr-only"> ({n.why})</span>}
                    </td>
                  );
                })}
                <td />
              </tr>
            )}
          </thead>
          <tbody>
            {check.preview.map((r) => (
              <tr key={r.line} className={`row-${r.role}`}>
                <td>{r.line}</td>
                {Array.from({ length: width }, (_, i) => {
                  const problem = r.problems.find((p) => p.index === i);
                  return (
                    <td key={i} className={problem ? 'cell-problem' : mapped.has(i) && r.role === 'data' ? 'col-mapped' : undefined} title={problem?.message}>
                      {r.cells[i] ?? ''}
                      {problem && <span className="sr-only"> (fel: {problem.message})</span>}
                    </td>
                  );
                })}
                <td>{r.reason ?? (r.role === 'error' ? r.problems.map((p) => p.message).join('; ') : ROLE_NAME[r.role])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {check.errors.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="problems">
          <p>
            <strong>{formatCount(check.errorCount)} fel</strong> – inget läses in förrän de är rättade.
          </p>
          <ul className="problem-list">
            {check.errors.slice(0, 200).map((e, i) => (
              <li key={i}>
                {check.file.fileName}, {e.line > 0 ? `rad ${e.line}` : 'hela filen'}
                {e.column ? `, kolumn ${e.column}` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>Kontrollsummor</h3>
      <table className="plain" data-testid="control-totals">
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Rader
            </th>
            <th scope="col" className="num">
              Summa, kr
            </th>
          </tr>
        </thead>
        <tbody>
          {check.periods.map((p) => (
            <tr key={p} data-period={p}>
              <td>{formatPeriod(Number(p))}</td>
              <td className="num">{check.rowsPerPeriod[p]}</td>
              <td className="num">{formatKr(check.totalsPerPeriod[p]!)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Totalt</th>
            <td className="num">{formatCount(check.rows)}</td>
            <td className="num" data-testid="total">
              {formatKr(check.total)}
            </td>
          </tr>
        </tbody>
      </table>
      {check.investment.projects.length > 0 && (
        <>
          <h3>Investeringsutfall per projekt</h3>
          <p className="hint">Rader på investeringskonton (klass 1) med projektkod. De läses in som investeringsutfall, inte som driftutfall, och ångras med inläsningen.</p>
          <table className="plain" data-testid="investment-outcome">
            <thead>
              <tr>
                <th scope="col">Projekt</th>
                <th scope="col">Namn</th>
                <th scope="col">Konton</th>
                <th scope="col" className="num">
                  Summa, kr
                </th>
              </tr>
            </thead>
            <tbody>
              {check.investment.projects.map((p) => (
                <tr key={p.code}>
                  <td>{p.code}</td>
                  <td>{p.name ?? 'finns inte i investeringsbudgeten'}</td>
                  <td>{p.accounts.join(', ')}</td>
                  <td className="num">{formatKr(p.ore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {check.unknown.length > 0 && (
        <>
          <h3>Okända koder ({formatCount(check.unknownCodes)})</h3>
          <p className="hint">Koderna finns inte i grunddata. Utfallet läses in ändå och visas för sig, så att summan stämmer med ekonomisystemet.</p>
          <table className="plain" data-testid="unknown-codes">
            <thead>
              <tr>
                <th scope="col">Dimension</th>
                <th scope="col">Kod</th>
                <th scope="col">Namn i filen</th>
                <th scope="col" className="num">
                  Summa, kr
                </th>
              </tr>
            </thead>
            <tbody>
              {check.unknown.map((u) => (
                <tr key={`${u.dimension}-${u.code}`}>
                  <td>{u.dimension}</td>
                  <td>{u.code || '(tom)'}</td>
                  <td>{u.name ?? ''}</td>
                  <td className="num">{formatKr(u.ore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {(check.notes.length > 0 || check.skippedRows.length > 0) && (
        <details>
          <summary>
            Anteckningar ({formatCount(check.notes.length)}) och utelämnade rader ({formatCount(check.skippedCount)})
          </summary>
          <ul>
            {check.notes.map((n, i) => (
              <li key={`n${i}`}>{n}</li>
            ))}
            {check.skippedRows.slice(0, 200).map((s) => (
              <li key={`s${s.line}`}>
                Rad {s.line}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
