import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { writeAtomicallyWith } from '../files/write-atomically';
import { getSetting } from '../settings';
import { APP_VERSION } from '../version';
import { budgetCsv } from './export-csv';
import { loadExportData } from './export-data';
import { defaultLayout, exportProfileByName } from './export-layout';
import { budgetSie } from './export-sie';
import { writeBudgetXlsx } from './export-xlsx';
import { frameBalances } from './frames';
import { multiyearPlan } from './multiyear';
import { resolveVersion } from './planning-common';
import { stockholmDate } from '../../../shared/dates';

export type ExportFormat = 'csv' | 'sie' | 'xlsx';

export interface BudgetExportRequest {
  /** A version id, or 'current' for the budget in force at the end of `year` (the adopted budget, or the latest decided revision). */
  version: string;
  year: number;
  format: ExportFormat;
  path: string;
  /** Saved CSV layout; without it the default layout. */
  profile?: string;
  user: string;
  now: Date;
}

export interface BudgetExportResult {
  format: ExportFormat;
  fileName: string;
  versionId: string;
  versionName: string;
  year: number;
  /** Kodsträngar written (lines with the same kodsträng are summed). */
  codings: number;
  /** Rows (CSV), #PBUDGET records (SIE) or sheet rows (Excel) in the file. */
  records: number;
  totalOre: number;
  notes: string[];
}

/** Any failure of the export's write, in the user's words: the file could not be written. */
function exportError(target: string, e: unknown): RamkollError {
  const code = (e as NodeJS.ErrnoException).code;
  return new RamkollError(
    code === 'ENOSPC' ? 'DISK_FULL' : 'BAD_FILE',
    `Filen ${path.basename(target)} kunde inte skrivas (${code ?? (e as Error).message}). Välj en annan mapp eller stäng filen om den är öppen i Excel.`,
  );
}

/**
 * Exports a budget version as CSV (in a saved or the default layout), SIE
 * type 3 or formatted Excel. CSV and SIE #PBUDGET carry the budget year only
 * (what the ekonomisystem registers); Excel also has the flerårsplan.
 */
export async function exportBudget(db: Db, req: BudgetExportRequest): Promise<BudgetExportResult> {
  const version = resolveVersion(db, req.version, req.year);
  const data = loadExportData(db, version);
  const notes: string[] = [];
  let bytes: Buffer | null = null;
  let records: number;
  if (req.format === 'csv') {
    const layout = req.profile ? exportProfileByName(db, req.profile).layout : defaultLayout(data.dimensions.map((d) => d.code));
    const csv = budgetCsv(data, layout);
    bytes = csv.bytes;
    records = csv.rows;
    const missing = data.dimensions.filter((d) => !layout.columns.some((c) => c.field === `dim:${d.code}`));
    if (req.profile && missing.length > 0) notes.push(`Profilen har ingen kolumn för ${missing.map((d) => d.name).join(', ')}: rader som bara skiljer sig där står var för sig med samma kodsträng.`);
  } else if (req.format === 'sie') {
    if (req.profile) notes.push('Exportprofilen gäller bara CSV och användes inte.');
    const sie = budgetSie(data, {
      programVersion: APP_VERSION,
      generatedOn: stockholmDate(req.now).replace(/-/g, ''),
      user: req.user,
      companyName: `${getSetting(db, 'kommun.name')}, ${getSetting(db, 'administration.name')}`,
    });
    bytes = sie.bytes;
    records = sie.records;
    notes.push(...sie.notes);
  } else {
    if (req.profile) notes.push('Exportprofilen gäller bara CSV och användes inte.');
    const meta = { kommun: getSetting(db, 'kommun.name'), administration: getSetting(db, 'administration.name'), exportedAt: req.now.toISOString() };
    const multiyear = { frames: frameBalances(db, version.id), plan: multiyearPlan(db, version.id) };
    await writeAtomicallyWith(req.path, (tmp) => writeBudgetXlsx(tmp, data, meta, multiyear), exportError);
    records = data.rows.length;
  }
  if (bytes) {
    const b = bytes;
    await writeAtomicallyWith(req.path, (tmp) => fs.writeFileSync(tmp, b), exportError);
  }
  return {
    format: req.format,
    fileName: path.basename(req.path),
    versionId: version.id,
    versionName: version.name,
    year: version.year,
    codings: data.rows.length,
    records,
    totalOre: data.totalOre,
    notes,
  };
}
