import { z } from 'zod';
import type { RoleName } from '../../../shared/roles';
import type { Overview } from '../../services/figures/overview';
import type { Summary } from '../../services/figures/summary';
import type { MasterDataImportResult } from '../../services/masterdata/import';
import { channel } from './define';

export const yearSchema = z.number().int().min(2000).max(2100);
/** A file the user chose: a path on the command line, an opaque token from a dialog in the app. */
export const fileRefSchema = z.string().min(1).max(4096);

export interface AppInfo {
  version: string;
  schemaVersion: number;
  /** File name only: the renderer never sees full paths. */
  databaseName: string;
  activeYear: number;
  site: { id: string; name: string; role: RoleName; scopeCode: string | null };
  /** Set when the database is the demo förvaltning: the date it was built as of (ÅÅÅÅ-MM-DD). */
  demo: { asOf: string } | null;
}

const fileFilterSchema = z.strictObject({ name: z.string().min(1).max(100), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/i)).min(1).max(20) });

export interface ChosenFileRef {
  ref: string;
  name: string;
}

export const coreContract = {
  'files.open': channel<ChosenFileRef | null>()(z.strictObject({ title: z.string().min(1).max(200), filters: z.array(fileFilterSchema).max(10) })),
  'files.save': channel<ChosenFileRef | null>()(
    z.strictObject({ title: z.string().min(1).max(200), defaultName: z.string().min(1).max(255), filters: z.array(fileFilterSchema).max(10) }),
  ),
  'app.info': channel<AppInfo>()(z.strictObject({})),
  'overview.get': channel<Overview>()(z.strictObject({ year: yearSchema.optional() })),
  'summary.get': channel<Summary>()(z.strictObject({ year: yearSchema.optional() })),
  'masterdata.import': channel<MasterDataImportResult>()(
    z.strictObject({
      kind: z.enum(['organisation', 'accounts']),
      file: fileRefSchema,
      sheet: z.string().min(1).max(200).optional(),
      dryRun: z.boolean().default(false),
    }),
  ),
  'demo.generate': channel<Summary>()(z.strictObject({ year: yearSchema.optional() })),
};
