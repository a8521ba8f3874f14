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
  const envelope = await window.ramkoll.invoke(channel, input);
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value as Output<C>;
}

export function onProgress(listener: (e: ProgressEvent) => void): () => void {
  return window.ramkoll.onProgress(listener);
}
