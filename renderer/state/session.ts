import { useCallback, useSyncExternalStore, type Dispatch, type SetStateAction } from 'react';

/**
 * What the pages remember for the session: a store above the pages, so that
 * leaving a page (which unmounts it) and coming back, or switching tabs,
 * finds the version, the filters, the expanded nodes, the sort, the scroll
 * and the undo steps as they were. It lives as long as the window (a reload
 * or another database starts afresh: `clearSession`), and it is never
 * written to disk; what is kept across restarts (the grids' columns) goes
 * through the app's settings (renderer/grid/layout.ts).
 *
 * Keys are "page.part" strings; a key that depends on a version or a period
 * carries it (`budget.undo:<versionId>`).
 */
const values = new Map<string, unknown>();
const listeners = new Map<string, Set<() => void>>();

function notify(key: string): void {
  listeners.get(key)?.forEach((l) => l());
}

/** The value kept under `key`, made by `create` the first time it is asked for. */
export function sessionValue<T>(key: string, create: () => T): T {
  if (!values.has(key)) values.set(key, create());
  return values.get(key) as T;
}

/** Reads without creating (undefined when nothing is kept). */
export function peekSession<T>(key: string): T | undefined {
  return values.get(key) as T | undefined;
}

export function setSessionValue<T>(key: string, value: T): void {
  if (values.has(key) && Object.is(values.get(key), value)) return;
  values.set(key, value);
  notify(key);
}

/** Forgets every key that starts with `prefix` (all of them with ''). */
export function clearSession(prefix = ''): void {
  for (const key of [...values.keys()]) {
    if (!key.startsWith(prefix)) continue;
    values.delete(key);
    notify(key);
  }
}

function subscribeTo(key: string, listener: () => void): () => void {
  let set = listeners.get(key);
  if (!set) listeners.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(key);
  };
}

/**
 * Like useState, but kept for the session under `key`: a page that is shown
 * again starts where it was left. `initial` is used the first time only.
 */
export function useSessionState<T>(key: string, initial: T | (() => T)): [T, Dispatch<SetStateAction<T>>] {
  const subscribe = useCallback((l: () => void) => subscribeTo(key, l), [key]);
  const get = useCallback(() => sessionValue(key, () => (typeof initial === 'function' ? (initial as () => T)() : initial)), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const value = useSyncExternalStore(subscribe, get, get);
  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (next) => {
      const current = sessionValue(key, () => (typeof initial === 'function' ? (initial as () => T)() : initial));
      setSessionValue(key, typeof next === 'function' ? (next as (prev: T) => T)(current) : next);
    },
    [key], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return [value, set];
}
