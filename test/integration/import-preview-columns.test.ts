import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LedgerCheck } from '../../electron/api/features/ledger';
import { invoke } from '../../electron/api/invoke';
import { CheckView } from '../../renderer/pages/import/CheckView';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('the Import preview of a file without header row', () => {
  it('names the columns past Z as the error list does (AA, AB …)', async () => {
    const dir = tempDir();
    const ctx = await openTestContext(path.join(dir, 'p.db'), { demo: true });
    // 28 columns, no header: ansvar, konto, period, 24 empty, belopp in the 28th (AB), which is wrong on line 2.
    const line = (amount: string) => ['31101', '4010', '202603', ...Array.from({ length: 24 }, () => ''), amount].join(';');
    const file = path.join(dir, 'bred.csv');
    fs.writeFileSync(file, `${line('100,00')}\r\n${line('12,345')}\r\n`);
    const profile = { name: 'Bred', headerRow: 0, autoDetect: false, columns: { responsibility: 0, account: 1, period: 2, amount: 27 } };
    const check = (await invoke('ledger.preview', { file, profile }, ctx)) as LedgerCheck;
    expect(check.errors).toEqual([expect.objectContaining({ line: 2, column: expect.stringMatching(/\(AB\)$/) })]);
    const html = renderToStaticMarkup(createElement(CheckView, { check }));
    const headers = [...html.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    // Rad, A … Z, AA, AB, Anmärkning.
    expect(headers.slice(1, 29)).toEqual([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''), 'AA', 'AB']);
    ctx.db.close();
  });

  it('shows per column what the detection read it as, and why where the content decided', async () => {
    const dir = tempDir();
    const ctx = await openTestContext(path.join(dir, 'p.db'));
    const file = path.join(dir, 'manad.csv');
    fs.writeFileSync(file, 'Ansvar;Konto;Månad;Objekt;Belopp\r\n31101;4010;2026-03-01;X1;100,00\r\n');
    const check = (await invoke('ledger.preview', { file }, ctx)) as LedgerCheck;
    expect(check.errors).toEqual([]);
    const html = renderToStaticMarkup(createElement(CheckView, { check }));
    const row = /<tr class="col-read"[^>]*>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    const cells = [...row.matchAll(/<td(?: title="([^"]*)")?[^>]*>([^<]*)/g)].map((m) => [m[2], m[1] ?? '']);
    expect(cells.slice(0, 5)).toEqual([
      ['Ansvar', 'rubriken &quot;Ansvar&quot;'],
      ['Konto', 'rubriken &quot;Konto&quot;'],
      ['Period', 'kolumnen har perioder eller datum; perioden tas härifrån'],
      ['läses inte', 'okänd rubrik'],
      ['Belopp', 'rubriken &quot;Belopp&quot;'],
    ]);
    ctx.db.close();
  });
});
