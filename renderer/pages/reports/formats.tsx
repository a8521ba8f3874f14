import type { ReportFormat } from '../../../electron/api/contract/index';

/** The report formats offered by the export dialogs of Rapporter. */
export const FORMATS: { id: ReportFormat; name: string; ext: string; hint: string }[] = [
  { id: 'pdf', name: 'PDF', ext: 'pdf', hint: 'till nämnden: A4 med sidnummer' },
  { id: 'xlsx', name: 'Excel', ext: 'xlsx', hint: 'ett blad per avsnitt, belopp som tal' },
  { id: 'docx', name: 'Word', ext: 'docx', hint: 'rubriker och tabeller att klistra in i tjänsteskrivelsen' },
];

/** The format radio group of an export dialog; `name` tells the groups apart, and prefixes their test ids. */
export function FormatChoice(props: { name: string; testIdPrefix: string; value: ReportFormat; onChange: (f: ReportFormat) => void }) {
  return (
    <fieldset className="format-choice">
      <legend>Format</legend>
      {FORMATS.map((f) => (
        <label key={f.id}>
          <input type="radio" name={props.name} value={f.id} checked={props.value === f.id} onChange={() => props.onChange(f.id)} data-testid={`${props.testIdPrefix}${f.id}`} />
          {f.name} <span className="hint">– {f.hint}</span>
        </label>
      ))}
    </fieldset>
  );
}
