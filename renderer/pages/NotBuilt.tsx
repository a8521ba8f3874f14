import type { ReactNode } from 'react';

/** A page whose feature is not built yet says so plainly, and what it will hold. */
export function NotBuiltPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
      </header>
      <div className="banner banner-info" role="note">
        <p>
          <strong>Den här sidan är inte byggd ännu.</strong> Här kommer att finnas:
        </p>
        {children}
      </div>
    </section>
  );
}
