import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../../../db/index';
import type { ProblemDetail } from '../../../db/errors';
import { readTableFile } from '../files/table';
import { newId } from '../ids';
import { fileProblems } from '../problems';
import { planAccountImport } from './accounts';
import { planOrganisationImport } from './organisation';
import type { MasterDataKind } from './plan';

export interface MasterDataImportRequest {
  kind: MasterDataKind;
  path: string;
  sheet?: string;
  dryRun: boolean;
}

export interface MasterDataImportResult {
  kind: MasterDataKind;
  fileName: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  notes: string[];
  applied: boolean;
  batchId: string | null;
  errors: ProblemDetail[];
}

export interface WriteContext {
  siteId: string;
  user: string;
  now: Date;
}

/**
 * Imports an organisation (ansvar hierarchy) or kontoplan file. All rows are
 * checked first; any problem stops the import with every problem listed and
 * the database untouched. Otherwise a backup is taken and the changes are
 * written in one transaction together with the import's batch record.
 */
export async function importMasterData(db: Db, req: MasterDataImportRequest, w: WriteContext): Promise<MasterDataImportResult> {
  const table = await readTableFile(req.path, req.sheet !== undefined ? { sheet: req.sheet } : {});
  const plan = req.kind === 'organisation' ? planOrganisationImport(db, table) : planAccountImport(db, table);
  if (plan.errors.length > 0) throw fileProblems(table.fileName, plan.errors);
  const result: MasterDataImportResult = {
    kind: plan.kind,
    fileName: plan.fileName,
    rows: plan.rows,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    notes: plan.notes,
    applied: false,
    batchId: null,
    errors: [],
  };
  if (req.dryRun) return result;
  const sha256 = createHash('sha256').update(fs.readFileSync(req.path)).digest('hex');
  await db.backup(`fore-grunddata-${req.kind}`);
  const at = w.now.toISOString();
  const batchId = newId();
  db.tx(() => {
    plan.apply(w.siteId, at);
    db.run(
      db.q.insertInto('import_batch').values({
        id: batchId,
        kind: 'masterdata',
        file_name: plan.fileName,
        file_sha256: sha256,
        profile_name: req.kind,
        imported_by: w.user,
        imported_at: at,
        row_count: plan.rows,
        total_ore: 0,
        periods: '[]',
        scope_responsibility_code: null,
        status: 'active',
        undone_at: null,
        summary: JSON.stringify({ created: plan.created, updated: plan.updated, unchanged: plan.unchanged, notes: plan.notes }),
      }),
    );
  });
  return { ...result, applied: true, batchId };
}
