import { useState } from 'react';
import type { WorkbookImportResult } from '../../../electron/api/contract/index';
import { plural } from './labels';

type Files = WorkbookImportResult['workbooks'];

/**
 * The files read, one row each: a budget workbook is its node's hand-in in
 * the budget round, so the controller approves a file (all its changes) or
 * sends it back with a note, as she does with a chef's proposal in Ramkoll.
 */
export function WorkbookFiles({ result, busy, onAccept, onReturn }: { result: WorkbookImportResult; busy: boolean; onAccept(ids: string[]): void; onReturn(index: number, note: string): void }) {
  const [returning, setReturning] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const files: Files = result.workbooks;
  if (files.length === 0) return null;
  const idsOf = (w: Files[number]) => result.changes.filter((c) => c.id.startsWith(`${w.workbookId}:`)).map((c) => c.id);
  return (
    <table className="data-table" data-testid="workbook-files">
      <caption>Filer i budgetrundan: godkänn en fil (nodens inlämning) eller skicka tillbaka den med ett meddelande.</caption>
      <thead>
        <tr>
          <th scope="col">Fil</th>
          <th scope="col">Ansvar</th>
          <th scope="col">Ändringar</th>
          <th scope="col">Åtgärd</th>
        </tr>
      </thead>
      <tbody>
        {files.map((w) => {
          const ids = idsOf(w);
          const id = `workbook-note-${w.workbookId}`;
          return (
            <tr key={w.workbookId} data-testid="workbook-file" data-file={w.file}>
              <td>{w.file}</td>
              <td>{w.node}</td>
              <td>{plural(ids.length, 'ändring', 'ändringar')}</td>
              <td>
                <div className="actions">
                  <button type="button" disabled={busy || ids.length === 0} onClick={() => onAccept(ids)} data-testid="workbook-file-accept">
                    Godkänn filen
                  </button>
                  {w.versionId !== null && returning !== w.workbookId && (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => {
                        setReturning(w.workbookId);
                        setNote('');
                      }}
                      data-testid="workbook-file-return"
                    >
                      Skicka tillbaka…
                    </button>
                  )}
                </div>
                {returning === w.workbookId && (
                  <div className="form-row">
                    <label htmlFor={id}>Meddelande till chefen (krävs)</label>
                    <textarea id={id} rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="workbook-return-note" />
                    <button
                      type="button"
                      disabled={busy || note.trim() === ''}
                      onClick={() => {
                        onReturn(w.index, note);
                        setReturning(null);
                      }}
                      data-testid="workbook-return-send"
                    >
                      Skicka tillbaka
                    </button>
                    <button type="button" onClick={() => setReturning(null)}>
                      Avbryt
                    </button>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
