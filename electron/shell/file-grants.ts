import { randomUUID } from 'node:crypto';
import { RamkollError } from '../../db/errors';
import type { FileAccess } from '../api/context';
import type { GrantedFile } from '../api/worker-protocol';

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

  /** The grants a worker needs for one job. */
  snapshot(): Record<string, GrantedFile> {
    return Object.fromEntries(this.grants);
  }
}
