import os from 'node:os';
import type { Role } from '../../db/schema';

import { ROLE_WORD } from '../../shared/roles';

/** Who is signed in to the computer; the name an installation starts with is theirs. */
export function computerUser(): string {
  try {
    return os.userInfo().username.trim() || 'Ramkoll';
  } catch {
    return 'Ramkoll';
  }
}

/**
 * The name an installation gets until someone gives it one (Inställningar ›
 * Den här installationen): the person and the role, "anna.berg (controller)",
 * as the receivers of its packages need it. The computer's host name ("vm",
 * "LAPTOP-7QX2") says nothing to them.
 */
export function defaultSiteName(role: Role, user: string = computerUser()): string {
  return `${user} (${ROLE_WORD[role]})`;
}

/** Names that were given automatically, not chosen: the default for any role, or the host name older versions gave. */
export function isAutomaticSiteName(name: string, user: string = computerUser()): boolean {
  return name === os.hostname() || (Object.keys(ROLE_WORD) as Role[]).some((r) => name === defaultSiteName(r, user));
}
