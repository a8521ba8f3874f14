import type { ApiErrorShape, Channel, Input, Output, ProgressEvent, RamkollBridge } from '../electron/api/contract/index';

declare global {
  interface Window {
    ramkoll: RamkollBridge;
  }
}

/** An error from the app, with its Swedish message and the located problems. */
export class ApiError extends Error {
  constructor(readonly shape: ApiErrorShape) {
    super(shape.message);
  }
}

/** Calls a channel of the API; the only way the UI reaches data. */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  let envelope;
  try {
    envelope = await window.ramkoll.invoke(channel, input);
  } finally {
    settledListeners.forEach((l) => l(channel));
  }
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value as Output<C>;
}

const settledListeners = new Set<(channel: string) => void>();

/** Calls `listener` with the channel of every call that has ended, well or with an error: its progress is over. */
export function onCallSettled(listener: (channel: string) => void): () => void {
  settledListeners.add(listener);
  return () => {
    settledListeners.delete(listener);
  };
}

export function onProgress(listener: (e: ProgressEvent) => void): () => void {
  return window.ramkoll.onProgress(listener);
}
