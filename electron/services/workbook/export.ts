import path from 'node:path';
import type ExcelJS from 'exceljs';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { formatDate, stockholmDate } from '../../../shared/dates';
import { writeAtomically } from '../files/write-atomically';
import { getSetting } from '../settings';
import { FORMULA_START } from '../files/xlsx-text';
import {
  BUDGET_SHEET,
  CHANGE_STATUS_TEXT,
  CHANGES_SHEET,
  type CellValue,
  columnLetter,
  DEVIATIONS_SHEET,
  FORECAST_SHEET,
  FRONT_SHEET,
  IDENTITY_SHEET,
  LISTS_SHEET,
  MONTH_KEYS,
  type OriginalRow,
  type SheetDef,
  type SheetKey,
  STATUS_TEXT,
  WORKBOOK_FORMAT,
  type WorkbookIdentity,
} from './layout';
import { changesInScope, clockNow, deadlineFor, linesInScope, occasionRows, openOccasion, roundText, scopeOf, workingVersion, type WorkbookRound } from './model';
import { newId } from '../ids';
import { returnNoteOf } from './round';
import { seal, sealText } from './seal';

export interface WorkbookExportRequest {
  node: string;
  round: WorkbookRound;
  /** The working version; null: the newest unlocked one. */
  versionId: string | null;
  siteId: string;
  user: string;
  now: Date;
}

export interface WorkbookExportResult {
  file: string;
  workbookId: string;
  node: string;
  nodeName: string;
  round: string;
  versionName: string | null;
  deadline: string | null;
  /** Rows per sheet that the chef may change (new rows not counted). */
  rows: Partial<Record<SheetKey, number>>;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
const EDIT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBE6' } };
const MONEY = '#,##0.00;-#,##0.00;0';

/** A value as a cell holds it: öre as kronor, a status by its Swedish word. */
function cellValue(kind: string, v: CellValue): ExcelJS.CellValue {
  if (v === null) return null;
  if ((kind === 'ore' || kind === 'oreOpt') && typeof v === 'number') return v / 100;
  if (kind === 'status' && typeof v === 'string') return STATUS_TEXT[v as keyof typeof STATUS_TEXT] ?? v;
  return v;
}

interface SheetRowsIn {
  key: string;
  node: string;
  locked: boolean;
  values: Record<string, CellValue>;
}

/** Writes one data sheet: headers, rows, empty rows for new ones; unlocks exactly the cells the chef may change, with validation. */
function dataSheet(wb: ExcelJS.Workbook, def: SheetDef, title: string[], rows: SheetRowsIn[], lists: { accounts: string; codes: string; statuses: string }, originals: OriginalRow[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(def.name, { views: [{ state: 'frozen', ySplit: def.headerRow }] });
  def.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.kind === 'id') col.hidden = true;
    if (c.kind === 'ore' || c.kind === 'oreOpt' || c.kind === 'formula') col.numFmt = MONEY;
  });
  title.forEach((t, i) => {
    const cell = ws.getCell(i + 1, 2);
    cell.value = t;
    if (i === 0) cell.font = { bold: true, size: 13 };
  });
  const header = ws.getRow(def.headerRow);
  def.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  const first = def.headerRow + 1;
  const total = rows.length + def.newRows;
  for (let k = 0; k < total; k++) {
    const r = first + k;
    const data = rows[k];
    const row = ws.getRow(r);
    def.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const letter = columnLetter(i);
      if (c.formula) {
        cell.value = { formula: c.formula(r), result: c.result ? c.result(data?.values ?? {}) / 100 : undefined, date1904: false } as ExcelJS.CellFormulaValue;
        return;
      }
      if (data) {
        const v = c.key === 'id' ? data.key : cellValue(c.kind, data.values[c.key] ?? null);
        cell.value = v;
        // Text that a spreadsheet would take as a formula stays text when edited.
        if (typeof v === 'string' && FORMULA_START.test(v)) cell.numFmt = '@';
      }
      const editable = data ? c.edit === 'row' && !data.locked : c.edit === 'row' || c.edit === 'new';
      if (!editable) return;
      cell.protection = { locked: false };
      cell.fill = EDIT_FILL;
      if (c.kind === 'ore' || c.kind === 'oreOpt') {
        cell.dataValidation = {
          type: 'custom',
          allowBlank: true,
          formulae: [`ROUND(${letter}${r},2)=${letter}${r}`],
          showErrorMessage: true,
          errorTitle: 'Belopp',
          error: 'Skriv ett belopp i kronor med högst två decimaler, t.ex. 125000 eller -1200,50.',
        };
      } else if (c.key === 'account') {
        cell.dataValidation = { type: 'list', allowBlank: true, formulae: [lists.accounts], showErrorMessage: true, errorTitle: 'Konto', error: 'Välj ett konto ur kontoplanen.' };
      } else if (c.key === 'responsibility') {
        cell.dataValidation = { type: 'list', allowBlank: true, formulae: [lists.codes], showErrorMessage: true, errorTitle: 'Ansvar', error: 'Välj ett ansvar inom din del av organisationen.' };
      } else if (c.kind === 'status') {
        cell.dataValidation = { type: 'list', allowBlank: false, formulae: [lists.statuses], showErrorMessage: true, errorTitle: 'Status', error: 'Välj Utkast eller Klar.' };
      } else if (c.kind === 'text') {
        cell.dataValidation = { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [4000], showErrorMessage: true, errorTitle: 'Text', error: 'Högst 4000 tecken.' };
        cell.alignment = { wrapText: true, vertical: 'top' };
      }
    });
    if (data) originals.push({ sheet: def.key, row: r, key: data.key, node: data.node, locked: data.locked, values: data.values });
  }
  return ws;
}

async function protect(ws: ExcelJS.Worksheet): Promise<void> {
  // No password: the protection guides the chef; the import checks every locked cell itself.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

/**
 * Writes one workbook for a chef's node: a front sheet, the budget lines of
 * the working version with the ram and what remains, the VF proposals, and
 * at an occasion the deviation rows and prognos cells. Only what the chef
 * may change is unlocked; a very hidden sheet identifies the file and keeps
 * every exported row as written, so the import can tell the chef's changes,
 * the controller's later ones and changed locked cells apart.
 */
export async function exportWorkbook(db: Db, req: WorkbookExportRequest, target: string): Promise<WorkbookExportResult> {
  const scope = scopeOf(db, req.node);
  const occasion = req.round.kind === 'occasion' ? openOccasion(db, req.round.period) : null;
  const version = workingVersion(db, req.versionId, req.round.kind === 'budget');
  const clock = clockNow(db);
  const workbookId = newId();
  const originals: OriginalRow[] = [];
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Ramkoll';
  wb.created = req.now;
  // The formulas carry their values, and the program computes them again when the chef opens the file.
  wb.calcProperties.fullCalcOnLoad = true;

  const accounts = db.all(db.q.selectFrom('account').select(['code', 'name']).where('deleted_at', 'is', null).orderBy('code'));
  const accountName = new Map(accounts.map((a) => [a.code, a.name]));
  const codes = [...scope.codes].sort();
  const deadline = deadlineFor(db, scope, version, occasion);
  const returnNote = version ? returnNoteOf(db, version.id, scope.node.code) : null;
  const roundLabel = occasion ? `Uppföljning: ${occasion.name}` : `Detaljbudget ${version!.year}`;

  const front = wb.addWorksheet(FRONT_SHEET);
  front.getColumn(1).width = 24;
  front.getColumn(2).width = 90;
  const info: [string, string][] = [
    ['Kommun', getSetting(db, 'kommun.name')],
    ['Förvaltning', getSetting(db, 'administration.name')],
    ['Ansvar', `${scope.node.code} ${scope.node.name}`],
    ['Omgång', roundLabel],
    ['Budgetversion', version ? version.name : '–'],
    ['Sista dag att lämna', deadline ? formatDate(deadline) : 'enligt överenskommelse med controllern'],
    // A workbook sent back in the budget round says why on its next export (round.ts).
    ...(returnNote !== null ? [['Återskickad av controllern', returnNote] as [string, string]] : []),
    ['Skickad av', req.user],
    ['Skapad', formatDate(stockholmDate(req.now))],
  ];
  front.getCell('A1').value = 'Arbetsbok från Ramkoll';
  front.getCell('A1').font = { bold: true, size: 15 };
  info.forEach(([k, v], i) => {
    front.getCell(i + 3, 1).value = k;
    front.getCell(i + 3, 1).font = { bold: true };
    front.getCell(i + 3, 2).value = v;
  });
  const help = [
    'Så här fyller du i arbetsboken:',
    '• Skriv bara i de gula cellerna. Övriga celler är låsta; ändringar i dem läses inte in.',
    '• Belopp skrivs i kronor med högst två decimaler. Kostnader är positiva, intäkter negativa.',
    version ? '• Budget: ändra månadsbeloppen. Årsbeloppet, ramen och vad som är kvar räknas om i filen. En ny rad skriver du i de tomma raderna under listan: välj ansvar och konto ur listorna.' : '',
    version ? '• Förändringar: föreslå verksamhetsförändringar (VF) med effekt per år. En besparing är ett negativt belopp.' : '',
    occasion ? '• Avvikelser: skriv orsak, åtgärd och åtgärdens effekt för varje ansvar där kommentar krävs. Sätt status Klar när du är färdig.' : '',
    occasion?.forecastKind ? '• Prognos: skriv helårsprognosen per kontogrupp.' : '',
    '• Spara filen som Excel-arbetsbok (.xlsx) utan att byta namn på bladen och skicka tillbaka den till controllern.',
    '• Controllern läser in filen i Ramkoll, ser varje ändring och godkänner den.',
  ].filter((t) => t !== '');
  help.forEach((t, i) => {
    const cell = front.getCell(info.length + 4 + i, 1);
    cell.value = t;
    if (i === 0) cell.font = { bold: true };
    front.mergeCells(info.length + 4 + i, 1, info.length + 4 + i, 2);
  });

  // Lists for validation live on a hidden sheet: an inline list is capped at 255 characters.
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  accounts.forEach((a, i) => (lists.getCell(i + 1, 1).value = a.code));
  codes.forEach((c, i) => (lists.getCell(i + 1, 2).value = c));
  ['Utkast', 'Klar'].forEach((s, i) => (lists.getCell(i + 1, 3).value = s));
  const listRefs = { accounts: `${LISTS_SHEET}!$A$1:$A$${Math.max(1, accounts.length)}`, codes: `${LISTS_SHEET}!$B$1:$B$${Math.max(1, codes.length)}`, statuses: `${LISTS_SHEET}!$C$1:$C$2` };

  const sheets: SheetKey[] = [];
  let frameOre: number | null = null;
  const counts: Partial<Record<SheetKey, number>> = {};
  const nodeName = (c: string) => scope.tree.byCode.get(c)?.name ?? '';
  if (version) {
    const lines = linesInScope(db, version.id, scope.codes);
    const frame = db.first(
      db.q
        .selectFrom('frame as f')
        .innerJoin('dimension_value as v', 'v.id', 'f.responsibility_id')
        .select('f.amount_ore')
        .where('f.version_id', '=', version.id)
        .where('v.code', '=', scope.node.code)
        .where('f.deleted_at', 'is', null),
    );
    frameOre = frame?.amount_ore ?? null;
    const rows = lines.map((l) => ({
      key: l.id,
      node: l.responsibility,
      locked: false,
      values: { responsibility: l.responsibility, responsibilityName: nodeName(l.responsibility), account: l.account, accountName: accountName.get(l.account) ?? '', dims: l.dims, ...Object.fromEntries(MONTH_KEYS.map((k, i) => [k, l.months[i]!])) },
    }));
    const ws = dataSheet(wb, BUDGET_SHEET, [`Budget ${version.year} – ${scope.node.code} ${scope.node.name} (${version.name})`], rows, listRefs, originals);
    const last = BUDGET_SHEET.headerRow + rows.length + BUDGET_SHEET.newRows;
    const budgeted = lines.reduce((s, l) => s + l.months.reduce((a, b) => a + b, 0), 0);
    const summary: [string, ExcelJS.CellValue][] = [
      ['Ram', frame ? frame.amount_ore / 100 : 'ingen ram satt'],
      ['Budgeterat', { formula: `SUM(G${BUDGET_SHEET.headerRow + 1}:G${last})`, result: budgeted / 100, date1904: false } as ExcelJS.CellFormulaValue],
      ['Kvar inom ramen', frame ? ({ formula: 'C2-C3', result: (frame.amount_ore - budgeted) / 100, date1904: false } as ExcelJS.CellFormulaValue) : null],
    ];
    summary.forEach(([label, value], i) => {
      ws.getCell(i + 2, 2).value = label;
      ws.getCell(i + 2, 2).font = { bold: true };
      ws.getCell(i + 2, 3).value = value;
      ws.getCell(i + 2, 3).numFmt = MONEY;
    });
    await protect(ws);
    sheets.push('budget');
    counts.budget = rows.length;

    const changes = changesInScope(db, version.id, scope.codes).map((c) => ({
      key: c.id,
      node: c.responsibility,
      locked: c.status !== 'proposed',
      values: { responsibility: c.responsibility, description: c.description, amount_ore: c.amount_ore, plan1_ore: c.plan1_ore, plan2_ore: c.plan2_ore, status: CHANGE_STATUS_TEXT[c.status] },
    }));
    const cws = dataSheet(wb, CHANGES_SHEET, [`Verksamhetsförändringar (VF) ${version.year}–${version.year + 2} – ${scope.node.code} ${scope.node.name}`, 'Effekt i kronor per år; en besparing är negativ. Beslutade och avslagna förändringar är låsta.'], changes, listRefs, originals);
    await protect(cws);
    sheets.push('changes');
    counts.changes = changes.length;
  }
  if (occasion) {
    const { deviations, forecasts } = occasionRows(db, occasion, scope);
    const dws = dataSheet(
      wb,
      DEVIATIONS_SHEET,
      [`Avvikelser ${occasion.name} – ${scope.node.code} ${scope.node.name}`, 'Avvikelse = budget − utfall: positiv är gynnsam. Godkända kommentarer är låsta.'],
      deviations.map((d) => ({ key: d.key, node: d.code, locked: d.locked, values: d.values })),
      listRefs,
      originals,
    );
    await protect(dws);
    sheets.push('deviations');
    counts.deviations = deviations.filter((d) => !d.locked).length;
    if (forecasts.length > 0) {
      const fws = dataSheet(
        wb,
        FORECAST_SHEET,
        [`Helårsprognos ${occasion.name} – ${scope.node.code} ${scope.node.name}`, 'Prognosen för helåret per kontogrupp; summorna ovanför enheterna räknas i Ramkoll.'],
        forecasts.map((f) => ({ key: f.key, node: f.code, locked: false, values: f.values })),
        listRefs,
        originals,
      );
      await protect(fws);
      sheets.push('forecast');
      counts.forecast = forecasts.length;
    }
  }
  await protect(front);
  await protect(lists);

  const identity: WorkbookIdentity = {
    format: WORKBOOK_FORMAT,
    workbookId,
    siteId: req.siteId,
    versionId: version?.id ?? null,
    node: scope.node.code,
    round: roundText(req.round),
    occasionId: occasion?.id ?? null,
    exportedAt: req.now.toISOString(),
    exportedBy: req.user,
    clock,
    sheets,
    frameOre,
  };
  const idws = wb.addWorksheet(IDENTITY_SHEET, { state: 'veryHidden' });
  const cells = Object.entries(identity).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]);
  // Every exported row as written, one JSON text a row (a cell holds at most 32 767 characters; a row far less).
  const rowTexts = originals.map((o) => JSON.stringify(o));
  if (rowTexts.some((t) => t.length > 32_000)) throw new RamkollError('INVALID_INPUT', 'En rad är för lång för en Excel-cell.');
  cells.push(['signature', seal(db, req.siteId, req.now, sealText(cells, rowTexts))]);
  cells.forEach(([k, v], i) => {
    idws.getCell(i + 1, 1).value = k;
    idws.getCell(i + 1, 2).value = v;
  });
  rowTexts.forEach((t, i) => {
    idws.getCell(20 + i, 1).value = 'rad';
    idws.getCell(20 + i, 2).value = t;
  });
  await protect(idws);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  writeAtomically(target, bytes);
  return { file: path.basename(target), workbookId, node: scope.node.code, nodeName: scope.node.name, round: roundText(req.round), versionName: version?.name ?? null, deadline, rows: counts };
}
