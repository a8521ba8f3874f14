import type { Role } from '../../db/schema';

/** A site's role and organisational scope: what the exchange's rights are decided on. */
export interface SiteActor {
  role: Role;
  /** The ansvar code the site covers (a chef's node); null for the whole förvaltning. */
  scopeCode: string | null;
}

/** Who is acting here: this installation's site (role and scope) and the user, with the time, for every write. */
export interface Actor extends SiteActor {
  siteId: string;
  user: string;
  now: Date;
}
