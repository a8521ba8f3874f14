import type { ReactNode } from 'react';

/** A part of a page whose feature is not built yet says so plainly, and what it will hold. */
export function NotBuiltSection({ children }: { children: ReactNode }) {
  return (
    <div className="banner banner-info" role="note">
      <p>
        <strong>Den här delen är inte byggd ännu.</strong> Här kommer att finnas:
      </p>
      {children}
    </div>
  );
}
