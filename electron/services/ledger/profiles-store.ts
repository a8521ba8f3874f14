import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import raindance from '../../../resources/profiles/raindance.json';
import unit4 from '../../../resources/profiles/unit4.json';
import visma from '../../../resources/profiles/visma.json';
import { newId } from '../ids';
import { validateProfile, type MappingProfile } from './profile';

/** Profiles for the common export shapes, shipped with the app (resources/profiles/). */
export const BUILT_IN_LEDGER_PROFILES: readonly MappingProfile[] = [raindance, unit4, visma].map((p) => validateProfile(p, 'resources/profiles'));

export interface ProfileInfo {
  name: string;
  system: string;
  description: string;
  builtIn: boolean;
  profile: MappingProfile;
  updatedAt: string | null;
}

export function listProfiles(db: Db): ProfileInfo[] {
  const saved = db.all(db.q.selectFrom('ledger_profile').selectAll().where('deleted_at', 'is', null).orderBy('name'));
  const own: ProfileInfo[] = saved.map((r) => {
    const profile = validateProfile(JSON.parse(r.definition), r.name);
    return { name: r.name, system: r.system, description: profile.description, builtIn: false, profile, updatedAt: r.updated_at };
  });
  const builtIn: ProfileInfo[] = BUILT_IN_LEDGER_PROFILES.map((p) => ({ name: p.name, system: p.system, description: p.description, builtIn: true, profile: p, updatedAt: null }));
  return [...own, ...builtIn];
}

/** A saved profile by name, else a built-in one; null when there is none. */
export function findProfile(db: Db, name: string): MappingProfile | null {
  const row = db.first(db.q.selectFrom('ledger_profile').select('definition').where('name', '=', name).where('deleted_at', 'is', null));
  if (row) return validateProfile(JSON.parse(row.definition), name);
  return BUILT_IN_LEDGER_PROFILES.find((p) => p.name === name) ?? null;
}

/** Whether a profile name begins with the given words ("raindance" for "Raindance – utfall per period"), in any case. */
function startsWithWords(name: string, start: string): boolean {
  const n = name.toLocaleLowerCase('sv');
  const s = start.trim().toLocaleLowerCase('sv');
  return s !== '' && n.startsWith(s) && (n.length === s.length || !/[\p{L}\p{N}]/u.test(n[s.length]!));
}

/**
 * A profile by its exact name or, failing that, by the words it begins with
 * when only one profile does: the built-in names ("Unit4 (Agresso) –
 * utfall", with an en dash) are awkward to type on a command line.
 */
export function requireProfile(db: Db, name: string): MappingProfile {
  const p = findProfile(db, name);
  if (p) return p;
  const names = listProfiles(db).map((x) => x.name);
  const matches = names.filter((n) => startsWithWords(n, name));
  if (matches.length === 1) return findProfile(db, matches[0]!)!;
  if (matches.length > 1) {
    throw new RamkollError('NOT_FOUND', `Flera mappningsprofiler börjar med "${name}": ${matches.join(', ')}. Skriv mer av namnet.`);
  }
  throw new RamkollError('NOT_FOUND', `Det finns ingen mappningsprofil som heter "${name}". Profilerna heter: ${names.join(', ')}.`);
}

/** Saves (or replaces) a profile under its name. Built-in names are taken. */
export function saveProfile(db: Db, profile: MappingProfile, siteId: string, now: Date): ProfileInfo {
  if (BUILT_IN_LEDGER_PROFILES.some((p) => p.name === profile.name)) {
    throw new RamkollError('CONFLICT', `"${profile.name}" är en inbyggd profil och kan inte skrivas över. Spara under ett annat namn.`);
  }
  const at = now.toISOString();
  const definition = JSON.stringify(profile);
  db.tx(() => {
    const existing = db.first(db.q.selectFrom('ledger_profile').select('id').where('name', '=', profile.name).where('deleted_at', 'is', null));
    if (existing) {
      db.run(db.q.updateTable('ledger_profile').set({ system: profile.system, definition, updated_at: at, updated_by_site: siteId }).where('id', '=', existing.id));
    } else {
      db.run(
        db.q.insertInto('ledger_profile').values({
          id: newId(),
          name: profile.name,
          system: profile.system,
          definition,
          created_at: at,
          updated_at: at,
          updated_by_site: siteId,
          deleted_at: null,
        }),
      );
    }
  });
  return { name: profile.name, system: profile.system, description: profile.description, builtIn: false, profile, updatedAt: at };
}

/** Deletes a saved profile (a tombstone, so the deletion can travel to other sites). */
export function deleteProfile(db: Db, name: string, siteId: string, now: Date): void {
  const at = now.toISOString();
  const r = db.run(
    db.q.updateTable('ledger_profile').set({ deleted_at: at, updated_at: at, updated_by_site: siteId }).where('name', '=', name).where('deleted_at', 'is', null),
  );
  if (r.changes === 0) {
    if (BUILT_IN_LEDGER_PROFILES.some((p) => p.name === name)) throw new RamkollError('CONFLICT', `"${name}" är en inbyggd profil och kan inte tas bort.`);
    throw new RamkollError('NOT_FOUND', `Det finns ingen sparad profil som heter "${name}".`);
  }
}
