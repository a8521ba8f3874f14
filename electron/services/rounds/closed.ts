import type { ExchangedValue } from '../../../db/schema';
import type { WriteKind } from '../../../shared/rights';

/** A round: a working budget version's (`budget`, version id) or a reporting occasion's prognos (`prognos`, occasion id). */
export interface RoundRef {
  kind: 'budget' | 'prognos';
  ref: string;
}

/**
 * 1 when the controller has closed `what` in the round for the node or a node
 * above it (closing a verksamhet closes its enheter), else 0. No setting:
 * allowed. Parameters: node code, round kind, round ref, what.
 */
export const CLOSED_SQL = `WITH RECURSIVE up(id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM dimension_value WHERE code = ? AND dimension_id = (SELECT id FROM dimension WHERE code = 'ansvar')
    UNION ALL
    SELECT v.id, v.parent_id, up.depth + 1 FROM dimension_value v JOIN up ON v.id = up.parent_id WHERE up.depth < 20)
  SELECT EXISTS (SELECT 1 FROM round_write_setting s JOIN up ON s.responsibility_id = up.id
                 WHERE s.round_kind = ? AND s.round_ref = ? AND s.what = ? AND s.allowed = 0 AND s.deleted_at IS NULL)`;

/** Is any of the nodes closed for `what` in the round? `scalar` runs CLOSED_SQL on the database at hand. */
export function anyClosed(scalar: (sql: string, ...params: ExchangedValue[]) => ExchangedValue, round: RoundRef, what: WriteKind, codes: readonly (string | null)[]): boolean {
  return codes.some((code) => code !== null && Number(scalar(CLOSED_SQL, code, round.kind, round.ref, what)) === 1);
}
