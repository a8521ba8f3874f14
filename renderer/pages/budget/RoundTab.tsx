import { useEffect, useState } from 'react';
import type { BudgetRoundOverview, RoundNodeSummary } from '../../../electron/api/contract/index';
import { formatDate } from '../../../shared/dates';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { formatKr, LockedNote, NeedsVersion } from './planning-ui';
import { NodePanel } from './round/NodePanel';
import type { BudgetTabProps } from './types';

/**
 * Budgetrunda (issue 18): the chefs' budget proposals per node of the
 * chosen version. The controller sees every node's status, deadline, ram,
 * proposed total and difference, opens one to see it line by line and
 * approves it (whole or per row) or sends it back with a note; a chef
 * writes its own node's proposal and hands it in.
 */
export function RoundTab({ version }: BudgetTabProps) {
  if (!version) return <NeedsVersion />;
  return <Round versionId={version.id} versionName={version.name} locked={version.lockedAt !== null} />;
}

function Round({ versionId, versionName, locked }: { versionId: string; versionName: string; locked: boolean }) {
  const [generation, setGeneration] = useState(0);
  const state = useApi('budgetRound.overview', { versionId }, `${versionId}:${generation}`);
  const [open, setOpen] = useState<string | null>(null);
  // What the last step did: kept here, since the node's panel is drawn anew with the reloaded proposal.
  const [notice, setNotice] = useState<string | null>(null);
  const data = state.data;
  // A chef's own node is open from the start: it is what the chef works on.
  useEffect(() => {
    if (data && !data.viewer.reviews && open === null && data.viewer.scopeCode) setOpen(data.viewer.scopeCode);
  }, [data, open]);
  if (state.error) return <ErrorBanner error={state.error} />;
  if (!data) return <Loading />;
  const changed = (message: string) => {
    setNotice(message);
    setGeneration((g) => g + 1);
  };
  const openNode = (code: string) => {
    setNotice(null);
    setOpen(code);
  };
  return (
    <div className="round">
      {locked && <LockedNote name={versionName} />}
      <p className="hint">
        {data.viewer.reviews
          ? 'Chefernas budgetförslag per ansvar. Förslagen ligger utanför versionen tills du godkänner dem; godkända rader skrivs in i versionen och går tillbaka till chefen med nästa paket.'
          : 'Ditt budgetförslag: skriv raderna och verksamhetsförändringarna, spara och lämna in. Controllern godkänner eller skickar tillbaka förslaget med ett meddelande.'}
      </p>
      <NodeTable data={data} open={open} onOpen={openNode} onReload={() => setGeneration((g) => g + 1)} />
      {notice && (
        <p className="pl-ok" role="status" data-testid="round-notice">
          {notice}
        </p>
      )}
      {open !== null && <NodePanel key={`${open}:${generation}`} versionId={versionId} code={open} reviews={data.viewer.reviews} onChanged={changed} onClose={data.viewer.reviews ? () => setOpen(null) : undefined} />}
    </div>
  );
}

function statusText(n: RoundNodeSummary): string {
  return n.late ? `${n.statusName}, försenad` : n.statusName;
}

function NodeTable({ data, open, onOpen, onReload }: { data: BudgetRoundOverview; open: string | null; onOpen(code: string): void; onReload(): void }) {
  const handedIn = data.nodes.filter((n) => n.handedIn).length;
  return (
    <>
      <h2 id="round-nodes">Budgetrunda {data.year}</h2>
      <p role="status">
        {data.nodes.length === 0 ? 'Inga förslag ännu, och inga chefer som installationen utbyter paket med.' : `${handedIn} av ${data.nodes.length} ansvar har lämnat in.`}{' '}
        {/* A package read in under Utbyte brings new proposals: read the round again without leaving the tab. */}
        <button type="button" className="pl-button pl-small" onClick={onReload}>
          Läs om rundan
        </button>
      </p>
      <p className="hint">
        Chefer som svarar i Excel lämnar in via sin arbetsbok: läs in, godkänn eller skicka tillbaka filerna under <a href="#/utbyte">Utbyte › Arbetsböcker i Excel</a>. Deras ansvar visas här som alla andra.
      </p>
      {data.nodes.length > 0 && (
        <div className="round-scroll" role="region" aria-labelledby="round-nodes" tabIndex={0}>
        <table className="pl-table" aria-labelledby="round-nodes" data-testid="round-nodes">
          <thead>
            <tr>
              <th>Ansvar</th>
              <th>Status</th>
              <th>Sista dag</th>
              <th className="num">Ram (kr)</th>
              <th className="num">Förslag (kr)</th>
              <th className="num">Skillnad mot versionen (kr)</th>
              <th className="num">Över ramen (kr)</th>
            </tr>
          </thead>
          <tbody>
            {data.nodes.map((n) => (
              <tr key={n.code} data-node={n.code} aria-current={open === n.code ? 'true' : undefined}>
                <td>
                  <button type="button" className="pl-link" onClick={() => onOpen(n.code)} aria-expanded={open === n.code} aria-controls="round-node-panel">
                    {n.code} {n.name}
                  </button>
                </td>
                <td data-testid="round-status" className={n.late ? 'pl-warning' : undefined}>
                  {statusText(n)}
                </td>
                <td className="round-coding">{n.deadline ? formatDate(n.deadline) : '–'}</td>
                <td className="num">{n.frameOre === null ? '–' : formatKr(n.frameOre)}</td>
                <td className="num">{formatKr(n.proposedOre)}</td>
                <td className="num">{formatKr(n.differenceOre)}</td>
                <td className={n.overFrameOre > 0 ? 'num unfavourable' : 'num'}>{n.overFrameOre > 0 ? formatKr(n.overFrameOre) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </>
  );
}
