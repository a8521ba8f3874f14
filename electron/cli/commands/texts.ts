import type { CliTextRow } from '../../api/contract/texts';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
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

export const textsCommands: readonly CliCommand[] = [texts];
