import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyResult, CopiedParts, LineChange } from '../../electron/api/features/budget';
import { invoke } from '../../electron/api/invoke';
import { CodingResolver } from '../../electron/services/coding';
import { naturalId, newId } from '../../electron/services/ids';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

/**
 * Issue 13, part 7: the same kodsträng (konto + ansvar + dimensions) twice in
 * one version is refused where it is entered, naming the line that has it;
 * a version copy merges pairs that older databases or the exchange left.
 */

const EVEN = naturalId('profile', 'jamn');

describe('one line per kodsträng in a version (issue 13, part 7)', () => {
  let ctx: TestContext;
  let file: string;
  let dir: string;
  let draft: string;

  const apply = (changes: LineChange[], allowUnknownCodes = false) => invoke('budget.lines.apply', { versionId: draft, changes, allowUnknownCodes }, ctx) as Promise<ApplyResult>;
  const live = (version = draft) =>
    ctx.db
      .prepare(
        `SELECT c.responsibility_code || '/' || c.account_code || CASE WHEN c.dims = '' THEN '' ELSE ' ' || c.dims END AS kod, b.year_ore AS year
         FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL ORDER BY 1, 2`,
      )
      .all(version) as { kod: string; year: number }[];

  beforeEach(async () => {
    dir = tempDir();
    file = path.join(dir, 'u.db');
    ctx = await openTestContext(file, { demo: true });
    draft = ((await invoke('budget.versions.create', { name: 'Utkast', kind: 'draft', basedOnId: null }, ctx)) as { id: string }).id;
    await apply([
      { op: 'create', account: '4010', responsibility: '31102', yearOre: 3_000_000, profileId: EVEN },
      { op: 'create', account: '4010', responsibility: '31101', yearOre: 1_000_000, profileId: EVEN },
    ]);
  });
  afterEach(() => ctx.db.close());

  it('refuses a new line, a copy or a changed kodsträng that another line has, naming it, and changes nothing', async () => {
    const hash = contentHash(file);
    // The issue's case: a second 31102/4010.
    await expect(apply([{ op: 'create', account: '4010', responsibility: '31102', yearOre: 500_000, profileId: EVEN }])).rejects.toThrow(
      /^Kodsträngen 31102\/4010 finns redan i versionen: raden 31102\/4010 med årsbeloppet 30\u00a0000,00\u00a0kr\. En kodsträng kan bara finnas på en rad i en budgetversion/,
    );
    // Two new lines on one kodsträng in one step.
    await expect(
      apply([
        { op: 'create', account: '5010', responsibility: '31103', yearOre: 100, profileId: EVEN },
        { op: 'create', account: '5010', responsibility: '31103', yearOre: 200, profileId: EVEN },
      ]),
    ).rejects.toThrow(/Kodsträngen 31103\/5010 finns redan i versionen/);
    const lines = live();
    const id31101 = (ctx.db.prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31101'").get(draft) as { id: string }).id;
    // Another line given the kodsträng (a typed or pasted ansvar), and a copy on the same kodsträng.
    await expect(apply([{ op: 'coding', id: id31101, account: '4010', responsibility: '31102' }])).rejects.toThrow(/Kodsträngen 31102\/4010 finns redan i versionen/);
    await expect(apply([{ op: 'duplicate', fromId: id31101 }])).rejects.toThrow(/Kodsträngen 31101\/4010 finns redan i versionen/);
    expect(live()).toEqual(lines);
    expect(contentHash(file)).toBe(hash);

    // Other dimensions make another kodsträng; a copy to another ansvar is fine; so is a swap in one step.
    await apply([{ op: 'create', account: '4010', responsibility: '31102', dims: { motpart: '3410' }, yearOre: 700, profileId: EVEN }], true);
    const copy = await apply([{ op: 'duplicate', fromId: id31101, responsibility: '31104' }]);
    expect(copy.rows[0]!.slice(1, 3)).toEqual(['31104', '4010']);
    const id31102 = (ctx.db.prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31102' AND c.dims = ''").get(draft) as { id: string }).id;
    await apply([
      { op: 'coding', id: id31101, account: '4010', responsibility: '31102' },
      { op: 'coding', id: id31102, account: '4010', responsibility: '31101' },
    ]);
    expect(live()).toEqual([
      { kod: '31101/4010', year: 3_000_000 },
      { kod: '31102/4010', year: 1_000_000 },
      { kod: '31102/4010 motpart=3410', year: 700 },
      { kod: '31104/4010', year: 1_000_000 },
    ]);
  });

  it('refuses an undo that would bring back a line whose kodsträng another line has taken since', async () => {
    const id = (ctx.db.prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31101'").get(draft) as { id: string }).id;
    await apply([{ op: 'delete', id }]);
    await apply([{ op: 'create', account: '4010', responsibility: '31101', yearOre: 42, profileId: EVEN }]);
    const months = [83_334, 83_334, 83_334, 83_334, 83_333, 83_333, 83_333, 83_333, 83_333, 83_333, 83_333, 83_333];
    const state = { account: '4010', responsibility: '31101', dims: '', profileId: EVEN, manual: false, yearOre: 1_000_000, months, deleted: false };
    await expect(apply([{ op: 'put', id, state }])).rejects.toThrow(/Kodsträngen 31101\/4010 finns redan i versionen: raden 31101\/4010 med årsbeloppet 0,42\u00a0kr/);
  });

  it('the detaljbudget import refuses two rows on one kodsträng naming both, and rows on kodsträngar the version has, naming its line', async () => {
    const twice = path.join(dir, 'dubbel.csv');
    fs.writeFileSync(twice, 'Ansvar;Konto;Belopp\r\n31101;4010;1000\r\n31102;4010;2000\r\n31101;4010;500\r\n');
    const hash = contentHash(file);
    await expect(invoke('planning.import.budget', { file: twice }, ctx)).rejects.toThrow(
      /dubbel\.csv: 1 fel, inget har ändrats\. rad 4, kolumn Konto \(B\): samma kodsträng \(31101\/4010\) som rad 2; en kodsträng kan bara finnas på en rad i en budgetversion: slå ihop raderna i filen/,
    );
    const into = path.join(dir, 'till-utkast.csv');
    fs.writeFileSync(into, 'Ansvar;Konto;Belopp\r\n31105;4010;1000\r\n31102;4010;2000\r\n');
    await expect(invoke('planning.import.budget', { file: into, versionId: draft }, ctx)).rejects.toThrow(
      /till-utkast\.csv: 1 fel, inget har ändrats\. rad 3, kolumn kodsträng: kodsträngen finns redan i versionen "Utkast": raden 31102\/4010 med årsbeloppet 30\u00a0000,00\u00a0kr; ersätt versionens rader med filens/,
    );
    expect(contentHash(file)).toBe(hash);
    // Replacing the version's lines, the same file is fine.
    await invoke('planning.import.budget', { file: into, versionId: draft, replace: true }, ctx);
    expect(live()).toEqual([
      { kod: '31102/4010', year: 200_000 },
      { kod: '31105/4010', year: 100_000 },
    ]);
  });

  it('a VF line on a kodsträng the version has is refused (link the change to that line instead)', async () => {
    const { id } = (await invoke('planning.changes.save', { versionId: draft, description: 'Mer livsmedel', amountOre: 50_000, status: 'decided', responsibilityCode: '31102' }, ctx)) as { id: string };
    await expect(invoke('planning.changes.createLine', { id, accountCode: '4010' }, ctx)).rejects.toThrow(/Kodsträngen 31102\/4010 finns redan i versionen/);
    expect(live()).toHaveLength(2);
  });

  it('a version copy merges lines that share a kodsträng (as an older database or an exchange may hold) exactly, to the öre', async () => {
    // Two sites each added 31102/4010: the exchange keeps both rows (no natural key for a local coding).
    const coding = new CodingResolver(ctx.db).idOf('4010', '31102', '');
    const months = [101, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 33];
    ctx.db
      .prepare(
        `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore,
          manual, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, NULL, 134, ${months.map(() => '?').join(', ')}, 1, 'från sektorn', 'x', 'x', 'annan', NULL)`,
      )
      .run(newId(), draft, coding, ...months);
    const before = ctx.db.sqlite.prepare(`SELECT sum(year_ore) AS y, ${months.map((_, i) => `sum(m${String(i + 1).padStart(2, '0')}_ore)`).join(" || ',' || ")} AS m FROM budget_line WHERE version_id = ? AND coding_id = ? AND deleted_at IS NULL`).get(draft, coding);
    const copied = (await invoke('budget.versions.create', { name: 'Kopia', kind: 'draft', basedOnId: draft }, ctx)) as CopiedParts & { id: string };
    expect(copied).toMatchObject({ copiedLines: 2, mergedLines: 1 });
    const merged = ctx.db.sqlite
      .prepare(`SELECT year_ore AS y, ${months.map((_, i) => `m${String(i + 1).padStart(2, '0')}_ore`).join(" || ',' || ")} AS m, manual, note FROM budget_line WHERE version_id = ? AND coding_id = ? AND deleted_at IS NULL`)
      .all(copied.id, coding);
    expect(merged).toEqual([{ ...(before as object), manual: 1, note: 'från sektorn' }]);
    expect((merged[0] as { y: number }).y).toBe(3_000_134);
    expect(live(copied.id)).toEqual([
      { kod: '31101/4010', year: 1_000_000 },
      { kod: '31102/4010', year: 3_000_134 },
    ]);
  });

  it('next year from a budget with such a pair gets one line for it, the amounts summed', async () => {
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    const line = ctx.db.sqlite
      .prepare("SELECT b.coding_id AS coding, b.year_ore AS y FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL AND b.manual = 0 AND c.account_code LIKE '4%' LIMIT 1")
      .get(adopted) as { coding: number; y: number };
    const months = [1200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    ctx.db.sqlite
      .prepare(
        `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore,
          manual, note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, NULL, 1200, ${months.map(() => '?').join(', ')}, 1, NULL, 'x', 'x', 'annan', NULL)`,
      )
      .run(newId(), adopted, line.coding, ...months);
    const next = (await invoke('planning.start.create', { source: 'budget', sourceYear: 2026, salaryIncreaseBp: 0, priceIndexBp: 0 }, ctx)) as { versionId: string };
    const got = ctx.db.sqlite.prepare('SELECT year_ore AS y FROM budget_line WHERE version_id = ? AND coding_id = ? AND deleted_at IS NULL').all(next.versionId, line.coding);
    expect(got).toEqual([{ y: line.y + 1200 }]);
  });
});
