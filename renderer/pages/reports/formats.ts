import type { ReportFormat } from '../../../electron/api/contract/reports';

/** The report formats offered by the export dialogs of Rapporter. */
export const FORMATS: { id: ReportFormat; name: string; ext: string; hint: string }[] = [
  { id: 'pdf', name: 'PDF', ext: 'pdf', hint: 'till nämnden: A4 med sidnummer' },
  { id: 'xlsx', name: 'Excel', ext: 'xlsx', hint: 'ett blad per avsnitt, belopp som tal' },
  { id: 'docx', name: 'Word', ext: 'docx', hint: 'rubriker och tabeller att klistra in i tjänsteskrivelsen' },
];
