import type { ApplyResult, LineChange, LineState } from '../../../../electron/api/contract/index';
import { lineFromTuple, stateOf, type Line } from './model';

/**
 * One step the user can undo: the state of every line it touched before and
 * after (null: the line did not exist). Undo and redo put those states back
 * with `put` changes, so a step of any kind (an edit, a paste, a bulk action)
 * is undone as one step, in one transaction.
 */
export interface UndoStep {
  label: string;
  before: Map<string, LineState | null>;
  after: Map<string, LineState | null>;
}

/** Builds the step from the lines the change named, as they were before it, and what the change returned. */
export function stepFrom(label: string, snapshot: ReadonlyMap<string, Line>, result: ApplyResult): UndoStep | null {
  const before = new Map<string, LineState | null>();
  const after = new Map<string, LineState | null>();
  for (const t of result.rows) {
    const prev = snapshot.get(t[0]);
    before.set(t[0], prev ? stateOf(prev) : null);
    after.set(t[0], stateOf(lineFromTuple(t)));
  }
  for (const id of result.deleted) {
    const prev = snapshot.get(id);
    if (!prev) continue;
    before.set(id, stateOf(prev));
    after.set(id, stateOf(prev, true));
  }
  return before.size === 0 ? null : { label, before, after };
}

/** The changes that put one side of a step back. */
export function putChanges(states: Map<string, LineState | null>, other: Map<string, LineState | null>): LineChange[] {
  const out: LineChange[] = [];
  for (const [id, state] of states) {
    const s = state ?? { ...other.get(id)!, deleted: true };
    out.push({ op: 'put', id, state: s });
  }
  return out;
}

/**
 * Steps to undo and redo: at most `limit` steps, and at most `maxLines` line
 * states in all (a bulk change of 50 000 lines is one step but many states),
 * dropping the oldest steps first.
 */
export class UndoStack {
  private readonly done: UndoStep[] = [];
  private readonly undone: UndoStep[] = [];
  constructor(
    private readonly limit = 200,
    private readonly maxLines = 300_000,
  ) {}

  push(step: UndoStep): void {
    this.done.push(step);
    this.undone.length = 0;
    let lines = this.done.reduce((n, s) => n + s.before.size, 0);
    while (this.done.length > 1 && (this.done.length > this.limit || lines > this.maxLines)) lines -= this.done.shift()!.before.size;
  }

  peekUndo(): UndoStep | undefined {
    return this.done[this.done.length - 1];
  }

  peekRedo(): UndoStep | undefined {
    return this.undone[this.undone.length - 1];
  }

  /** Call after the undo was applied. */
  markUndone(): void {
    const s = this.done.pop();
    if (s) this.undone.push(s);
  }

  markRedone(): void {
    const s = this.undone.pop();
    if (s) this.done.push(s);
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
