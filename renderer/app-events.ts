import { useEffect, useRef } from 'react';
import type { AppEvent, ChosenFileRef } from '../electron/api/contract/index';

/**
 * App events from the shell (menu commands and packages opened from
 * outside), for the pages. App.tsx subscribes once (startAppEvents); a page
 * that acts on a command registers a handler with useAppCommand, and the
 * newest registration wins. Without a page handler, the browser's own
 * behaviour applies: undo/redo in the focused text field, the page's search
 * field gets focus, print prints the page.
 *
 * Packages (.ramkoll): the app goes to Utbyte, and the Utbyte page takes the
 * file with usePendingPackage() (a read grant: pass `ref` as the file of its
 * import channel). This is the hook the exchange feature plugs into.
 *
 * Files dropped on the window outside a page's own drop zone go where they
 * belong, the same way: a package to Utbyte, a ledger export to Import (the
 * Import page takes it with usePendingLedgerFile()).
 */
type Command = 'undo' | 'redo' | 'find' | 'print';
type PackageRef = Extract<AppEvent, { type: 'open-package' }>['file'];

const handlers: Record<Command, (() => boolean | void)[]> = { undo: [], redo: [], find: [], print: [] };
let pendingPackage: PackageRef | null = null;
const packageListeners = new Set<(file: PackageRef) => void>();

function fallback(command: Command): void {
  if (command === 'undo' || command === 'redo') {
    // The focused text field's own undo history.
    document.execCommand(command);
  } else if (command === 'find') {
    const field = document.querySelector<HTMLElement>('main [data-find], main input[type="search"]');
    field?.focus();
  } else {
    window.print();
  }
}

export function dispatchAppEvent(event: AppEvent): void {
  if (event.type === 'open-package') {
    pendingPackage = event.file;
    window.location.hash = '#/utbyte';
    packageListeners.forEach((l) => l(event.file));
    return;
  }
  const list = handlers[event.type];
  // Newest first; a handler that returns false passes the command on.
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!() !== false) return;
  fallback(event.type);
}

/** Subscribes to the shell's events; returns the unsubscribe. Called once by App. */
export function startAppEvents(): () => void {
  return window.ramkoll.onAppEvent(dispatchAppEvent);
}

/** A page's handler for a menu command while it is shown (return false to let the default act). */
export function useAppCommand(command: Command, handler: () => boolean | void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const h = () => ref.current();
    handlers[command].push(h);
    return () => {
      handlers[command] = handlers[command].filter((x) => x !== h);
    };
  }, [command]);
}

/** The package opened from outside that no page has taken yet, taken now (null when none). */
export function takePendingPackage(): PackageRef | null {
  const p = pendingPackage;
  pendingPackage = null;
  return p;
}

/** Calls `onPackage` with a package opened from outside: one waiting now, and each one opened while mounted. */
export function usePendingPackage(onPackage: (file: PackageRef) => void): void {
  const ref = useRef(onPackage);
  useEffect(() => {
    ref.current = onPackage;
  });
  useEffect(() => {
    const waiting = takePendingPackage();
    if (waiting) ref.current(waiting);
    const l = (file: PackageRef) => {
      if (takePendingPackage()) ref.current(file);
    };
    packageListeners.add(l);
    return () => {
      packageListeners.delete(l);
    };
  }, []);
}

/** The files Import reads (its file dialog's filter): CSV, text, Excel and SIE. */
const LEDGER_FILE = /\.(csv|txt|tsv|xlsx|xlsm|xls|se|si|sie)$/i;
const PACKAGE_FILE = /\.ramkoll$/i;

let pendingLedgerFile: ChosenFileRef | null = null;
const ledgerListeners = new Set<(file: ChosenFileRef) => void>();

/**
 * A file dropped on the window where no page took it: a .ramkoll package
 * goes to Utbyte, a ledger export to Import. Only a file of a kind the app
 * reads is granted. Returns null, or a Swedish message saying what can be dropped.
 */
export async function openDroppedFile(file: File): Promise<string | null> {
  const isPackage = PACKAGE_FILE.test(file.name);
  if (!isPackage && !LEDGER_FILE.test(file.name)) {
    return `${file.name} kan inte öppnas här. Släpp en utfallsfil (CSV, text, Excel eller SIE) för att läsa in utfall, eller ett .ramkoll-paket för att läsa in det under Utbyte.`;
  }
  let ref: ChosenFileRef;
  try {
    ref = await window.ramkoll.grantDroppedFile(file);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (isPackage) {
    dispatchAppEvent({ type: 'open-package', file: ref });
  } else {
    pendingLedgerFile = ref;
    window.location.hash = '#/import';
    ledgerListeners.forEach((l) => l(ref));
  }
  return null;
}

/** Calls `onFile` with a ledger file dropped on the window: one waiting now, and each one dropped while mounted. */
export function usePendingLedgerFile(onFile: (file: ChosenFileRef) => void): void {
  const ref = useRef(onFile);
  useEffect(() => {
    ref.current = onFile;
  });
  useEffect(() => {
    const take = () => {
      const f = pendingLedgerFile;
      pendingLedgerFile = null;
      if (f) ref.current(f);
    };
    take();
    ledgerListeners.add(take);
    return () => {
      ledgerListeners.delete(take);
    };
  }, []);
}
