import { z } from 'zod';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { naturalId } from '../ids';
import type { PlanningMeta } from './planning-common';

/**
 * A CSV column layout for the ekonomisystem: which fields in which order,
 * under which headers, one row per kodsträng (wide: year amount and/or
 * twelve month columns) or one row per kodsträng and period (long).
 */
export const layoutFieldSchema = z.union([
  z.enum(['account', 'account_name', 'responsibility', 'responsibility_name', 'year_amount', 'period', 'period_amount', 'version', 'year', 'fixed']),
  z.string().regex(/^dim:[a-z0-9_-]{1,40}$/),
  z.string().regex(/^month:(1[0-2]|[1-9])$/),
]);

export const layoutColumnSchema = z.strictObject({
  field: layoutFieldSchema,
  header: z.string().max(100),
  /** The text of a 'fixed' column (e.g. a company code the ekonomisystem wants on every row). */
  value: z.string().max(100).optional(),
});

export const exportLayoutSchema = z
  .strictObject({
    shape: z.enum(['wide', 'long']),
    columns: z.array(layoutColumnSchema).min(1).max(40),
    delimiter: z.enum([';', ',', '\t']),
    decimal: z.enum([',', '.']),
    amountUnit: z.enum(['kr', 'ore']),
    header: z.boolean(),
    encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1252']),
    skipZero: z.boolean(),
    periodFormat: z.enum(['YYYYMM', 'YYYY-MM', 'M']),
  })
  .superRefine((l, ctx) => {
    const fields = l.columns.map((c) => c.field);
    if (!fields.includes('account') || !fields.includes('responsibility')) ctx.addIssue({ code: 'custom', message: 'layouten behöver kolumnerna konto och ansvar', path: ['columns'] });
    if (l.shape === 'long') {
      if (!fields.includes('period') || !fields.includes('period_amount')) ctx.addIssue({ code: 'custom', message: 'en layout med en rad per period behöver kolumnerna period och periodbelopp', path: ['columns'] });
      if (fields.some((f) => f.startsWith('month:'))) ctx.addIssue({ code: 'custom', message: 'månadskolumner hör till layouten med en rad per kodsträng', path: ['columns'] });
    } else {
      if (fields.includes('period') || fields.includes('period_amount')) ctx.addIssue({ code: 'custom', message: 'period och periodbelopp hör till layouten med en rad per period', path: ['columns'] });
      if (!fields.includes('year_amount') && !fields.some((f) => f.startsWith('month:'))) ctx.addIssue({ code: 'custom', message: 'layouten behöver årsbelopp eller månadskolumner', path: ['columns'] });
    }
    if (l.delimiter === l.decimal) ctx.addIssue({ code: 'custom', message: 'avgränsaren och decimaltecknet kan inte vara samma tecken', path: ['decimal'] });
  });

export type ExportLayout = z.infer<typeof exportLayoutSchema>;
export type LayoutColumn = z.infer<typeof layoutColumnSchema>;

export const MONTH_HEADERS = ['Jan', 'Feb', 'Mar', 'Apr', 'Maj', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dec'];

const DIMENSION_HEADERS: Record<string, string> = { verksamhetskod: 'Verksamhet', aktivitet: 'Aktivitet', projekt: 'Projekt', motpart: 'Motpart' };

/** The layout used without a saved profile: Ansvar;Konto;<dimensions>;Årsbelopp;Jan … Dec, Swedish numbers, UTF-8 with BOM (Excel opens it right). */
export function defaultLayout(dimensionCodes: readonly string[]): ExportLayout {
  return {
    shape: 'wide',
    columns: [
      { field: 'responsibility', header: 'Ansvar' },
      { field: 'account', header: 'Konto' },
      ...dimensionCodes.map((d) => ({ field: `dim:${d}`, header: DIMENSION_HEADERS[d] ?? d })),
      { field: 'year_amount', header: 'Årsbelopp' },
      ...MONTH_HEADERS.map((h, i) => ({ field: `month:${i + 1}`, header: h })),
    ],
    delimiter: ';',
    decimal: ',',
    amountUnit: 'kr',
    header: true,
    encoding: 'utf-8-bom',
    skipZero: false,
    periodFormat: 'YYYYMM',
  };
}

export interface ExportProfile {
  id: string;
  name: string;
  layout: ExportLayout;
  updatedAt: string;
}

/** Saved layouts; one whose stored JSON no longer passes the schema is reported, not silently used. */
export function listExportProfiles(db: Db): ExportProfile[] {
  return db.all(db.q.selectFrom('export_profile').selectAll().where('deleted_at', 'is', null).orderBy('name')).flatMap((r) => {
    const parsed = exportLayoutSchema.safeParse(JSON.parse(r.layout));
    return parsed.success ? [{ id: r.id, name: r.name, layout: parsed.data, updatedAt: r.updated_at }] : [];
  });
}

export function exportProfileByName(db: Db, name: string): ExportProfile {
  const row = db.first(db.q.selectFrom('export_profile').selectAll().where('name', '=', name).where('deleted_at', 'is', null));
  if (!row) {
    const names = listExportProfiles(db).map((p) => p.name);
    throw new RamkollError('NOT_FOUND', `Det finns ingen sparad exportprofil som heter "${name}".${names.length ? ` Profilerna heter: ${names.join(', ')}.` : ' Spara en profil under Budget › Import och export först.'}`);
  }
  const parsed = exportLayoutSchema.safeParse(JSON.parse(row.layout));
  if (!parsed.success) throw new RamkollError('BAD_FILE', `Exportprofilen "${name}" är skadad (${parsed.error.issues[0]?.message ?? 'ogiltig'}). Spara om den.`);
  return { id: row.id, name: row.name, layout: parsed.data, updatedAt: row.updated_at };
}

/** Saves a layout under a name (a new name creates a profile; the same name replaces it). */
export function saveExportProfile(db: Db, name: string, layout: ExportLayout, meta: PlanningMeta): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new RamkollError('INVALID_INPUT', 'Ge profilen ett namn, t.ex. "Raindance".');
  const checked = exportLayoutSchema.parse(layout);
  const json = JSON.stringify(checked);
  const id = naturalId('export-profile', trimmed.toLowerCase());
  db.tx(() => {
    const existing = db.first(db.q.selectFrom('export_profile').select('id').where('name', '=', trimmed));
    if (existing) {
      db.run(db.q.updateTable('export_profile').set({ layout: json, deleted_at: null, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', existing.id));
    } else {
      db.run(db.q.insertInto('export_profile').values({ id, name: trimmed, layout: json, created_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId, deleted_at: null }));
    }
  });
  return id;
}

export function deleteExportProfile(db: Db, name: string, meta: PlanningMeta): void {
  const r = db.run(db.q.updateTable('export_profile').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('name', '=', name).where('deleted_at', 'is', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', `Det finns ingen exportprofil som heter "${name}".`);
}

/** "202603", "2026-03" or "3". */
export function formatPeriod(year: number, month: number, format: ExportLayout['periodFormat']): string {
  if (format === 'M') return String(month);
  const mm = String(month).padStart(2, '0');
  return format === 'YYYY-MM' ? `${year}-${mm}` : `${year}${mm}`;
}

/** An amount in the layout's unit and decimal sign, without grouping (for machines). */
export function formatAmount(ore: number, layout: Pick<ExportLayout, 'amountUnit' | 'decimal'>): string {
  if (layout.amountUnit === 'ore') return String(ore);
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)}${layout.decimal}${String(abs % 100).padStart(2, '0')}`;
}
