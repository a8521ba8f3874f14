import type { Db } from '../../../db/index';
import type { ProblemDetail } from '../../../db/errors';
import type { OrgLevel } from '../../../db/schema';
import { ORG_LEVEL_NAMES, ORG_LEVELS, RESPONSIBILITY } from '../dimensions';
import type { TableFile } from '../files/table';
import { normaliseHeader } from '../files/table';
import { naturalId } from '../ids';
import { cell, columnName, locateColumns, splitCodeAndName, type ColumnSpec } from './header';
import type { MasterDataPlan } from './plan';
import { TEXT_LIMITS } from '../text-limits';

type OrgColumn = 'code' | 'name' | 'parent' | 'level';

const ORG_COLUMNS: readonly ColumnSpec<OrgColumn>[] = [
  { key: 'code', label: 'Ansvar', names: ['ansvar', 'ansvarskod', 'ansvar kod', 'kod', 'id', 'nummer', 'ansvarsnummer'], required: true },
  { key: 'name', label: 'Namn', names: ['namn', 'benamning', 'ansvarsnamn', 'ansvar namn', 'beskrivning', 'text'], required: false },
  {
    key: 'parent',
    label: 'Överordnad',
    names: ['overordnad', 'overordnat ansvar', 'overordnad kod', 'forelder', 'parent', 'tillhor', 'hor till', 'niva over'],
    required: true,
  },
  { key: 'level', label: 'Nivå', names: ['niva', 'typ', 'level', 'organisationsniva'], required: false },
];

const LEVEL_WORDS: Record<string, OrgLevel> = {
  forvaltning: 'administration',
  administration: 'administration',
  sektor: 'sector',
  sector: 'sector',
  omrade: 'sector',
  verksamhetsomrade: 'sector',
  verksamhet: 'operation',
  operation: 'operation',
  enhet: 'unit',
  unit: 'unit',
};

const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

interface OrgNode {
  line: number | null;
  code: string;
  name: string;
  parent: string | null;
  level: OrgLevel | null;
}

/**
 * Checks an organisation file (ansvar hierarchy) against itself and the
 * database and returns what it would change, or every problem it has, each
 * with its line and column. Nothing is written here.
 */
export function planOrganisationImport(db: Db, table: TableFile): MasterDataPlan {
  const t = locateColumns(table, ORG_COLUMNS, 'organisationen (ansvar)');
  const file = table.fileName;
  const errors: ProblemDetail[] = [];
  const problem = (line: number, key: OrgColumn, label: string, value: string, message: string) =>
    errors.push({ file, line, column: columnName(t, key, label), value, message });

  const dimensionId = naturalId('dimension', RESPONSIBILITY);
  const existing = new Map<string, OrgNode & { id: string }>();
  const existingRows = db.all(
    db.q
      .selectFrom('dimension_value as v')
      .leftJoin('dimension_value as p', 'p.id', 'v.parent_id')
      .select(['v.id', 'v.code', 'v.name', 'v.level', 'p.code as parent_code'])
      .where('v.dimension_id', '=', dimensionId)
      .where('v.deleted_at', 'is', null),
  );
  for (const r of existingRows) existing.set(r.code, { id: r.id, line: null, code: r.code, name: r.name, parent: r.parent_code, level: r.level });

  const incoming = new Map<string, OrgNode>();
  for (const row of t.rows) {
    let code = cell(t, row, 'code');
    let name = cell(t, row, 'name');
    if (name === '' && t.columns.name === undefined) {
      const split = splitCodeAndName(code);
      if (split) ({ code, name } = split);
    }
    const parentCell = cell(t, row, 'parent');
    const parent = parentCell === '' ? null : (splitCodeAndName(parentCell)?.code ?? parentCell);
    const levelText = cell(t, row, 'level');
    if (/^(summa|totalt|total)\b/i.test(code)) continue;
    if (code === '') {
      problem(row.line, 'code', 'Ansvar', '', 'ansvarskoden saknas');
      continue;
    }
    if (!CODE_PATTERN.test(code)) {
      problem(row.line, 'code', 'Ansvar', code, 'ansvarskoden får bara innehålla siffror, bokstäver, punkt, bindestreck och understreck (högst 20 tecken)');
      continue;
    }
    if (name === '') problem(row.line, 'name', 'Namn', '', `ansvar ${code} saknar namn`);
    else if (name.length > TEXT_LIMITS.name) problem(row.line, 'name', 'Namn', `${name.slice(0, 40)}…`, `namnet på ansvar ${code} är ${name.length} tecken; högst ${TEXT_LIMITS.name}`);
    let level: OrgLevel | null = null;
    if (levelText !== '') {
      level = LEVEL_WORDS[normaliseHeader(levelText)] ?? null;
      if (!level) problem(row.line, 'level', 'Nivå', levelText, 'okänd nivå; använd förvaltning, sektor, verksamhet eller enhet');
    }
    const first = incoming.get(code);
    if (first) {
      problem(row.line, 'code', 'Ansvar', code, `ansvar ${code} finns redan på rad ${first.line}`);
      continue;
    }
    if (parent === code) {
      problem(row.line, 'parent', 'Överordnad', parentCell, `ansvar ${code} kan inte vara överordnat sig självt`);
      continue;
    }
    incoming.set(code, { line: row.line, code, name, parent, level });
  }
  if (incoming.size === 0 && errors.length === 0) {
    errors.push({ file, line: t.headerLine, message: 'filen har en rubrikrad men inga ansvar' });
  }

  // The organisation as it will be: the database overlaid by the file.
  const merged = new Map<string, OrgNode>(existing);
  for (const [code, node] of incoming) merged.set(code, node);

  for (const node of incoming.values()) {
    if (node.parent !== null && !merged.has(node.parent)) {
      problem(node.line!, 'parent', 'Överordnad', node.parent, `överordnat ansvar ${node.parent} finns varken i filen eller i databasen`);
    }
  }

  // Cycles: walk up from every node; a node met twice on one walk is a loop.
  const depth = new Map<string, number>();
  const inCycle = new Set<string>();
  for (const node of incoming.values()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: OrgNode | undefined = node;
    while (cur && !depth.has(cur.code)) {
      if (onPath.has(cur.code)) {
        const loop = path.slice(path.indexOf(cur.code));
        if (!loop.some((c) => inCycle.has(c))) {
          loop.forEach((c) => inCycle.add(c));
          const at = incoming.get(cur.code) ?? node;
          problem(at.line!, 'parent', 'Överordnad', at.parent ?? '', `hierarkin går i cirkel: ${[...loop, cur.code].join(' → ')}`);
        }
        break;
      }
      onPath.add(cur.code);
      path.push(cur.code);
      cur = cur.parent === null ? undefined : merged.get(cur.parent);
    }
    if (path.some((c) => inCycle.has(c))) continue;
    // Assign depths top-down along the walked path.
    let base = cur && depth.has(cur.code) ? depth.get(cur.code)! + 1 : 0;
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, base++);
  }

  // Levels: given, or from depth; always strictly deeper than the parent's.
  const levelOf = new Map<string, OrgLevel>();
  const resolveLevel = (code: string): OrgLevel | null => {
    if (levelOf.has(code)) return levelOf.get(code)!;
    const node = merged.get(code);
    const d = depth.get(code);
    if (!node || d === undefined) return null;
    const lvl = node.level ?? ORG_LEVELS[d] ?? null;
    if (lvl) levelOf.set(code, lvl);
    return lvl;
  };
  for (const node of incoming.values()) {
    if (inCycle.has(node.code) || !depth.has(node.code)) continue;
    const lvl = resolveLevel(node.code);
    if (!lvl) {
      problem(node.line!, 'parent', 'Överordnad', node.parent ?? '', `ansvar ${node.code} ligger mer än fyra nivåer ned (förvaltning > sektor > verksamhet > enhet)`);
      continue;
    }
    if (node.parent === null) {
      if (lvl !== 'administration') problem(node.line!, 'level', 'Nivå', ORG_LEVEL_NAMES[lvl], `ansvar ${node.code} saknar överordnat ansvar och måste då vara en förvaltning`);
      continue;
    }
    const parentLevel = resolveLevel(node.parent);
    if (parentLevel && ORG_LEVELS.indexOf(lvl) <= ORG_LEVELS.indexOf(parentLevel)) {
      problem(
        node.line!,
        'level',
        'Nivå',
        ORG_LEVEL_NAMES[lvl],
        `ansvar ${node.code} är ${ORG_LEVEL_NAMES[lvl]} men ligger under ${node.parent}, som är ${ORG_LEVEL_NAMES[parentLevel]}`,
      );
    }
  }

  // Ansvar the file leaves alone keep their level, so a node the file moves
  // or re-levels must stay above its children in the database.
  const stranded = new Map<string, string[]>();
  for (const node of existing.values()) {
    if (incoming.has(node.code) || node.parent === null || !incoming.has(node.parent) || node.level === null) continue;
    const parentLevel = levelOf.get(node.parent);
    if (parentLevel && ORG_LEVELS.indexOf(node.level) <= ORG_LEVELS.indexOf(parentLevel)) {
      stranded.set(node.parent, [...(stranded.get(node.parent) ?? []), node.code]);
    }
  }
  for (const [code, children] of stranded) {
    const node = incoming.get(code)!;
    const lvl = levelOf.get(code)!;
    const childLevel = ORG_LEVEL_NAMES[existing.get(children[0]!)!.level!];
    const list = `${children.slice(0, 3).join(', ')}${children.length > 3 ? ` och ${children.length - 3} till` : ''}`;
    problem(
      node.line!,
      node.level ? 'level' : 'parent',
      node.level ? 'Nivå' : 'Överordnad',
      node.level ? ORG_LEVEL_NAMES[lvl] : (node.parent ?? ''),
      `ansvar ${code} blir ${ORG_LEVEL_NAMES[lvl]}, men under det ligger ${list} (${childLevel} i databasen); ta med dem i filen med ny plats eller nivå, eller behåll ${code}s nivå`,
    );
  }

  const plan: MasterDataPlan = { kind: 'organisation', fileName: file, rows: incoming.size, created: 0, updated: 0, unchanged: 0, notes: [], errors, apply: () => {} };
  if (errors.length > 0) return plan;

  const ordered = [...incoming.values()].sort((a, b) => depth.get(a.code)! - depth.get(b.code)! || a.line! - b.line!);
  for (const node of ordered) {
    const old = existing.get(node.code);
    const lvl = levelOf.get(node.code)!;
    if (!old) plan.created++;
    else if (old.name !== node.name || old.parent !== node.parent || old.level !== lvl) plan.updated++;
    else plan.unchanged++;
  }
  const untouched = [...existing.keys()].filter((c) => !incoming.has(c));
  if (untouched.length > 0) {
    plan.notes.push(`${untouched.length} ansvar i databasen finns inte i filen och lämnades orörda (${untouched.slice(0, 5).join(', ')}${untouched.length > 5 ? ', …' : ''}).`);
  }

  plan.apply = (siteId: string, at: string) => {
    const idOf = (code: string) => existing.get(code)?.id ?? naturalId(RESPONSIBILITY, code);
    for (const node of ordered) {
      const lvl = levelOf.get(node.code)!;
      const old = existing.get(node.code);
      const parentId = node.parent === null ? null : idOf(node.parent);
      if (old) {
        if (old.name === node.name && old.parent === node.parent && old.level === lvl) continue;
        db.run(
          db.q
            .updateTable('dimension_value')
            .set({ name: node.name, parent_id: parentId, level: lvl, sort_order: node.line!, updated_at: at, updated_by_site: siteId })
            .where('id', '=', old.id),
        );
      } else {
        db.run(
          db.q.insertInto('dimension_value').values({
            id: idOf(node.code),
            dimension_id: dimensionId,
            code: node.code,
            name: node.name,
            parent_id: parentId,
            level: lvl,
            sort_order: node.line!,
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
