import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { tempDir } from '../support/tmp';

// The investment outcome travels with the drift outcome (controller → Ekonomi, and a sektorchef's projects to it),
// and only a controller may send it.

let dir: string;
let c: TestContext;
let s: TestContext;
let e: TestContext;
let n = 0;
const metaOf = (x: TestContext) => ({ siteId: siteId(x), user: 'test', at: x.now().toISOString() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  const sent = exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, sent, got: await receive(to, file) };
}

async function introduce(from: TestContext, to: TestContext) {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

const rows = (x: TestContext) => x.db.prepare('SELECT project_code, account_code, period, amount_ore FROM investment_actual ORDER BY 1, 2, 3').raw().all();

const CSV = ['Konto;Ansvar;Projekt;Period;Belopp', '5010;91101;;202603;1000,00', '1110;91101;P1001;202603;250000,00', '1230;92101;P1002;202603;12345,67'].join('\r\n');

beforeEach(async () => {
  dir = tempDir('ramkoll-invoutx-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  e = await siteContext(path.join(dir, 'e.db'), 'ekonomi', null, 'Ekonomi');
  createSmallForvaltning(c.db, siteId(c));
  addCapitalAccounts(c.db, siteId(c), c.now().toISOString());
  writeIssueCase(c.db, metaOf(c));
  await introduce(s, c);
  await introduce(e, c);
  const file = path.join(dir, 'utfall.csv');
  fs.writeFileSync(file, CSV);
  const r = (await invoke('ledger.import', { file, confirm: true }, c)) as LedgerImportResult;
  expect(r.applied).toBe(true);
});

afterEach(() => {
  for (const x of [c, s, e]) x?.db.close();
});

describe('investment outcome in packages', () => {
  it('the controller’s package carries it to Ekonomi, and a sektorchef gets its own projects’ outcome', async () => {
    const toE = await send(c, e);
    expect(toE.got.refused).toBe(0);
    expect(readPackage(toE.file).payload.outcome?.investment?.length).toBe(2);
    expect(rows(e)).toEqual([
      ['P1001', '1110', 202603, 25_000_000],
      ['P1002', '1230', 202603, 1_234_567],
    ]);
    await send(c, s);
    // P1002 belongs to 92101, outside Sektor Ett.
    expect(rows(s)).toEqual([['P1001', '1110', 202603, 25_000_000]]);
    // A new import of the period changes the investment outcome only: the period is sent again.
    const file = path.join(dir, 'utfall2.csv');
    fs.writeFileSync(file, CSV.replace('250000,00', '260000,00'));
    await invoke('ledger.import', { file, confirm: true }, c);
    const again = await send(c, e);
    expect(again.sent.outcomePeriods).toContain(202603);
    expect(rows(e)[0]).toEqual(['P1001', '1110', 202603, 26_000_000]);
  });

  it('refuses investment outcome in a package from a sektorchef or from Ekonomi, and changes nothing', async () => {
    await send(c, s);
    await send(c, e);
    const before = rows(c);
    for (const [from, role] of [
      [s, 'sektorchef'],
      [e, 'Ekonomi'],
    ] as const) {
      const { file } = await send(from, c);
      const real = readPackage(file).payload;
      const v = `${String(Date.now() + 1000).padStart(13, '0')}-00000001-${siteId(from)}`;
      const forged: Payload = {
        ...real,
        manifest: { ...real.manifest, id: newId(), outcomePeriods: [202603] },
        outcome: { periods: [{ period: 202603, version: v }], batches: [], rows: [], investment: [['P1001', '1110', 202603, 1, null]] },
      };
      const f = path.join(dir, `hostile-${n++}.ramkoll`);
      writePackage(f, forged, signingKey(from.db, siteId(from)));
      const r = await importPackage(c.db, { file: f, now: c.now() });
      expect(r.refusedItems.map((x) => x.reason)).toEqual([expect.stringMatching(new RegExp(`^${role} får inte skicka utfall`, 'i'))]);
      expect(rows(c)).toEqual(before);
    }
  });

  it('refuses a package whose investment rows are malformed', async () => {
    const { file } = await send(c, e);
    const real = readPackage(file).payload;
    const forged: Payload = { ...real, manifest: { ...real.manifest, id: newId() }, outcome: { ...real.outcome!, investment: [['P1001', '5010', 202603, 1, null]] } };
    const f = path.join(dir, 'bad.ramkoll');
    writePackage(f, forged, signingKey(c.db, siteId(c)));
    expect(() => readPackage(f)).toThrow(/outcome\.investment\.0\.1: ogiltigt investeringskonto/);
  });
});
