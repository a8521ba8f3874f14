import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { canonicalDims, CodingResolver } from '../coding';
import { newId } from '../ids';
import { linesById, versionTotals, type LineTuple, type Totals } from './grid';
import { scaleOre, reshapeMonths } from './line-math';
import { assertVersionEditable, MONTH_COLUMNS, type WriteMeta } from './lines';
import { Periodiser } from './periodisation';
import { CodingChecker, dimsRecord } from './reference';
import { assertUniqueCodings } from './unique-coding';
import { BULK_LINES, bulkWriteLines, insertMany } from './bulk-write';
import { bulkCacheForTransaction } from '../../../db/bulk';

/** The whole state of a line, as undo and redo put it back. */
export interface LineState {
  account: string;
  responsibility: string;
  /** Canonical 'dim=value|…', '' when none. */
  dims: string;
  profileId: string | null;
  manual: boolean;
  yearOre: number;
  months: number[];
  deleted: boolean;
}

/**
 * One change to the lines of a version. A batch of them is one step for the
 * user (one edit, one paste, one bulk action, one undo) and is applied in one
 * transaction: whole or not at all.
 */
export type LineChange =
  | { op: 'create'; account: string; responsibility: string; dims?: Record<string, string> | undefined; yearOre: number; profileId?: string | null | undefined; months?: number[] | undefined }
  /** A copy of a line; on another ansvar, konto or dimensions when given (a copy on the same kodsträng is refused: one line per kodsträng). */
  | { op: 'duplicate'; fromId: string; account?: string | undefined; responsibility?: string | undefined; dims?: Record<string, string> | undefined }
  | { op: 'year'; id: string; yearOre: number }
  | { op: 'month'; id: string; month: number; ore: number }
  | { op: 'months'; id: string; months: number[] }
  | { op: 'profile'; id: string; profileId: string }
  | { op: 'scale'; id: string; ppm: number }
  | { op: 'coding'; id: string; account: string; responsibility: string; dims?: Record<string, string> | undefined }
  | { op: 'delete'; id: string }
  | { op: 'put'; id: string; state: LineState };

export interface ApplyOptions {
  /** The user confirmed codes that are missing from the kontoplan or organisation. */
  allowUnknownCodes: boolean;
  /**
   * Sum the whole version after the change (a pass over every line). The
   * grid keeps its totals itself and leaves this out on the hot path of
   * typing; it checks them with budget.lines.totals when the user pauses.
   */
  withTotals?: boolean | undefined;
}

export interface ApplyResult {
  /** The lines as they are now, for every line the batch touched that is not removed. */
  rows: LineTuple[];
  /** Lines the batch removed. */
  deleted: string[];
  /** Ids of the lines that `create` and `duplicate` made, in the order of those changes. */
  created: string[];
  /** Totals of the whole version after the change; null when not asked for. */
  totals: Totals | null;
}

function totalsOnly(t: Totals): Totals {
  return { yearOre: t.yearOre, months: t.months };
}

interface Working extends LineState {
  id: string;
  exists: boolean;
  /** The coding row of the kodsträng as loaded (with `loadedKey`), so that writing a line that kept it needs no lookup. */
  loadedCodingId: number | null;
  loadedKey: string | null;
  /** State when loaded (months copied), to skip writing rows that end up unchanged. */
  original: LineState | null;
  /** Kodsträng and liveness when loaded, to check only lines that take a kodsträng (new, recoded, brought back). */
  originalCoding: string | null;
}

const codingKey = (w: LineState) => `${w.account}\t${w.responsibility}\t${w.dims}\t${w.deleted ? 'x' : ''}`;
const kodstrang = (w: LineState) => `${w.account}\t${w.responsibility}\t${w.dims}`;

const MAX_ORE = 1e15;

function stateOf(w: Working): LineState {
  return { account: w.account, responsibility: w.responsibility, dims: w.dims, profileId: w.profileId, manual: w.manual, yearOre: w.yearOre, months: [...w.months], deleted: w.deleted };
}

/** True when the line is as it was loaded (compared field by field: a JSON text of each of 50 000 lines cost more). */
function unchanged(w: Working): boolean {
  const o = w.original;
  if (o === null) return false;
  if (o.account !== w.account || o.responsibility !== w.responsibility || o.dims !== w.dims || o.profileId !== w.profileId) return false;
  if (o.manual !== w.manual || o.yearOre !== w.yearOre || o.deleted !== w.deleted || o.months.length !== w.months.length) return false;
  for (let i = 0; i < o.months.length; i++) if (o.months[i] !== w.months[i]) return false;
  return true;
}

function checkAmount(ore: number, where: string): void {
  if (!Number.isSafeInteger(ore) || Math.abs(ore) > MAX_ORE) throw new RamkollError('INVALID_INPUT', `${where}: beloppet ska vara ett helt antal öre, högst 10 000 miljarder kronor.`);
}

function sum(months: readonly number[]): number {
  let s = 0;
  for (const m of months) s += m;
  return s;
}

/**
 * Applies a batch of changes to the lines of a version that is not locked.
 * Year amounts are spread by the line's profile; a month typed by hand keeps
 * the year amount equal to the sum of the months and marks the line manual;
 * a new profile spreads the year amount again. Call inside a transaction.
 */
export function applyLineChanges(db: Db, versionId: string, changes: readonly LineChange[], meta: WriteMeta, opts: ApplyOptions): ApplyResult {
  const { year } = assertVersionEditable(db, versionId);
  const periodiser = new Periodiser(db, year);
  const codings = new CodingResolver(db);
  let checker: CodingChecker | null = null;
  const unknown: ProblemDetail[] = [];
  const working = new Map<string, Working>();
  const created: string[] = [];
  const LOAD_COLUMNS = `b.id, b.version_id, c.account_code, c.responsibility_code, c.dims, b.profile_id, b.manual, b.year_ore, ${MONTH_COLUMNS.map((m) => `b.${m}`).join(', ')}, b.deleted_at, b.coding_id`;
  const load = db.prepare(`SELECT ${LOAD_COLUMNS} FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.id = ?`).raw(true);
  // Rows as arrays in LOAD_COLUMNS' order (50 000 objects of 22 keys cost more than reading them).
  const toWorking = (r: unknown[]): Working => {
    const w: Working = {
      id: r[0] as string,
      exists: true,
      account: r[2] as string,
      responsibility: r[3] as string,
      dims: r[4] as string,
      profileId: r[5] as string | null,
      manual: r[6] === 1,
      yearOre: r[7] as number,
      months: r.slice(8, 20) as number[],
      deleted: r[20] !== null,
      loadedCodingId: r[21] as number,
      loadedKey: null,
      original: null,
      originalCoding: null,
    };
    w.loadedKey = kodstrang(w);
    w.original = stateOf(w);
    w.originalCoding = codingKey(w);
    return w;
  };
  // A bulk action names thousands of lines: they are read in one statement rather than one each.
  if (changes.length >= BULK_LINES) {
    bulkCacheForTransaction(db);
    const ids = [...new Set(changes.map((c) => ('id' in c ? c.id : c.op === 'duplicate' ? c.fromId : null)).filter((id): id is string => id !== null))];
    const rows = db.prepare(`SELECT ${LOAD_COLUMNS} FROM json_each(?) AS j JOIN budget_line b ON b.id = j.value JOIN coding c ON c.id = b.coding_id`).raw(true).all(JSON.stringify(ids));
    for (const r of rows as unknown[][]) if (r[1] === versionId) working.set(r[0] as string, toWorking(r));
  }

  const get = (id: string, where: string, allowDeleted = false): Working => {
    let w = working.get(id);
    if (!w) {
      const r = load.get(id) as unknown[] | undefined;
      if (!r || r[1] !== versionId) throw new RamkollError('NOT_FOUND', `${where}: raden finns inte i den här budgetversionen. Ladda om sidan.`);
      w = toWorking(r);
      working.set(id, w);
    }
    if (w.deleted && !allowDeleted) throw new RamkollError('NOT_FOUND', `${where}: raden har tagits bort. Ladda om sidan.`);
    return w;
  };

  const checkCoding = (account: string, responsibility: string, dims: Record<string, string>, where: string): void => {
    checker ??= CodingChecker.load(db);
    const r = checker.check({ account, responsibility, dims }, where);
    if (r.errors.length > 0) throw new RamkollError('INVALID_INPUT', r.errors[0]!.message, r.errors);
    unknown.push(...r.unknown);
  };

  const codingIdOf = (w: Working): number => (w.loadedCodingId !== null && w.loadedKey === kodstrang(w) ? w.loadedCodingId : codings.idOf(w.account, w.responsibility, w.dims));

  const spread = (w: Working): void => {
    if (w.profileId === null) {
      w.months = reshapeMonths(w.months, w.yearOre);
    } else {
      w.months = periodiser.periodise(w.profileId, w.yearOre, codingIdOf(w)).months;
      w.manual = false;
    }
  };

  changes.forEach((c, i) => {
    const where = `Ändring ${i + 1}`;
    switch (c.op) {
      case 'create': {
        const dims = c.dims ?? {};
        checkCoding(c.account, c.responsibility, dims, where);
        checkAmount(c.yearOre, where);
        const profileId = c.profileId ?? null;
        if (profileId !== null) periodiser.profile(profileId);
        const w: Working = {
          id: newId(),
          exists: false,
          account: c.account,
          responsibility: c.responsibility,
          dims: canonicalDims(dims),
          profileId,
          manual: false,
          yearOre: c.yearOre,
          months: new Array<number>(12).fill(0),
          deleted: false,
          loadedCodingId: null,
          loadedKey: null,
          original: null,
          originalCoding: null,
        };
        if (c.months) {
          if (c.months.length !== 12) throw new RamkollError('INVALID_INPUT', `${where}: en budgetrad har tolv månader.`);
          c.months.forEach((m) => checkAmount(m, where));
          if (sum(c.months) !== c.yearOre) throw new RamkollError('INVALID_INPUT', `${where}: månaderna summerar till ${sum(c.months)} öre men årsbeloppet är ${c.yearOre} öre.`);
          w.months = [...c.months];
          w.manual = true;
        } else if (profileId === null) {
          throw new RamkollError('INVALID_INPUT', `${where}: välj en periodiseringsprofil eller ange de tolv månaderna.`);
        } else {
          spread(w);
        }
        working.set(w.id, w);
        created.push(w.id);
        break;
      }
      case 'duplicate': {
        const from = get(c.fromId, where);
        const w: Working = { ...from, id: newId(), exists: false, months: [...from.months], original: null, originalCoding: null };
        if (c.account !== undefined || c.responsibility !== undefined || c.dims !== undefined) {
          const dims = c.dims ?? dimsRecord(from.dims);
          w.account = c.account ?? from.account;
          w.responsibility = c.responsibility ?? from.responsibility;
          checkCoding(w.account, w.responsibility, dims, where);
          w.dims = canonicalDims(dims);
          if (!w.manual && w.profileId !== null && periodiser.profile(w.profileId).kind === 'last_year') spread(w);
        }
        working.set(w.id, w);
        created.push(w.id);
        break;
      }
      case 'year': {
        checkAmount(c.yearOre, where);
        const w = get(c.id, where);
        w.yearOre = c.yearOre;
        spread(w);
        break;
      }
      case 'month': {
        checkAmount(c.ore, where);
        const w = get(c.id, where);
        w.months[c.month - 1] = c.ore;
        w.yearOre = sum(w.months);
        checkAmount(w.yearOre, where);
        w.manual = true;
        break;
      }
      case 'months': {
        if (c.months.length !== 12) throw new RamkollError('INVALID_INPUT', `${where}: en budgetrad har tolv månader.`);
        c.months.forEach((m) => checkAmount(m, where));
        const w = get(c.id, where);
        w.months = [...c.months];
        w.yearOre = sum(w.months);
        checkAmount(w.yearOre, where);
        w.manual = true;
        break;
      }
      case 'profile': {
        periodiser.profile(c.profileId);
        const w = get(c.id, where);
        w.profileId = c.profileId;
        spread(w);
        break;
      }
      case 'scale': {
        const w = get(c.id, where);
        w.yearOre = scaleOre(w.yearOre, c.ppm);
        checkAmount(w.yearOre, where);
        if (w.manual || w.profileId === null) w.months = reshapeMonths(w.months, w.yearOre);
        else spread(w);
        break;
      }
      case 'coding': {
        const dims = c.dims ?? dimsRecord(get(c.id, where).dims);
        checkCoding(c.account, c.responsibility, dims, where);
        const w = get(c.id, where);
        w.account = c.account;
        w.responsibility = c.responsibility;
        w.dims = canonicalDims(dims);
        // Last year's outcome belongs to the kodsträng: a line that follows it follows the new one.
        if (!w.manual && w.profileId !== null && periodiser.profile(w.profileId).kind === 'last_year') spread(w);
        break;
      }
      case 'delete': {
        get(c.id, where).deleted = true;
        break;
      }
      case 'put': {
        const s = c.state;
        if (s.months.length !== 12) throw new RamkollError('INVALID_INPUT', `${where}: en budgetrad har tolv månader.`);
        s.months.forEach((m) => checkAmount(m, where));
        checkAmount(s.yearOre, where);
        if (sum(s.months) !== s.yearOre) throw new RamkollError('INVALID_INPUT', `${where}: månaderna summerar till ${sum(s.months)} öre men årsbeloppet är ${s.yearOre} öre.`);
        if (s.profileId !== null) periodiser.profile(s.profileId);
        const w = get(c.id, where, true);
        Object.assign(w, { account: s.account, responsibility: s.responsibility, dims: s.dims, profileId: s.profileId, manual: s.manual, yearOre: s.yearOre, months: [...s.months], deleted: s.deleted });
        break;
      }
    }
  });

  if (unknown.length > 0 && !opts.allowUnknownCodes) {
    const list = unknown.map((u) => `${u.column} ${u.value}`).join(', ');
    throw new RamkollError('INVALID_INPUT', `Koderna finns inte i grunddata: ${list}. Rätta koden, eller bekräfta att raden ska sparas ändå.`, unknown);
  }

  const insert = db.prepare(
    `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, ${MONTH_COLUMNS.join(', ')}, manual, note, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ${MONTH_COLUMNS.map(() => '?').join(', ')}, ?, NULL, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE budget_line SET coding_id = ?, profile_id = ?, year_ore = ?, ${MONTH_COLUMNS.map((m) => `${m} = ?`).join(', ')}, manual = ?, updated_at = ?, updated_by_site = ?,
       deleted_at = CASE WHEN ? THEN coalesce(deleted_at, ?) ELSE NULL END
     WHERE id = ?`,
  );
  const toWrite = [...working.values()].filter((w) => !w.exists || !unchanged(w));
  const touched = toWrite.map((w) => w.id);
  // Lines that take a kodsträng now: new, given another one, or brought back (undo of a removal).
  const takesCoding = toWrite.filter((w) => !w.deleted && (!w.exists || codingKey(w) !== w.originalCoding)).map((w) => w.id);
  const write = () => {
    for (const w of toWrite) {
      const codingId = codingIdOf(w);
      if (w.exists) {
        update.run(codingId, w.profileId, w.yearOre, ...w.months, w.manual ? 1 : 0, meta.at, meta.siteId, w.deleted ? 1 : 0, meta.at, w.id);
      } else {
        insert.run(w.id, versionId, codingId, w.profileId, w.yearOre, ...w.months, w.manual ? 1 : 0, meta.at, meta.at, meta.siteId, w.deleted ? meta.at : null);
      }
    }
  };
  // A bulk action over many lines (raise all by 3,5 %) is one bulk write, of one INSERT and one UPDATE; typing a month stays on the per-row triggers.
  const bulk = toWrite.length >= BULK_LINES;
  if (bulk) bulkWriteLines(db, touched, () => writeSetBased(db, versionId, toWrite, codingIdOf, meta));
  else write();
  assertUniqueCodings(db, versionId, takesCoding);
  const rows: LineTuple[] = [];
  const deleted: string[] = [];
  if (bulk) {
    // Each line is now what its working state says (writeSetBased wrote every field from it): the rows to send back
    // are taken from there rather than read again (the property test compares them with the rows read back).
    for (const w of toWrite) {
      if (w.deleted) deleted.push(w.id);
      else rows.push([w.id, w.responsibility, w.account, w.dims, w.profileId, w.manual ? 1 : 0, w.yearOre, ...w.months]);
    }
  } else {
    const after = linesById(db, touched);
    for (const id of touched) {
      const a = after.get(id)!;
      if (a.deleted) deleted.push(id);
      else rows.push(a.tuple);
    }
  }
  return { rows, deleted, created, totals: opts.withTotals === false ? null : totalsOnly(versionTotals(db, versionId)) };
}

const WRITE_COLUMNS = ['coding_id', 'profile_id', 'year_ore', ...MONTH_COLUMNS, 'manual'] as const;

/**
 * The lines of a bulk action written by two statements over all of them (one
 * INSERT for the new, one UPDATE … FROM for the rest) rather than a statement
 * per line: what each line becomes is handed over as one JSON array.
 */
function writeSetBased(db: Db, versionId: string, toWrite: readonly Working[], codingIdOf: (w: Working) => number, meta: WriteMeta): void {
  const rows = toWrite.map((w) => [w.id, codingIdOf(w), w.profileId, w.yearOre, ...w.months, w.manual ? 1 : 0, w.deleted ? 1 : 0, w.exists ? 1 : 0]);
  const table = `temp.line_write_${++writeSerial}`;
  db.sqlite.exec(`CREATE TABLE ${table} (k INTEGER PRIMARY KEY, id TEXT NOT NULL, ${WRITE_COLUMNS.join(', ')}, deleted INTEGER NOT NULL, existing INTEGER NOT NULL)`);
  try {
    insertMany(db, `${table} (k, id, ${WRITE_COLUMNS.join(', ')}, deleted, existing)`, rows.map((r, k) => [k, ...r]));
    db.prepare(
      `INSERT INTO budget_line (id, version_id, ${WRITE_COLUMNS.join(', ')}, note, created_at, updated_at, updated_by_site, deleted_at)
       SELECT t.id, ?, ${WRITE_COLUMNS.map((c) => `t.${c}`).join(', ')}, NULL, ?, ?, ?, iif(t.deleted, ?, NULL) FROM ${table} AS t WHERE NOT t.existing ORDER BY t.k`,
    ).run(versionId, meta.at, meta.at, meta.siteId, meta.at);
    db.prepare(
      `UPDATE budget_line AS b SET ${WRITE_COLUMNS.map((c) => `${c} = t.${c}`).join(', ')}, updated_at = ?, updated_by_site = ?,
         deleted_at = CASE WHEN t.deleted THEN coalesce(b.deleted_at, ?) ELSE NULL END
       FROM ${table} AS t WHERE t.existing AND b.id = t.id`,
    ).run(meta.at, meta.siteId, meta.at);
  } finally {
    db.sqlite.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

let writeSerial = 0;
