import os from 'node:os';
import { openDatabase, type Db, type OpenOptions } from '../../db/index';
import { migrations } from '../../migrations/index';
import { textSections } from '../../migrations/0020_text_sections';
import type { Role } from '../../db/schema';
import { BASE_DIMENSIONS } from './dimensions';
import { ensureFiscalYear } from './fiscal';
import { naturalId, newId } from './ids';
import { BUILT_IN_PROFILES } from './budget/profiles';
import { ensureTextKinds } from './texts/kinds';
import { DEFAULT_SETTINGS, getSetting, setSetting } from './settings';
import { ensureExchange } from './exchange/index';
import { clockNow } from './clock';
import { stockholmYear } from '../../shared/dates';
import { defaultSiteName } from './site-name';

export interface LocalSite {
  id: string;
  name: string;
  role: Role;
  scopeCode: string | null;
}

export function localSite(db: Db): LocalSite {
  const row = db.first(db.q.selectFrom('site').selectAll().where('is_local', '=', 1));
  if (!row) throw new Error('The database has no local site; ensureBaseData was not run');
  return { id: row.id, name: row.name, role: row.role, scopeCode: row.scope_code };
}

/**
 * Gives a freshly created (or older) database what every database needs: the
 * identity of this installation, default settings, the base dimensions, the
 * built-in periodisation profiles and the active fiscal year. Idempotent.
 */
export function ensureBaseData(db: Db, now: Date = clockNow()): LocalSite {
  const at = now.toISOString();
  db.tx(() => {
    const hasSite = db.first(db.q.selectFrom('site').select(['id', 'name', 'role']).where('is_local', '=', 1));
    // Older versions named the installation after the computer: the person and role say more to a receiver.
    if (hasSite && hasSite.name === os.hostname()) {
      db.run(db.q.updateTable('site').set({ name: defaultSiteName(hasSite.role), updated_at: at }).where('id', '=', hasSite.id));
    }
    if (!hasSite) {
      db.run(
        db.q.insertInto('site').values({
          id: newId(),
          name: defaultSiteName('controller'),
          role: 'controller',
          scope_code: null,
          public_key: null,
          is_local: 1,
          created_at: at,
          updated_at: at,
        }),
      );
    }
    const siteId = localSite(db).id;
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
      const exists = db.first(db.q.selectFrom('setting').select('key').where('key', '=', key));
      if (!exists) setSetting(db, key, key === 'year.active' ? stockholmYear(now) : DEFAULT_SETTINGS[key]);
    }
    BASE_DIMENSIONS.forEach((d, i) => {
      db.run(
        db.q
          .insertInto('dimension')
          .values({
            id: naturalId('dimension', d.code),
            code: d.code,
            name: d.name,
            kind: d.kind,
            sie_dimension: d.sieDimension,
            sort_order: i,
            created_at: at,
            updated_at: at,
            updated_by_site: siteId,
            deleted_at: null,
          })
          .onConflict((oc) => oc.doNothing()),
      );
    });
    for (const p of BUILT_IN_PROFILES) {
      db.run(
        db.q
          .insertInto('periodisation_profile')
          .values({
            id: naturalId('profile', p.code),
            code: p.code,
            name: p.name,
            kind: p.kind,
            weights: p.weights ? JSON.stringify(p.weights) : null,
            created_at: at,
            updated_at: at,
            updated_by_site: siteId,
            deleted_at: null,
          })
          .onConflict((oc) => oc.doNothing()),
      );
    }
    // A database a test holds at an older schema has no text sections yet.
    if (db.schemaVersion >= textSections.version) ensureTextKinds(db, siteId, at);
    ensureFiscalYear(db, getSetting(db, 'year.active'), at);
  });
  // The capture triggers follow the registry, which describes the newest schema: a database that a test
  // holds at an older schema (OpenOptions.migrations) has not got the columns yet, and is not exchanged.
  if (db.schemaVersion === migrations[migrations.length - 1]!.version) ensureExchange(db, localSite(db).id, now);
  return localSite(db);
}

/**
 * Opens a Ramkoll database the way every front does: create/migrate as asked,
 * then make sure the base data is there (not for read-only opens).
 */
export async function openRamkollDatabase(file: string, opts: OpenOptions = {}, now: Date = clockNow()): Promise<{ db: Db; site: LocalSite }> {
  const db = await openDatabase(file, opts);
  try {
    const site = opts.readonly ? localSite(db) : ensureBaseData(db, now);
    return { db, site };
  } catch (e) {
    db.close();
    throw e;
  }
}
