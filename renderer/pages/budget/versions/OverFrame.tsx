import type { OverFrameAck, OverFrameNode } from '../../../../electron/api/contract/index';
import { formatKr } from '../planning-ui';

function NodeTable({ nodes, caption }: { nodes: readonly OverFrameNode[]; caption: string }) {
  return (
    <table className="plain over-frame">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Ansvar</th>
          <th scope="col" className="num">
            Ram, kr
          </th>
          <th scope="col" className="num">
            Budgeterat, kr
          </th>
          <th scope="col" className="num">
            Över ramen, kr
          </th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.code} data-code={n.code}>
            <td>
              {n.code} {n.name}
            </td>
            <td className="num">{formatKr(n.frameOre)}</td>
            <td className="num">{formatKr(n.budgetedOre)}</td>
            <td className="num">{formatKr(n.overOre)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Asked before a version is locked while nodes are over their ram: the nodes, and lock all the same or not. */
export function ConfirmLockOverFrame(props: { versionName: string; decisionRef: string; nodes: OverFrameNode[]; working: boolean; onConfirm(): void; onCancel(): void }) {
  const { nodes } = props;
  return (
    <div className="banner banner-warning" role="alertdialog" aria-labelledby="over-frame-title" aria-modal="false" data-testid="lock-over-frame">
      <p id="over-frame-title">
        <strong>
          {nodes.length === 1 ? 'Ett ansvar är' : `${nodes.length} ansvar är`} över sin ram i &quot;{props.versionName}&quot;.
        </strong>{' '}
        Lås versionen som beslutad ({props.decisionRef.trim()}) bara om beslutet gäller trots det. Att den låstes över ramen sparas med versionen: vem, när och vilka ansvar med hur mycket.
      </p>
      <NodeTable nodes={nodes} caption="Ansvar över sin ram" />
      <p>
        <button type="button" onClick={props.onConfirm} disabled={props.working} autoFocus>
          Lås över ramen
        </button>{' '}
        <button type="button" onClick={props.onCancel}>
          Avbryt
        </button>
      </p>
    </div>
  );
}

/** What a version locked over its ram records, shown on its row in Versioner. */
export function OverFrameRecord({ ack }: { ack: OverFrameAck }) {
  const at = ack.at.slice(0, 16).replace('T', ' ');
  return (
    <details className="over-frame-record" data-testid="over-frame-record">
      <summary>
        Låst över ramen ({ack.nodes.length} ansvar), bekräftat av {ack.by} {at}
      </summary>
      <NodeTable nodes={ack.nodes} caption={`Över ramen när versionen låstes ${at}`} />
    </details>
  );
}
