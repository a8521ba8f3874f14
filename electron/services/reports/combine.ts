import { RamkollError } from '../../../db/errors';
import type { Figures } from '../followup/figures';
import { addFigures, localDate, zeroFigures } from './build';
import { coverageNotice } from './coverage';
import type { AccuracyTable, CoveredFigures, GroupRow, OutcomeCoverage, ReportModel, ReportTemplatePart, TextReportPart } from './types';

/**
 * The kommuntotal (the Ekonomi role): the same report over several
 * förvaltningar, each built from its own database by buildReport. Money is
 * summed in öre before anything is rounded; each förvaltning becomes one row
 * of "per förvaltning", its approved comments one part of the analysis.
 * The models are built over the same months with outcome (kommuntotalModel
 * sees to it), so a preliminary kommuntotal compares like with like.
 */
export function combineReports(models: readonly ReportModel[], now: Date): ReportModel {
  if (models.length === 0) throw new RamkollError('INVALID_INPUT', 'Kommuntotalen behöver minst en förvaltnings databas.');
  const first = models[0]!;
  for (const m of models) {
    if (m.front.period !== first.front.period || m.front.kind !== first.front.kind) {
      throw new RamkollError(
        'INVALID_INPUT',
        `${m.front.administration} har ${m.front.occasionName} (${m.front.period}), men ${first.front.administration} ${first.front.occasionName} (${first.front.period}): kommuntotalen sammanställer samma tillfälle i alla förvaltningar.`,
      );
    }
  }
  const withForecast = models.every((m) => m.hasForecast);
  const sum = (pick: (m: ReportModel) => Figures): Figures => {
    const f = zeroFigures(withForecast);
    for (const m of models) addFigures(f, pick(m));
    if (!withForecast) f.forecastYear = null;
    return f;
  };
  const months = first.coverage.months.filter((m) => models.every((x) => x.coverage.months.includes(m)));
  const coverage: OutcomeCoverage = { months, missing: [...new Set(models.flatMap((m) => m.coverage.missing))].sort((a, b) => a - b) };
  const preliminary = coverage.missing.length > 0;
  /** A row's figures over the months with outcome; a model built without missing months covers them all. */
  const coveredOf = (r: { figures: Figures; covered: CoveredFigures | null }): CoveredFigures => r.covered ?? { budgetAcc: r.figures.budgetAcc, actualAcc: r.figures.actualAcc, actualAccLastYear: r.figures.actualAccLastYear };
  const sumCovered = (pick: (m: ReportModel) => { figures: Figures; covered: CoveredFigures | null } | undefined): CoveredFigures | null => {
    if (!preliminary) return null;
    const c: CoveredFigures = { budgetAcc: 0, actualAcc: 0, actualAccLastYear: 0 };
    for (const m of models) {
      const r = pick(m);
      if (!r) continue;
      const x = coveredOf(r);
      c.budgetAcc += x.budgetAcc;
      c.actualAcc += x.actualAcc;
      c.actualAccLastYear += x.actualAccLastYear;
    }
    return c;
  };
  const totalOf = (m: ReportModel) => ({ figures: m.total, covered: m.totalCovered });
  const groupKeys: GroupRow['key'][] = [];
  for (const m of models) for (const g of m.groups) if (!groupKeys.includes(g.key)) groupKeys.push(g.key);
  const groups: GroupRow[] = groupKeys.map((key) => {
    const name = models.flatMap((m) => m.groups).find((g) => g.key === key)!.name;
    return {
      key,
      name,
      figures: sum((m) => m.groups.find((g) => g.key === key)?.figures ?? zeroFigures(withForecast)),
      covered: sumCovered((m) => m.groups.find((g) => g.key === key)),
    };
  });

  const seriesLength = first.cumulative.series.budget.length;
  const seriesSum = (pick: (m: ReportModel) => readonly (number | null)[]) =>
    Array.from({ length: seriesLength }, (_, i) => {
      let s = 0;
      for (const m of models) {
        const v = pick(m)[i];
        if (v === null || v === undefined) return null;
        s += v;
      }
      return s;
    });

  let accuracy: AccuracyTable | null = null;
  const acc = models.map((m) => m.accuracy);
  if (acc.every((a): a is AccuracyTable => a !== null)) {
    const periods = acc[0]!.occasions.map((o) => o.period).join(',');
    if (acc.every((a) => a.occasions.map((o) => o.period).join(',') === periods)) {
      const add = (xs: readonly (number | null)[]) => xs.reduce<number | null>((s, v) => (s === null || v === null ? null : s + v), 0);
      const totals = acc.map((a) => a.rows[0]!);
      accuracy = {
        occasions: acc[0]!.occasions,
        reference: acc[0]!.reference,
        rows: [
          { code: '', name: 'Totalt', forecasts: acc[0]!.occasions.map((_, i) => add(totals.map((t) => t.forecasts[i] ?? null))), reference: add(totals.map((t) => t.reference)) },
          ...models.map((m, k) => ({ code: '', name: m.front.administration, forecasts: totals[k]!.forecasts, reference: totals[k]!.reference })),
        ],
      };
    }
  }

  const goals = models.every((m) => m.goals === null) ? null : models.flatMap((m) => (m.goals ?? []).map((g) => ({ ...g, name: m.front.administration })));
  const locked = models.every((m) => m.front.status === 'fastställd');
  // Fastställd when every förvaltning's report is: on the day the last of them was; otherwise an utkast of today.
  const date = locked ? models.map((m) => m.front.date).reduce((a, b) => (b > a ? b : a)) : localDate(now);
  return {
    front: {
      ...first.front,
      board: [...new Set(models.map((m) => m.front.board))].join(', '),
      administration: 'Kommuntotal',
      scope: null,
      scopeText: `Kommuntotal: ${models.length} ${models.length === 1 ? 'förvaltning' : 'förvaltningar'}`,
      status: locked ? 'fastställd' : 'utkast',
      date,
      notice: coverageNotice(coverage),
      version: `sammanställd av förvaltningarnas rapporter (${models.map((m) => `${m.front.administration}: ${m.front.status}`).join('; ')})`,
      sources: models.map((m) => m.front.administration),
    },
    presentation: first.presentation,
    hasForecast: withForecast,
    forecastOccasionName: withForecast ? first.forecastOccasionName : null,
    total: sum((m) => m.total),
    totalCovered: sumCovered(totalOf),
    coverage,
    groups,
    unitLevelName: 'förvaltning',
    units: models.map((m) => ({
      code: '',
      name: m.front.administration,
      kind: 'node' as const,
      figures: { ...m.total, forecastYear: withForecast ? m.total.forecastYear : null },
      covered: preliminary ? coveredOf(totalOf(m)) : null,
    })),
    analysis: models.map((m) => ({
      code: '',
      name: m.front.administration,
      figures: m.total,
      covered: preliminary ? coveredOf(totalOf(m)) : null,
      entries: m.analysis.flatMap((s) => s.entries),
    })),
    actions: models.flatMap((m) => m.actions.map((a) => ({ ...a, name: `${a.name} (${m.front.administration})` }))),
    cumulative: {
      title: 'Kommuntotal',
      month: Math.min(...models.map((m) => m.cumulative.month)),
      series: {
        budget: seriesSum((m) => m.cumulative.series.budget).map((v) => v ?? 0),
        actual: seriesSum((m) => m.cumulative.series.actual),
        forecast: withForecast ? seriesSum((m) => m.cumulative.series.forecast) : first.cumulative.series.forecast.map(() => null),
      },
    },
    accuracy,
    goals,
    budgetChanges: models.every((m) => m.budgetChanges === null)
      ? null
      : {
          originalOre: models.reduce((s, m) => s + (m.budgetChanges?.originalOre ?? m.total.budgetYear), 0),
          originalVersion: null,
          changes: models.flatMap((m) => (m.budgetChanges?.changes ?? []).map((c) => ({ ...c, text: `${m.front.administration}: ${c.text}` }))),
          inForceOre: models.reduce((s, m) => s + m.total.budgetYear, 0),
        },
    texts: combinedTexts(models),
    template: combinedTemplate(models),
  };
}

/** Each förvaltning's own approved text per section, under its name; the sektorer's stay in the förvaltningar's reports. */
function combinedTexts(models: readonly ReportModel[]): TextReportPart[] {
  const parts = new Map<string, TextReportPart>();
  for (const m of models) {
    for (const p of m.texts ?? []) {
      const own = p.entries.filter((e) => e.own);
      if (own.length === 0) continue;
      const part = parts.get(p.kind) ?? { kind: p.kind, name: p.name, entries: [] };
      part.entries.push(...own.map((e) => ({ code: '', name: m.front.administration, own: false, body: e.body })));
      parts.set(p.kind, part);
    }
  }
  return [...parts.values()];
}

/**
 * The kommuntotal follows one template, never a mix: the newest version any
 * förvaltning has. A förvaltning with an older one (or none) is named on the
 * front page, so Ekonomi knows whom to send the template again.
 */
function combinedTemplate(models: readonly ReportModel[]): ReportTemplatePart | null {
  const newest = models.map((m) => m.template ?? null).reduce<ReportTemplatePart | null>((a, t) => (t && (!a || t.version > a.version) ? t : a), null);
  if (!newest) return null;
  const behind = models.filter((m) => (m.template?.version ?? 0) < newest.version).map((m) => `${m.front.administration} (${m.template ? `version ${m.template.version}` : 'ingen mall'})`);
  if (behind.length === 0) return newest;
  return { ...newest, note: `version ${newest.version} från Ekonomi. Förvaltningarnas mallar skiljer sig: ${behind.join(', ')} har inte version ${newest.version}; deras avsnitt visas här i version ${newest.version}s ordning och rubriker. Skicka mallen till dem igen.` };
}
