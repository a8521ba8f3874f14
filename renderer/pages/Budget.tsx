import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ErrorBanner, Loading } from '../components/Status';
import { useApi } from '../useApi';
import { BUDGET_TABS } from './budget/tabs';

const KIND_NAME = { adopted: 'beslutad', revision: 'revidering', draft: 'arbetsversion' } as const;

/** The Budget page: a version chooser and one tab per part of the detaljbudget work. */
export function BudgetPage() {
  const versions = useApi('budget.versions.list', {}, 'versions');
  const [versionId, setVersionId] = useState<string | null>(null);
  const [tabId, setTabId] = useState(BUDGET_TABS[0]!.id);

  // A version chosen by a tab (one just created) before the reloaded list has it.
  const wanted = useRef<{ id: string; data: unknown } | null>(null);
  const list = useMemo(() => versions.data ?? [], [versions.data]);
  useEffect(() => {
    if (list.length === 0 || list.some((v) => v.id === versionId)) return;
    if (wanted.current?.id === versionId && wanted.current.data === versions.data) return;
    wanted.current = null;
    setVersionId(list[0]!.id);
  }, [list, versionId, versions.data]);
  const selectVersion = useCallback(
    (id: string) => {
      wanted.current = { id, data: versions.data };
      setVersionId(id);
    },
    [versions.data],
  );

  if (versions.error) return <ErrorBanner error={versions.error} />;
  if (!versions.data) return <Loading />;
  const version = list.find((v) => v.id === versionId) ?? null;
  const year = version?.year ?? list[0]?.year ?? new Date().getFullYear();
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
      <div id="budget-tabpanel" role="tabpanel" aria-labelledby={`budget-tab-${tab.id}`} className="tabpanel">
        {tab.render({ year, version, versions: list, reloadVersions: versions.reload, selectVersion })}
      </div>
    </section>
  );
}
