import { useState } from 'react';
import type { TextRound } from '../../../electron/api/contract/index';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { StatusBadge, type CommentState } from './labels';
import { TextEditor } from './TextEditor';
import './texts.css';

interface Props {
  occasionId: string | null;
}

/**
 * Uppföljning › Texter: the occasion's text sections (Sammanfattning,
 * Väsentliga händelser, …) per node, with their status in the round, and
 * the editor of the one chosen. Only approved texts go into the reports.
 */
export function TextsTab({ occasionId }: Props) {
  const [generation, setGeneration] = useState(0);
  const round = useApi('texts.round', { occasionId: occasionId ?? '' }, `${occasionId}:${generation}`, occasionId !== null);
  const [selected, setSelected] = useState<{ code: string; kind: string } | null>(null);

  if (occasionId === null) return <p className="hint">Perioden har inget uppföljningstillfälle. Lägg upp årets tillfällen under Årshjul och trösklar.</p>;
  if (round.error && !round.data) return <ErrorBanner error={round.error} />;
  if (!round.data) return <Loading />;
  const r = round.data;
  const chosen = selected ?? firstChoice(r);

  return (
    <div className="texts-tab">
      <p className="hint">
        {r.occasion.name}: texterna skrivs av nivån som äger dem, markeras klara och godkänns av nivån ovanför, som kommentarerna. Bara godkända texter kommer med i
        rapporterna.{r.occasion.lockedAt ? ' Tillfället är låst.' : ''}
      </p>
      <table className="data-table texts-overview" aria-label={`Textavsnitt, ${r.occasion.name}`}>
        <thead>
          <tr>
            <th scope="col">Avsnitt</th>
            {r.nodes.map((n) => (
              <th key={n.code} scope="col">
                {n.code} {n.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.kinds.map((k) => (
            <tr key={k.code}>
              <th scope="row">{k.name}</th>
              {r.nodes.map((n) => {
                const s = r.sections.find((x) => x.kind === k.code && x.code === n.code);
                const on = chosen?.code === n.code && chosen.kind === k.code;
                return (
                  <td key={n.code} className={on ? 'selected' : undefined}>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={on}
                      data-testid={`text-cell-${k.code}-${n.code}`}
                      aria-label={`${k.name}, ${n.name}: ${s ? statusWord(s.status) : 'inte skriven'}`}
                      onClick={() => setSelected({ code: n.code, kind: k.code })}
                    >
                      {s ? <StatusBadge status={s.status as CommentState} /> : <span className="hint">–</span>}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {chosen && (
        <TextEditor key={`${chosen.code}:${chosen.kind}:${r.occasion.id}`} occasionId={r.occasion.id} code={chosen.code} kind={chosen.kind} onChanged={() => setGeneration((g) => g + 1)} />
      )}
    </div>
  );
}

const STATUS: Record<string, string> = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' };
const statusWord = (s: string) => STATUS[s] ?? s;

/** Where the editor opens: this installation's own top node and the first section. */
function firstChoice(r: TextRound): { code: string; kind: string } | null {
  const node = r.nodes.find((n) => n.canWrite) ?? r.nodes[0];
  const kind = r.kinds[0];
  return node && kind ? { code: node.code, kind: kind.code } : null;
}
