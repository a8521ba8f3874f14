import { createHash } from 'node:crypto';
import type { BarChartBlock, Block, MonthChartBlock, ReportDocument, TableBlock } from './document';
import type { TextRun } from './document-types';
import type { ChartText } from './month-geometry';

/**
 * The report as one self-contained HTML document for printing to PDF (A4).
 * Every text from the database is escaped, and the document carries its own
 * Content-Security-Policy: no scripts, no requests, styles only from the one
 * stylesheet it was made with (by hash), images only as data: URLs. Table
 * headers repeat on every page and rows are never split.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

export const REPORT_CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #1b2530; margin: 0; line-height: 1.35; }
.front { break-after: page; min-height: 240mm; display: flex; flex-direction: column; }
.front .logo { max-height: 28mm; max-width: 70mm; margin-bottom: 14mm; }
.front .kommun { font-size: 12pt; color: #3c4a59; margin: 0 0 30mm; }
.front h1 { font-size: 26pt; margin: 0 0 4mm; color: #0f3a5f; }
.front .subtitle { font-size: 14pt; margin: 0 0 16mm; color: #3c4a59; }
.front dl { display: grid; grid-template-columns: 34mm 1fr; gap: 2mm 4mm; font-size: 10.5pt; margin: 0; }
.front dt { font-weight: bold; color: #3c4a59; }
.front dd { margin: 0; }
.front .unit-note { margin-top: auto; font-size: 9pt; color: #566474; }
.front .notice, p.warning { border: 0.4mm solid #b7791f; background: #fff6e0; padding: 2.5mm 3.5mm; font-weight: bold; color: #5c3d00; }
.front .notice { font-size: 11pt; margin: 8mm 0 0; }
section.part { break-before: page; }
h2 { font-size: 16pt; color: #0f3a5f; margin: 0 0 4mm; break-after: avoid; }
h3 { font-size: 12pt; color: #0f3a5f; margin: 6mm 0 2mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
p.lead { font-size: 10.5pt; }
p.note { color: #3c4a59; }
.labelled { margin: 0 0 2.5mm; white-space: pre-wrap; }
ul.bullets { margin: 0 0 2.5mm; padding-left: 6mm; }
ul.bullets li { margin: 0 0 1mm; }
.labelled b { color: #0f3a5f; }
dl.facts { display: flex; flex-wrap: wrap; gap: 1mm 6mm; margin: 0 0 2.5mm; }
dl.facts div { display: flex; gap: 1.5mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 1.5mm; caption-side: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #e8eef5; text-align: left; padding: 1.5mm 2mm; border-bottom: 0.3mm solid #8a9bb0; vertical-align: bottom; }
th.num { text-align: right; }
th.row { background: none; font-weight: normal; border-bottom: 0.2mm solid #d5dde6; padding: 1.2mm 2mm; vertical-align: top; }
td { padding: 1.2mm 2mm; border-bottom: 0.2mm solid #d5dde6; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.unfavourable { color: #b3261e; }
th.row[data-indent="1"] { padding-left: 6mm; }
th.row[data-indent="2"] { padding-left: 10mm; }
th.row[data-indent="3"] { padding-left: 14mm; }
tr.total td, tr.total th.row { font-weight: bold; border-top: 0.3mm solid #8a9bb0; }
tr.sum td, tr.sum th.row { font-weight: bold; }
figure { margin: 3mm 0 6mm; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 1.5mm; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9px; fill: #3c4a59; }
svg .grid { stroke: #d5dde6; stroke-width: 0.6; }
svg .axis { stroke: #566474; stroke-width: 0.8; }
svg rect.budget { fill: #b9c6d4; }
svg rect.actual { fill: #0f3a5f; }
svg rect.forecast { fill: #fff; stroke: #c2571a; stroke-width: 1; stroke-dasharray: 2 1.5; }
svg path.deviation { stroke: #1f7a4d; stroke-width: 2; fill: none; }
svg path.deviation-forecast { stroke: #1f7a4d; stroke-width: 2; fill: none; stroke-dasharray: 4 3; }
svg text.axis-title { font-weight: bold; }
svg .s0 { fill: #0f3a5f; }
svg .s1 { fill: #c2571a; }
.legend { display: flex; gap: 6mm; font-size: 8.5pt; margin-top: 1mm; }
.legend span::before { content: ""; display: inline-block; width: 6mm; height: 0; border-top: 0.6mm solid currentColor; vertical-align: middle; margin-right: 1.5mm; }
.legend span.bar::before { width: 3mm; height: 3mm; border: 0; }
.legend .budget::before { background: #b9c6d4; } .legend .actual::before { background: #0f3a5f; }
.legend .forecast::before { background: #fff; outline: 0.3mm dashed #c2571a; } .legend .deviation::before { border-top-color: #1f7a4d; }
.legend .s0 { color: #0f3a5f; } .legend .s1 { color: #c2571a; }
`;

const STYLE_HASH = createHash('sha256').update(REPORT_CSS).digest('base64');
/** The document's own policy: nothing runs, nothing is fetched. */
export const REPORT_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

const LOGO = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/;

function table(t: TableBlock): string {
  const head = t.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.title)}</th>`).join('');
  const body = t.rows
    .map((r) => {
      const cells = r.cells
        .map((c, i) => {
          if (c.kind === 'text') return i === 0 ? `<th scope="row" class="row"${r.indent ? ` data-indent="${r.indent}"` : ''}>${escapeHtml(c.text)}</th>` : `<td>${escapeHtml(c.text)}</td>`;
          // Red only for what is unfavourable (a deviation below zero), never for an amount because it is negative.
          return `<td class="num${c.unfavourable ? ' unfavourable' : ''}">${escapeHtml(c.text)}</td>`;
        })
        .join('');
      return `<tr${r.emphasis ? ` class="${r.emphasis}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table>${t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function svgText(t: ChartText, cls?: string): string {
  return `<text${cls ? ` class="${cls}"` : ''} x="${t.x}" y="${t.y}" text-anchor="${t.anchor}">${escapeHtml(t.text)}</text>`;
}

function monthChart(c: MonthChartBlock): string {
  const g = c.geometry;
  const { box } = g;
  const parts: string[] = [];
  for (const t of g.ticks) {
    parts.push(`<line class="grid" x1="${box.left}" x2="${box.width - box.right}" y1="${t.y}" y2="${t.y}"/>`);
    parts.push(svgText(t.left), svgText(t.right));
  }
  parts.push(svgText(g.titles.left, 'axis-title'), svgText(g.titles.right, 'axis-title'));
  for (const b of g.bars) parts.push(`<rect class="${b.series}" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"/>`);
  parts.push(`<line class="axis" x1="${box.left}" x2="${box.width - box.right}" y1="${g.zeroY}" y2="${g.zeroY}"/>`);
  for (const t of g.months) parts.push(svgText(t));
  if (g.deviation.actual) parts.push(`<path class="deviation" d="${g.deviation.actual}"/>`);
  if (g.deviation.forecast) parts.push(`<path class="deviation-forecast" d="${g.deviation.forecast}"/>`);
  const legend = c.series.map((s) => `<span class="${s.role}${s.role === 'deviation' ? '' : ' bar'}">${escapeHtml(s.name)}</span>`).join('');
  return `<figure><figcaption>${escapeHtml(c.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="${g.viewBox}" width="${box.width * 1.25}" height="${box.height * 1.25}" role="img" aria-label="${escapeHtml(c.title)}">${parts.join('')}</svg><div class="legend">${legend}</div></figure>`;
}

function barChart(c: BarChartBlock): string {
  const g = c.geometry;
  const parts: string[] = [];
  for (const t of g.ticks) {
    parts.push(`<line class="grid" x1="${t.x}" x2="${t.x}" y1="${g.plot.top}" y2="${g.plot.bottom}"/>`);
    parts.push(`<text x="${t.x}" y="${g.plot.bottom + 14}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
  }
  for (const cat of g.categories) parts.push(`<text x="${g.plot.left - 6}" y="${cat.y + 3}" text-anchor="end">${escapeHtml(cat.label.length > 34 ? `${cat.label.slice(0, 33)}…` : cat.label)}</text>`);
  for (const b of g.bars) parts.push(`<rect class="s${b.series}" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"/>`);
  parts.push(`<line class="axis" x1="${g.zeroX}" x2="${g.zeroX}" y1="${g.plot.top}" y2="${g.plot.bottom}"/>`);
  const legend = c.series.map((s, i) => `<span class="s${i}">${escapeHtml(s.name)}</span>`).join('');
  return `<figure><figcaption>${escapeHtml(c.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="${g.viewBox}" width="${g.width}" height="${g.height}" role="img" aria-label="${escapeHtml(c.title)}">${parts.join('')}</svg><div class="legend">${legend}</div></figure>`;
}

const runs = (rs: readonly TextRun[]) => rs.map((r) => (r.bold ? `<b>${escapeHtml(r.text)}</b>` : escapeHtml(r.text))).join('');

function block(b: Block): string {
  switch (b.kind) {
    case 'rich':
      return `<p>${runs(b.runs)}</p>`;
    case 'bullets':
      return `<ul class="bullets">${b.items.map((i) => `<li>${runs(i)}</li>`).join('')}</ul>`;
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p${b.tone ? ` class="${b.tone}"` : ''}>${escapeHtml(b.text)}</p>`;
    case 'labelled':
      return `<p class="labelled"><b>${escapeHtml(b.label)}:</b> ${escapeHtml(b.text)}</p>`;
    case 'facts':
      return `<dl class="facts">${b.items.map((i) => `<div><dt>${escapeHtml(i.label)}:</dt><dd>${escapeHtml(i.value)}</dd></div>`).join('')}</dl>`;
    case 'table':
      return table(b);
    case 'month-chart':
      return monthChart(b);
    case 'bar-chart':
      return barChart(b);
  }
}

export function reportHtml(doc: ReportDocument): string {
  const logo = doc.logo && LOGO.test(doc.logo) ? `<img class="logo" src="${escapeHtml(doc.logo)}" alt="${escapeHtml(doc.kommun)}">` : '';
  const notice = doc.notice ? `<p class="notice">${escapeHtml(doc.notice)}</p>` : '';
  const front = `<header class="front">${logo}<p class="kommun">${escapeHtml(doc.kommun)}</p><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p><dl>${doc.front
    .map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`)
    .join('')}</dl>${notice}<p class="unit-note">${escapeHtml(doc.unitNote)}</p></header>`;
  const sections = doc.sections.map((s) => `<section class="part" id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>${escapeHtml(`${doc.title} – ${doc.subtitle}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${front}
${sections}
</body>
</html>
`;
}

/** The page footer Chromium prints on every page: the kommun and "Sida X av Y". */
export function footerTemplate(doc: ReportDocument): string {
  // Chromium renders this apart from the page, with no access to its stylesheet: inline styles are the only way.
  return `<div style="font-family: Arial, sans-serif; font-size: 8px; color: #566474; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;"><span>${escapeHtml(
    `${doc.kommun} · ${doc.title}`,
  )}</span><span>Sida <span class="pageNumber"></span> av <span class="totalPages"></span></span></div>`;
}
