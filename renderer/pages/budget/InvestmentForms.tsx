import { useState } from 'react';
import type { InvestmentOverview, ProjectOverview } from '../../../electron/api/contract/index';
import type { PlanningLookups } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { AccountSelect, ActionStatus, editKr, editPercent, formError, NodeSelect, parseKronor, parsePercent, TextField } from './planning-ui';
import { useAction } from '../../use-action';

type Category = ProjectOverview['category'];
const CATEGORIES: [Category, string][] = [
  ['reinvestment', 'Reinvestering'],
  ['expansion', 'Ny- och utbyggnad'],
  ['development', 'Exploatering'],
];

interface ComponentDraft {
  name: string;
  /** Kronor, or empty when the share is given. */
  amount: string;
  /** Percent of the project's whole budget, or empty. */
  share: string;
  life: string;
}

interface YearDraft {
  year: string;
  budget: string;
  forecast: string;
  comment: string;
}

const periodText = (p: number | null) => (p === null ? '' : String(p));

/** "202603" or "2026-03" → 202603; null for empty; NaN otherwise. */
function parsePeriod(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  const m = /^(\d{4})-?(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return NaN;
  return Number(m[1]) * 100 + Number(m[2]);
}

/** Add or change a project with its components (avskrivningstid per component) and its years (budget, prognos, comment). */
export function ProjectForm({ project, year, nodes, onSaved, onClose }: { project: ProjectOverview | null; year: number; nodes: PlanningLookups['nodes']; onSaved(): void; onClose(): void }) {
  const [code, setCode] = useState(project?.code ?? '');
  const [name, setName] = useState(project?.name ?? '');
  const [node, setNode] = useState(project?.responsibilityCode ?? nodes[0]?.code ?? '');
  const [category, setCategory] = useState<Category>(project?.category ?? 'reinvestment');
  const [start, setStart] = useState(periodText(project?.startPeriod ?? year * 100 + 1));
  const [planned, setPlanned] = useState(periodText(project?.plannedActivation ?? year * 100 + 12));
  const [activated, setActivated] = useState(periodText(project?.activated ?? null));
  const [components, setComponents] = useState<ComponentDraft[]>(
    project?.components.map((c) => ({ name: c.name, amount: c.amountOre === null ? '' : editKr(c.amountOre), share: c.shareBp === null ? '' : editPercent(c.shareBp), life: String(c.lifeYears) })) ?? [
      { name: '', amount: '', share: '100', life: '' },
    ],
  );
  const [years, setYears] = useState<YearDraft[]>(
    project?.years
      .filter((y) => y.budgetOre !== 0 || y.forecastOre !== null || y.comment !== null)
      .map((y) => ({ year: String(y.year), budget: editKr(y.budgetOre), forecast: y.forecastOre === null ? '' : editKr(y.forecastOre), comment: y.comment ?? '' })) ?? [{ year: String(year), budget: '', forecast: '', comment: '' }],
  );
  const action = useAction();

  const save = async () => {
    const periods = [parsePeriod(start), parsePeriod(planned), parsePeriod(activated)];
    if (periods[0] === null || periods[1] === null || periods.some((p) => Number.isNaN(p))) return action.setError(formError('Start och aktivering skrivs som månad ÅÅÅÅMM, t.ex. 202603; start och planerad aktivering behövs.'));
    const comps: { name: string; amountOre: number | null; shareBp: number | null; lifeYears: number }[] = [];
    for (const [i, c] of components.entries()) {
      const amount = parseKronor(c.amount);
      const share = parsePercent(c.share);
      const life = Number(c.life);
      if ((amount === null) === (share === null) || Number.isNaN(amount) || Number.isNaN(share)) return action.setError(formError(`Komponent ${i + 1}: ange antingen ett belopp i kronor eller en andel i procent av projektets budget.`));
      if (!Number.isInteger(life) || life < 1 || life > 100) return action.setError(formError(`Komponent ${i + 1}: avskrivningstiden "${c.life}" ska vara ett helt antal år, 1–100.`));
      comps.push({ name: c.name, amountOre: amount, shareBp: amount === null ? share : null, lifeYears: life });
    }
    const ys: { year: number; budgetOre: number; forecastOre: number | null; comment: string | null }[] = [];
    for (const y of years) {
      const budget = parseKronor(y.budget) ?? 0;
      const forecast = parseKronor(y.forecast);
      if (!/^\d{4}$/.test(y.year) || Number.isNaN(budget) || Number.isNaN(forecast)) return action.setError(formError(`Året "${y.year}": skriv året med fyra siffror och budget och prognos i kronor.`));
      ys.push({ year: Number(y.year), budgetOre: budget, forecastOre: forecast, comment: y.comment || null });
    }
    const r = await action.run(
      () =>
        call('investments.project.save', {
          ...(project ? { id: project.id } : {}),
          code,
          name,
          responsibilityCode: node,
          category,
          startPeriod: periods[0]!,
          plannedActivation: periods[1]!,
          activated: periods[2]!,
          components: comps,
          years: ys,
        }),
      () => `Projekt ${code} är sparat. Skapa kapitaltjänstraderna igen för att driftbudgeten ska följa med.`,
    );
    if (r) onSaved();
  };

  const setComp = (i: number, patch: Partial<ComponentDraft>) => setComponents((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const setYear = (i: number, patch: Partial<YearDraft>) => setYears((ys) => ys.map((y, j) => (j === i ? { ...y, ...patch } : y)));

  return (
    <form
      className="pl-form"
      aria-label={project ? `Investeringsprojekt ${project.code}` : 'Nytt investeringsprojekt'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <strong>{project ? `${project.code} ${project.name}` : 'Nytt investeringsprojekt'}</strong>
      <TextField id="inv-code" label="Projekt-id" value={code} onChange={setCode} size={10} hint="koden i ekonomisystemets projektdimension" />
      <TextField id="inv-name" label="Namn" value={name} onChange={setName} size={36} />
      <NodeSelect id="inv-node" label="Ansvar" nodes={nodes} value={node} onChange={setNode} />
      <div className="pl-field">
        <label htmlFor="inv-category">Kategori</label>
        <select id="inv-category" value={category} onChange={(e) => setCategory(e.target.value as Category)}>
          {CATEGORIES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <TextField id="inv-start" label="Start (ÅÅÅÅMM)" value={start} onChange={setStart} size={8} />
      <TextField id="inv-planned" label="Planerad aktivering" value={planned} onChange={setPlanned} size={8} />
      <TextField id="inv-activated" label="Aktiverad" value={activated} onChange={setActivated} size={8} hint="tomt: inte aktiverad än" />
      <fieldset className="pl-full">
        <legend>Komponenter (linjär avskrivning per komponent, RKR R4)</legend>
        {components.map((c, i) => (
          <div className="pl-amount-row" key={i}>
            <TextField id={`inv-comp-name-${i}`} label="Komponent" value={c.name} onChange={(v) => setComp(i, { name: v })} size={20} />
            <TextField id={`inv-comp-amount-${i}`} label="Belopp (kr)" value={c.amount} onChange={(v) => setComp(i, { amount: v })} inputMode="decimal" size={12} />
            <TextField id={`inv-comp-share-${i}`} label="eller andel (%)" value={c.share} onChange={(v) => setComp(i, { share: v })} inputMode="decimal" size={6} />
            <TextField id={`inv-comp-life-${i}`} label="Avskrivningstid (år)" value={c.life} onChange={(v) => setComp(i, { life: v })} inputMode="decimal" size={4} />
            <button type="button" className="pl-button" onClick={() => setComponents((cs) => cs.filter((_, j) => j !== i))} aria-label={`Ta bort komponent ${i + 1}`}>
              Ta bort
            </button>
          </div>
        ))}
        <button type="button" className="pl-button" onClick={() => setComponents((cs) => [...cs, { name: '', amount: '', share: '', life: '' }])}>
          Lägg till komponent
        </button>
      </fieldset>
      <fieldset className="pl-full">
        <legend>Belopp per år</legend>
        {years.map((y, i) => (
          <div className="pl-amount-row" key={i}>
            <TextField id={`inv-year-${i}`} label="År" value={y.year} onChange={(v) => setYear(i, { year: v })} size={5} />
            <TextField id={`inv-budget-${i}`} label="Budget (kr)" value={y.budget} onChange={(v) => setYear(i, { budget: v })} inputMode="decimal" size={12} />
            <TextField id={`inv-forecast-${i}`} label="Prognos (kr)" value={y.forecast} onChange={(v) => setYear(i, { forecast: v })} inputMode="decimal" size={12} hint="tomt: som budget" />
            <TextField id={`inv-comment-${i}`} label="Kommentar" value={y.comment} onChange={(v) => setYear(i, { comment: v })} size={30} />
            <button type="button" className="pl-button" onClick={() => setYears((ys) => ys.filter((_, j) => j !== i))} aria-label={`Ta bort året ${y.year}`}>
              Ta bort
            </button>
          </div>
        ))}
        <button type="button" className="pl-button" onClick={() => setYears((ys) => [...ys, { year: String(Number(ys[ys.length - 1]?.year ?? year - 1) + 1), budget: '', forecast: '', comment: '' }])}>
          Lägg till år
        </button>
      </fieldset>
      <div className="pl-actions">
        <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
          Spara projekt
        </button>
        {project && (
          <button
            type="button"
            className="pl-button"
            disabled={action.busy}
            onClick={() => void action.run(() => call('investments.project.delete', { id: project.id }), () => `Projekt ${project.code} är borttaget.`).then((r) => r && onSaved())}
          >
            Ta bort projekt
          </button>
        )}
        <button type="button" className="pl-button" onClick={onClose}>
          Stäng
        </button>
      </div>
      <ActionStatus error={action.error} message={action.message} />
    </form>
  );
}

/** The year's internränta (Ekonomi sends it; SKR publishes it) and the kapitaltjänst accounts. */
export function InvestmentSettingsForm({ settings, accounts, onData }: { settings: InvestmentOverview['settings']; accounts: PlanningLookups['accounts']; onData(d: InvestmentOverview): void }) {
  const [rate, setRate] = useState(settings.rateBp === null ? '' : editPercent(settings.rateBp));
  const [source, setSource] = useState(settings.rateSource);
  const [dep, setDep] = useState(settings.depreciationAccountCode);
  const [int, setInt] = useState(settings.interestAccountCode);
  const action = useAction();
  const capital = (a: { group: string }) => a.group === 'capital_cost';
  return (
    <section aria-labelledby="inv-settings-title">
      <h3 id="inv-settings-title">Internränta och kapitaltjänstkonton {settings.year}</h3>
      <form
        className="pl-form"
        aria-label="Internränta och kapitaltjänstkonton"
        onSubmit={(e) => {
          e.preventDefault();
          const bp = parsePercent(rate);
          if (bp === null || Number.isNaN(bp) || bp < 0) return action.setError(formError(`Internräntan "${rate}" är ingen procentsats. Skriv t.ex. 2,0.`));
          void action
            .run(() => call('investments.settings.save', { year: settings.year, rateBp: bp, rateSource: source, depreciationAccountCode: dep, interestAccountCode: int }), () => `Internräntan för ${settings.year} är sparad.`)
            .then((d) => d && onData(d));
        }}
      >
        <TextField id="inv-rate" label="Internränta (%)" value={rate} onChange={setRate} inputMode="decimal" size={6} />
        <TextField id="inv-rate-source" label="Källa" value={source} onChange={setSource} size={30} hint="t.ex. SKR:s cirkulär för året" />
        <AccountSelect id="inv-dep-account" label="Avskrivningskonto" accounts={accounts} value={dep} onChange={setDep} filter={capital} />
        <AccountSelect id="inv-int-account" label="Internräntekonto" accounts={accounts} value={int} onChange={setInt} filter={capital} />
        <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
          Spara
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}
