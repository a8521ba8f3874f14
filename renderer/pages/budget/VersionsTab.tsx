import { useState, type FormEvent } from 'react';
import type { BudgetVersionInfo, CopiedParts, OverFrameNode } from '../../../electron/api/contract/index';
import { ApiError, call } from '../../api';
import { CompareVersions } from './versions/CompareVersions';
import { ConfirmLockOverFrame, OverFrameRecord } from './versions/OverFrame';
import type { BudgetTabProps } from './types';
import { formatDate } from '../../../shared/dates';
import { count, formatCount } from '../../format';

export const KIND_NAMES: Record<BudgetVersionInfo['kind'], string> = { adopted: 'ursprunglig budget', revision: 'revidering', draft: 'arbetsversion' };

type RowAction = { id: string; kind: 'lock' | 'rename' | 'delete' } | null;

/** "1 234 rader, 12 ramar, 18 befattningar och 7 verksamhetsförändringar" (the parts there are). */
function partsText([lines, frames, positions, changes]: [number, number, number, number]): string {
  const parts = [count(lines, 'rad', 'rader')];
  if (frames > 0) parts.push(count(frames, 'ram', 'ramar'));
  if (positions > 0) parts.push(count(positions, 'befattning', 'befattningar'));
  if (changes > 0) parts.push(count(changes, 'verksamhetsförändring', 'verksamhetsförändringar'));
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]!}`;
}

const copiedText = (r: CopiedParts) =>
  partsText([r.copiedLines, r.copiedFrames, r.copiedPositions, r.copiedChanges]) +
  (r.mergedLines > 0 ? ` (${count(r.mergedLines, 'rad', 'rader')} med samma kodsträng som en annan slogs ihop med den)` : '');

/** Versioner: the adopted budget, revisions and drafts of the year; make, rename, lock, remove and compare them. */
export function VersionsTab({ year, version, versions, reloadVersions, selectVersion }: BudgetTabProps) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'draft' | 'revision'>('draft');
  const [basedOn, setBasedOn] = useState<string>(version?.id ?? '');
  const [action, setAction] = useState<RowAction>(null);
  const [text, setText] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [working, setWorking] = useState(false);
  // Nodes over their ram, shown for a confirmation before the version is locked.
  const [overFrame, setOverFrame] = useState<{ id: string; nodes: OverFrameNode[] } | null>(null);

  const byId = new Map(versions.map((v) => [v.id, v]));

  const run = async (label: string, fn: () => Promise<string>) => {
    setWorking(true);
    try {
      const message = await fn();
      setError('');
      setStatus(message);
      setAction(null);
      setOverFrame(null);
      reloadVersions();
    } catch (e) {
      setError(`${label}: ${e instanceof ApiError ? e.message : String(e)}`);
    } finally {
      setWorking(false);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run('Ny version', async () => {
      const r = await call('budget.versions.create', { year, name: name.trim(), kind, basedOnId: basedOn === '' ? null : basedOn });
      selectVersion(r.id);
      setName('');
      return `Versionen "${name.trim()}" skapades ${basedOn === '' ? 'tom' : `som en kopia: ${copiedText(r)}`}.`;
    });
  };

  const lock = (v: BudgetVersionInfo, overFrameOk: boolean) =>
    void run('Lås', async () => {
      // No date chosen: the app records today's (the handler's clock).
      const r = await call('budget.versions.lock', { id: v.id, decisionRef: text, overFrameOk, ...(decidedOn ? { decidedOn } : {}) });
      return (
        `"${v.name}" är låst som ${KIND_NAMES[r.kind]} (${text.trim()})${r.overFrame ? `, över ramen för ${formatCount(r.overFrame.nodes.length)} ansvar` : ''}.` +
        (r.kind === 'revision' ? ' Den är budget i kraft från beslutsdatumet.' : '')
      );
    });

  const confirmAction = (v: BudgetVersionInfo) => {
    if (!action) return;
    if (action.kind === 'lock') {
      if (text.trim() === '') {
        setError('Lås: ange beslutsreferensen, till exempel "SN 2025-11-26 § 98".');
        return;
      }
      // Over the ram, the user sees the nodes and confirms before anything is locked.
      void (async () => {
        setWorking(true);
        try {
          const frames = await call('planning.frames.get', { versionId: v.id });
          const nodes = frames.nodes
            .filter((n) => n.frameOre !== null && n.differenceOre !== null && n.differenceOre < 0)
            .map((n) => ({ code: n.code, name: n.name, frameOre: n.frameOre!, budgetedOre: n.budgetedOre, overOre: -n.differenceOre! }));
          setError('');
          if (nodes.length > 0) setOverFrame({ id: v.id, nodes });
          else lock(v, false);
        } catch (e) {
          setError(`Lås: ${e instanceof ApiError ? e.message : String(e)}`);
        } finally {
          setWorking(false);
        }
      })();
    } else if (action.kind === 'rename') {
      void run('Byt namn', async () => {
        await call('budget.versions.rename', { id: v.id, name: text });
        return `Versionen heter nu "${text.trim()}".`;
      });
    } else {
      void run('Ta bort', async () => {
        const r = await call('budget.versions.delete', { id: v.id });
        return `"${v.name}" togs bort med ${partsText([r.deletedLines, r.deletedFrames, r.deletedPositions, r.deletedChanges])}. En säkerhetskopia togs först.`;
      });
    }
  };

  return (
    <div>
      <h2>Budgetversioner {year}</h2>
      <p className="hint">
        Den ursprungliga budgeten låses när den är beslutad och kan sedan inte ändras. Ändringar görs i en arbetsversion eller revidering som utgår från den. Uppföljningen jämför mot
        budgeten i kraft: den ursprungliga budgeten, från beslutsdatumet ersatt av en beslutad (låst) revidering, plus omfördelningarna beslutade till och med periodens sista dag.
      </p>
      <table className="versions" data-testid="versions-table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Slag</th>
            <th scope="col">Status</th>
            <th scope="col">Beslut</th>
            <th scope="col">Utgår från</th>
            <th scope="col" className="num">
              Rader
            </th>
            <th scope="col">Åtgärder</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-version={v.name} aria-current={v.id === version?.id ? 'true' : undefined}>
              <th scope="row">
                {v.name}
                {v.current ? ' (budget i kraft)' : ''}
              </th>
              <td>{KIND_NAMES[v.kind]}</td>
              <td>
                {v.lockedAt ? `låst, beslutad ${v.decidedOn ?? formatDate(v.lockedAt)}` : 'öppen'}
                {v.overFrame && <OverFrameRecord ack={v.overFrame} />}
              </td>
              <td>{v.decisionRef ?? ''}</td>
              <td>{v.basedOnId ? (byId.get(v.basedOnId)?.name ?? 'borttagen version') : ''}</td>
              <td className="num">{formatCount(v.lines)}</td>
              <td>
                {overFrame?.id === v.id ? (
                  <ConfirmLockOverFrame
                    versionName={v.name}
                    decisionRef={text}
                    nodes={overFrame.nodes}
                    working={working}
                    onConfirm={() => lock(v, true)}
                    onCancel={() => {
                      setOverFrame(null);
                      setAction(null);
                    }}
                  />
                ) : action?.id === v.id ? (
                  <form
                    className="versions-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      confirmAction(v);
                    }}
                  >
                    {action.kind !== 'delete' && (
                      <label>
                        {action.kind === 'lock' ? 'Beslutsreferens' : 'Nytt namn'}
                        <input value={text} onChange={(e) => setText(e.target.value)} autoFocus placeholder={action.kind === 'lock' ? 'SN 2026-03-12 § 45' : ''} />
                      </label>
                    )}
                    {action.kind === 'lock' && (
                      <label>
                        Beslutsdatum
                        <input type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} max={`${year}-12-31`} />
                      </label>
                    )}
                    {action.kind === 'lock' && (
                      <span className="field-hint">Tomt beslutsdatum: i dag. En låst version kan inte ändras eller tas bort; en låst revidering är budget i kraft från beslutsdatumet.</span>
                    )}
                    <button type="submit" disabled={working} autoFocus={action.kind === 'delete'}>
                      {action.kind === 'lock' ? 'Lås versionen' : action.kind === 'rename' ? 'Spara namn' : `Ta bort ${v.name}`}
                    </button>
                    <button type="button" onClick={() => setAction(null)}>
                      Avbryt
                    </button>
                  </form>
                ) : (
                  <span className="versions-actions">
                    <button type="button" onClick={() => selectVersion(v.id)} disabled={v.id === version?.id}>
                      Välj
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setAction({ id: v.id, kind: 'rename' });
                        setText(v.name);
                      }}
                    >
                      Byt namn
                    </button>
                    {!v.lockedAt && (
                      <button
                        type="button"
                        onClick={() => {
                          setAction({ id: v.id, kind: 'lock' });
                          setText('');
                          setDecidedOn('');
                        }}
                      >
                        Lås som beslutad
                      </button>
                    )}
                    {!v.lockedAt && (
                      <button type="button" onClick={() => setAction({ id: v.id, kind: 'delete' })}>
                        Ta bort
                      </button>
                    )}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-status" role="status" aria-live="polite">
        {status}
      </p>

      <h2>Ny version</h2>
      <form className="versions-form" onSubmit={create} aria-label="Ny budgetversion">
        <label>
          Namn
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Slag
          <select value={kind} onChange={(e) => setKind(e.target.value as 'draft' | 'revision')}>
            <option value="draft">arbetsversion</option>
            <option value="revision">revidering</option>
          </select>
        </label>
        <label>
          Utgår från
          <select value={basedOn} onChange={(e) => setBasedOn(e.target.value)}>
            <option value="">ingen (tom version)</option>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={working}>
          Skapa version
        </button>
      </form>

      {versions.length >= 2 && <CompareVersions versions={versions} defaultB={version?.id ?? null} />}
    </div>
  );
}
