import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from './api';
import { call } from './api';
import type { Channel, Input, Output } from '../electron/api/contract/index';
import { toError } from './use-action';

export interface ApiState<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads a channel's result when the input changes; `key` is what identifies the input.
 * With `enabled` false nothing is asked yet (loading stays true) until it turns true.
 */
export function useApi<C extends Channel>(channel: C, input: Input<C>, key: string, enabled = true): ApiState<Output<C>> {
  const [data, setData] = useState<Output<C> | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoading(true);
    call(channel, input).then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // The key stands for the input: objects are new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel, key, generation, enabled]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
