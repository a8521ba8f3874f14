import type { Db } from '../../../db/index';
import type { ProblemDetail } from '../../../db/errors';
import type { AccountGroup } from '../../../db/schema';
import type { TableFile } from '../files/table';
import { normaliseHeader } from '../files/table';
import { naturalId } from '../ids';
import { cell, columnName, locateColumns, splitCodeAndName, type ColumnSpec } from './header';
import type { MasterDataPlan } from './plan';
import { TEXT_LIMITS } from '../text-limits';

type AccountColumn = 'code' | 'name' | 'group';

const ACCOUNT_COLUMNS: readonly ColumnSpec<AccountColumn>[] = [
  { key: 'code', label: 'Konto', names: ['konto', 'kontonummer', 'kontonr', 'konto nr', 'kod', 'account'], required: true },
  { key: 'name', label: 'Namn', names: ['namn', 'benamning', 'kontonamn', 'konto namn', 'beskrivning', 'text'], required: false },
  { key: 'group', label: 'Grupp', names: ['grupp', 'kontogrupp', 'kontotyp', 'typ', 'kategori', 'group'], required: false },
];

const GROUP_WORDS: Record<string, AccountGroup> = {
  intakter: 'revenue',
  intakt: 'revenue',
  revenue: 'revenue',
  personalkostnader: 'personnel',
  personal: 'personnel',
  personnel: 'personnel',
  'ovriga kostnader': 'other_cost',
  ovrigt: 'other_cost',
  'ovriga verksamhetskostnader': 'other_cost',
  verksamhetskostnader: 'other_cost',
  other_cost: 'other_cost',
  kapitalkostnader: 'capital_cost',
  kapitalkostnad: 'capital_cost',
  capital_cost: 'capital_cost',
  finansiella: 'financial',
  'finansiella poster': 'financial',
  'finansiella intakter och kostnader': 'financial',
  financial: 'financial',
};

export const ACCOUNT_GROUP_NAMES: Record<AccountGroup, string> = {
  revenue: 'Intäkter',
  personnel: 'Personalkostnader',
  other_cost: 'Övriga kostnader',
  capital_cost: 'Kapitalkostnader',
  financial: 'Finansiella poster',
};

/**
 * The Kommun-Bas group of an account from its code: class 3 revenues, 5
 * personnel, 78 avskrivningar and 84 intern ränta capital costs, the rest of
 * 8 financial, 4, 6 and 7 other costs. Classes 1-2 are balance accounts,
 * which are not part of a budget (null).
 */
export function kommunBasGroup(code: string): AccountGroup | null {
  const c = code[0];
  if (c === '3') return 'revenue';
  if (c === '5') return 'personnel';
  if (code.startsWith('78') || code.startsWith('84')) return 'capital_cost';
  if (c === '8') return 'financial';
  if (c === '4' || c === '6' || c === '7') return 'other_cost';
  return null;
}

/** Checks a kontoplan file and returns what it would change, or its problems with line and column. */
export function planAccountImport(db: Db, table: TableFile): MasterDataPlan {
  const t = locateColumns(table, ACCOUNT_COLUMNS, 'kontoplanen');
  const file = table.fileName;
  const errors: ProblemDetail[] = [];
  const problem = (line: number, key: AccountColumn, label: string, value: string, message: string) =>
    errors.push({ file, line, column: columnName(t, key, label), value, message });

  const existing = new Map(db.all(db.q.selectFrom('account').select(['id', 'code', 'name', 'account_group']).where('deleted_at', 'is', null)).map((a) => [a.code, a]));
  const incoming = new Map<string, { line: number; name: string; group: AccountGroup }>();
  let balanceAccounts = 0;
  for (const row of t.rows) {
    let code = cell(t, row, 'code');
    let name = cell(t, row, 'name');
    if (name === '' && t.columns.name === undefined) {
      const split = splitCodeAndName(code);
      if (split) ({ code, name } = split);
    }
    if (/^(summa|totalt|total)\b/i.test(code)) continue;
    if (code === '') {
      problem(row.line, 'code', 'Konto', '', 'kontonumret saknas');
      continue;
    }
    if (!/^[0-9]{4,5}$/.test(code)) {
      problem(row.line, 'code', 'Konto', code, 'kontot ska vara 4 eller 5 siffror (Kommun-Bas)');
      continue;
    }
    const derived = kommunBasGroup(code);
    const groupText = cell(t, row, 'group');
    let group: AccountGroup | null = derived;
    if (groupText !== '') {
      group = GROUP_WORDS[normaliseHeader(groupText)] ?? null;
      if (!group) {
        problem(row.line, 'group', 'Grupp', groupText, 'okänd kontogrupp; använd intäkter, personalkostnader, övriga kostnader, kapitalkostnader eller finansiella poster');
        continue;
      }
    }
    if (derived === null && groupText === '') {
      balanceAccounts++;
      continue;
    }
    if (name === '') problem(row.line, 'name', 'Namn', '', `konto ${code} saknar namn`);
    else if (name.length > TEXT_LIMITS.name) problem(row.line, 'name', 'Namn', `${name.slice(0, 40)}…`, `namnet på konto ${code} är ${name.length} tecken; högst ${TEXT_LIMITS.name}`);
    const first = incoming.get(code);
    if (first) {
      problem(row.line, 'code', 'Konto', code, `konto ${code} finns redan på rad ${first.line}`);
      continue;
    }
    incoming.set(code, { line: row.line, name, group: group! });
  }
  if (incoming.size === 0 && errors.length === 0) errors.push({ file, line: t.headerLine, message: 'filen har en rubrikrad men inga resultatkonton' });

  const plan: MasterDataPlan = { kind: 'accounts', fileName: file, rows: incoming.size, created: 0, updated: 0, unchanged: 0, notes: [], errors, apply: () => {} };
  if (balanceAccounts > 0) plan.notes.push(`${balanceAccounts} balanskonton (klass 1–2) hoppades över; de ingår inte i budget och uppföljning.`);
  if (errors.length > 0) return plan;
  for (const [code, a] of incoming) {
    const old = existing.get(code);
    if (!old) plan.created++;
    else if (old.name !== a.name || old.account_group !== a.group) plan.updated++;
    else plan.unchanged++;
  }
  plan.apply = (siteId: string, at: string) => {
    for (const [code, a] of incoming) {
      const old = existing.get(code);
      if (old) {
        if (old.name === a.name && old.account_group === a.group) continue;
        db.run(db.q.updateTable('account').set({ name: a.name, account_group: a.group, updated_at: at, updated_by_site: siteId }).where('id', '=', old.id));
      } else {
        db.run(
          db.q.insertInto('account').values({
            id: naturalId('account', code),
            code,
            name: a.name,
            account_group: a.group,
            active: 1,
            created_at: at,
            updated_at: at,
            updated_by_site: siteId,
            deleted_at: null,
          }),
        );
      }
    }
  };
  return plan;
}
