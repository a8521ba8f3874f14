import { useState } from 'react';
import type { BudgetRoundNode } from '../../../../electron/api/contract/index';
import { call } from '../../../api';
import { ErrorBanner, Loading } from '../../../components/Status';
import { useApi } from '../../../useApi';
import { ActionStatus, editKr, formatKr, formError, parseKronor } from '../planning-ui';
import { useAction } from '../../../use-action';

interface LineDraft {
  key: number;
  account: string;
  responsibility: string;
  /** Other dimensions as dim=värde|dim=värde. */
  dims: string;
  year: string;
  /** The months as they were, kept while the year amount is the same; otherwise the year is spread evenly. */
  months: { yearOre: number; months: number[] } | null;
  note: string;
}

interface ChangeDraft {
  key: number;
  id?: string;
  responsibility: string;
  description: string;
  amounts: [string, string, string];
}

let keys = 0;

function parseDims(text: string): Record<string, string> | null {
  const t = text.trim();
  if (t === '') return {};
  const out: Record<string, string> = {};
  for (const part of t.split('|')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const fromLine = (l: { account: string; responsibility: string; dims: string; yearOre: number; months: number[]; note: string | null }): LineDraft => ({
  key: ++keys,
  account: l.account,
  responsibility: l.responsibility,
  dims: l.dims,
  year: editKr(l.yearOre),
  months: { yearOre: l.yearOre, months: l.months },
  note: l.note ?? '',
});

/** A chef's proposal for its node: budget lines and VF proposals, saved as a whole and handed in. */
export function ProposalEditor({ node: n, onSaved }: { node: BudgetRoundNode; onSaved(message: string): void }) {
  const lookups = useApi('planning.lookups', {}, 'lookups');
  const pending = n.lines.filter((l) => l.status === 'proposed');
  const [lines, setLines] = useState<LineDraft[]>(() => pending.map((l) => fromLine({ ...l, yearOre: l.proposed.yearOre, months: l.proposed.months })));
  const [changes, setChanges] = useState<ChangeDraft[]>(() =>
    n.changes
      .filter((c) => c.status === 'proposed')
      .map((c) => ({ key: ++keys, id: c.id, responsibility: c.code, description: c.description, amounts: [editKr(c.amountOre), editKr(c.planOre[0]), editKr(c.planOre[1])] })),
  );
  const [overOk, setOverOk] = useState(false);
  const action = useAction();
  if (lookups.error) return <ErrorBanner error={lookups.error} />;
  if (!lookups.data) return <Loading />;
  const nodes = lookups.data.nodes.filter((x) => n.codes.includes(x.code));
  const accounts = lookups.data.accounts;

  const setLine = (key: number, patch: Partial<LineDraft>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const setChange = (key: number, patch: Partial<ChangeDraft>) => setChanges((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  /** The proposal as the service takes it, or a form error naming the row. */
  const build = () => {
    const out = [];
    for (const [i, l] of lines.entries()) {
      const yearOre = parseKronor(l.year);
      if (yearOre === null || Number.isNaN(yearOre)) throw formError(`Rad ${i + 1}: "${l.year}" är inget belopp. Skriv kronor, t.ex. 250 000 eller -12 000.`);
      const dims = parseDims(l.dims);
      if (dims === null) throw formError(`Rad ${i + 1}: skriv dimensionerna som dim=värde|dim=värde, t.ex. projekt=P7.`);
      out.push({ account: l.account, responsibility: l.responsibility, dims, yearOre, ...(l.months && l.months.yearOre === yearOre ? { months: l.months.months } : {}), note: l.note.trim() || null });
    }
    const vf = changes.map((c, i) => {
      const [amountOre, plan1Ore, plan2Ore] = c.amounts.map((t, k) => {
        const v = t.trim() === '' && k > 0 ? parseKronor(c.amounts[0]) : parseKronor(t);
        if (v === null || Number.isNaN(v)) throw formError(`Verksamhetsförändring ${i + 1}: "${t}" är inget belopp. Skriv en besparing med minus, t.ex. -50 000.`);
        return v;
      }) as [number, number, number];
      return { ...(c.id ? { id: c.id } : {}), responsibility: c.responsibility, description: c.description, amountOre, plan1Ore, plan2Ore };
    });
    return { versionId: n.versionId, code: n.code, lines: out, changes: vf };
  };

  const save = async (submit: boolean) => {
    let input;
    try {
      input = build();
    } catch (e) {
      return action.setError(e as Error);
    }
    const ok = await action.run(async () => {
      await call('budgetRound.save', input);
      if (submit) await call('budgetRound.submit', { versionId: n.versionId, code: n.code, overFrameOk: overOk });
      return true;
    });
    if (ok) onSaved(submit ? 'Förslaget är inlämnat. Skicka ett paket till controllern under Utbyte.' : 'Förslaget är sparat.');
  };

  const first = nodes[0]?.code ?? n.code;
  return (
    <div className="round-editor" role="group" aria-label="Ditt budgetförslag">
      <h3 id="proposal-lines">Budgetrader i förslaget</h3>
      <p className="hint">En rad per kodsträng. Kostnader positiva, intäkter negativa. Ändrar du helåret fördelas det jämnt över månaderna.</p>
      <div className="round-scroll" role="region" aria-labelledby="proposal-lines" tabIndex={0}>
      <table className="pl-table" aria-labelledby="proposal-lines" data-testid="proposal-lines">
        <thead>
          <tr>
            <th>Konto</th>
            <th>Ansvar</th>
            <th>Dimensioner</th>
            <th className="num">Helår (kr)</th>
            <th>Anteckning</th>
            <th>
              <span className="visually-hidden">Ta bort</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.key}>
              <td>
                <select aria-label={`Konto rad ${i + 1}`} value={l.account} onChange={(e) => setLine(l.key, { account: e.target.value })}>
                  {accounts.map((a) => (
                    <option key={a.code} value={a.code}>
                      {a.code} {a.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={`Ansvar rad ${i + 1}`} value={l.responsibility} onChange={(e) => setLine(l.key, { responsibility: e.target.value })}>
                  {nodes.map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.code} {x.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input type="text" size={14} aria-label={`Dimensioner rad ${i + 1}`} value={l.dims} onChange={(e) => setLine(l.key, { dims: e.target.value })} />
              </td>
              <td className="num">
                <input type="text" inputMode="decimal" size={12} aria-label={`Helår rad ${i + 1}`} value={l.year} onChange={(e) => setLine(l.key, { year: e.target.value })} />
              </td>
              <td>
                <input type="text" size={18} aria-label={`Anteckning rad ${i + 1}`} value={l.note} onChange={(e) => setLine(l.key, { note: e.target.value })} />
              </td>
              <td>
                <button type="button" className="pl-button pl-small" aria-label={`Ta bort rad ${i + 1}`} onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}>
                  Ta bort
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <div className="round-buttons">
      <button type="button" className="pl-button" onClick={() => setLines((ls) => [...ls, { key: ++keys, account: accounts[0]?.code ?? '', responsibility: first, dims: '', year: '', months: null, note: '' }])}>
        Lägg till rad
      </button>{' '}
      <button
        type="button"
        className="pl-button"
        disabled={n.versionLines.length === 0}
        onClick={() => setLines((ls) => [...ls, ...n.versionLines.filter((v) => !ls.some((l) => l.account === v.account && l.responsibility === v.responsibility && l.dims === v.dims)).map(fromLine)])}
      >
        Hämta versionens rader ({n.versionLines.length})
      </button>
      </div>

      <h3 id="proposal-changes">Verksamhetsförändringar</h3>
      <p className="hint">Effekt på nettokostnaden per år: en besparing med minus. Tomt för planåren: samma som {n.year}.</p>
      <div className="round-scroll" role="region" aria-labelledby="proposal-changes" tabIndex={0}>
      <table className="pl-table" aria-labelledby="proposal-changes" data-testid="proposal-changes">
        <thead>
          <tr>
            <th>Ansvar</th>
            <th>Beskrivning</th>
            <th className="num">Effekt {n.year} (kr)</th>
            <th className="num">{n.year + 1} (kr)</th>
            <th className="num">{n.year + 2} (kr)</th>
            <th>
              <span className="visually-hidden">Ta bort</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={c.key}>
              <td>
                <select aria-label={`Ansvar förändring ${i + 1}`} value={c.responsibility} onChange={(e) => setChange(c.key, { responsibility: e.target.value })}>
                  {nodes.map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.code} {x.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input type="text" size={28} aria-label={`Beskrivning förändring ${i + 1}`} value={c.description} onChange={(e) => setChange(c.key, { description: e.target.value })} />
              </td>
              {c.amounts.map((t, k) => (
                <td key={k} className="num">
                  <input
                    type="text"
                    inputMode="decimal"
                    size={10}
                    aria-label={`Effekt ${n.year + k} förändring ${i + 1}`}
                    value={t}
                    onChange={(e) => setChange(c.key, { amounts: c.amounts.map((x, j) => (j === k ? e.target.value : x)) as [string, string, string] })}
                  />
                </td>
              ))}
              <td>
                <button type="button" className="pl-button pl-small" aria-label={`Ta bort förändring ${i + 1}`} onClick={() => setChanges((cs) => cs.filter((x) => x.key !== c.key))}>
                  Ta bort
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <div className="round-buttons">
      <button type="button" className="pl-button" onClick={() => setChanges((cs) => [...cs, { key: ++keys, responsibility: first, description: '', amounts: ['', '', ''] }])}>
        Lägg till verksamhetsförändring
      </button>
      </div>

      <div className="pl-actions">
        {n.overFrameOre > 0 && (
          <p className="pl-warning" role="note">
            Det sparade förslaget ligger {formatKr(n.overFrameOre)} kr över ramen.
          </p>
        )}
        <label className="pl-check">
          <input type="checkbox" checked={overOk} onChange={(e) => setOverOk(e.target.checked)} /> Lämna in även om förslaget ligger över ramen
        </label>
        <button type="button" className="pl-button" disabled={action.busy} onClick={() => void save(false)}>
          Spara förslaget
        </button>{' '}
        <button type="button" className="pl-button" disabled={action.busy} onClick={() => void save(true)}>
          Lämna in
        </button>
      </div>
      <ActionStatus error={action.error} message={action.message} />
    </div>
  );
}
