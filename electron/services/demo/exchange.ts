/**
 * The demo förvaltning's exchange partners: Ekonomi, the four sektorchefer,
 * the verksamhetschef of 3110 and the enhetschef of 31101, known as peers with their public keys, so that Utbyte on the
 * demo has recipients to create packages for and fingerprints to compare.
 *
 * The keys in resources/demo/sites.json are public halves only: their
 * private halves were thrown away when the file was made, so no package can
 * ever verify as coming from these sites, and nothing in the security model
 * (a known site must sign with the key first seen for it) is loosened. A
 * real sektorchef who presents itself is another site, with its own id.
 * No package history is made up: the demo has sent and received nothing.
 */
import type { Db } from '../../../db/index';
import type { Role } from '../../../db/schema';
import sites from '../../../resources/demo/sites.json';
import { recordPeer } from '../exchange/identity';

export interface DemoSite {
  id: string;
  name: string;
  role: Role;
  scope: string | null;
  publicKey: string;
}

export const DEMO_SITES: readonly DemoSite[] = sites as DemoSite[];

export function generateExchangeDemo(db: Db, opts: { at: string }): void {
  // As if the controller had read in each one's presentation and accepted it: the same record as an accepted sender's.
  for (const s of DEMO_SITES) recordPeer(db, s, opts.at);
}
