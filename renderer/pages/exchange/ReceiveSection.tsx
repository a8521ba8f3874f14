import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { Acceptance, ImportResult, PackageInspection, SenderDecision } from '../../../electron/api/contract/index';
import type { ChosenFileRef } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { dateTime, PACKAGE_FILTERS, plural, ROLE_LABEL } from './labels';
import { usePendingPackage } from '../../app-events';
import { toError } from '../../use-action';

/** Where the package to read in comes from: a file chosen in a dialog, or one found in the watched folder. */
export type PackageSource = { kind: 'file'; file: ChosenFileRef } | { kind: 'folder'; packageId: string; fileName: string };

interface Props {
  /** A package chosen elsewhere on the page (the watched folder). */
  source: PackageSource | null;
  onSource(source: PackageSource | null): void;
  /** Called after an import, so that the rest of the page reloads. */
  onImported(): void;
}

export function ReceiveSection({ source, onSource, onImported }: Props) {
  const [inspection, setInspection] = useState<PackageInspection | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<Acceptance[]>([]);
  const cardRef = useRef<HTMLHeadingElement>(null);

  const [dragging, setDragging] = useState(false);

  // A .ramkoll file opened from outside (double-clicked, or given on the command line): show it and ask.
  usePendingPackage(useCallback((file) => onSource({ kind: 'file', file }), [onSource]));

  const onDrop = async (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (!dropped) return;
    setError(null);
    try {
      onSource({ kind: 'file', file: await window.ramkoll.grantDroppedFile(dropped) });
    } catch (err) {
      setError(toError(err));
    }
  };

  useEffect(() => {
    setInspection(null);
    setError(null);
    setAccepted([]);
    if (!source) return;
    setResult(null);
    let live = true;
    const ask = source.kind === 'file' ? call('exchange.inspect', { file: source.file.ref }) : call('exchange.folder.inspect', { packageId: source.packageId });
    ask.then(
      (i) => {
        if (!live) return;
        setInspection(i);
      },
      (e: unknown) => live && setError(e as Error),
    );
    return () => {
      live = false;
    };
  }, [source]);

  // The package that came in gets focus, so a keyboard or screen-reader user reads what it is before reading it in.
  useEffect(() => {
    if (inspection) cardRef.current?.focus();
  }, [inspection]);

  const choose = async () => {
    setError(null);
    try {
      const file = await call('files.open', { title: 'Välj ett paket att läsa in', filters: PACKAGE_FILTERS });
      if (file) onSource({ kind: 'file', file });
    } catch (e) {
      setError(e as Error);
    }
  };

  const importIt = async () => {
    if (!source) return;
    setBusy(true);
    setError(null);
    try {
      const accept = accepted;
      const r =
        source.kind === 'file' ? await call('exchange.import', { file: source.file.ref, accept }) : await call('exchange.folder.import', { packageId: source.packageId, accept });
      setResult(r);
      onSource(null);
      onImported();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-labelledby="receive-title"
      className={dragging ? 'card drop-target dragging' : 'card drop-target'}
      data-testid="receive"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <h2 id="receive-title">Läs in paket</h2>
      <p className="hint">
        Välj ett paket, släpp det här, eller dubbelklicka på det i utforskaren. Ändringar som redan finns här hoppas över, så ett paket kan läsas in flera gånger och i vilken ordning som helst. En
        säkerhetskopia tas först.
      </p>
      <div className="actions">
        <button type="button" onClick={() => void choose()} data-testid="choose-package">
          Välj paket…
        </button>
      </div>
      {error && <ErrorBanner error={error} />}
      {inspection && (
        <div className="package-card" data-testid="inspection">
          <h3 tabIndex={-1} ref={cardRef}>
            {inspection.fileName}
          </h3>
          <dl className="pairs">
            <dt>Innehåll</dt>
            <dd>
              {inspection.kindName}, {plural(inspection.changes, 'ändrat fält', 'ändrade fält')}
              {inspection.outcomePeriods.length > 0 && `, utfall för ${plural(inspection.outcomePeriods.length, 'period', 'perioder')}`}
              {inspection.occasion && `, ${inspection.occasion}`}
            </dd>
            <dt>Från</dt>
            <dd>
              {inspection.sender.name} ({ROLE_LABEL[inspection.sender.role]}
              {inspection.sender.scopeCode ? ` ${inspection.sender.scopeCode}` : ''}), skapat {dateTime(inspection.created)}
            </dd>
            <dt>Nyckelns fingeravtryck</dt>
            <dd className="mono" data-testid="sender-fingerprint">
              {inspection.sender.fingerprint}
            </dd>
          </dl>
          {inspection.contents.length > 0 && (
            <ul className="contents">
              {inspection.contents.map((c) => (
                <li key={c.table}>
                  {c.label}: {plural(c.rows, 'rad', 'rader')}
                </li>
              ))}
            </ul>
          )}
          {inspection.alreadyImportedAt && <p className="banner banner-info">Paketet lästes redan in {dateTime(inspection.alreadyImportedAt)}; att läsa in det igen ändrar ingenting.</p>}
          {!inspection.alreadyImportedAt && inspection.decisions.length > 0 && (
            <SenderDecisions
              inspection={inspection}
              accepted={accepted}
              onChange={(kind, on) => setAccepted((a) => (on ? [...a.filter((k) => k !== kind), kind] : a.filter((k) => k !== kind)))}
            />
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void importIt()} disabled={busy || !ready(inspection, accepted)} data-testid="import-package">
              {!inspection.alreadyImportedAt && inspection.decisions.length > 0 ? 'Godta och läs in' : 'Läs in paketet'}
            </button>
            <button type="button" onClick={() => onSource(null)} disabled={busy}>
              Avbryt
            </button>
          </div>
        </div>
      )}
      {result && <ImportResultView result={result} />}
    </section>
  );
}

/** Every decision the package needs is accepted, and may be (a replay needs none). */
function ready(i: PackageInspection, accepted: readonly Acceptance[]): boolean {
  if (i.alreadyImportedAt) return true;
  return i.decisions.every((d) => d.refusal === null && accepted.includes(d.kind));
}

function acceptLabel(d: SenderDecision, i: PackageInspection): string {
  const scope = i.sender.scopeCode ? ` för ${i.sender.scopeCode}` : ' för hela organisationen';
  switch (d.kind) {
    case 'sender':
      return `Jag har jämfört fingeravtrycket med ${i.sender.name} och godtar avsändaren som ${ROLE_LABEL[i.sender.role].toLowerCase()}${scope}`;
    case 'key':
      return 'Jag har jämfört det nya fingeravtrycket med avsändaren och litar på den nya nyckeln';
    case 'role':
      return `Jag godtar att ${i.known?.name ?? i.sender.name} från och med nu är ${ROLE_LABEL[i.sender.role].toLowerCase()}${scope}`;
    case 'name':
      return `Jag godtar det nya namnet "${i.sender.name}"`;
  }
}

/**
 * What must be accepted about the sender before the package is read in, each
 * on its own: a new sender, a new key, a new role or scope, a new name.
 */
function SenderDecisions({ inspection, accepted, onChange }: { inspection: PackageInspection; accepted: readonly Acceptance[]; onChange(kind: Acceptance, on: boolean): void }) {
  return (
    <div className="banner banner-warning" role="group" aria-label="Att godta om avsändaren" data-testid="sender-decisions">
      {inspection.decisions.map((d) => (
        <div key={d.kind} data-testid={`decision-${d.kind}`}>
          <p>{d.message}</p>
          {d.refusal ? (
            <p>
              <strong>Kan inte godtas här:</strong> {d.refusal}
            </p>
          ) : (
            <label>
              <input type="checkbox" checked={accepted.includes(d.kind)} onChange={(e) => onChange(d.kind, e.target.checked)} /> {acceptLabel(d, inspection)}
            </label>
          )}
        </div>
      ))}
    </div>
  );
}

function ImportResultView({ result }: { result: ImportResult }) {
  return (
    <div className="package-card" role="status" data-testid="import-result">
      <h3>
        {result.fileName}: {result.alreadyImported ? 'redan inläst' : 'inläst'}
      </h3>
      <dl className="facts">
        <div>
          <dt>Inlästa</dt>
          <dd data-testid="applied">{result.applied}</dd>
        </div>
        <div>
          <dt>Redan här</dt>
          <dd data-testid="skipped">{result.skipped}</dd>
        </div>
        <div>
          <dt>Konflikter</dt>
          <dd data-testid="conflicts">{result.conflicts}</dd>
        </div>
        <div>
          <dt>Avvisade</dt>
          <dd data-testid="refused">{result.refused}</dd>
        </div>
      </dl>
      {result.outcomeRows > 0 && <p>Utfall: {plural(result.outcomeRows, 'rad', 'rader')} för {plural(result.outcomePeriods.length, 'period', 'perioder')}.</p>}
      {result.notes.map((n, i) => (
        <p key={i}>{n}</p>
      ))}
      {result.refusedItems.length > 0 && (
        <table className="data-table">
          <caption>Avvisade ändringar</caption>
          <thead>
            <tr>
              <th scope="col">Vad</th>
              <th scope="col">Fält</th>
              <th scope="col">Varför</th>
            </tr>
          </thead>
          <tbody>
            {result.refusedItems.map((x, i) => (
              <tr key={i}>
                <td>
                  {x.label} <span className="mono">{x.rowId.slice(0, 8)}</span>
                </td>
                <td>{x.field}</td>
                <td>{x.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
