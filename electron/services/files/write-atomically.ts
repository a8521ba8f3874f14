import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';

/**
 * Every file Ramkoll saves for the user (reports, exports, packages) is
 * written beside its target and renamed, so a failed write never leaves half
 * a file under the name.
 */

function partialName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
}

/** A file-system failure the user can act on, in Swedish; anything else as it was thrown. */
function saveError(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOSPC' || code === 'EBUSY') {
    return new RamkollError('BAD_FILE', `${path.basename(file)} kunde inte sparas (${code}): välj en annan mapp eller stäng filen om den är öppen i ett annat program.`);
  }
  return e;
}

export function writeAtomically(file: string, bytes: Buffer): void {
  const tmp = partialName(file);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw saveError(file, e);
  }
}

/** For a writer that needs a path of its own (ExcelJS); `toError` says what a failure means to the user. */
export async function writeAtomicallyWith(file: string, write: (tmp: string) => Promise<void> | void, toError: (file: string, e: unknown) => unknown = saveError): Promise<void> {
  const tmp = partialName(file);
  try {
    await write(tmp);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw toError(file, e);
  }
}
