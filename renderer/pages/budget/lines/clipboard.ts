import { useEffect, type RefObject } from 'react';
import type { ApplyResult } from '../../../../electron/api/contract/index';
import type { CellBlock } from './cell-range';
import { copyBlock, isEditableColumn, planPaste, type Plan } from './edits';
import type { LinesModel } from './model';
import { formatTsv, parseTsv } from './tsv';

interface ClipboardInput {
  wrapper: RefObject<HTMLDivElement | null>;
  model: LinesModel;
  editable: boolean;
  enqueue: (label: string, plan: () => Plan | null, opts?: { allowUnknown?: boolean; after?: (r: ApplyResult) => void }) => Promise<unknown>;
  isEditing: () => boolean;
  rangeBounds: () => CellBlock | null;
  setStatus: (s: string) => void;
  setErrors: (e: string[]) => void;
}

/**
 * Copy and paste go through the browser's clipboard events: they work in
 * the app without any clipboard permission, and carry Excel's plain text.
 */
export function useLinesClipboard({ wrapper, model, editable, enqueue, isEditing, rangeBounds, setStatus, setErrors }: ClipboardInput): void {
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const onCopy = (e: ClipboardEvent) => {
      if (isEditing()) return;
      const b = rangeBounds();
      if (!b) return;
      const block = copyBlock(model, b.top, b.bottom, b.cols);
      e.clipboardData?.setData('text/plain', formatTsv(block));
      e.preventDefault();
      setStatus(`Kopierade ${block.length} × ${b.cols.length} celler.`);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditing()) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const b = rangeBounds();
      if (!b) return;
      e.preventDefault();
      if (!editable) {
        setErrors(['Versionen är låst och kan inte ändras.']);
        return;
      }
      const block = parseTsv(text);
      if (block.length === 0) return;
      const single = block.length === 1 && block[0]!.length === 1;
      const cols = (single && b.cols.length * (b.bottom - b.top + 1) > 1 ? b.cols : b.from).filter((c) => c !== 'ag-Grid-SelectionColumn');
      enqueue(single ? 'Fyll celler' : `Klistra in ${block.length} × ${Math.max(...block.map((r) => r.length))}`, () => {
        const fill = single ? model.lineRowsFrom(b.top, b.bottom - b.top + 1).filter((l) => (model.rowIndexOf(l.id) ?? Infinity) <= b.bottom).length : 1;
        if (cols.some((c) => !isEditableColumn(c)) && !single) {
          const bad = cols.slice(0, Math.max(...block.map((r) => r.length))).find((c) => !isEditableColumn(c));
          if (bad) return { changes: [], errors: [`Blocket når kolumnen ${bad === 'manual' ? 'Manuell' : bad}, som räknas fram och inte kan klistras in i.`], unknown: [], lines: [], rows: 0, cols: 0 };
        }
        return planPaste(model, block, b.top, cols, fill);
      });
    };
    el.addEventListener('copy', onCopy);
    el.addEventListener('paste', onPaste);
    return () => {
      el.removeEventListener('copy', onCopy);
      el.removeEventListener('paste', onPaste);
    };
    // rangeBounds and isEditing read refs only; the setters are the component's state setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, editable, enqueue]);
}
