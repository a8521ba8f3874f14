import { useState, type DragEvent } from 'react';
import type { ChosenFileRef } from '../../../electron/api/contract/index';
import type { WorkbookChange, WorkbookImportResult } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { formatMoney } from '../../format';
import { useApi } from '../../useApi';
import { plural } from './labels';
import { WorkbookFiles } from './WorkbookFiles';
import { toError } from '../../use-action';

const XLSX_FILTERS = [{ name: 'Excel-arbetsbok', extensions: ['xlsx'] }];
const STATUS: Record<string, string> = { draft: 'Utkast', ready: 'Klar', approved: 'Godkänd', returned: 'Återskickad' };

/** A value of a change as the controller reads it: amounts in kronor, statuses in words. */
function shown(c: WorkbookChange, v: string | number | null): string {
  if (v === null || v === '') return '–';
  if (typeof v === 'number') return formatMoney(v, 'kr');
  return c.column.includes('Status') ? (STATUS[v] ?? v) : v;
}

/**
 * Arbetsböcker: the controller sends a chef's node (or each enhet of it) an
 * Excel workbook, and reads any number of them back as a list of
 * differences to accept all at once or row by row. Nothing is written
 * before she accepts.
 */
export function WorkbookSection({ onImported }: { onImported(): void }) {
  const lookups = useApi('planning.lookups', {}, 'workbook-lookups');
  const calendar = useApi('followup.calendar.get', {}, 'workbook-calendar');
  const [node, setNode] = useState('');
  const [round, setRound] = useState('budget');
  const [files, setFiles] = useState<ChosenFileRef[]>([]);
  const [result, setResult] = useState<WorkbookImportResult | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [overFrameOk, setOverFrameOk] = useState(false);

  const nodes = lookups.data?.nodes ?? [];
  const occasions = (calendar.data?.occasions ?? []).filter((o) => o.lockedAt === null);
  const selected = node || nodes[0]?.code || '';

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  /** One file per node: the node itself, or each enhet under it (a save dialog each). */
  const exportTo = (codes: string[]) =>
    run(async () => {
      let written = 0;
      for (const code of codes) {
        const file = await call('files.save', { title: `Spara arbetsboken för ${code}`, defaultName: `arbetsbok-${code}.xlsx`, filters: XLSX_FILTERS });
        if (!file) break;
        await call('workbook.export', { node: code, round, file: file.ref });
        written++;
      }
      setMessage(`${plural(written, 'arbetsbok', 'arbetsböcker')} sparade.`);
    });
  const units = nodes.filter((n) => n.level === 'unit' && isBelow(n.code, selected));
  function isBelow(code: string, ancestor: string): boolean {
    for (let n = nodes.find((x) => x.code === code); n; n = n.parentCode === null ? undefined : nodes.find((x) => x.code === n!.parentCode)) if (n.code === ancestor) return true;
    return false;
  }

  const read = (list: ChosenFileRef[]) =>
    run(async () => {
      const r = await call('workbook.import', { files: list.map((f) => f.ref) });
      setResult(r);
      setChosen(new Set(r.changes.map((c) => c.id)));
    });

  const accept = (ids: 'all' | string[]) =>
    run(async () => {
      const r = await call('workbook.import', { files: files.map((f) => f.ref), accept: ids, overFrameOk });
      const round = r.round.map((h) => `${h.node} ${h.status === 'approved' ? 'godkänd' : 'inlämnad, rader kvar att godkänna'}`).join(', ');
      // The files read again first, so the message never stands beside the differences that were just accepted.
      const again = await call('workbook.import', { files: files.map((f) => f.ref) });
      setResult(again);
      setChosen(new Set(again.changes.map((c) => c.id)));
      setMessage(r.accepted ? `${plural(r.accepted.applied, 'ändring', 'ändringar')} inlästa. En säkerhetskopia togs först.${round ? ` Budgetrundan: ${round}.` : ''}` : 'Inget att läsa in.');
      onImported();
    });

  /** Sends one file back with the note; it leaves the list, so nothing of it is accepted by mistake. */
  const sendBack = (index: number, note: string) =>
    run(async () => {
      const f = files[index];
      if (!f) return;
      const r = await call('workbook.return', { file: f.ref, note });
      const rest = files.filter((x) => x !== f);
      setFiles(rest);
      setMessage(`${r.file} skickades tillbaka till ${r.node} med meddelandet. Inget i filen lästes in.`);
      const again = rest.length > 0 ? await call('workbook.import', { files: rest.map((x) => x.ref) }) : null;
      setResult(again);
      setChosen(new Set(again?.changes.map((c) => c.id) ?? []));
      onImported();
    });

  const add = (more: ChosenFileRef[]) => {
    const next = [...files, ...more.filter((m) => !files.some((f) => f.ref === m.ref))];
    setFiles(next);
    void read(next);
  };

  const onDrop = async (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    try {
      add(await Promise.all([...e.dataTransfer.files].map((f) => window.ramkoll.grantDroppedFile(f))));
    } catch (err) {
      setError(toError(err));
    }
  };

  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };

  const rows: (WorkbookChange & { conflict: boolean; exported?: string | number | null })[] = result ? [...result.changes.map((c) => ({ ...c, conflict: false })), ...result.conflicts.map((c) => ({ ...c, conflict: true }))] : [];

  return (
    <section aria-labelledby="workbook-title" className="card drop-target" data-testid="workbooks" onDragOver={(e) => e.preventDefault()} onDrop={(e) => void onDrop(e)}>
      <h2 id="workbook-title">Arbetsböcker i Excel</h2>
      <p className="hint">För chefer som inte använder Ramkoll: en arbetsbok per nod där bara chefens celler är öppna. Läs in de ifyllda filerna här (välj eller släpp flera på en gång); inget ändras förrän du godkänner.</p>
      <div className="form-row">
        <label>
          Nod
          <select value={selected} onChange={(e) => setNode(e.target.value)} data-testid="workbook-node">
            {nodes.map((n) => (
              <option key={n.code} value={n.code}>
                {'\u00a0'.repeat(n.depth * 2)}
                {n.code} {n.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Omgång
          <select value={round} onChange={(e) => setRound(e.target.value)} data-testid="workbook-round">
            <option value="budget">Budget (arbetsversionen)</option>
            {occasions.map((o) => (
              <option key={o.id} value={`occasion:${o.period}`}>
                Uppföljning: {o.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button type="button" disabled={busy || selected === ''} onClick={() => void exportTo([selected])} data-testid="workbook-export">
          Exportera arbetsbok…
        </button>
        <button type="button" disabled={busy || units.length === 0} onClick={() => void exportTo(units.map((u) => u.code))} data-testid="workbook-export-units">
          En fil per enhet ({units.length})…
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const f = await call('files.open', { title: 'Välj en ifylld arbetsbok', filters: XLSX_FILTERS });
              if (f) add([f]);
            })
          }
          data-testid="workbook-choose"
        >
          Läs in arbetsbok…
        </button>
      </div>
      {error && <ErrorBanner error={error} />}
      {message && (
        <p role="status" data-testid="workbook-message">
          {message}
        </p>
      )}
      {result && (
        <div data-testid="workbook-result">
          <p>
            {plural(result.files, 'fil', 'filer')}: {plural(result.changes.length, 'ändring', 'ändringar')}, {plural(result.conflicts.length, 'konflikt', 'konflikter')},{' '}
            {plural(result.refused.length, 'avvisad', 'avvisade')}, {plural(result.errors.length, 'fel', 'fel')}.
          </p>
          <WorkbookFiles result={result} busy={busy} onAccept={(ids) => void accept(ids)} onReturn={(index, note) => void sendBack(index, note)} />
          {rows.length > 0 && (
            <>
              <table className="data-table" data-testid="workbook-changes">
                <thead>
                  <tr>
                    <th scope="col">Godkänn</th>
                    <th scope="col">Fil och rad</th>
                    <th scope="col">Ändring</th>
                    <th scope="col">I Ramkoll</th>
                    <th scope="col">I filen</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id} className={c.conflict ? 'conflict' : undefined}>
                      <td>
                        <input type="checkbox" checked={chosen.has(c.id)} onChange={() => toggle(c.id)} aria-label={`Godkänn ${c.what}`} />
                      </td>
                      <td>
                        {c.file}, {c.sheet} rad {c.row}
                      </td>
                      <td>
                        {c.what}
                        {c.conflict && <strong> – konflikt: ändrad i Ramkoll efter exporten</strong>}
                      </td>
                      <td>{shown(c, c.before)}</td>
                      <td>{shown(c, c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="actions">
                <button type="button" disabled={busy || result.changes.length === 0} onClick={() => void accept('all')} data-testid="workbook-accept-all">
                  Godkänn alla ändringar
                </button>
                <button type="button" disabled={busy || chosen.size === 0} onClick={() => void accept([...chosen])} data-testid="workbook-accept-chosen">
                  Godkänn valda ({chosen.size})
                </button>
                <label>
                  <input type="checkbox" checked={overFrameOk} onChange={(e) => setOverFrameOk(e.target.checked)} data-testid="workbook-over-frame-ok" /> Godkänn även om ett ansvar går över sin ram
                </label>
              </div>
            </>
          )}
          {(result.refused.length > 0 || result.errors.length > 0) && (
            <ul className="problems" data-testid="workbook-problems">
              {result.errors.map((p) => (
                <li key={`e${p.text}`}>Fel: {p.text}</li>
              ))}
              {result.refused.map((p) => (
                <li key={`r${p.text}`}>Avvisad: {p.text}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
