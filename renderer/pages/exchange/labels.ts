import type { PeerInfo, SiteInfo } from '../../../electron/api/contract/exchange';
import { formatDateTime } from '../../../shared/dates';

export const ROLE_LABEL = { controller: 'Controller', sektorchef: 'Sektorchef', ekonomi: 'Ekonomi' } as const;
export type RoleKey = keyof typeof ROLE_LABEL;

/** "Sektorchef, 3100 Äldreomsorg" */
export function describeSite(s: Pick<SiteInfo | PeerInfo, 'role' | 'scopeCode' | 'scopeName'>): string {
  const scope = s.scopeCode ? `${s.scopeCode}${s.scopeName ? ` ${s.scopeName}` : ''}` : 'hela organisationen';
  return `${ROLE_LABEL[s.role]}, ${scope}`;
}

/** What a package from this site to the peer carries, in the words of the yearly work. */
export function flowText(from: RoleKey, to: RoleKey): string {
  if (from === 'ekonomi') return 'Budgetförutsättningar: organisation, kontoplan, nämndens ram, uppföljningskalender och PO-pålägg.';
  if (from === 'sektorchef') return 'Återrapport: de kommentarer, statusar och prognoser du har ändrat.';
  if (to === 'sektorchef') return 'Sektorns del: budget, utfall, prognoser och kommentarer för mottagarens sektor.';
  if (to === 'ekonomi') return 'Förvaltningens rapport: budget, utfall, prognoser och godkända kommentarer, med rapportfilen bifogad.';
  return 'Allt som har ändrats och som mottagaren får se.';
}

/** The button that makes the package of a flow. */
export function flowButton(from: RoleKey, to: RoleKey): string {
  if (from === 'ekonomi') return 'Skapa paket med budgetförutsättningar…';
  if (from === 'sektorchef') return 'Skapa återrapport…';
  if (to === 'sektorchef') return 'Skapa paket med sektorns del…';
  if (to === 'ekonomi') return 'Skapa rapportpaket till Ekonomi…';
  return 'Skapa paket…';
}

export function dateTime(iso: string): string {
  return formatDateTime(iso);
}

export const PACKAGE_FILTERS = [{ name: 'Ramkoll-paket', extensions: ['ramkoll'] }];

/** The shared count with its noun (renderer/format.ts). */
export { count as plural } from '../../format';
