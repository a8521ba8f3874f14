import type { CliTextRow } from '../../api/features/texts';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const STATUS: Record<string, string> = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' };

export function formatTexts(rows: CliTextRow[]): string {
  if (rows.length === 0) return 'Inga texter är skrivna för tillfället.\n';
  const out: string[] = [`${rows[0]!.occasion} (${rows[0]!.period})`];
  let kind = '';
  for (const r of rows) {
    if (r.kind !== kind) {
      kind = r.kind;
      out.push('', `== ${r.kindName} ==`);
    }
    out.push('', `${r.code} ${r.name}: ${STATUS[r.status] ?? r.status}, ${r.author}, ${r.updatedAt.slice(0, 16).replace('T', ' ')} UTC${r.returnNote ? ` (återskickad: ${r.returnNote})` : ''}`);
    out.push(...r.text.split('\n').map((l) => `    ${l}`));
  }
  return `${out.join('\n')}\n`;
}

const texts: CliCommand = {
  name: ['texts'],
  summary: 'textavsnitten (sammanfattning, väsentliga händelser …) för ett uppföljningstillfälle: per ansvar med status, författare och text',
  usage: 'ramkoll texts --db DB --occasion ÅÅÅÅMM [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --occasion ÅÅÅÅMM    tillfällets period, t.ex. 202608 för delårsrapporten per augusti',
    '  --json               skriv en JSON-lista, en rad per text i rapportens ordning (avsnitt, sedan organisationen):',
    '                       { occasion, period, kind, kindName, code, name, level, status, author, updatedAt,',
    '                         returnNote, text }',
    '',
    '  status är draft (utkast), ready (klar), approved (godkänd) eller returned (återskickad, med returnNote).',
    '  text är texten som den skrivits: stycken, punktlistor (- ), **fetstil** och tabeller (| a | b |). Bara',
    '  godkända texter kommer med i rapporterna. I en sektorchefs installation visas sektorns egna texter.',
  ].join('\n'),
  options: { db: { type: 'string' }, occasion: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const text = required(args, 'occasion');
    if (!/^\d{6}$/.test(text) || Number(text) % 100 < 1 || Number(text) % 100 > 12) throw new UsageError(`--occasion ska vara ÅÅÅÅMM, t.ex. 202608, inte "${text}"`);
    const rows = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('texts.list', { period: Number(text) }));
    if (args.values.json) printJson(io, rows);
    else io.out(formatTexts(rows));
    return EXIT.ok;
  },
};

const kind: CliCommand = {
  name: ['texts', 'kind'],
  summary: 'lägger till ett textavsnitt i rapporterna (t.ex. Miljö) eller ändrar ett avsnitts rubrik, stödfråga eller plats',
  usage: 'ramkoll texts kind --db DB --code KOD --name RUBRIK [--guidance TEXT] [--order N] [--json]',
  help: [
    '  --db DB            databasfilen (controllerns eller Ekonomis installation)',
    '  --code KOD         avsnittets kod: små bokstäver a–z, siffror, - och _ (de inbyggda: summary, events,',
    '                     future, personnel, internal_control)',
    '  --name RUBRIK      rubriken i rapporten och i Uppföljning › Texter',
    '  --guidance TEXT    stödfrågan som visas för den som skriver (standard: ingen)',
    '  --order N          platsen i rapporten: avsnitten ordnas efter N (de inbyggda har 10, 20 … 50);',
    '                     standard: sist för ett nytt avsnitt, oförändrad för ett befintligt',
    '  --json             skriv avsnittet som JSON: { id, code, name, guidance, sortOrder }',
    '',
    '  Avsnitten följer med i paketen till sektorcheferna och (från Ekonomi) till controllerna.',
  ].join('\n'),
  options: { db: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, guidance: { type: 'string' }, order: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const input = {
      code: required(args, 'code'),
      name: required(args, 'name'),
      guidance: typeof args.values.guidance === 'string' ? args.values.guidance : '',
      ...(args.values.order !== undefined ? { sortOrder: intOption(args, 'order', 0, 1_000_000)! } : {}),
    };
    const k = await withDatabase(file, io, {}, (s) => s.invoke('texts.kinds.save', input));
    if (args.values.json) printJson(io, k);
    else io.out(`Textavsnitt ${k.code}: ${k.name} (plats ${k.sortOrder})\n`);
    return EXIT.ok;
  },
};

export const textsCommands: readonly CliCommand[] = [texts, kind];
