import type { Db } from '../../../db/index';
import type { AccountGroup, CommentStatus } from '../../../db/schema';
import { MONTH_COLUMNS } from '../budget/lines';
import { currentVersion } from '../exchange/capture';
import { getOccasion } from '../followup/calendar';
import { loadComments } from '../followup/figures';
import { FORECAST_GROUPS, GROUP_NAMES } from '../followup/model';
import { problem, type WorkbookOp, type WorkbookProblem } from './types';
import { type CellValue, MONTH_KEYS, MONTHS_SV, type OriginalRow, type SheetDef, STATUS_TEXT, type WorkbookIdentity } from './layout';
import { occasionRows, type Scope } from './model';
import { sameValue } from './cells';

export interface RowInFile {
  sheet: SheetDef;
  row: number;
  /** The row as exported; null for a new row. */
  original: OriginalRow | null;
  values: Record<string, CellValue>;
  column(key: string): string;
}

export interface RowChange {
  key: string;
  sheet: string;
  row: number;
  column: string;
  node: string;
  what: string;
  before: CellValue;
  after: CellValue;
  exported: CellValue;
  conflict: boolean;
  op: WorkbookOp;
}

interface Context {
  identity: WorkbookIdentity;
  scope: Scope;
  file: string;
  rows: RowInFile[];
  originals: OriginalRow[];
}

const kr = (v: CellValue) => (typeof v === 'number' ? `${(v / 100).toLocaleString('sv-SE', { minimumFractionDigits: 0, maximumFractionDigits: 2 })} kr` : String(v ?? ''));

/**
 * Compares each row of a file with what it was at the export and with the
 * database now: a cell the chef changed is a change, unless the database
 * already holds the file's value (the file was read before) or the
 * controller changed the same field since the export (its exchange version
 * is newer than the file's clock): then it is a conflict with both values.
 */
export function compareRows(db: Db, ctx: Context, found: RowChange[], refused: WorkbookProblem[], errors: WorkbookProblem[]): void {
  const { identity, scope, file } = ctx;
  const newer = (table: string, rowId: string | null, field: string) => rowId !== null && (currentVersion(db, table, rowId, field) ?? '') > identity.clock;
  const outside = (r: RowInFile, code: string) => refused.push(problem(file, r.sheet.name, r.row, r.column('responsibility'), code, `ansvar ${code} ligger utanför ${scope.node.code} ${scope.node.name}; raden läses inte in`));
  const push = (r: RowInFile, c: Omit<RowChange, 'sheet' | 'row' | 'conflict'> & { changedSince: boolean }) => {
    const { changedSince, ...rest } = c;
    found.push({ ...rest, sheet: r.sheet.name, row: r.row, conflict: changedSince && !sameValue(c.before, c.exported) });
  };
  const accounts = new Map(db.all(db.q.selectFrom('account').select(['code', 'name']).where('deleted_at', 'is', null)).map((a) => [a.code, a.name]));
  const inOriginals = new Set(ctx.originals.map((o) => `${o.sheet}|${o.key}`));

  // Budget lines.
  const lineStmt = db.prepare(
    `SELECT b.id, b.deleted_at, c.responsibility_code AS responsibility, c.account_code AS account, c.dims, ${MONTH_COLUMNS.map((m) => `b.${m}`).join(', ')}
     FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ?`,
  );
  type LineNow = { id: string; deleted_at: string | null; responsibility: string; account: string; dims: string } & Record<string, number>;
  const lines = identity.versionId !== null && ctx.rows.some((r) => r.sheet.key === 'budget') ? (lineStmt.all(identity.versionId) as LineNow[]) : [];
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const lineByCoding = new Map(lines.filter((l) => l.deleted_at === null).map((l) => [`${l.responsibility}\t${l.account}\t${l.dims}`, l]));
  const newCodings = new Map<string, number>();

  // VF proposals.
  type ChangeNow = { id: string; responsibility: string | null; description: string; amount_ore: number; plan1_ore: number; plan2_ore: number; status: string; deleted_at: string | null };
  const vfs =
    identity.versionId !== null && ctx.rows.some((r) => r.sheet.key === 'changes')
      ? (db
          .prepare(
            `SELECT o.id, v.code AS responsibility, o.description, o.amount_ore, o.plan1_ore, o.plan2_ore, o.status, o.deleted_at
             FROM operational_change o LEFT JOIN dimension_value v ON v.id = o.responsibility_id WHERE o.version_id = ?`,
          )
          .all(identity.versionId) as ChangeNow[])
      : [];
  const vfById = new Map(vfs.map((v) => [v.id, v]));

  // The occasion as it is now: comments and the prognos figures.
  const occasion = identity.occasionId !== null ? getOccasion(db, identity.occasionId) : null;
  const comments = occasion ? loadComments(db, occasion.id) : new Map();
  const figures = occasion && ctx.rows.some((r) => r.sheet.key === 'forecast') ? new Map(occasionRows(db, occasion, scope).forecasts.map((f) => [f.key, f])) : new Map();

  for (const r of ctx.rows) {
    const v = r.values;
    const o = r.original;
    switch (r.sheet.key) {
      case 'budget': {
        if (o === null) {
          const resp = String(v.responsibility ?? '');
          const account = String(v.account ?? '');
          if (resp === '' || !scope.tree.byCode.has(resp)) {
            errors.push(problem(file, r.sheet.name, r.row, r.column('responsibility'), resp, resp === '' ? 'en ny rad behöver ett ansvar' : 'ansvaret finns inte i organisationen'));
            continue;
          }
          if (!scope.codes.has(resp)) {
            outside(r, resp);
            continue;
          }
          if (!accounts.has(account)) {
            errors.push(problem(file, r.sheet.name, r.row, r.column('account'), account, account === '' ? 'en ny rad behöver ett konto' : 'kontot finns inte i kontoplanen'));
            continue;
          }
          const coding = `${resp}\t${account}\t`;
          if (newCodings.has(coding)) {
            errors.push(problem(file, r.sheet.name, r.row, r.column('account'), account, `konto ${account} på ansvar ${resp} finns redan på rad ${newCodings.get(coding)!}; en kodsträng har en rad`));
            continue;
          }
          newCodings.set(coding, r.row);
          const months = MONTH_KEYS.map((k) => v[k] as number);
          const year = months.reduce((a, b) => a + b, 0);
          const what = `Ny budgetrad: konto ${account} ${accounts.get(account)} på ${resp}`;
          const existing = lineByCoding.get(coding);
          if (existing && inOriginals.has(`budget|${existing.id}`)) {
            errors.push(problem(file, r.sheet.name, r.row, r.column('account'), account, `konto ${account} på ansvar ${resp} har redan en rad i arbetsboken; skriv beloppen där`));
            continue;
          }
          if (existing) {
            // Made by an earlier reading of this file (or since by the controller): the same months are nothing new.
            const now = MONTH_COLUMNS.map((m) => existing[m]!);
            if (now.every((m, i) => m === months[i])) continue;
            push(r, { key: `budget:ny:${resp}:${account}`, column: r.column('account'), node: resp, what, before: now.reduce((a, b) => a + b, 0), after: year, exported: null, changedSince: true, op: { t: 'lineMonths', lineId: existing.id, months } });
            continue;
          }
          push(r, { key: `budget:ny:${resp}:${account}`, column: r.column('account'), node: resp, what, before: null, after: year, exported: null, changedSince: false, op: { t: 'newLine', responsibility: resp, account, months } });
          continue;
        }
        const line = lineById.get(o.key);
        if (!line || line.deleted_at !== null) {
          if (MONTH_KEYS.some((k) => !sameValue(v[k], o.values[k]))) refused.push(problem(file, r.sheet.name, r.row, null, null, 'budgetraden har tagits bort i Ramkoll efter att arbetsboken skapades; ändringen läses inte in'));
          continue;
        }
        MONTH_KEYS.forEach((k, i) => {
          if (sameValue(v[k], o.values[k])) return;
          const now = line[MONTH_COLUMNS[i]!]!;
          if (now === v[k]) return;
          push(r, {
            key: `budget:${o.key}:${k}`,
            column: r.column(k),
            node: o.node,
            what: `Budgetrad konto ${line.account} på ${line.responsibility}, ${MONTHS_SV[i]}`,
            before: now,
            after: v[k]!,
            exported: o.values[k] ?? null,
            changedSince: newer('budget_line', o.key, 'amounts'),
            op: { t: 'month', lineId: o.key, month: i + 1, ore: v[k] as number },
          });
        });
        continue;
      }
      case 'changes': {
        const fields = ['description', 'amount_ore', 'plan1_ore', 'plan2_ore'] as const;
        if (o === null) {
          const resp = String(v.responsibility ?? '');
          const description = String(v.description ?? '');
          if (resp === '' || !scope.tree.byCode.has(resp)) {
            errors.push(problem(file, r.sheet.name, r.row, r.column('responsibility'), resp, resp === '' ? 'en ny förändring behöver ett ansvar' : 'ansvaret finns inte i organisationen'));
            continue;
          }
          if (!scope.codes.has(resp)) {
            outside(r, resp);
            continue;
          }
          if (description === '') {
            errors.push(problem(file, r.sheet.name, r.row, r.column('description'), '', 'beskriv förändringen'));
            continue;
          }
          const amounts: [number, number, number] = [v.amount_ore as number, v.plan1_ore as number, v.plan2_ore as number];
          const same = vfs.find((x) => x.deleted_at === null && x.responsibility === resp && x.description === description && !inOriginals.has(`changes|${x.id}`));
          if (same && same.amount_ore === amounts[0] && same.plan1_ore === amounts[1] && same.plan2_ore === amounts[2]) continue;
          const what = `Ny förändring på ${resp}: ${description}`;
          if (same) {
            fields.slice(1).forEach((f, i) => {
              if (same[f] !== amounts[i]) push(r, { key: `changes:${same.id}:${f}`, column: r.column(f), node: resp, what, before: same[f], after: amounts[i]!, exported: null, changedSince: true, op: { t: 'change', id: same.id, field: f, value: amounts[i]! } });
            });
            continue;
          }
          push(r, { key: `changes:ny:${resp}:${description}`, column: r.column('description'), node: resp, what, before: null, after: amounts[0], exported: null, changedSince: false, op: { t: 'newChange', responsibility: resp, description, amounts } });
          continue;
        }
        const now = vfById.get(o.key);
        const changed = fields.filter((f) => !sameValue(v[f], o.values[f]));
        // A locked row's changed cells are refused already, one by one.
        if (changed.length === 0 || o.locked) continue;
        if (!now || now.deleted_at !== null || now.status !== 'proposed') {
          refused.push(problem(file, r.sheet.name, r.row, null, null, now && now.deleted_at === null ? 'förändringen är beslutad eller avslagen sedan arbetsboken skapades; ändringen läses inte in' : 'förändringen har tagits bort i Ramkoll; ändringen läses inte in'));
          continue;
        }
        for (const f of changed) {
          if (sameValue(now[f], v[f] ?? null)) continue;
          push(r, {
            key: `changes:${o.key}:${f}`,
            column: r.column(f),
            node: o.node,
            what: `Förändring ${now.description.slice(0, 60)}: ${r.sheet.columns.find((c) => c.key === f)!.header.toLowerCase()}`,
            before: now[f],
            after: v[f]!,
            exported: o.values[f] ?? null,
            changedSince: newer('operational_change', o.key, f),
            op: { t: 'change', id: o.key, field: f, value: v[f]! },
          });
        }
        continue;
      }
      case 'deviations': {
        if (o === null) continue;
        const code = o.node;
        const now = comments.get(code);
        const fields = ['cause', 'action', 'action_effect_ore', 'status'] as const;
        const changed = fields.filter((f) => !sameValue(v[f], o.values[f] ?? null));
        if (changed.length === 0 || o.locked) continue;
        if (now?.status === 'approved') {
          refused.push(problem(file, r.sheet.name, r.row, null, null, `kommentaren för ${code} är godkänd sedan arbetsboken skapades; ändringen läses inte in`));
          continue;
        }
        const current: Record<(typeof fields)[number], CellValue> = { cause: now?.cause ?? '', action: now?.action ?? '', action_effect_ore: now?.actionEffectOre ?? null, status: now?.status ?? 'draft' };
        for (const f of changed) {
          if (f === 'status' && v.status !== 'draft' && v.status !== 'ready') {
            refused.push(problem(file, r.sheet.name, r.row, r.column('status'), STATUS_TEXT[v.status as CommentStatus] ?? String(v.status), 'chefen kan sätta Utkast eller Klar; godkänna och återskicka gör nivån ovanför'));
            continue;
          }
          if (sameValue(current[f], v[f] ?? null)) continue;
          push(r, {
            key: `deviations:${code}:${f}`,
            column: r.column(f),
            node: code,
            what: `Avvikelse ${code} ${o.values.name ?? ''}: ${r.sheet.columns.find((c) => c.key === f)!.header.toLowerCase()}`,
            before: current[f],
            after: v[f] ?? null,
            exported: o.values[f] ?? null,
            changedSince: newer('deviation_comment', now?.id ?? null, f),
            op: { t: 'comment', code, field: f, value: v[f] ?? null, fileStatus: String(v.status ?? 'draft') },
          });
        }
        continue;
      }
      case 'forecast': {
        if (o === null || sameValue(v.amount_ore, o.values.amount_ore)) continue;
        const [, code, group] = o.key.split(':') as [string, string, AccountGroup];
        if (!FORECAST_GROUPS.includes(group)) continue;
        const now = figures.get(o.key)?.values.amount_ore ?? null;
        if (sameValue(now, v.amount_ore)) continue;
        const row = db.prepare('SELECT f.id FROM forecast f JOIN dimension_value d ON d.id = f.responsibility_id WHERE f.occasion_id = ? AND d.code = ? AND f.account_group = ?').get(identity.occasionId, code, group) as { id: string } | undefined;
        push(r, {
          key: `forecast:${code}:${group}`,
          column: r.column('amount_ore'),
          node: code,
          what: `Prognos ${code} ${o.values.name ?? ''}: ${GROUP_NAMES[group].toLowerCase()} (${kr(v.amount_ore ?? null)})`,
          before: now,
          after: v.amount_ore ?? null,
          exported: o.values.amount_ore ?? null,
          changedSince: newer('forecast', row?.id ?? null, 'amount_ore'),
          op: { t: 'forecast', code, group, ore: v.amount_ore as number },
        });
        continue;
      }
    }
  }
}
