/** Progress of long work, shown as a progress bar. total null: not known yet. */
export interface ProgressEvent {
  channel: string;
  task: string;
  done: number;
  total: number | null;
}

export interface ApiErrorShape {
  code: string;
  message: string;
  /** Located problems; `text` is the problem spelled out ("rad 12, kolumn Konto: …"). */
  details: { file?: string; line?: number; column?: string; value?: string; message: string; text: string }[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
