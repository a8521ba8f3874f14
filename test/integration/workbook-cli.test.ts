/**
 * `ramkoll workbook export|import` (issue 18, point 4): a workbook for an
 * enhet at the open occasion, edited as Excel saves it, read back as JSON
 * without and with --accept; read twice it has nothing new.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkbookExportResult, WorkbookImportResult } from '../../electron/api/features/workbook';
import { runCli } from '../support/cli';
import { contentHash } from '../support/db';
import { tempDir } from '../support/tmp';
import { XlsxEditor } from '../support/xlsx-edit';

function json<T>(args: string[], code = 0): T {
  const r = runCli([...args, '--json']);
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout) as T;
}

describe('ramkoll workbook', () => {
  it('exports a workbook for a node and reads it back as a list of differences, writing only with --accept', async () => {
    const dir = tempDir('ramkoll-workbook-cli-');
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const file = path.join(dir, '31103.xlsx');
    // No working version in the demo: the budget round says what to do, the occasion round has deviations and prognos.
    const noVersion = runCli(['workbook', 'export', '--db', db, '--node', '31103', '--round', 'budget', '--out', file]);
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toContain('arbetsversion');
    const out = json<WorkbookExportResult>(['workbook', 'export', '--db', db, '--node', '31103', '--round', 'occasion:202610', '--out', file]);
    expect(out).toMatchObject({ node: '31103', round: 'occasion:202610', versionName: null, rows: { deviations: 1, forecast: 5 } });

    const x = await XlsxEditor.open(file);
    await x.text('Avvikelser', 'H4', 'Högre kostnader för inhyrd personal.');
    await x.text('Prognos', 'G5', '1 250 000,50');
    await x.save(file);
    const before = contentHash(db);
    const read = json<WorkbookImportResult>(['workbook', 'import', file, '--db', db]);
    expect(Object.keys(read)).toEqual(['files', 'workbooks', 'changes', 'conflicts', 'refused', 'errors', 'accepted', 'round']);
    expect(read.files).toBe(1);
    expect(read.changes.map((c) => [c.sheet, c.row, c.node, c.after])).toEqual([
      ['Avvikelser', 4, '31103', 'Högre kostnader för inhyrd personal.'],
      ['Prognos', 5, '31103', 125000050],
    ]);
    expect(contentHash(db)).toBe(before);

    const accepted = json<WorkbookImportResult>(['workbook', 'import', file, '--db', db, '--accept']);
    expect(accepted.accepted).toMatchObject({ applied: 2, comments: 1, forecasts: 1 });
    const again = json<WorkbookImportResult>(['workbook', 'import', file, '--db', db, '--accept']);
    expect(again.changes).toEqual([]);
    expect(again.accepted).toBeNull();

    // Without a working version the file is not in the budget round: it cannot be sent back there.
    const notInRound = runCli(['workbook', 'return', file, '--db', db, '--note', 'Rätta orsaken.']);
    expect(notInRound.code).toBe(1);
    expect(notInRound.stderr).toContain('hör inte till budgetrundan');

    const text = runCli(['workbook', 'import', file, path.join(dir, 'saknas.xlsx'), '--db', db]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('2 filer: 0 ändringar');
    expect(text.stdout).toContain('saknas.xlsx');
  }, 180_000);

  it('sends a budget workbook back with a note (workbook return) and approves another in the round (--accept)', async () => {
    const dir = tempDir('ramkoll-workbook-cli-round-');
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const version = json<{ id: string }>(['budget', 'copy', '--db', db, '--from', 'current', '--name', 'Arbetsversion']);
    const a = path.join(dir, '34101.xlsx');
    const b = path.join(dir, '34102.xlsx');
    json<WorkbookExportResult>(['workbook', 'export', '--db', db, '--node', '34101', '--round', 'budget', '--out', a]);
    json<WorkbookExportResult>(['workbook', 'export', '--db', db, '--node', '34102', '--round', 'budget', '--out', b]);
    for (const f of [a, b]) {
      const x = await XlsxEditor.open(f);
      await x.number('Budget', 'H7', 1000);
      await x.save(f);
    }
    const noNote = runCli(['workbook', 'return', b, '--db', db]);
    expect(noNote.code).toBe(2);
    const before = contentHash(db);
    expect(runCli(['workbook', 'return', b, '--db', db, '--note', ' ']).code).toBe(1);
    expect(contentHash(db)).toBe(before);
    const returned = json<{ file: string; node: string; note: string }>(['workbook', 'return', b, '--db', db, '--note', 'Rätta januari.']);
    expect(returned).toEqual({ file: '34102.xlsx', node: '34102', note: 'Rätta januari.' });
    const accepted = json<WorkbookImportResult>(['workbook', 'import', a, '--db', db, '--accept']);
    expect(accepted.round).toEqual([{ file: '34101.xlsx', node: '34101', status: 'approved' }]);
    const round = json<{ nodes: { code: string; status: string; history: { action: string; note: string | null }[] }[] }>(['round', '--db', db, '--kind', 'budget', '--version', version.id]);
    const node = (code: string) => round.nodes.find((n) => n.code === code)!;
    expect(node('34101').status).toBe('approved');
    expect(node('34102')).toMatchObject({ status: 'returned' });
    expect(node('34102').history.map((h) => [h.action, h.note])).toEqual([
      ['submitted', 'via arbetsbok 34102.xlsx'],
      ['returned', 'Rätta januari.'],
    ]);
    const help = runCli(['workbook', 'return', '--help']);
    expect(help.stdout).toContain('--note TEXT');
  }, 180_000);
});
