import { useCallback, useEffect, useState } from 'react';
import type { BudgetGrid } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { clearSession } from '../../state/session';
import { LinesEditor } from './lines/LinesEditor';
import { ProfilesPanel } from './lines/ProfilesPanel';
import type { BudgetTabProps } from './types';
import { toError } from '../../use-action';

/** How many lines the grid asks for first; a version of that size or less comes in one go. */
const FIRST_LINES = 1500;

/** Budgetrader: the detaljbudget of the chosen version as a spreadsheet. */
export function LinesTab({ version, year, reloadVersions, selectVersion }: BudgetTabProps) {
  const [grid, setGrid] = useState<BudgetGrid | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState('');
  const [creating, setCreating] = useState(false);
  const versionId = version?.id ?? null;

  useEffect(() => {
    if (versionId === null) return;
    let live = true;
    performance.mark('ramkoll:lines-requested');
    const fail = (e: unknown) => live && setError(toError(e));
    // The first rows first (a big version takes a while to cross), then all of them.
    call('budget.lines.list', { versionId, firstLines: FIRST_LINES }).then((first) => {
      performance.mark('ramkoll:lines-received');
      if (!live) return;
      const complete = first.lineCount === first.versionLineCount;
      setGrid(complete ? { ...first, partial: false } : first);
      setError(null);
      if (complete) return;
      call('budget.lines.list', { versionId }).then((all) => {
        performance.mark('ramkoll:all-lines-received');
        if (live) setGrid(all);
      }, fail);
    }, fail);
    return () => {
      live = false;
    };
  }, [versionId, generation]);

  // The lines are read again (changed outside the grid, or a profile spread them again): the undo steps no longer fit them.
  const reload = useCallback(() => {
    if (versionId !== null) clearSession(`budget.undo:${versionId}`);
    setGeneration((g) => g + 1);
  }, [versionId]);

  if (!version) return <p className="banner banner-info">Det finns ingen budgetversion för {year}. Skapa en under fliken Versioner.</p>;
  if (error) return <ErrorBanner error={error} />;
  if (!grid || grid.version.id !== version.id) return <Loading>Läser budgetraderna …</Loading>;

  const locked = grid.version.lockedAt !== null;
  const createDraft = async () => {
    setCreating(true);
    try {
      const r = await call('budget.versions.create', { year: grid.version.year, name: `Arbetsversion utifrån ${grid.version.name}`.slice(0, 100), kind: 'draft', basedOnId: grid.version.id });
      reloadVersions();
      selectVersion(r.id);
    } catch (e) {
      setError(toError(e));
    } finally {
      setCreating(false);
    }
  };

  const profilesPanel = (
    <ProfilesPanel
      profiles={grid.profiles}
      year={grid.version.year}
      onSaved={(m) => {
        setNotice(m);
        reload();
      }}
    />
  );
  return (
    <div className="fill">
      {locked && (
        <div className="banner banner-info banner-compact" role="note">
          <p>
            <strong>{grid.version.name}</strong> är beslutad och låst ({grid.version.decisionRef ?? 'utan beslutsreferens'}) och kan inte ändras. Ändra i en arbetsversion eller revidering som utgår från den.
          </p>
          <button type="button" onClick={() => void createDraft()} disabled={creating}>
            Skapa arbetsversion utifrån den här
          </button>
        </div>
      )}
      {notice && (
        <p className="banner banner-info" role="status">
          {notice}
        </p>
      )}
      <LinesEditor key={`${grid.version.id}:${generation}`} grid={grid} editable={!locked} onChanged={reloadVersions} onReload={reload} profilesPanel={profilesPanel} />
    </div>
  );
}
