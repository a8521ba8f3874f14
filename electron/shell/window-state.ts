import fs from 'node:fs';
import path from 'node:path';

/**
 * The window's size and position between runs (userData/window-state.json).
 * Plain Node, no Electron: the shell passes the displays' work areas in.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the system centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 900, height: 600 };
/** How much of the title bar must lie on a screen for the saved place to be used. */
const VISIBLE = { width: 120, height: 40 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where to open the window: the saved size and place when its title bar
 * still lies on one of the screens (a laptop undocked from its big screen
 * gets a window it can reach), never larger than that screen, never smaller
 * than MIN_SIZE; otherwise the default size, centred.
 */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const fit = (w: number, h: number, area: Rect) => ({
    width: Math.round(Math.max(Math.min(w, area.width), Math.min(MIN_SIZE.width, area.width))),
    height: Math.round(Math.max(Math.min(h, area.height), Math.min(MIN_SIZE.height, area.height))),
  });
  const fallback: WindowState = { ...fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: false };
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as Record<string, unknown>;
  if (!finite(s.width) || !finite(s.height) || s.width <= 0 || s.height <= 0) return fallback;
  const maximized = s.maximized === true;
  if (!finite(s.x) || !finite(s.y)) return { ...fit(s.width, s.height, primary), maximized };
  const titleBar: Rect = { x: s.x, y: s.y, width: s.width, height: VISIBLE.height };
  const area = workAreas.find((a) => {
    const o = overlap(titleBar, a);
    return o.width >= Math.min(VISIBLE.width, s.width as number) && o.height >= Math.min(VISIBLE.height, s.height as number);
  });
  if (!area) return { ...fit(s.width, s.height, primary), maximized };
  const size = fit(s.width, s.height, area);
  // Pull it fully onto that screen where it sticks out.
  const x = Math.round(Math.min(Math.max(s.x, area.x), area.x + area.width - size.width));
  const y = Math.round(Math.min(Math.max(s.y, area.y), area.y + area.height - size.height));
  return { x, y, ...size, maximized };
}

export function loadWindowState(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state));
    fs.renameSync(temp, file);
  } catch {
    // Losing the window's place is not worth an error dialog.
  }
}
