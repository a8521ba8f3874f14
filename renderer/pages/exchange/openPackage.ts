import type { ChosenFileRef } from '../../../electron/api/contract/index';

/**
 * How another part of the app (the shell, when a .ramkoll file is opened
 * from the file manager) hands a package to the Utbyte page: call
 * requestPackageImport(ref) and go to #/utbyte. The page shows the package
 * and asks before reading it in.
 */
const EVENT = 'ramkoll:open-package';
let pending: ChosenFileRef | null = null;

export function requestPackageImport(file: ChosenFileRef): void {
  pending = file;
  window.dispatchEvent(new CustomEvent(EVENT));
}

/** Calls `take` with the waiting package now and whenever one is requested; returns the unsubscribe. */
export function onPackageRequested(take: (file: ChosenFileRef) => void): () => void {
  const deliver = () => {
    if (pending) {
      const f = pending;
      pending = null;
      take(f);
    }
  };
  deliver();
  window.addEventListener(EVENT, deliver);
  return () => window.removeEventListener(EVENT, deliver);
}
