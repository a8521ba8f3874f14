import { memo, useState, type FormEvent } from 'react';
import type { BudgetGrid, LineChange } from '../../../../electron/api/contract/index';
import { parseAmount } from '../../../amount';
import { duplicateMessage, unknownCodes, type UnknownCode } from './edits';
import { dimsText, type Line, type Reference } from './model';

interface Props {
  refData: Reference;
  grid: BudgetGrid;
  onAdd(change: Extract<LineChange, { op: 'create' }>, unknown: UnknownCode[]): Promise<unknown>;
  /** The version's line on a kodsträng, if it has one (one line per kodsträng). */
  findLine(resp: string, acc: string, dims: string): Line | undefined;
  /** Puts the focus on a line of the grid. */
  onGoTo(id: string): void;
}

const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

/**
 * A new line: the kodsträng (checked against the kontoplan and the
 * organisation as it is typed), the year amount and the profile. Codes that
 * are missing from the master data are shown as a warning, and the line is
 * saved only after the user confirms them. A kodsträng the version already
 * has is named as soon as it is typed, with a way to that line.
 */
export const NewLineForm = memo(function NewLineForm({ refData, grid, onAdd, findLine, onGoTo }: Props) {
  const [resp, setResp] = useState('');
  const [acc, setAcc] = useState('');
  const [dims, setDims] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState('');
  const [profile, setProfile] = useState(grid.defaultProfileId);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const code = (s: string) => s.trim().split(/\s+/)[0] ?? '';
  const respCode = code(resp);
  const accCode = code(acc);
  const hint = (kind: 'resp' | 'acc') => {
    if (kind === 'resp' && respCode !== '') return refData.org.get(respCode)?.name ?? 'finns inte i organisationen';
    if (kind === 'acc' && accCode !== '') return refData.accounts.get(accCode)?.name ?? 'finns inte i kontoplanen';
    return '';
  };

  const typedDims = dimsText(Object.fromEntries(Object.entries(dims).map(([d, v]) => [d, code(v)])));
  const taken = CODE.test(respCode) && /^\d{4,5}$/.test(accCode) ? findLine(respCode, accCode, typedDims) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!CODE.test(respCode)) errs.resp = 'Skriv ansvarskoden, t.ex. 31101.';
    if (!/^\d{4,5}$/.test(accCode)) errs.acc = 'Ett konto är 4 eller 5 siffror.';
    const ore = amount.trim() === '' ? 0 : parseAmount(amount);
    if (Number.isNaN(ore)) errs.amount = `"${amount}" är inget belopp. Skriv t.ex. 1 234,50 eller -500.`;
    const cleanDims: Record<string, string> = {};
    for (const [d, v] of Object.entries(dims)) {
      const c = code(v);
      if (c === '') continue;
      if (!CODE.test(c)) errs[`dim:${d}`] = 'Bokstäver och siffror, högst 20 tecken.';
      cleanDims[d] = c;
    }
    if (Object.keys(errs).length === 0 && taken) errs.taken = duplicateMessage(respCode, accCode, typedDims, taken);
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    const change: Extract<LineChange, { op: 'create' }> = { op: 'create', account: accCode, responsibility: respCode, yearOre: ore, profileId: profile, ...(Object.keys(cleanDims).length > 0 ? { dims: cleanDims } : {}) };
    void onAdd(change, unknownCodes({ resp: respCode, acc: accCode, dims: cleanDims }, refData)).then(() => {
      setAmount('');
    });
  };

  const field = (id: string) => ({ 'aria-invalid': errors[id] ? true : undefined, 'aria-describedby': `new-${id}-msg` });

  return (
    <form className="new-line" onSubmit={submit} aria-label="Ny budgetrad">
      <fieldset>
        <legend>Ny rad</legend>
        <label>
          Ansvar
          <input id="new-resp" list="org-codes" value={resp} onChange={(e) => setResp(e.target.value)} autoComplete="off" {...field('resp')} />
          <span id="new-resp-msg" className={errors.resp ? 'field-error' : 'field-hint'}>
            {errors.resp ?? hint('resp')}
          </span>
        </label>
        <label>
          Konto
          <input id="new-acc" list="account-codes" value={acc} onChange={(e) => setAcc(e.target.value)} autoComplete="off" {...field('acc')} />
          <span id="new-acc-msg" className={errors.acc ? 'field-error' : 'field-hint'} title={errors.acc ?? hint('acc')}>
            {errors.acc ?? hint('acc')}
          </span>
        </label>
        {grid.reference.dimensions.map((d) => (
          <label key={d.code} className="dim-field">
            {d.name}
            <input list={`dim-${d.code}`} value={dims[d.code] ?? ''} onChange={(e) => setDims({ ...dims, [d.code]: e.target.value })} autoComplete="off" {...field(`dim:${d.code}`)} />
            <span id={`new-dim:${d.code}-msg`} className="field-error">
              {errors[`dim:${d.code}`] ?? ''}
            </span>
            <datalist id={`dim-${d.code}`}>
              {d.values.map((v) => (
                <option key={v.code} value={v.code}>
                  {v.name}
                </option>
              ))}
            </datalist>
          </label>
        ))}
        <label>
          Årsbelopp (kr)
          <input id="new-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoComplete="off" {...field('amount')} />
          <span id="new-amount-msg" className="field-error">
            {errors.amount ?? ''}
          </span>
        </label>
        <label>
          Profil
          <select value={profile} onChange={(e) => setProfile(e.target.value)}>
            {grid.profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="field-hint" />
        </label>
        <button type="submit">Lägg till rad</button>
        <div className="taken" data-testid="new-line-taken" role="status">
          {taken && (
            <>
              <span className="field-error">{duplicateMessage(respCode, accCode, typedDims, taken)}</span>{' '}
              <button type="button" onClick={() => onGoTo(taken.id)}>
                Gå till raden
              </button>
            </>
          )}
        </div>
      </fieldset>
      <datalist id="org-codes">
        {grid.reference.org.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </datalist>
      <datalist id="account-codes">
        {grid.reference.accounts.map((a) => (
          <option key={a.code} value={a.code}>
            {a.name}
          </option>
        ))}
      </datalist>
    </form>
  );
});
