import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../db/errors';
import type { FileAccess } from '../api/context';
import type { GrantedFile } from '../api/worker-protocol';

/** Kinds of files that may be dropped on the page. */
export const DROPPABLE = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xlsm', '.xls', '.se', '.si', '.sie', '.json']);

/**
 * Paths the user chose in a native dialog, known to the renderer only as
 * opaque tokens: no channel can be made to read or write a path the user did
 * not pick.
 */
export class FileGrants implements FileAccess {
  private readonly grants = new Map<string, GrantedFile>();

  grant(filePath: string, mode: 'read' | 'write'): string {
    const token = `fil:${randomUUID()}`;
    this.grants.set(token, { path: filePath, mode });
    return token;
  }

  private lookup(ref: string, mode: 'read' | 'write'): string {
    const g = this.grants.get(ref);
    if (!g || (mode === 'write' && g.mode !== 'write')) throw new RamkollError('FORBIDDEN', 'Filen har inte valts i en fildialog. Välj filen igen.');
    return g.path;
  }

  readable(ref: string): string {
    return this.lookup(ref, 'read');
  }

  writable(ref: string): string {
    return this.lookup(ref, 'write');
  }

  /**
   * Grants reading a file the user dropped on the page. The path comes from
   * the preload (webUtils.getPathForFile on a real dropped File; a File the
   * page makes up has no path), and must be a regular file of a kind the
   * app imports.
   */
  grantDropped(filePath: unknown): { ref: string; name: string } {
    if (typeof filePath !== 'string' || filePath === '' || !path.isAbsolute(filePath)) {
      throw new RamkollError('FORBIDDEN', 'Filen som släpptes har ingen sökväg. Dra filen från Utforskaren eller välj den med knappen.');
    }
    const name = path.basename(filePath);
    if (!DROPPABLE.has(path.extname(name).toLowerCase())) {
      throw new RamkollError('BAD_FILE', `${name}: den sortens fil kan inte läsas in här. Släpp en CSV-, text-, Excel- eller SIE-fil eller en profil (.json).`);
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      throw new RamkollError('NOT_FOUND', `${name} finns inte längre eller kan inte läsas.`);
    }
    if (!stat.isFile()) throw new RamkollError('BAD_FILE', `${name} är ingen vanlig fil.`);
    return { ref: this.grant(filePath, 'read'), name };
  }

  /** The grants a worker needs for one job. */
  snapshot(): Record<string, GrantedFile> {
    return Object.fromEntries(this.grants);
  }
}
