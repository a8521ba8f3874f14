import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import type { ApplyResult, LineChange } from '../../../../electron/api/contract/index';
import { duplicateMessage, type Plan, type UnknownCode } from './edits';
import { codingLabel, type GridRow, type Line, type LinesModel, type Reference } from './model';

interface ActionsInput {
  api: RefObject<GridApi<GridRow> | null>;
  model: LinesModel;
  ref: Reference;
  /** The lines marked with their checkboxes. */
  selected: Line[];
  enqueue: (label: string, plan: () => Plan | null, opts?: { allowUnknown?: boolean; after?: (r: ApplyResult) => void }) => Promise<unknown>;
}

/** The actions of the toolbar, the new-line form and the bulk bar: on the marked lines, or the line the cursor is on. */
export function lineActions({ api, model, ref, selected, enqueue }: ActionsInput) {
  const focusLine = (id: string, col = 'year') => {
    const idx = model.rowIndexOf(id);
    const a = api.current;
    if (idx === undefined || !a) return;
    a.ensureIndexVisible(idx, 'middle');
    a.ensureColumnVisible(col);
    // The grid draws new rows over the next frames; focus the cell once it is there.
    let tries = 0;
    const tryFocus = () => {
      a.setFocusedCell(idx, col);
      const el = document.activeElement;
      const there = el instanceof HTMLElement && el.getAttribute('col-id') === col && el.closest(`[row-id="${CSS.escape(id)}"]`) !== null;
      if (!there && ++tries < 20) {
        requestAnimationFrame(tryFocus);
        return;
      }
      const node = a.getDisplayedRowAtIndex(idx);
      if (node) a.flashCells({ rowNodes: [node] });
    };
    requestAnimationFrame(tryFocus);
  };

  const targetLines = (): Line[] => {
    if (selected.length > 0) return selected.map((l) => model.lines.get(l.id)).filter((l): l is Line => !!l);
    const focused = api.current?.getFocusedCell();
    const row = focused ? model.rows[focused.rowIndex] : undefined;
    return row?.kind === 'line' ? [row] : [];
  };

  const planFor = (changes: (l: Line) => LineChange[]) => (): Plan => {
    const lines = targetLines();
    return { changes: lines.flatMap(changes), errors: lines.length === 0 ? ['Markera rader först (kryssrutan till vänster), eller ställ dig på en rad.'] : [], unknown: [], lines, rows: lines.length, cols: 0 };
  };

  /** Copies to another ansvar, each named before it is sent if its kodsträng is taken (one line per kodsträng). */
  const planCopies = (responsibility: string) => (): Plan => {
    const plan = planFor((l) => [{ op: 'duplicate', fromId: l.id, responsibility }])();
    const seen = new Set<string>();
    for (const l of plan.lines) {
      const key = `${l.acc}\t${l.dims}`;
      const holder = model.lineWithCoding(responsibility, l.acc, l.dims);
      if (holder) plan.errors.push(duplicateMessage(responsibility, l.acc, l.dims, holder));
      else if (seen.has(key)) plan.errors.push(`Två av raderna skulle få kodsträngen ${codingLabel(responsibility, l.acc, l.dims)}: en kodsträng kan bara finnas på en rad i en budgetversion.`);
      seen.add(key);
    }
    return plan.errors.length > 0 ? { ...plan, changes: [] } : plan;
  };

  const bulk = {
    scale: (ppm: number, text: string) => enqueue(`${ppm >= 0 ? 'Höj' : 'Sänk'} med ${text} %`, planFor((l) => [{ op: 'scale', id: l.id, ppm }])),
    profile: (profileId: string) => enqueue(`Sätt profil ${ref.profileName(profileId)}`, planFor((l) => [{ op: 'profile', id: l.id, profileId }])),
    duplicate: (responsibility: string) =>
      enqueue(`Kopiera rader till ansvar ${responsibility}`, planCopies(responsibility), {
        after: (r) => {
          if (r.created[0]) focusLine(r.created[0], 'acc');
        },
      }),
    remove: () => {
      enqueue('Ta bort rader', planFor((l) => [{ op: 'delete', id: l.id }]), { after: () => api.current?.deselectAll() });
    },
  };

  const addLine = (change: Extract<LineChange, { op: 'create' }>, unknown: UnknownCode[]) =>
    enqueue('Ny rad', () => ({ changes: [change], errors: [], unknown, lines: [], rows: 1, cols: 0 }), {
      after: (r) => {
        if (r.created[0]) focusLine(r.created[0]);
      },
    });

  const findLine = (resp: string, acc: string, dims: string) => model.lineWithCoding(resp, acc, dims);

  return { focusLine, bulk, addLine, findLine };
}
