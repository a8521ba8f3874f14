import type * as Docx from 'docx';
import type { BarChartBlock, Block, MonthChartBlock, ReportDocument, TableBlock } from './document';

/**
 * The report as a Word document with real headings (Rubrik 1–4), real
 * tables (header rows repeated on each page, rows never split) and the
 * charts as native Word charts (vector, with their data inside), so the
 * sections can be copied into the nämnd's tjänsteskrivelse as they are.
 */
type DocxModule = typeof Docx;
type Child = Docx.Paragraph | Docx.Table;

const BLUE = '0F3A5F';
const RED = 'B3261E';
const FONT = 'Arial';

/** Pixel size of a PNG or JPEG from its header; null when it cannot be read. */
export function imageSize(bytes: Buffer): { width: number; height: number; type: 'png' | 'jpg' } | null {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), type: 'png' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      const len = bytes.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7), type: 'jpg' };
      }
      i += 2 + len;
    }
  }
  return null;
}

/** A framed, shaded warning (a preliminary report). */
function notice(d: DocxModule, text: string, before: number): Docx.Paragraph {
  const edge = { style: d.BorderStyle.SINGLE, size: 8, color: 'B7791F', space: 4 };
  return new d.Paragraph({
    spacing: { before, after: 120 },
    border: { top: edge, bottom: edge, left: edge, right: edge },
    shading: { type: d.ShadingType.CLEAR, color: 'auto', fill: 'FFF6E0' },
    children: [new d.TextRun({ text, bold: true, font: FONT, size: 21, color: '5C3D00' })],
  });
}

function headingLevel(d: DocxModule, level: 1 | 2 | 3 | 4) {
  return [d.HeadingLevel.HEADING_1, d.HeadingLevel.HEADING_2, d.HeadingLevel.HEADING_3, d.HeadingLevel.HEADING_4][level - 1]!;
}

function table(d: DocxModule, t: TableBlock): Child[] {
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const pct = (w: number) => Math.round((w / total) * 5000);
  const border = { style: d.BorderStyle.SINGLE, size: 4, color: 'D5DDE6' };
  const cell = (text: string, opts: { numeric: boolean; bold?: boolean; header?: boolean; red?: boolean; indent?: number; width: number }) =>
    new d.TableCell({
      width: { size: pct(opts.width), type: d.WidthType.PERCENTAGE },
      ...(opts.header ? { shading: { type: d.ShadingType.CLEAR, color: 'auto', fill: 'E8EEF5' } } : {}),
      borders: { top: border, bottom: border, left: { style: d.BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: d.BorderStyle.NONE, size: 0, color: 'FFFFFF' } },
      margins: { top: 30, bottom: 30, left: 60, right: 60 },
      children: [
        new d.Paragraph({
          alignment: opts.numeric ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT,
          ...(opts.indent ? { indent: { left: 240 * opts.indent } } : {}),
          children: [new d.TextRun({ text, bold: opts.bold || opts.header, size: 17, font: FONT, ...(opts.red ? { color: RED } : {}) })],
        }),
      ],
    });
  const header = new d.TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c) => cell(c.title, { numeric: c.numeric, header: true, width: c.width })),
  });
  const rows = t.rows.map(
    (r) =>
      new d.TableRow({
        cantSplit: true,
        children: r.cells.map((c, i) =>
          cell(c.text, {
            numeric: c.kind === 'amount',
            bold: r.emphasis !== undefined,
            // Red means unfavourable (a deviation below zero), never merely negative.
            red: c.kind === 'amount' && c.unfavourable === true,
            ...(i === 0 && r.indent ? { indent: r.indent } : {}),
            width: t.columns[i]!.width,
          }),
        ),
      }),
  );
  return [
    ...(t.caption ? [new d.Paragraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [new d.TextRun({ text: t.caption, bold: true, font: FONT, size: 19 })] })] : []),
    new d.Table({ width: { size: 5000, type: d.WidthType.PERCENTAGE }, rows: [header, ...rows] }),
    new d.Paragraph({ text: '' }),
  ];
}

async function chart(d: DocxModule, c: MonthChartBlock | BarChartBlock): Promise<Child[]> {
  const { ChartRun } = await import('docx/charts');
  const caption = new d.Paragraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [new d.TextRun({ text: c.title, bold: true, font: FONT, size: 19 })] });
  let run: InstanceType<typeof ChartRun>;
  if (c.kind === 'month-chart') {
    // Word's combo chart: budget and utfall/prognos as columns, the accumulated deviation as a line on the right axis.
    const color: Record<string, string> = { budget: 'B9C6D4', actual: BLUE, forecast: 'C2571A', deviation: '1F7A4D' };
    run = new ChartRun({
      type: 'column',
      categories: c.categories,
      series: c.series.map((s) =>
        s.role === 'deviation'
          ? { name: s.name, values: s.values, color: color[s.role]!, type: 'line', axis: 'secondary', line: { color: color[s.role]!, width: 2 } }
          : { name: s.name, values: s.values, color: color[s.role]! },
      ),
      valueAxis: { title: `${c.unit} per månad` },
      secondaryValueAxis: { title: `Avvikelse ack, ${c.unit}` },
      transformation: { width: 600, height: 300 },
      altText: { title: c.title, description: c.title },
    } as ConstructorParameters<typeof ChartRun>[0]);
  } else {
    // Word draws the first category at the bottom: reversed, the bars read top down as in the table.
    run = new ChartRun({
      type: 'bar',
      categories: [...c.categories].reverse(),
      series: c.series.map((s, i) => ({ name: s.name, values: [...s.values].reverse(), color: i === 0 ? BLUE : 'C2571A' })),
      valueAxis: { title: c.unit },
      transformation: { width: 600, height: Math.max(180, 60 + c.categories.length * 36) },
      altText: { title: c.title, description: c.title },
    } as ConstructorParameters<typeof ChartRun>[0]);
  }
  return [caption, new d.Paragraph({ keepLines: true, children: [run] })];
}

const runs = (d: DocxModule, rs: readonly { text: string; bold: boolean }[]) => rs.map((r) => new d.TextRun({ text: r.text, bold: r.bold, font: FONT, size: 19 }));

async function block(d: DocxModule, b: Block): Promise<Child[]> {
  switch (b.kind) {
    case 'rich':
      return [new d.Paragraph({ spacing: { after: 80 }, children: runs(d, b.runs) })];
    case 'bullets':
      return b.items.map((i) => new d.Paragraph({ bullet: { level: 0 }, spacing: { after: 40 }, children: runs(d, i) }));
    case 'heading':
      return [new d.Paragraph({ heading: headingLevel(d, b.level), keepNext: true, children: [new d.TextRun({ text: b.text })] })];
    case 'paragraph':
      if (b.tone === 'warning') return [notice(d, b.text, 0)];
      return [new d.Paragraph({ spacing: { after: 80 }, children: [new d.TextRun({ text: b.text, italics: b.tone === 'note', font: FONT, size: b.tone === 'lead' ? 21 : 19 })] })];
    case 'labelled': {
      // Line breaks in a comment stay line breaks.
      const lines = b.text.split(/\r?\n/);
      return [
        new d.Paragraph({
          spacing: { after: 80 },
          children: [
            new d.TextRun({ text: `${b.label}: `, bold: true, font: FONT, size: 19, color: BLUE }),
            ...lines.map((l, i) => new d.TextRun({ text: l, font: FONT, size: 19, ...(i > 0 ? { break: 1 } : {}) })),
          ],
        }),
      ];
    }
    case 'facts':
      return [
        new d.Paragraph({
          spacing: { after: 80 },
          children: b.items.flatMap((i, k) => [
            new d.TextRun({ text: `${k > 0 ? ' · ' : ''}${i.label}: `, bold: true, font: FONT, size: 18 }),
            new d.TextRun({ text: i.value, font: FONT, size: 18 }),
          ]),
        }),
      ];
    case 'table':
      return table(d, b);
    case 'month-chart':
    case 'bar-chart':
      return chart(d, b);
  }
}

export async function writeReportDocx(doc: ReportDocument): Promise<Buffer> {
  const d = await import('docx');
  const front: Child[] = [];
  const logo = doc.logo?.match(/^data:image\/(png|jpeg);base64,(.+)$/);
  if (logo) {
    const bytes = Buffer.from(logo[2]!, 'base64');
    const size = imageSize(bytes);
    if (size && size.width > 0 && size.height > 0) {
      const height = 70;
      front.push(
        new d.Paragraph({
          spacing: { after: 400 },
          children: [new d.ImageRun({ type: size.type, data: bytes, transformation: { width: Math.round((size.width / size.height) * height), height }, altText: { name: 'Logotyp', title: doc.kommun, description: doc.kommun } })],
        }),
      );
    }
  }
  front.push(
    new d.Paragraph({ spacing: { after: 1200 }, children: [new d.TextRun({ text: doc.kommun, size: 24, font: FONT, color: '3C4A59' })] }),
    new d.Paragraph({ heading: d.HeadingLevel.TITLE, children: [new d.TextRun({ text: doc.title })] }),
    new d.Paragraph({ spacing: { after: 600 }, children: [new d.TextRun({ text: doc.subtitle, size: 28, font: FONT, color: '3C4A59' })] }),
    new d.Table({
      width: { size: 5000, type: d.WidthType.PERCENTAGE },
      borders: d.TableBorders.NONE,
      rows: doc.front.map(
        (f) =>
          new d.TableRow({
            children: [
              new d.TableCell({ width: { size: 1400, type: d.WidthType.PERCENTAGE }, children: [new d.Paragraph({ children: [new d.TextRun({ text: f.label, bold: true, font: FONT, size: 20 })] })] }),
              new d.TableCell({ width: { size: 3600, type: d.WidthType.PERCENTAGE }, children: [new d.Paragraph({ children: [new d.TextRun({ text: f.value, font: FONT, size: 20 })] })] }),
            ],
          }),
      ),
    }),
  );
  if (doc.notice) front.push(notice(d, doc.notice, 600));
  front.push(new d.Paragraph({ spacing: { before: 600 }, children: [new d.TextRun({ text: doc.unitNote, italics: true, font: FONT, size: 18, color: '566474' })] }));
  const body: Child[] = [];
  for (const s of doc.sections) {
    body.push(new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new d.TextRun({ text: s.title })] }));
    for (const b of s.blocks) body.push(...(await block(d, b)));
  }
  const footer = new d.Footer({
    children: [
      new d.Paragraph({
        tabStops: [{ type: d.TabStopType.RIGHT, position: d.TabStopPosition.MAX }],
        children: [
          new d.TextRun({ text: `${doc.kommun} · ${doc.title}`, size: 16, font: FONT, color: '566474' }),
          new d.TextRun({ children: ['\tSida ', d.PageNumber.CURRENT, ' av ', d.PageNumber.TOTAL_PAGES], size: 16, font: FONT, color: '566474' }),
        ],
      }),
    ],
  });
  const document = new d.Document({
    creator: 'Ramkoll',
    title: `${doc.title} – ${doc.subtitle}`,
    description: doc.unitNote,
    styles: {
      default: { document: { run: { font: FONT, size: 19 } } },
      paragraphStyles: [],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1000, bottom: 1000, left: 900, right: 900 } } },
        footers: { default: footer },
        children: [...front, ...body],
      },
    ],
  });
  return d.Packer.toBuffer(document);
}
