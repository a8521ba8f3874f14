import path from 'node:path';
import { isRamkollError, RamkollError } from '../../../db/errors';
import { openRamkollDatabase } from '../setup';
import { buildReport, type ReportOptions } from './build';
import { combineReports } from './combine';
import type { ReportModel } from './types';

/** Förvaltningar in one kommuntotal; a sanity limit, far above any kommun's count. */
export const MAX_SOURCES = 50;

/**
 * The kommuntotal from several förvaltningar's databases (or copies of
 * them): each is opened read-only and its whole-förvaltning report built
 * exactly as the förvaltning would build it; the reports are then summed.
 */
export async function kommuntotalModel(files: readonly string[], opts: Omit<ReportOptions, 'scope'>): Promise<ReportModel> {
  if (files.length === 0) throw new RamkollError('INVALID_INPUT', 'Välj minst en förvaltnings databas till kommuntotalen.');
  if (files.length > MAX_SOURCES) throw new RamkollError('INVALID_INPUT', `Högst ${MAX_SOURCES} databaser i en kommuntotal.`);
  const models: ReportModel[] = [];
  for (const file of files) models.push(await buildFrom(file, opts));
  // A förvaltning that lacks a month's outcome makes the kommuntotal preliminary: every
  // förvaltning is then summed over the months all of them have, like with like.
  const common = models[0]!.coverage.months.filter((m) => models.every((x) => x.coverage.months.includes(m)));
  for (let i = 0; i < models.length; i++) {
    if (models[i]!.coverage.months.length !== common.length) models[i] = await buildFrom(files[i]!, { ...opts, outcomeMonths: common });
  }
  const names = models.map((m) => m.front.administration);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new RamkollError('INVALID_INPUT', `${twice} finns med två gånger i kommuntotalen: välj varje förvaltnings databas en gång.`);
  const total = combineReports(models, opts.now);
  // One unit for the kommun: the template's that the kommuntotal follows, unless the request chose one.
  return !opts.unit && total.template ? { ...total, presentation: { ...total.presentation, unit: total.template.unit } } : total;
}

/** One förvaltning's whole report from its database, opened read-only. */
async function buildFrom(file: string, opts: Omit<ReportOptions, 'scope'>): Promise<ReportModel> {
  let opened;
  try {
    opened = await openRamkollDatabase(file, { readonly: true });
  } catch (e) {
    // Ekonomi cannot restore a förvaltning's backups: most likely the wrong file was chosen.
    if (isRamkollError(e) && e.code === 'DB_CORRUPT') {
      throw new RamkollError('BAD_FILE', `${path.basename(file)} är ingen hel Ramkoll-databas. Välj förvaltningens databasfil (eller en kopia av den); är det rätt fil, be förvaltningen skicka en ny kopia.`);
    }
    if (isRamkollError(e)) throw new RamkollError(e.code, `${path.basename(file)}: ${e.message}`, e.details);
    throw e;
  }
  try {
    return buildReport(opened.db, { ...opts, scope: null });
  } catch (e) {
    if (isRamkollError(e)) throw new RamkollError(e.code, `${path.basename(file)}: ${e.message}`, e.details);
    throw e;
  } finally {
    opened.db.close();
  }
}
