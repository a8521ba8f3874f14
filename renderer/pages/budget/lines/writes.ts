import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ApplyResult, LineChange, LineTuple } from '../../../../electron/api/contract/index';
import { ApiError, call } from '../../../api';
import type { Plan, UnknownCode } from './edits';
import { MARK } from './grid-options';
import type { GridRow, Line, LinesModel } from './model';
import { putChanges, stepFrom, UndoStack } from './undo';
import { sessionValue } from '../../../state/session';

/** A change waiting for the user to confirm codes the master data lacks. */
export interface Pending {
  label: string;
  changes: LineChange[];
  unknown: UnknownCode[];
  after?: ((r: ApplyResult) => void) | undefined;
}

interface WritesInput {
  versionId: string;
  model: LinesModel;
  api: RefObject<GridApi<GridRow> | null>;
  showTotals: () => void;
  seeDimsOf: (rows: LineTuple[]) => void;
  onChanged: () => void;
  onReload: () => void;
}

/** What the undo button and its title say: the step's label. */
const undoLabels = (u: UndoStack) => ({ undo: u.peekUndo()?.label ?? null, redo: u.peekRedo()?.label ?? null });

/**
 * The lines' writes: one step after another through a queue, each in one
 * transaction, recorded for undo, with the messages and the status they leave.
 */
export function useLineWrites({ versionId, model, api, showTotals, seeDimsOf, onChanged, onReload }: WritesInput) {
  // Kept for the session per version: switching tabs or pages and coming back can still undo (renderer/state/session.ts).
  const undo = useRef(sessionValue(`budget.undo:${versionId}`, () => new UndoStack()));
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [undoLabel, setUndoLabel] = useState<{ undo: string | null; redo: string | null }>(() => undoLabels(undo.current));
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(0);

  const scheduleVerify = useVerifyTotals({ versionId, model, queue, setStatus, onReload });

  const refreshUndo = () => setUndoLabel({ undo: undo.current.peekUndo()?.label ?? null, redo: undo.current.peekRedo()?.label ?? null });

  /** Takes what the database returned into the model and the grid; the totals come from the model (checked later, see scheduleVerify). */
  const takeResult = useCallback(
    (result: ApplyResult) => {
      const changed = model.apply(result.rows, result.deleted);
      seeDimsOf(result.rows);
      const a = api.current;
      if (changed === null) a?.setGridOption('rowData', model.rows);
      else if (changed.length > 0) a?.applyTransaction({ update: changed });
      showTotals();
      MARK('totals-updated');
      scheduleVerify();
    },
    [model, showTotals, scheduleVerify, seeDimsOf, api],
  );

  const showError = (e: unknown) => {
    if (e instanceof ApiError) setErrors([e.message, ...e.shape.details.filter((d) => d.text !== e.message).map((d) => d.text)].slice(0, 12));
    else setErrors([e instanceof Error ? e.message : String(e)]);
  };

  /**
   * Runs one step: plans it against the model as it is when its turn comes
   * (steps run one after another, so a quick second edit sees the first),
   * writes it in one transaction and records it for undo.
   */
  const enqueue = useCallback(
    (label: string, plan: () => Plan | null, opts: { allowUnknown?: boolean; after?: (r: ApplyResult) => void } = {}) => {
      const task = async () => {
        const p = plan();
        if (!p) return;
        if (p.errors.length > 0) {
          setErrors(p.errors.slice(0, 12).concat(p.errors.length > 12 ? [`… och ${p.errors.length - 12} fel till.`] : []));
          setStatus(`${label}: inget ändrades.`);
          return;
        }
        if (p.changes.length === 0) return;
        if (p.unknown.length > 0 && !opts.allowUnknown) {
          setPending({ label, changes: p.changes, unknown: p.unknown, after: opts.after });
          return;
        }
        const snapshot = new Map<string, Line>();
        for (const c of p.changes) {
          const id = 'id' in c ? c.id : c.op === 'duplicate' ? c.fromId : null;
          const l = id === null ? undefined : model.lines.get(id);
          if (l) snapshot.set(l.id, l);
        }
        setBusy((b) => b + 1);
        try {
          MARK('apply-sent');
          const result = await call('budget.lines.apply', { versionId, changes: p.changes, allowUnknownCodes: opts.allowUnknown ?? false, withTotals: false });
          MARK('apply-returned');
          takeResult(result);
          const step = stepFrom(label, snapshot, result);
          if (step) undo.current.push(step);
          refreshUndo();
          setErrors([]);
          setStatus(`${label}: sparat.`);
          opts.after?.(result);
          if (result.created.length > 0 || result.deleted.length > 0) onChanged();
        } catch (e) {
          showError(e);
          setStatus(`${label}: inget ändrades.`);
        } finally {
          setBusy((b) => b - 1);
        }
      };
      queue.current = queue.current.then(task, task);
      return queue.current;
    },
    [model, versionId, takeResult, onChanged],
  );

  const undoRedo = useCallback(
    (which: 'undo' | 'redo') => {
      const task = async () => {
        const step = which === 'undo' ? undo.current.peekUndo() : undo.current.peekRedo();
        if (!step) return;
        setBusy((b) => b + 1);
        try {
          const changes = which === 'undo' ? putChanges(step.before, step.after) : putChanges(step.after, step.before);
          const result = await call('budget.lines.apply', { versionId, changes, allowUnknownCodes: true, withTotals: false });
          takeResult(result);
          if (which === 'undo') undo.current.markUndone();
          else undo.current.markRedone();
          refreshUndo();
          setErrors([]);
          setStatus(`${which === 'undo' ? 'Ångrade' : 'Gjorde om'}: ${step.label}.`);
          onChanged();
        } catch (e) {
          showError(e);
        } finally {
          setBusy((b) => b - 1);
        }
      };
      queue.current = queue.current.then(task, task);
    },
    [versionId, takeResult, onChanged],
  );

  /** The user confirmed the unknown codes: the waiting change is written. */
  const confirmPending = () => {
    const p = pending;
    setPending(null);
    if (p) void enqueue(p.label, () => ({ changes: p.changes, errors: [], unknown: p.unknown, lines: [], rows: 0, cols: 0 }), { allowUnknown: true, after: p.after });
  };

  return { undoLabel, errors, setErrors, status, setStatus, pending, setPending, busy, enqueue, undoRedo, confirmPending };
}

/**
 * When the user pauses, the totals the grid worked out are checked against
 * the database's own sums; if someone else (an import, another window)
 * changed the version, the lines are read again. The check waits its turn in
 * the queue of writes.
 */
function useVerifyTotals({ versionId, model, queue, setStatus, onReload }: { versionId: string; model: LinesModel; queue: RefObject<Promise<unknown>>; setStatus: (s: string) => void; onReload: () => void }) {
  const verifyTimer = useRef<number | undefined>(undefined);
  const scheduleVerify = useCallback(() => {
    window.clearTimeout(verifyTimer.current);
    verifyTimer.current = window.setTimeout(() => {
      const task = async () => {
        try {
          const t = await call('budget.lines.totals', { versionId });
          const same = t.lines === model.lines.size && t.yearOre === model.versionTotal.year && t.months.every((m, i) => m === model.versionTotal.m[i]);
          if (!same) {
            setStatus('Budgetversionen har ändrats utanför tabellen; raderna har lästs in på nytt.');
            onReload();
          }
        } catch {
          // A version removed meanwhile shows its own message on the next change.
        }
      };
      queue.current = queue.current.then(task, task);
    }, 1500);
  }, [model, versionId, onReload, queue, setStatus]);
  useEffect(() => () => window.clearTimeout(verifyTimer.current), []);
  return scheduleVerify;
}
