import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { parseJsonSafely, profileToJson, validateProfile, type MappingProfile } from './profile';

/** Largest profile file accepted: a profile is a few kilobytes. */
const MAX_PROFILE_BYTES = 1024 * 1024;

/** Reads and validates a profile JSON file (from Ekonomi, another controller, or an export). */
export function readProfileFile(file: string): MappingProfile {
  const fileName = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new RamkollError('NOT_FOUND', `Profilfilen ${file} finns inte eller kan inte läsas.`);
  }
  if (!stat.isFile()) throw new RamkollError('BAD_FILE', `${fileName} är ingen vanlig fil.`);
  if (stat.size > MAX_PROFILE_BYTES) throw new RamkollError('BAD_FILE', `${fileName} är för stor för en mappningsprofil (högst 1 MB).`);
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return validateProfile(parseJsonSafely(text, fileName), fileName);
}

export function writeProfileFile(file: string, profile: MappingProfile): void {
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, profileToJson(profile), 'utf8');
  fs.renameSync(tmp, file);
}
