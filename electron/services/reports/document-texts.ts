import type { Db } from '../../../db/index';
import { parseRichText, plainRuns, type RichBlock } from '../../../shared/rich-text';
import { OrgTree } from '../figures/org-tree';
import { isWithin } from '../followup/permissions';
import { sectionsOf } from '../texts/sections';
import { PERSONNEL_KIND, personnelBlocks } from './document-personnel';
import { CONTROL_KIND, controlBlocks } from './document-control';
import type { Block, DocSection, TableBlock } from './document-types';
import type { ControlReportPart, PersonnelReportPart, ReportUnit, TextReportPart } from './types';

/**
 * The text sections in a report (issue 19 point 1): per kind of section, in
 * the kinds' order, the scope's own approved text (the förvaltning's in its
 * report, a sektor's in the sektor's) and below it, under their names, the
 * approved texts of the nodes inside the scope. Only approved texts are
 * printed: a text still in the round (utkast, klar, återskickad) is left out
 * altogether, and a kind with no approved text has no section, so a report
 * never shows words nobody has approved. They come first in the report,
 * before the figures, as a förvaltningsberättelse does.
 */
export function textReportParts(db: Db, occasionId: string, scope: string | null): TextReportPart[] {
  const tree = OrgTree.load(db);
  const parts = new Map<string, TextReportPart>();
  for (const s of sectionsOf(db, occasionId, tree)) {
    if (s.status !== 'approved' || s.body.trim() === '') continue;
    if (scope && !isWithin(tree, s.code, scope)) continue;
    // An Ekonomi database holding several förvaltningar has several roots: each one's text then goes under its name.
    const own = scope ? s.code === scope : tree.roots.length === 1 && tree.byCode.get(s.code)?.parentCode === null;
    const part = parts.get(s.kind) ?? { kind: s.kind, name: s.kindName, entries: [] };
    part.entries.push({ code: s.code, name: s.name, own, body: s.body });
    parts.set(s.kind, part);
  }
  // The scope's own text first; the rest keep the organisation's order (sectionsOf).
  return [...parts.values()].map((p) => ({ ...p, entries: [...p.entries.filter((e) => e.own), ...p.entries.filter((e) => !e.own)] }));
}

/** A written text's blocks as the document's: paragraphs with bold, bullets, and a table with the first row as its header. */
export function richBlocks(blocks: readonly RichBlock[]): Block[] {
  return blocks.map((b): Block => {
    if (b.kind === 'paragraph') return { kind: 'rich', runs: b.runs };
    if (b.kind === 'bullets') return { kind: 'bullets', items: b.items };
    const width = (i: number) => Math.min(40, Math.max(8, ...[b.header[i]!, ...b.rows.map((r) => r[i] ?? [])].map((c) => plainRuns(c).length + 2)));
    const table: TableBlock = {
      kind: 'table',
      caption: '',
      columns: b.header.map((h, i) => ({ title: plainRuns(h), numeric: false, width: width(i) })),
      rows: b.rows.map((r) => ({ cells: r.map((c) => ({ kind: 'text' as const, text: plainRuns(c) })) })),
    };
    return table;
  });
}

/** The text sections; the Personal section carries the personnel figure tables and the Intern kontroll section the controls' results before their approved text. */
export function textSections(parts: readonly TextReportPart[] | undefined, personnel: PersonnelReportPart | null = null, unit: ReportUnit = 'tkr', control: ControlReportPart | null = null): DocSection[] {
  return (parts ?? []).map((p) => ({
    id: `text-${p.kind}`,
    title: p.name,
    sheet: p.name.slice(0, 31),
    blocks: [
      ...(p.kind === PERSONNEL_KIND && personnel ? personnelBlocks(personnel, unit) : []),
      ...(p.kind === CONTROL_KIND && control ? controlBlocks(control) : []),
      ...p.entries.flatMap((e): Block[] => [
      ...(e.own ? [] : [{ kind: 'heading' as const, level: 3 as const, text: [e.code, e.name].filter((x) => x !== '').join(' ') }]),
      ...richBlocks(parseRichText(e.body).blocks),
      ]),
    ],
  }));
}
