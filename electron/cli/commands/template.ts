import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import type { ReportTemplate } from '../../api/features/templates';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

/** The largest template file read: sections and cover are small; a logo comes as a file of its own (logoFile). */
const MAX_TEMPLATE_FILE = 1024 * 1024;

export function formatTemplate(t: ReportTemplate | null): string {
  if (!t) return 'Ingen rapportmall: rapporterna har förvaltningens egna avsnitt och inställningar.\n';
  const out = [
    `Rapportmall version ${t.version} från ${t.issuedBy}, utfärdad ${t.issuedAt.slice(0, 10)}${t.origin === 'received' ? `, mottagen ${t.receivedAt.slice(0, 10)}` : ' (Ekonomis egen)'}`,
    `Enhet: ${t.unit}. Logotyp: ${t.logo ? 'ja' : 'nej'}.`,
    ...Object.entries(t.cover.titles).map(([k, v]) => `Titel (${k}): ${v}`),
    ...(t.cover.text ? [`Försättsblad: ${t.cover.text}`] : []),
    '',
    ...t.sections.flatMap((s, i) => [`${i + 1}. ${s.heading} [${s.code}, ${s.kind === 'figure' ? 'siffror' : 'text'}]`, ...(s.guidance ? [`   ${s.guidance}`] : [])]),
  ];
  return `${out.join('\n')}\n`;
}

const show: CliCommand = {
  name: ['template'],
  summary: 'rapportmallen från Ekonomi: avsnitten i ordning med rubriker och stödfrågor, enhet, logotyp och försättsblad',
  usage: 'ramkoll template --db DB [--json]',
  help: [
    '  --db DB     databasfilen',
    '  --json      skriv mallen som JSON: { version, issuedAt, issuedBy, receivedAt, origin ("own" hos Ekonomi,',
    '              "received" hos en förvaltning), sections: [{ code, heading, guidance, kind ("figure" eller',
    '              "text") }], unit, logo (data:-URL eller null), cover: { titles, text } }, eller null utan mall',
    '',
    '  Har förvaltningen tagit emot en mall följer alla rapporter den: avsnittens ordning och rubriker,',
    '  enheten, logotypen och försättsbladets titel. Utan mall gäller förvaltningens egna inställningar.',
  ].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const view = await withDatabase(required(args, 'db'), io, { readonly: true }, (s) => s.invoke('template.get', {}));
    if (args.values.json) printJson(io, view.template);
    else io.out(formatTemplate(view.template));
    return EXIT.ok;
  },
};

/** Where in the file a JSON syntax error is: "rad 3, kolumn 14" (from the position, or the snippet and token Node quotes). */
function jsonPlace(text: string, message: string): string {
  let at = -1;
  const pos = /position (\d+)/.exec(message);
  if (pos) at = Number(pos[1]);
  else if (/Unexpected end of JSON input/.test(message)) at = text.length;
  else {
    const token = /Unexpected (?:token|non-whitespace character)[^']*'?(.)?'?/.exec(message)?.[1];
    const snippet = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message)?.[1];
    const start = snippet ? text.indexOf(snippet) : -1;
    if (start >= 0) at = start + Math.max(0, token ? snippet!.indexOf(token) : 0);
  }
  if (at < 0) return '';
  const before = text.slice(0, at);
  return ` (rad ${before.split('\n').length}, kolumn ${before.length - before.lastIndexOf('\n')})`;
}

const set: CliCommand = {
  name: ['template', 'set'],
  summary: 'Ekonomi: sparar rapportmallen från en JSON-fil (nästa version; skickas till förvaltningarna i nästa paket)',
  usage: 'ramkoll template set FIL --db DB [--json]',
  help: [
    '  FIL         JSON-fil: { "sections": [{ "code", "heading", "guidance" }], "unit": "tkr"|"mnkr",',
    '              "logoFile": "logo.png" (valfri, sökväg från JSON-filens mapp) eller "logo": null,',
    '              "cover": { "titles": { "interim": "Delårsrapport", … }, "text": "…" } }',
    '  --db DB     Ekonomis databas',
    '  --json      skriv den sparade mallen som JSON (som ramkoll template --json)',
    '',
    '  Avsnittens koder: sifferavsnitten resultat, verksamhet, analys, atgarder, prognossakerhet, mal,',
    '  investeringar; övriga koder är textavsnitt (de inbyggda summary, events, future, personnel,',
    '  internal_control, eller kommunens egna, t.ex. miljo). Ordningen i listan är rapportens ordning.',
    '  {nivå} i en rubrik blir sektor i en förvaltnings rapport och förvaltning i kommuntotalen.',
    '  Ett textavsnitt som mallen utelämnar tas bort. Fel anges med var i filen de finns.',
  ].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = path.resolve(args.positionals[0]!);
    if (!fs.existsSync(file)) throw new UsageError(`${file} finns inte`);
    if (fs.statSync(file).size > MAX_TEMPLATE_FILE) throw new UsageError(`${path.basename(file)} är större än ${MAX_TEMPLATE_FILE / 1024} kB; lägg logotypen i en egen fil (logoFile)`);
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      const place = jsonPlace(text, (e as Error).message);
      throw new RamkollError('BAD_FILE', `${path.basename(file)} är ingen giltig JSON${place || `: ${(e as Error).message}`}. Rätta filen och försök igen.`);
    }
    let logoFile: string | undefined;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'logoFile' in raw) {
      const { logoFile: ref, ...rest } = raw as Record<string, unknown>;
      if (typeof ref !== 'string' || ref === '') throw new UsageError(`${path.basename(file)}: logoFile ska vara en filsökväg`);
      logoFile = path.resolve(path.dirname(file), ref);
      raw = rest;
    }
    const t = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('template.save', { template: raw, ...(logoFile ? { logoFile } : {}) }));
    if (args.values.json) printJson(io, t);
    else io.out(`Rapportmallen sparad: version ${t.version}, ${t.sections.length} avsnitt. Den skickas till förvaltningarna i nästa paket.\n`);
    return EXIT.ok;
  },
};

export const templateCommands: readonly CliCommand[] = [show, set];
