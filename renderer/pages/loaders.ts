import type { ComponentType } from 'react';

/**
 * Each page's code, fetched on first use (its own chunk). Kept apart from
 * pages/index.tsx, without React, so that the window's first script
 * (boot.ts) can start the page in the address while the app's own code and
 * the grid are still loading.
 */
const LOADERS: Record<string, () => Promise<ComponentType>> = {
  oversikt: () => import('./Overview').then((m) => m.OverviewPage),
  budget: () => import('./Budget').then((m) => m.BudgetPage),
  import: () => import('./Import').then((m) => m.ImportPage),
  uppfoljning: () => import('./FollowUp').then((m) => m.FollowUpPage),
  mal: () => import('./Goals').then((m) => m.GoalsPage),
  rapporter: () => import('./Reports').then((m) => m.ReportsPage),
  utbyte: () => import('./Exchange').then((m) => m.ExchangePage),
  installningar: () => import('./Settings').then((m) => m.SettingsPage),
};

const started = new Map<string, Promise<ComponentType>>();

/** The page's component; the first call starts fetching its code, later calls share it. */
export function loadPage(id: string): Promise<ComponentType> {
  let p = started.get(id);
  if (!p) {
    const load = LOADERS[id];
    if (!load) return Promise.reject(new Error(`okänd sida: ${id}`));
    started.set(id, (p = load()));
  }
  return p;
}

/** The page id in an address ("#/uppfoljning"), or null. */
export function pageIdOf(hash: string): string | null {
  const id = hash.replace(/^#\/?/, '');
  return id in LOADERS ? id : null;
}
