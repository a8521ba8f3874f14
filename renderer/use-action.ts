import { useCallback, useState } from 'react';

/** What a failed call threw, as an Error to show (ErrorBanner): an Error as it is, anything else as its text. */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** An action the user started: busy while it runs, then a confirmation or an error to show (ActionStatus in pages/budget/planning-ui.tsx). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>, done?: (value: T) => string | null): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const value = await fn();
      setMessage(done ? done(value) : null);
      return value;
    } catch (e) {
      setError(toError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setMessage(null);
  }, []);
  return { busy, error, message, run, clear, setError };
}
