import { useEffect, useState } from 'react';
import type { PersonnelOverview, PlanningLookups, PoRate, Position } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import {
  AccountSelect,
  ActionStatus,
  editKr,
  editPercent,
  formatFte,
  formatKr,
  formatPercent,
  formError,
  LockedNote,
  MONTH_NAMES,
  MONTH_SHORT,
  NeedsVersion,
  NodeSelect,
  parseKronor,
  parsePercent,
  TextField,
} from './planning-ui';
import type { BudgetTabProps } from './types';
import { poCategoryKey, poCategoryLabel } from './po-categories';
import { count, formatCount } from '../../format';
import { useAction } from '../../use-action';

interface PositionDraft {
  id: string | null;
  responsibilityCode: string;
  title: string;
  personName: string;
  employment: string;
  salary: string;
  raise: string;
  raiseFromMonth: number;
  vacancy: number[];
  poCategory: string;
  salaryAccountCode: string;
  poAccountCode: string;
}

const EMPTY: PositionDraft = {
  id: null,
  responsibilityCode: '',
  title: '',
  personName: '',
  employment: '100',
  salary: '',
  raise: '',
  raiseFromMonth: 4,
  vacancy: [],
  poCategory: 'anstallda',
  salaryAccountCode: '',
  poAccountCode: '',
};

function draftOf(p: Position): PositionDraft {
  return {
    id: p.id,
    responsibilityCode: p.responsibilityCode,
    title: p.title,
    personName: p.personName ?? '',
    employment: editPercent(p.employmentBp),
    salary: editKr(p.monthlySalaryOre),
    raise: editPercent(p.raiseBp),
    raiseFromMonth: p.raiseFromMonth,
    vacancy: [...p.vacancyMonths],
    poCategory: p.poCategory,
    salaryAccountCode: p.salaryAccountCode,
    poAccountCode: p.poAccountCode,
  };
}

/** Personal: positions per ansvar, their cost with löneökning and PO-pålägg, årsarbetare per sektor, and the lines they generate. */
export function PersonnelTab({ version, versions }: BudgetTabProps) {
  if (!version) return <NeedsVersion />;
  return <Personnel versionId={version.id} versionName={version.name} locked={version.lockedAt !== null} otherVersions={versions.filter((v) => v.id !== version.id)} />;
}

function Personnel({ versionId, versionName, locked, otherVersions }: { versionId: string; versionName: string; locked: boolean; otherVersions: BudgetTabProps['versions'] }) {
  const lookups = useApi('planning.lookups', {}, 'lookups');
  const state = useApi('planning.personnel.get', { versionId }, versionId);
  const [draft, setDraft] = useState<PositionDraft>(EMPTY);
  const [copyFrom, setCopyFrom] = useState('');
  const action = useAction();

  if (state.error) return <ErrorBanner error={state.error} />;
  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (!state.data || !lookups.data) return <Loading />;
  const data = state.data;
  const personnelAccounts = (a: { group: string }) => a.group === 'personnel';

  const savePosition = async () => {
    const employmentBp = parsePercent(draft.employment);
    const salary = parseKronor(draft.salary);
    const raise = parsePercent(draft.raise) ?? 0;
    if (!draft.responsibilityCode) return action.setError(formError('Välj vilket ansvar befattningen hör till.'));
    if (employmentBp === null || Number.isNaN(employmentBp)) return action.setError(formError(`Sysselsättningsgraden "${draft.employment}" är ingen procentsats. Skriv t.ex. 75 eller 62,5.`));
    if (salary === null || Number.isNaN(salary)) return action.setError(formError(`Månadslönen "${draft.salary}" är inget belopp. Skriv t.ex. 32 500.`));
    if (Number.isNaN(raise)) return action.setError(formError(`Löneökningen "${draft.raise}" är ingen procentsats. Skriv t.ex. 3,1.`));
    const ok = await action.run(
      () =>
        call('planning.personnel.savePosition', {
          ...(draft.id ? { id: draft.id } : {}),
          versionId,
          responsibilityCode: draft.responsibilityCode,
          title: draft.title,
          personName: draft.personName || null,
          employmentBp,
          monthlySalaryOre: salary,
          raiseBp: raise,
          raiseFromMonth: draft.raiseFromMonth,
          vacancyMonths: draft.vacancy,
          poCategory: draft.poCategory,
          salaryAccountCode: draft.salaryAccountCode || null,
          poAccountCode: draft.poAccountCode || null,
        }),
      () => `${draft.title} på ${draft.responsibilityCode} är sparad. Ta fram raderna igen för att budgeten ska följa med.`,
    );
    if (ok) {
      setDraft({ ...EMPTY, responsibilityCode: draft.responsibilityCode });
      state.reload();
    }
  };

  const remove = async (p: Position) => {
    const ok = await action.run(() => call('planning.personnel.deletePosition', { id: p.id }), () => `${p.title} på ${p.responsibilityCode} är borttagen.`);
    if (ok) state.reload();
  };

  const generate = async () => {
    const ok = await action.run(
      () => call('planning.personnel.generate', { versionId }),
      (r) => `${count(r.lines, 'rad', 'rader')} togs fram för ${formatCount(r.responsibilities)} ansvar: lön ${formatKr(r.salaryOre)} kr, PO ${formatKr(r.poOre)} kr${r.replacedLines ? `; ${count(r.replacedLines, 'tidigare framtagen rad', 'tidigare framtagna rader')} ersattes` : ''}.`,
    );
    if (ok) state.reload();
  };

  const copy = async () => {
    if (!copyFrom) return;
    const ok = await action.run(() => call('planning.personnel.copy', { fromVersionId: copyFrom, toVersionId: versionId }), (r) => `${count(r.positions, 'befattning', 'befattningar')} kopierades.`);
    if (ok) state.reload();
  };

  return (
    <div>
      {locked && <LockedNote name={versionName} />}
      <h2 id="pers-sectors">Årsarbetare och kostnad per sektor</h2>
      <table className="pl-table" aria-labelledby="pers-sectors" data-testid="personnel-sectors">
        <thead>
          <tr>
            <th>Sektor</th>
            <th className="num">Befattningar</th>
            <th className="num">Årsarbetare</th>
            <th className="num">Lön (kr)</th>
            <th className="num">PO (kr)</th>
            <th className="num">Totalt (kr)</th>
          </tr>
        </thead>
        <tbody>
          {data.perSector.map((s) => (
            <tr key={s.code} data-code={s.code}>
              <td>
                {s.code} {s.name}
              </td>
              <td className="num">{formatCount(s.positions)}</td>
              <td className="num">{formatFte(s.fte)}</td>
              <td className="num">{formatKr(s.salaryOre)}</td>
              <td className="num">{formatKr(s.poOre)}</td>
              <td className="num">{formatKr(s.totalOre)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-code="total">
            <td>Totalt</td>
            <td className="num">{formatCount(data.total.positions)}</td>
            <td className="num">{formatFte(data.total.fte)}</td>
            <td className="num">{formatKr(data.total.salaryOre)}</td>
            <td className="num">{formatKr(data.total.poOre)}</td>
            <td className="num">{formatKr(data.total.totalOre)}</td>
          </tr>
        </tfoot>
      </table>

      <h2 id="pers-positions">Befattningar</h2>
      <p className="hint">
        Lön per månad = månadslön × sysselsättningsgrad, med löneökningen från vald månad; vakanta månader kostar inget. PO = lönen × PO-pålägget för kategorin; lönedelen över 7,5 inkomstbasbelopp (
        {formatKr(data.settings.thresholdOre)} kr i månaden) med kategorin {data.rates.rates.find((r) => r.category === 'over-7-5-ibb')?.name ?? 'över 7,5 IBB'}.
      </p>
      <div className="table-scroll">
        <table className="pl-table pl-fit" aria-labelledby="pers-positions" data-testid="positions">
          <thead>
            <tr>
              <th>Ansvar</th>
              <th>Befattning</th>
              <th>Namn</th>
              <th className="num">Syss.grad</th>
              <th className="num">Månadslön</th>
              <th className="num">Löneökning</th>
              <th>Vakant</th>
              <th>PO-kategori</th>
              <th className="num">Lön år</th>
              <th className="num">PO år</th>
              <th className="num">Årsarb.</th>
              {!locked && (
                <th>
                  <span className="sr-only">Åtgärder</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {data.positions.length === 0 && (
              <tr>
                <td colSpan={12}>Inga befattningar i den här versionen.</td>
              </tr>
            )}
            {data.positions.map((p) => (
              <tr key={p.id} className={draft.id === p.id ? 'pl-selected' : undefined}>
                <td>{p.responsibilityCode}</td>
                <td>{p.title}</td>
                <td>{p.personName}</td>
                <td className="num">{formatPercent(p.employmentBp)}</td>
                <td className="num">{formatKr(p.monthlySalaryOre)}</td>
                <td className="num">
                  {formatPercent(p.raiseBp)} <span className="pl-from">fr.o.m. {MONTH_SHORT[p.raiseFromMonth - 1]}</span>
                </td>
                <td>{p.vacancyMonths.map((m) => MONTH_SHORT[m - 1]).join(', ')}</td>
                <td>{poCategoryLabel(p.poCategory, data.rates.rates)}</td>
                <td className="num">{formatKr(p.salaryYearOre)}</td>
                <td className="num">{formatKr(p.poYearOre)}</td>
                <td className="num">{formatFte(p.fte)}</td>
  {!locked && (              <td className="pl-actions">
                  {p.problem && <span className="pl-warning">{p.problem}</span>}
                  <button type="button" className="pl-button pl-small" onClick={() => setDraft(draftOf(p))} disabled={locked} aria-label={`Ändra ${p.title} på ${p.responsibilityCode}`}>
                    Ändra
                  </button>
                  <button type="button" className="pl-button pl-small" onClick={() => void remove(p)} disabled={locked} aria-label={`Ta bort ${p.title} på ${p.responsibilityCode}`}>
                    Ta bort
                  </button>
                </td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {!locked && (
        <form
          className="pl-form"
          aria-label={draft.id ? 'Ändra befattning' : 'Ny befattning'}
          onSubmit={(e) => {
            e.preventDefault();
            void savePosition();
          }}
        >
          <fieldset>
            <legend>{draft.id ? 'Ändra befattning' : 'Ny befattning'}</legend>
            <NodeSelect id="pos-resp" label="Ansvar" nodes={lookups.data.nodes} value={draft.responsibilityCode} onChange={(v) => setDraft({ ...draft, responsibilityCode: v })} allowEmpty emptyLabel="(välj ansvar)" />
            <TextField id="pos-title" label="Befattning" value={draft.title} onChange={(v) => setDraft({ ...draft, title: v })} />
            <TextField id="pos-name" label="Namn (valfritt)" value={draft.personName} onChange={(v) => setDraft({ ...draft, personName: v })} />
            <TextField id="pos-employment" label="Sysselsättningsgrad (%)" value={draft.employment} onChange={(v) => setDraft({ ...draft, employment: v })} inputMode="decimal" size={6} />
            <TextField id="pos-salary" label="Månadslön heltid (kr)" value={draft.salary} onChange={(v) => setDraft({ ...draft, salary: v })} inputMode="decimal" size={10} />
            <TextField id="pos-raise" label="Löneökning (%)" value={draft.raise} onChange={(v) => setDraft({ ...draft, raise: v })} inputMode="decimal" size={6} />
            <div className="pl-field">
              <label htmlFor="pos-raise-from">från</label>
              <select id="pos-raise-from" value={draft.raiseFromMonth} onChange={(e) => setDraft({ ...draft, raiseFromMonth: Number(e.target.value) })}>
                {MONTH_NAMES.map((m, i) => (
                  <option key={m} value={i + 1}>
                    {m}
                  </option>
                ))}
              </select>
            </div>
            <div className="pl-field">
              <label htmlFor="pos-po">PO-kategori</label>
              <select id="pos-po" value={draft.poCategory} onChange={(e) => setDraft({ ...draft, poCategory: e.target.value })}>
                {data.rates.rates.map((r) => (
                  <option key={r.category} value={r.category}>
                    {poCategoryLabel(r.category, data.rates.rates)} ({formatPercent(r.rateBp)})
                  </option>
                ))}
              </select>
            </div>
            <AccountSelect id="pos-salary-account" label={`Lönekonto (standard ${data.settings.salaryAccountCode})`} accounts={lookups.data.accounts} value={draft.salaryAccountCode} onChange={(v) => setDraft({ ...draft, salaryAccountCode: v })} allowEmpty filter={personnelAccounts} />
            <AccountSelect id="pos-po-account" label={`PO-konto (standard ${data.settings.poAccountCode})`} accounts={lookups.data.accounts} value={draft.poAccountCode} onChange={(v) => setDraft({ ...draft, poAccountCode: v })} allowEmpty filter={personnelAccounts} />
            <fieldset className="pl-months">
              <legend>Vakanta månader</legend>
              {MONTH_SHORT.map((m, i) => (
                <label key={m} className="pl-check">
                  <input
                    type="checkbox"
                    checked={draft.vacancy.includes(i + 1)}
                    onChange={(e) => setDraft({ ...draft, vacancy: e.target.checked ? [...draft.vacancy, i + 1].sort((a, b) => a - b) : draft.vacancy.filter((x) => x !== i + 1) })}
                  />
                  {m}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
              {draft.id ? 'Spara ändringen' : 'Lägg till befattning'}
            </button>
            {draft.id && (
              <button type="button" className="pl-button" onClick={() => setDraft(EMPTY)}>
                Avbryt
              </button>
            )}
          </fieldset>
        </form>
      )}

      <h2 id="pers-lines">Budgetrader från personalbudgeten</h2>
      <p className="hint">
        Lön och PO blir en rad per ansvar och konto med tolv månader. Att ta fram raderna igen ersätter de rader personalbudgeten tog fram tidigare (ändringar för hand i dem skrivs över).
      </p>
      <table className="pl-table" aria-labelledby="pers-lines" data-testid="personnel-generated">
        <thead>
          <tr>
            <th>Ansvar</th>
            <th className="num">Befattningarna (kr)</th>
            <th className="num">Framtagna rader (kr)</th>
            <th>Läge</th>
          </tr>
        </thead>
        <tbody>
          {data.generated.map((g) => (
            <tr key={g.responsibilityCode}>
              <td>
                {g.responsibilityCode} {g.responsibilityName}
              </td>
              <td className="num">{formatKr(g.computedOre)}</td>
              <td className="num">{g.generatedOre === null ? 'inga' : formatKr(g.generatedOre)}</td>
              <td className={g.upToDate ? undefined : 'pl-warning'}>{g.upToDate ? 'aktuella' : g.generatedOre === null ? 'inte framtagna' : 'inaktuella'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pl-toolbar">
        <button type="button" className="pl-button pl-primary" disabled={locked || action.busy || data.positions.length === 0} onClick={() => void generate()}>
          Ta fram lön och PO som budgetrader
        </button>
        {!locked && otherVersions.length > 0 && (
          <>
            <div className="pl-field">
              <label htmlFor="pers-copy">Kopiera befattningar från</label>
              <select id="pers-copy" value={copyFrom} onChange={(e) => setCopyFrom(e.target.value)}>
                <option value="">(välj version)</option>
                {otherVersions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="pl-button" disabled={!copyFrom || action.busy} onClick={() => void copy()}>
              Kopiera
            </button>
          </>
        )}
      </div>
      <ActionStatus error={action.error} message={action.message} />

      <Rates data={data} onSaved={state.reload} accounts={lookups.data.accounts} />
    </div>
  );
}

/** PO-pålägg and the personnel settings of the budget year. */
function Rates({ data, onSaved, accounts }: { data: PersonnelOverview; onSaved(): void; accounts: PlanningLookups['accounts'] }) {
  // A new category has no key yet: the controller gives it a short name (shortName), and the key is made from it on saving.
  const [rates, setRates] = useState<{ category: string; shortName: string; name: string; rate: string }[]>([]);
  const [ratesSource, setRatesSource] = useState('');
  const [ibb, setIbb] = useState('');
  const [ibbSource, setIbbSource] = useState('');
  const [salaryAccount, setSalaryAccount] = useState('');
  const [poAccount, setPoAccount] = useState('');
  const action = useAction();
  useEffect(() => {
    setRates(data.rates.rates.map((r) => ({ category: r.category, shortName: '', name: r.name, rate: editPercent(r.rateBp) })));
    // Defaults shown but not saved: saving them stores them with their short source label.
    setRatesSource(data.rates.saved ? data.rates.source : data.defaultLabels.rates);
    setIbb(editKr(data.settings.incomeBaseAmountOre));
    setIbbSource(data.settings.incomeBaseAmountSource);
    setSalaryAccount(data.settings.salaryAccountCode);
    setPoAccount(data.settings.poAccountCode);
  }, [data]);

  const saveRates = async () => {
    const parsed: PoRate[] = [];
    for (const r of rates) {
      const label = r.category ? poCategoryLabel(r.category, data.rates.rates) : r.shortName.trim() || 'en ny kategori';
      const bp = parsePercent(r.rate);
      if (bp === null || Number.isNaN(bp)) return action.setError(formError(`PO-pålägget "${r.rate}" för ${label} är ingen procentsats. Skriv t.ex. 44,53.`));
      if (!r.category && !r.shortName.trim()) return action.setError(formError('Ge den nya kategorin ett kortnamn.'));
      const category = r.category || poCategoryKey(r.shortName, [...rates.map((x) => x.category), ...parsed.map((x) => x.category)]);
      // The short name is the benämning's first part, so it reads the same everywhere.
      const name = r.category ? r.name : `${r.shortName.trim()}${r.name.trim() ? `: ${r.name.trim()}` : ''}`;
      parsed.push({ category, name, rateBp: bp });
    }
    const ok = await action.run(() => call('planning.personnel.saveRates', { year: data.year, rates: parsed, source: ratesSource }), () => `PO-påläggen för ${data.year} är sparade.`);
    if (ok) onSaved();
  };
  const saveSettings = async () => {
    const ore = parseKronor(ibb);
    if (ore === null || Number.isNaN(ore)) return action.setError(formError(`Inkomstbasbeloppet "${ibb}" är inget belopp.`));
    const ok = await action.run(
      () => call('planning.personnel.saveSettings', { year: data.year, incomeBaseAmountOre: ore, incomeBaseAmountSource: ibbSource, salaryAccountCode: salaryAccount, poAccountCode: poAccount }),
      () => `Inställningarna för personalbudgeten ${data.year} är sparade.`,
    );
    if (ok) onSaved();
  };

  return (
    <section aria-labelledby="pers-rates">
      <h2 id="pers-rates">PO-pålägg {data.year}</h2>
      <p className={data.rates.saved ? 'hint' : 'pl-locked'} role="note" data-testid="po-source">
        {data.rates.saved
          ? `Sparade för ${data.year}. Källa: ${data.rates.source || 'ingen källa angiven'}.`
          : `Inga PO-pålägg sparade för ${data.year}: standardvärdena visas, och de är ${data.defaultLabels.year} års. Källa: ${data.rates.source}`}
      </p>
      <form
        className="pl-form"
        aria-label="PO-pålägg"
        onSubmit={(e) => {
          e.preventDefault();
          void saveRates();
        }}
      >
        <table className="pl-table">
          <thead>
            <tr>
              <th>Kategori</th>
              <th>Benämning</th>
              <th className="num">PO-pålägg (%)</th>
              <th>
                <span className="sr-only">Åtgärder</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r, i) => {
              const label = r.category ? poCategoryLabel(r.category, data.rates.rates) : r.shortName.trim() || 'den nya kategorin';
              return (
              <tr key={i}>
                <td>
                  {r.category ? (
                    label
                  ) : (
                    <input aria-label="Kortnamn för den nya kategorin" value={r.shortName} size={14} onChange={(e) => setRates(rates.map((x, j) => (j === i ? { ...x, shortName: e.target.value } : x)))} />
                  )}
                </td>
                <td>
                  <input aria-label={`Benämning för ${label}`} value={r.name} size={60} onChange={(e) => setRates(rates.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
                </td>
                <td className="num">
                  <input aria-label={`PO-pålägg för ${label} i procent`} value={r.rate} size={7} inputMode="decimal" onChange={(e) => setRates(rates.map((x, j) => (j === i ? { ...x, rate: e.target.value } : x)))} />
                </td>
                <td>
                  <button type="button" className="pl-button pl-small" onClick={() => setRates(rates.filter((_, j) => j !== i))} aria-label={`Ta bort kategorin ${label}`}>
                    Ta bort
                  </button>
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
        <TextField id="pers-rates-source" label="Källa (vems siffror, för vilket år)" value={ratesSource} onChange={setRatesSource} size={60} hint='t.ex. "SKR 2026, cirkulär …"' />
        <button type="button" className="pl-button" onClick={() => setRates([...rates, { category: '', shortName: '', name: '', rate: '' }])}>
          Ny kategori
        </button>
        <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
          Spara PO-pålägg
        </button>
      </form>
      <form
        className="pl-form"
        aria-label="Inställningar för personalbudgeten"
        onSubmit={(e) => {
          e.preventDefault();
          void saveSettings();
        }}
      >
        <TextField id="pers-ibb" label={`Inkomstbasbelopp ${data.year} (kr)`} value={ibb} onChange={setIbb} inputMode="decimal" size={10} hint={`7,5 IBB per månad: ${formatKr(data.settings.thresholdOre)} kr${data.settings.saved ? '' : ` (standard: ${data.defaultLabels.year} års 74 300 kr)`}`} />
        <TextField id="pers-ibb-source" label="Källa för inkomstbasbeloppet" value={ibbSource} onChange={setIbbSource} size={50} />
        <AccountSelect id="pers-salary-account" label="Lönekonto" accounts={accounts} value={salaryAccount} onChange={setSalaryAccount} filter={(a) => a.group === 'personnel'} />
        <AccountSelect id="pers-po-account" label="PO-konto" accounts={accounts} value={poAccount} onChange={setPoAccount} filter={(a) => a.group === 'personnel'} />
        <button type="submit" className="pl-button pl-primary" disabled={action.busy}>
          Spara inställningar
        </button>
      </form>
      <ActionStatus error={action.error} message={action.message} />
    </section>
  );
}
