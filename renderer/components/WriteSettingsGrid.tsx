import { useState } from 'react';
import type { WriteSettings } from '../../electron/api/contract/index';
import { call } from '../api';
import { useApi } from '../useApi';
import { ErrorBanner, Loading } from './Status';

const WHAT_NAME = { budget: 'Budgetrader', vf: 'VF-förslag', prognos: 'Prognos', comment: 'Kommentarer' } as const;

/**
 * The controller's grid for a round: per node below the förvaltning and kind
 * of write, whether the chefs may write (rounds/write-settings.ts). Closing a
 * node closes the nodes below it; a node closed above shows so and cannot be
 * opened on its own.
 */
export function WriteSettingsGrid({ kind, refId, disabled = false }: { kind: 'budget' | 'prognos'; refId: string; disabled?: boolean }) {
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const grid = useApi('round.writeSettings.get', { kind, ref: refId }, `${kind}:${refId}:${generation}`);
  if (grid.error && !grid.data) return <ErrorBanner error={grid.error} />;
  if (!grid.data) return <Loading />;
  const g: WriteSettings = grid.data;
  const set = (code: string, what: WriteSettings['whats'][number], open: boolean) =>
    void call('round.writeSettings.set', { kind, ref: refId, code, what, allowed: open ? null : false }).then(
      () => {
        setError(null);
        setGeneration((x) => x + 1);
      },
      (x: Error) => setError(x),
    );
  return (
    <div className="write-settings">
      {error && <ErrorBanner error={error} />}
      <table className="data-table" aria-label={`Vilka chefer som får skriva i ${g.roundName}`}>
        <thead>
          <tr>
            <th scope="col">Ansvar</th>
            {g.whats.map((w) => (
              <th key={w} scope="col">
                {WHAT_NAME[w]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {g.nodes.map((n) => (
            <tr key={n.code} data-testid={`write-setting-${n.code}`}>
              <th scope="row" style={{ paddingLeft: `${0.5 + n.depth * 1.2}rem` }}>
                {n.code} {n.name}
              </th>
              {g.whats.map((w) => {
                const closedAbove = n.closed[w] === true && n.set[w] !== false;
                return (
                  <td key={w}>
                    <label>
                      <input
                        type="checkbox"
                        checked={!n.closed[w]}
                        disabled={disabled || closedAbove}
                        onChange={(e) => set(n.code, w, e.target.checked)}
                        aria-label={`${WHAT_NAME[w]}: chefen för ${n.code} ${n.name} får skriva`}
                      />{' '}
                      {closedAbove ? 'stängd ovanför' : n.closed[w] ? 'stängd' : 'öppen'}
                    </label>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
