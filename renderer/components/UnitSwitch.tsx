import type { MoneyUnit } from '../format';

/** kr/tkr switch, as a radio group so it works with the keyboard and screen readers. */
export function UnitSwitch({ unit, onChange }: { unit: MoneyUnit; onChange(unit: MoneyUnit): void }) {
  return (
    <fieldset className="unit-switch">
      <legend>Visa belopp i</legend>
      {(['kr', 'tkr'] as const).map((u) => (
        <label key={u}>
          <input type="radio" name="unit" value={u} checked={unit === u} onChange={() => onChange(u)} />
          {u}
        </label>
      ))}
    </fieldset>
  );
}
