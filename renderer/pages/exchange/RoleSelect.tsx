import { ROLE_LABEL, type RoleKey } from './labels';

/** The roles an installation can have, as a select (Utbyte's new recipient, Inställningar's own identity). */
export function RoleSelect({ id, value, onChange }: { id: string; value: RoleKey; onChange: (role: RoleKey) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as RoleKey)}>
      {(Object.keys(ROLE_LABEL) as RoleKey[]).map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </select>
  );
}
