import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function ErrorBanner({ error }: { error: Error }) {
  const details = error instanceof ApiError ? error.shape.details : [];
  return (
    <div className="banner banner-error" role="alert">
      <p>{error.message}</p>
      {details.length > 1 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>{d.file ? `${d.file}, ${d.text}` : d.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ children = 'Laddar …' }: { children?: ReactNode }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {children}
    </p>
  );
}
