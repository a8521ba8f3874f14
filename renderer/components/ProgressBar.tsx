import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../electron/api/contract/index';
import { onCallSettled, onProgress } from '../api';

/** Shows the progress of long work that the app reports, whichever page started it. */
export function ProgressBar() {
  const [event, setEvent] = useState<ProgressEvent | null>(null);
  useEffect(() => {
    const stopProgress = onProgress((e) => {
      setEvent(e.total !== null && e.done >= e.total ? null : e);
    });
    // Work that fails half way never reports its end: the bar goes when the call has ended.
    const stopSettled = onCallSettled((channel) => setEvent((e) => (e?.channel === channel ? null : e)));
    return () => {
      stopProgress();
      stopSettled();
    };
  }, []);
  if (!event) return null;
  return (
    <div className="progress" role="status" aria-live="polite">
      <label>
        {event.task}
        <progress max={event.total ?? undefined} value={event.total === null ? undefined : event.done} />
      </label>
    </div>
  );
}
