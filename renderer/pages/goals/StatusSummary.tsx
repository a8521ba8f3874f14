import type { LevelCounts } from '../../../electron/api/contract/index';
import { LEVEL_PLURAL, ROUND_NAME } from './names';

const COLUMNS = [
  { key: 'met', name: 'Uppfyllt', levels: ['board', 'sub'] },
  { key: 'partly_met', name: 'Delvis uppfyllt', levels: ['board', 'sub'] },
  { key: 'not_met', name: 'Ej uppfyllt', levels: ['board', 'sub'] },
  { key: 'done', name: 'Genomförd', levels: ['activity'] },
  { key: 'in_progress', name: 'Pågår', levels: ['activity'] },
  { key: 'not_started', name: 'Ej påbörjat', levels: ['board', 'sub', 'activity'] },
  { key: 'unassessed', name: 'Ej bedömt', levels: ['board', 'sub', 'activity'] },
] as const;

/** How many goals have each status at each level, and where the round stands. */
export function StatusSummary({ counts }: { counts: LevelCounts[] }) {
  return (
    <div className="goal-summary">
      <table className="count-table" data-testid="goal-counts">
        <caption>Antal mål per status</caption>
        <thead>
          <tr>
            <th scope="col">Nivå</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c.key}>
                <span className={`goal-status status-${c.key.replace('_', '-')}`}>{c.name}</span>
              </th>
            ))}
            <th scope="col">Totalt</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.level}>
              <th scope="row">{LEVEL_PLURAL[c.level]}</th>
              {COLUMNS.map((col) => (
                <td key={col.key} className="num" data-testid={`count-${c.level}-${col.key}`}>
                  {(col.levels as readonly string[]).includes(c.level) ? c.byStatus[col.key] : <span aria-label="gäller inte">–</span>}
                </td>
              ))}
              <td className="num" data-testid={`count-${c.level}-total`}>
                {c.total}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="count-table" data-testid="round-counts">
        <caption>Bedömningarnas omgång</caption>
        <thead>
          <tr>
            <th scope="col">Nivå</th>
            {(['draft', 'ready', 'approved', 'returned'] as const).map((r) => (
              <th scope="col" key={r}>
                {ROUND_NAME[r][0]!.toUpperCase() + ROUND_NAME[r].slice(1)}
              </th>
            ))}
            <th scope="col">Ingen bedömning</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.level}>
              <th scope="row">{LEVEL_PLURAL[c.level]}</th>
              {(['draft', 'ready', 'approved', 'returned', 'none'] as const).map((r) => (
                <td key={r} className="num" data-testid={`round-${c.level}-${r}`}>
                  {c.byRound[r]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
