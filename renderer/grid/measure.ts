/**
 * Text widths for columns that fit what they show: measured with a canvas
 * in the grid's own font, so a column is as wide as its widest figure and
 * its header, whatever font the machine has (Segoe UI on Windows, DejaVu
 * Sans on the test machines, which is wider).
 */
let ctx: CanvasRenderingContext2D | null | undefined;
/** The font the canvas has: setting it parses the font text, which cost more than measuring (Uppföljning's whole tree measures 5,000 names). */
let ctxFont = '';
const cache = new Map<string, number>();

export function textWidth(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  let w = cache.get(key);
  if (w === undefined) {
    if (ctx === undefined) ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return text.length * 9;
    if (ctxFont !== font) ctx.font = ctxFont = font;
    w = Math.ceil(ctx.measureText(text).width);
    // Room for every name of a large organisation, so that measuring its tree again finds them all here.
    if (cache.size > 20_000) cache.clear();
    cache.set(key, w);
  }
  return w;
}

/** The CSS font of an element's text at a size (the grid's cells and headers have their own size). */
export function fontOf(el: Element | null, sizePx: number, weight: number | string = 400): string {
  const family = el ? getComputedStyle(el).fontFamily : 'sans-serif';
  return `${weight} ${sizePx}px ${family}`;
}

/** A figure's widest shape at its magnitude and sign, in öre: the same kronor digits and two decimals (−320 333,34 → −320 333,88). */
export function widestOre(ore: number): number {
  const shape = Math.floor(Math.abs(ore) / 100) * 100 + 88;
  return ore < 0 ? -shape : shape;
}
