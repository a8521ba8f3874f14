import type { Db } from '../../../db/index';
import type { OccasionKind } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import { isWithin } from '../followup/permissions';
import { CONTROL_OCCASION_KINDS, parseOccasionKinds, type ControlOccasionKind } from '../internal-control/plan';
import { textKinds } from '../texts/kinds';
import type { Block, TableBlock } from './document-types';
import type { ControlReportPart, ControlReportRow, TextReportPart } from './types';

/**
 * The internal control plan's results in the report's Intern kontroll
 * section (issue 19 point 4): per control followed up at this occasion and
 * assigned inside the scope, the process, the risk value, the kontrollmoment
 * and who, and the result written for the occasion (utförd, avvikelse,
 * iakttagelser, åtgärder with who and by when). The table comes before the
 * section's approved text. A locked occasion's results cannot change (the
 * service and the exchange refuse it), so they are read from the table.
 */

export const CONTROL_KIND = 'internal_control';

export function controlReportPart(db: Db, occasion: { id: string; year: number; kind: OccasionKind; name: string }, scope: string | null): ControlReportPart | null {
  if (!(CONTROL_OCCASION_KINDS as readonly string[]).includes(occasion.kind)) return null;
  const tree = OrgTree.load(db);
  const nodeById = new Map([...tree.byCode.values()].map((n) => [n.id, n]));
  const controls = db.all(db.q.selectFrom('internal_control').selectAll().where('year', '=', occasion.year).where('deleted_at', 'is', null).orderBy('sort_order').orderBy('code'));
  const results = new Map(
    db.all(db.q.selectFrom('internal_control_result').selectAll().where('occasion_id', '=', occasion.id).where('deleted_at', 'is', null)).map((r) => [r.control_id, r]),
  );
  const rows: ControlReportRow[] = [];
  for (const c of controls) {
    const node = nodeById.get(c.responsibility_id);
    if (!node || (scope && !isWithin(tree, node.code, scope))) continue;
    if (!parseOccasionKinds(c.occasion_kinds).includes(occasion.kind as ControlOccasionKind)) continue;
    const r = results.get(c.id);
    rows.push({
      code: c.code,
      process: c.process,
      riskValue: c.probability * c.consequence,
      controlStep: c.control_step,
      node: `${node.code} ${node.name}`,
      responsible: c.responsible,
      performed: r ? r.performed === 1 : null,
      deviation: r ? r.deviation === 1 : null,
      observations: r?.observations ?? '',
      actions: r?.actions ?? '',
      actionOwner: r?.action_owner ?? '',
      actionDue: r?.action_due ?? null,
    });
  }
  return rows.length === 0 ? null : { occasionName: occasion.name, rows };
}

/** The text parts with an Intern kontroll part where the kinds' order puts it, when there are controls but no approved text. */
export function withControlKind(db: Db, parts: TextReportPart[], control: ControlReportPart | null): TextReportPart[] {
  if (!control || parts.some((p) => p.kind === CONTROL_KIND)) return parts;
  const kinds = textKinds(db);
  const kind = kinds.find((k) => k.code === CONTROL_KIND);
  if (!kind) return parts;
  const order = new Map(kinds.map((k, i) => [k.code, i]));
  const own = order.get(CONTROL_KIND)!;
  const at = parts.findIndex((p) => (order.get(p.kind) ?? Number.MAX_SAFE_INTEGER) > own);
  const part: TextReportPart = { kind: CONTROL_KIND, name: kind.name, entries: [] };
  return at < 0 ? [...parts, part] : [...parts.slice(0, at), part, ...parts.slice(at)];
}

const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? 'Ej rapporterad' : v ? yes : no);

/** The summary line and the table of the controls' results. */
export function controlBlocks(part: ControlReportPart): Block[] {
  const done = part.rows.filter((r) => r.performed === true).length;
  const deviations = part.rows.filter((r) => r.deviation === true).length;
  const missing = part.rows.filter((r) => r.performed === null).length;
  const summary = `${done} av ${part.rows.length} kontroller i internkontrollplanen är utförda vid ${part.occasionName}; ${deviations} med avvikelse.${missing > 0 ? ` ${missing} saknar resultat.` : ''}`;
  const text = (t: string) => ({ kind: 'text' as const, text: t });
  const table: TableBlock = {
    kind: 'table',
    caption: `Intern kontroll, ${part.occasionName}`,
    columns: [
      { title: 'Kontroll', numeric: false, width: 22 },
      { title: 'Risk', numeric: false, width: 6 },
      { title: 'Kontrollmoment', numeric: false, width: 28 },
      { title: 'Ansvarig', numeric: false, width: 18 },
      { title: 'Utförd', numeric: false, width: 10 },
      { title: 'Avvikelse', numeric: false, width: 10 },
      { title: 'Iakttagelser', numeric: false, width: 30 },
      { title: 'Åtgärder', numeric: false, width: 30 },
    ],
    rows: part.rows.map((r) => ({
      cells: [
        text(`${r.code} ${r.process}`),
        text(String(r.riskValue)),
        text(r.controlStep),
        text(`${r.responsible} (${r.node})`),
        text(yesNo(r.performed, 'Ja', 'Nej')),
        text(yesNo(r.deviation, 'Ja', 'Nej')),
        text(r.observations),
        text(r.actions === '' ? '' : `${r.actions} (${r.actionOwner}${r.actionDue ? `, senast ${r.actionDue}` : ''})`),
      ],
    })),
  };
  return [{ kind: 'paragraph', text: summary }, table];
}
