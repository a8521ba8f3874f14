import type { RichBlock, Run } from '../../shared/rich-text';

function Runs({ runs }: { runs: readonly Run[] }) {
  return (
    <>
      {runs.map((r, i) => (r.bold ? <strong key={i}>{r.text}</strong> : <span key={i}>{r.text}</span>))}
    </>
  );
}

/**
 * A text section as the reports show it: the blocks of shared/rich-text.ts
 * (paragraphs with bold, bullets, a table). The same parser the reports use,
 * so what the editor previews is what the nämnd reads.
 */
export function RichText({ blocks, label }: { blocks: readonly RichBlock[]; label: string }) {
  if (blocks.length === 0) return <p className="hint">Ingen text ännu.</p>;
  return (
    <div className="rich-text" aria-label={label}>
      {blocks.map((b, i) => {
        if (b.kind === 'paragraph') {
          return (
            <p key={i}>
              <Runs runs={b.runs} />
            </p>
          );
        }
        if (b.kind === 'bullets') {
          return (
            <ul key={i}>
              {b.items.map((item, k) => (
                <li key={k}>
                  <Runs runs={item} />
                </li>
              ))}
            </ul>
          );
        }
        return (
          <table key={i} className="data-table">
            <thead>
              <tr>
                {b.header.map((h, k) => (
                  <th key={k} scope="col">
                    <Runs runs={h} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r, k) => (
                <tr key={k}>
                  {r.map((c, j) => (
                    <td key={j}>
                      <Runs runs={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
