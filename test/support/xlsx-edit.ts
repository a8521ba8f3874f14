import fs from 'node:fs';
import JSZip from 'jszip';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Edits an xlsx file on its XML with JSZip, as Excel saves a workbook after
 * a chef typed in it: numbers as <v>, text as shared strings (or inline
 * strings, as some programs write them), formulas with their computed value
 * cached, sheet protection removed. No spreadsheet library is involved, so a
 * reader test does not read back what its own writer made.
 */
export class XlsxEditor {
  private constructor(
    private readonly zip: JSZip,
    private readonly sheetFiles: Map<string, string>,
    private readonly xml: Map<string, string>,
    private shared: string,
  ) {}

  static async open(file: string): Promise<XlsxEditor> {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    const targets = new Map([...rels.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
    for (const m of rels.matchAll(/<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"/g)) targets.set(m[2]!, m[1]!);
    const sheetFiles = new Map<string, string>();
    for (const m of workbook.matchAll(/<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
      const target = targets.get(m[2]!)!.replace(/^\/?(xl\/)?/, '');
      sheetFiles.set(m[1]!.replace(/&amp;/g, '&'), `xl/${target}`);
    }
    const shared = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>';
    return new XlsxEditor(zip, sheetFiles, new Map(), shared);
  }

  private async sheet(name: string): Promise<string> {
    const file = this.sheetFiles.get(name);
    if (!file) throw new Error(`no sheet ${name}`);
    const cached = this.xml.get(file);
    if (cached !== undefined) return cached;
    const text = await this.zip.file(file)!.async('string');
    this.xml.set(file, text);
    return text;
  }

  private async setCell(sheet: string, ref: string, inner: string, type: string | null): Promise<void> {
    const file = this.sheetFiles.get(sheet)!;
    let xml = await this.sheet(sheet);
    const row = Number(/\d+$/.exec(ref)![0]);
    const t = type ? ` t="${type}"` : '';
    const cellRe = new RegExp(`<c r="${ref}"([^>]*?)(/>|>[\\s\\S]*?</c>)`);
    const m = cellRe.exec(xml);
    if (m) {
      const style = /\ss="\d+"/.exec(m[1]!)?.[0] ?? '';
      xml = xml.replace(cellRe, `<c r="${ref}"${style}${t}>${inner}</c>`);
    } else {
      const rowRe = new RegExp(`<row r="${row}"([^>]*?)(/>|>([\\s\\S]*?)</row>)`);
      const rm = rowRe.exec(xml);
      if (!rm) throw new Error(`no row ${row} in ${sheet}`);
      // Cells are appended at the row's end: the tests write columns right of the row's cells.
      xml = xml.replace(rowRe, `<row r="${row}"${rm[1]}>${rm[3] ?? ''}<c r="${ref}"${t}>${inner}</c></row>`);
    }
    this.xml.set(file, xml);
  }

  async number(sheet: string, ref: string, value: number): Promise<void> {
    await this.setCell(sheet, ref, `<v>${value}</v>`, null);
  }

  /** Text as a shared string, as Excel writes it. */
  async text(sheet: string, ref: string, value: string): Promise<void> {
    const count = (this.shared.match(/<si>/g) ?? []).length;
    this.shared = this.shared.replace('</sst>', `<si><t xml:space="preserve">${escapeXml(value)}</t></si></sst>`);
    await this.setCell(sheet, ref, `<v>${count}</v>`, 's');
  }

  /** Text as an inline string, as some programs and exports write it. */
  async inlineText(sheet: string, ref: string, value: string): Promise<void> {
    await this.setCell(sheet, ref, `<is><t>${escapeXml(value)}</t></is>`, 'inlineStr');
  }

  /** A formula with the value Excel computed and cached beside it. */
  async formula(sheet: string, ref: string, formula: string, cached: number): Promise<void> {
    await this.setCell(sheet, ref, `<f>${escapeXml(formula)}</f><v>${cached}</v>`, null);
  }

  async unprotect(sheet: string): Promise<void> {
    const file = this.sheetFiles.get(sheet)!;
    this.xml.set(file, (await this.sheet(sheet)).replace(/<sheetProtection[^>]*\/>/, ''));
  }

  async save(file: string): Promise<void> {
    for (const [name, text] of this.xml) this.zip.file(name, text);
    const n = (this.shared.match(/<si>/g) ?? []).length;
    this.zip.file('xl/sharedStrings.xml', this.shared.replace(/<sst([^>]*?)count="\d+" uniqueCount="\d+"/, `<sst$1count="${n}" uniqueCount="${n}"`));
    fs.writeFileSync(file, await this.zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  }
}
