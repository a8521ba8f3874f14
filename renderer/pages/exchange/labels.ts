import type { PeerInfo, SiteInfo } from '../../../electron/api/contract/index';
import { formatDateTime } from '../../../shared/dates';
import { isChef, ROLE_LABEL, type RoleName } from '../../../shared/roles';

export { ROLE_LABEL };
export type RoleKey = RoleName;

/** "Sektorchef, 3100 Äldreomsorg" */
export function describeSite(s: Pick<SiteInfo | PeerInfo, 'role' | 'scopeCode' | 'scopeName'>): string {
  const scope = s.scopeCode ? `${s.scopeCode}${s.scopeName ? ` ${s.scopeName}` : ''}` : 'hela organisationen';
  return `${ROLE_LABEL[s.role]}, ${scope}`;
}

/** What a package from this site to the peer carries, in the words of the yearly work. */
export function flowText(from: RoleKey, to: RoleKey): string {
  if (from === 'ekonomi') return 'Budgetförutsättningar: organisation, kontoplan, nämndens ram, uppföljningskalender och PO-pålägg.';
  if (isChef(from)) return 'Återrapport: de kommentarer, statusar och prognoser du har ändrat.';
  if (isChef(to)) return 'Mottagarens del: budget, utfall, prognoser och kommentarer för mottagarens ansvar och ansvaren under det.';
  if (to === 'ekonomi') return 'Förvaltningens rapport: budget, utfall, prognoser och godkända kommentarer, med rapportfilen bifogad.';
  return 'Allt som har ändrats och som mottagaren får se.';
}

/** The button that makes the package of a flow. */
export function flowButton(from: RoleKey, to: RoleKey): string {
  if (from === 'ekonomi') return 'Skapa paket med budgetförutsättningar…';
  if (isChef(from)) return 'Skapa återrapport…';
  if (to === 'sektorchef') return 'Skapa paket med sektorns del…';
  if (isChef(to)) return 'Skapa paket med mottagarens del…';
  if (to === 'ekonomi') return 'Skapa rapportpaket till Ekonomi…';
  return 'Skapa paket…';
}

export function dateTime(iso: string): string {
  return formatDateTime(iso);
}

export const PACKAGE_FILTERS = [{ name: 'Ramkoll-paket', extensions: ['ramkoll'] }];

/** The shared count with its noun (renderer/format.ts). */
export { count as plural } from '../../format';
