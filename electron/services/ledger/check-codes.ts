import type { Db } from '../../../db/index';
import { RESPONSIBILITY } from '../dimensions';
import type { Accumulator } from './accumulator';
import type { UnknownCode } from './types';

/** The codes this database knows, to tell the file's unknown codes apart. */
export interface MasterData {
  accounts: Set<string>;
  responsibilities: Set<string>;
  /** Dimensions with any values: code -> values. Dimensions without master data are not checked. */
  dims: Map<string, Set<string>>;
  /** SIE dimension number -> dimension code. */
  sieDims: Map<number, string>;
}

export function loadMasterData(db: Db): MasterData {
  const accounts = new Set(db.all(db.q.selectFrom('account').select('code').where('deleted_at', 'is', null)).map((r) => r.code));
  const rows = db.all(
    db.q
      .selectFrom('dimension_value as v')
      .innerJoin('dimension as d', 'd.id', 'v.dimension_id')
      .select(['d.code as dim', 'v.code'])
      .where('v.deleted_at', 'is', null),
  );
  const dims = new Map<string, Set<string>>();
  for (const r of rows) {
    let s = dims.get(r.dim);
    if (!s) dims.set(r.dim, (s = new Set()));
    s.add(r.code);
  }
  const responsibilities = dims.get(RESPONSIBILITY) ?? new Set<string>();
  dims.delete(RESPONSIBILITY);
  const sieDims = new Map<number, string>();
  for (const d of db.all(db.q.selectFrom('dimension').select(['code', 'sie_dimension']).where('deleted_at', 'is', null))) {
    if (d.sie_dimension !== null) sieDims.set(d.sie_dimension, d.code);
  }
  return { accounts, responsibilities, dims, sieDims };
}

/**
 * The file's codes the master data lacks, per dimension with the balances
 * (rows) and öre they carry. Unknown codes are loaded all the same, and listed
 * in their own bucket; the names are the file's, where it has them.
 */
export function unknownCodes(acc: Accumulator, master: MasterData, accountNames: Map<string, string>, responsibilityNames: Map<string, string>): UnknownCode[] {
  const unknownMap = new Map<string, Map<string, UnknownCode>>();
  const codingBalances = new Uint32Array(acc.codings.length);
  const codingOre = new Float64Array(acc.codings.length);
  acc.forEachBalance((coding, _period, ore) => {
    codingBalances[coding]!++;
    codingOre[coding]! += ore;
  });
  const flag = (dimension: string, code: string, name: string | null, stats: { rows: number; ore: number }) => {
    let byCode = unknownMap.get(dimension);
    if (!byCode) unknownMap.set(dimension, (byCode = new Map()));
    let u = byCode.get(code);
    if (!u) byCode.set(code, (u = { dimension, code, name, rows: 0, ore: 0 }));
    u.rows += stats.rows;
    u.ore += stats.ore;
  };
  acc.codings.forEach((c, i) => {
    if (codingBalances[i] === 0) return;
    const stats = { rows: codingBalances[i]!, ore: codingOre[i]! };
    if (!master.accounts.has(c.account)) flag('konto', c.account, accountNames.get(c.account) ?? null, stats);
    if (!master.responsibilities.has(c.responsibility)) flag('ansvar', c.responsibility, responsibilityNames.get(c.responsibility) ?? null, stats);
    if (c.dims !== '') {
      for (const part of c.dims.split('|')) {
        const eq = part.indexOf('=');
        const dim = part.slice(0, eq);
        const values = master.dims.get(dim);
        if (values && !values.has(part.slice(eq + 1))) flag(dim, part.slice(eq + 1), null, stats);
      }
    }
  });
  return [...unknownMap.values()].flatMap((m) => [...m.values()]);
}
