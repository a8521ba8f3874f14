import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { listOccasions } from '../../services/followup/calendar';
import { hasSnapshot } from '../../services/followup/facts';
import { OCCASION_KIND_NAMES } from '../../services/followup/model';
import { OrgTree } from '../../services/figures/org-tree';
import { buildReport } from '../../services/reports/build';
import { coverageNotice, coverageOf, outcomeMonths } from '../../services/reports/coverage';
import { reportDocument } from '../../services/reports/document';
import { kommuntotalModel } from '../../services/reports/kommuntotal';
import { chromiumPrinter } from '../../services/reports/pdf';
import { FORMAT_NAMES, renderReport, writeAtomically } from '../../services/reports/render';
import { getReportSettings, logoDataUrl, MAX_LOGO_BYTES, saveReportSettings } from '../../services/reports/settings';
import { onlyScope, reportScopeFor } from '../../services/reports/site-scope';
import type { ReportModel } from '../../services/reports/types';
import { getSetting } from '../../services/settings';
import type { REPORTS_CHANNELS } from '../channel-names/reports';
import type { HandlerContext } from '../context';
import type { Input } from '../contract/index';
import type { HandlerMap } from './types';

type ReportInput = Pick<Input<'reports.preview'>, 'period' | 'scope' | 'unit' | 'sign' | 'sources'>;

async function model(input: ReportInput, ctx: HandlerContext): Promise<ReportModel> {
  const opts = { period: input.period, now: ctx.now(), ...(input.unit ? { unit: input.unit } : {}), ...(input.sign ? { sign: input.sign } : {}) };
  const sources = input.sources ?? [];
  if (sources.length > 0) return kommuntotalModel(sources.map((s) => ctx.files.readable(s)), opts);
  return buildReport(ctx.db, { ...opts, scope: reportScopeFor(ctx.db, ctx.site, input.scope ?? null) });
}

export const reportsHandlers: HandlerMap<(typeof REPORTS_CHANNELS)[number]> = {
  'reports.options': async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    const occasions = listOccasions(ctx.db, year);
    const latest = (ctx.db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(year * 100 + 1, year * 100 + 12) as { p: number | null }).p;
    const withOutcome = occasions.filter((o) => latest !== null && o.period <= latest);
    const ledgerMonths = outcomeMonths(ctx.db, year * 100 + 12, null);
    const org = OrgTree.load(ctx.db);
    const only = onlyScope(ctx.site);
    const own = only === null ? undefined : org.byCode.get(only);
    const scopes = own ? [{ code: own.code, name: own.name }] : org.roots.flatMap((r) => (org.children.get(r.code) ?? []).map((c) => ({ code: c.code, name: c.name })));
    return {
      year,
      occasions: occasions.map((o) => ({
        period: o.period,
        name: o.name,
        kindName: OCCASION_KIND_NAMES[o.kind],
        locked: o.lockedAt !== null,
        // What each occasion's report would say: a locked one by its snapshot, an open one by the ledger (read once for the year).
        notice: coverageNotice(coverageOf(o.period, o.lockedAt !== null && hasSnapshot(ctx.db, o.id) ? outcomeMonths(ctx.db, o.period, o.id) : ledgerMonths)),
      })),
      defaultPeriod: (withOutcome[withOutcome.length - 1] ?? occasions[occasions.length - 1])?.period ?? null,
      scopes,
      onlyScope: own ? own.code : null,
      administration: getSetting(ctx.db, 'administration.name'),
      settings: getReportSettings(ctx.db),
    };
  },
  'reports.preview': async (input, ctx) => reportDocument(await model(input, ctx)),
  'reports.export': async (input, ctx) => {
    const file = ctx.files.writable(input.file);
    const task = `Skapar rapporten (${FORMAT_NAMES[input.format]})`;
    ctx.progress({ task, done: 0, total: 3 });
    const doc = reportDocument(await model(input, ctx));
    ctx.progress({ task, done: 1, total: 3 });
    const bytes = await renderReport(doc, input.format, ctx.pdf ?? chromiumPrinter);
    ctx.progress({ task, done: 2, total: 3 });
    writeAtomically(file, bytes);
    ctx.progress({ task, done: 3, total: 3 });
    return { file: path.basename(file), format: input.format, bytes: bytes.length, title: `${doc.title} – ${doc.subtitle}`, notice: doc.notice };
  },
  'reports.settings.save': async (input, ctx) => {
    let logo: string | null | undefined;
    if (input.logo === null) logo = null;
    else if (input.logo !== undefined) {
      const file = ctx.files.readable(input.logo);
      const size = fs.statSync(file).size;
      if (size > MAX_LOGO_BYTES) throw new RamkollError('BAD_FILE', `${path.basename(file)} är ${Math.round(size / 1024)} kB; logotypen får vara högst ${MAX_LOGO_BYTES / 1024} kB.`);
      logo = logoDataUrl(path.basename(file), fs.readFileSync(file));
    }
    return saveReportSettings(ctx.db, { ...(input.unit ? { unit: input.unit } : {}), ...(input.sign ? { sign: input.sign } : {}), ...(logo !== undefined ? { logo } : {}) });
  },
};
