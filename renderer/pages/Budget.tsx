import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { ErrorBanner, Loading } from '../components/Status';
import { useApi } from '../useApi';
import { useToday, yearOf } from '../today';
import { useSessionState } from '../state/session';
import { BUDGET_TABS } from './budget/tabs';

const KIND_NAME = { adopted: 'beslutad', revision: 'revidering', draft: 'arbetsversion' } as const;

/**
 * The Budget page: a year and version chooser and one tab per part of the
 * detaljbudget work. The year starts at the active one (Inställningar), but
 * any year with versions can be opened here, e.g. next year's budget while
 * this year is still followed up. The year, the version and the tab are
 * kept for the session: leaving Budget and coming back finds them as they
 * were (renderer/state/session.ts).
 */
export function BudgetPage() {
  const years = useApi('budget.versions.years', {}, 'years');
  const today = useToday();
  // null: the active year, whichever it is.
  const [chosenYear, setChosenYear] = useSessionState<number | null>('budget.year', null);
  const versions = useApi('budget.versions.list', chosenYear === null ? {} : { year: chosenYear }, `versions:${chosenYear ?? 'active'}`);
  const [versionId, setVersionId] = useSessionState<string | null>('budget.version', null);
  const [tabId, setTabId] = useSessionState('budget.tab', BUDGET_TABS[0]!.id);

  // A version chosen by a tab (one just created) before the reloaded list has it.
  const wanted = useRef<{ id: string; data: unknown } | null>(null);
  // While another year's list is on its way, the one shown is the last year's: leave it out.
  const shownYear = chosenYear ?? years.data?.active ?? null;
  const list = useMemo(() => (versions.data ?? []).filter((v) => shownYear === null || v.year === shownYear), [versions.data, shownYear]);
  useEffect(() => {
    if (list.length === 0 || list.some((v) => v.id === versionId)) return;
    if (wanted.current?.id === versionId && wanted.current.data === versions.data) return;
    wanted.current = null;
    setVersionId(list[0]!.id);
  }, [list, versionId, versions.data, setVersionId]);
  const selectVersion = useCallback(
    (id: string) => {
      wanted.current = { id, data: versions.data };
      setVersionId(id);
    },
    [versions.data, setVersionId],
  );
  const { reload: reloadList } = versions;
  const { reload: reloadYears } = years;
  const reloadVersions = useCallback(() => {
    reloadList();
    reloadYears();
  }, [reloadList, reloadYears]);

  if (versions.error) return <ErrorBanner error={versions.error} />;
  if (!versions.data) return <Loading />;
  const version = list.find((v) => v.id === versionId) ?? null;
  const year = shownYear ?? version?.year ?? list[0]?.year ?? (today.data ? yearOf(today.data.today) : null);
  if (year === null) return <Loading />;
  const yearChoices = years.data?.years ?? [{ year, versions: list.length }];
  const tab = BUDGET_TABS.find((t) => t.id === tabId) ?? BUDGET_TABS[0]!;

  // Arrow keys move between the tabs, as in any tab list.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = BUDGET_TABS[(index + step + BUDGET_TABS.length) % BUDGET_TABS.length]!;
    setTabId(next.id);
    document.getElementById(`budget-tab-${next.id}`)?.focus();
  };

  return (
    <section aria-labelledby="budget-title">
      <header className="page-header">
        <h1 id="budget-title">Budget</h1>
        <div className="budget-choosers">
          <label className="year-select">
            Budgetår{' '}
            <select
              value={year}
              onChange={(e) => {
                const y = Number(e.target.value);
                setChosenYear(y === years.data?.active ? null : y);
              }}
            >
              {yearChoices.map((y) => (
                <option key={y.year} value={y.year}>
                  {y.year}
                  {y.year === years.data?.active ? ' (aktivt år)' : ''}
                  {y.versions === 0 ? ', ingen budget' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="version-select">
            Budgetversion{' '}
            <select value={versionId ?? ''} onChange={(e) => setVersionId(e.target.value)} disabled={list.length === 0}>
              {list.length === 0 && <option value="">ingen budget för året</option>}
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name} ({KIND_NAME[v.kind]}
                  {v.lockedAt ? ', låst' : ''})
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <div role="tablist" aria-label="Delar av budgetarbetet" className="tabs">
        {BUDGET_TABS.map((t, i) => (
          <button
            key={t.id}
            id={`budget-tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={t.id === tab.id}
            aria-controls="budget-tabpanel"
            tabIndex={t.id === tab.id ? 0 : -1}
            onClick={() => setTabId(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div id="budget-tabpanel" role="tabpanel" aria-labelledby={`budget-tab-${tab.id}`} className="tabpanel fill">
        {tab.render({ year, version, versions: list, reloadVersions, selectVersion })}
      </div>
    </section>
  );
}
