import path from 'node:path';
import type { CliCommand } from '../command';
import { printJson } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const FORMATS = ['pdf', 'xlsx', 'docx'] as const;

const reportCommand: CliCommand = {
  name: ['report'],
  summary: 'nämndrapporten för ett uppföljningstillfälle, eller budgetdokumentet (Mål och budget) för ett år, som PDF, Excel eller Word (flera --db: kommuntotal)',
  usage: [
    'ramkoll report --db DB [--db DB …] --occasion ÅÅÅÅMM [--scope KOD] --format pdf|xlsx|docx --out FIL [--unit tkr|mnkr] [--sign costs-positive|costs-negative] [--json]',
    '       ramkoll report --db DB --budget ÅÅÅÅ [--version ID|current] --format pdf|xlsx|docx --out FIL [--unit kr|tkr|mnkr] [--sign …] [--json]',
  ].join('\n'),
  help: [
    '  --db DB              databasfilen; anges den flera gånger blir rapporten kommuntotalen över',
    '                       förvaltningarnas databaser (varje förvaltnings hela rapport, summerad)',
    '  --occasion ÅÅÅÅMM    uppföljningstillfällets period, t.ex. 202608 för delårsrapporten',
    '  --budget ÅÅÅÅ        i stället för --occasion: budgetdokumentet "Mål och budget" för året (ramar per',
    '                       sektor för budgetåret och planåren, förändringar mot föregående års budget med',
    '                       beslutade verksamhetsförändringar och budgetändringar, investeringsbudget per',
    '                       projekt, personal per sektor, interna köp och årets nämndmål)',
    '  --version ID|current budgetdokumentets budgetversion (standard: current, budgeten i kraft vid årets slut)',
    '  --scope KOD          en sektors ansvarskod (standard: hela förvaltningen; i en sektorchefs',
    '                       installation, som bara har sin sektor: den sektorn)',
    '  --format FORMAT      pdf, xlsx (Excel) eller docx (Word)',
    '  --out FIL            filen att skriva (skrivs färdig och byter sedan namn: ingen halv fil)',
    '  --unit ENHET         tkr eller mnkr (standard: rapportmallens, annars rapportinställningen, annars tkr); budgetdokumentet:',
    '                       kr, tkr eller mnkr (standard: kr, hela kronor)',
    '  --sign TECKEN        costs-positive (kostnader positiva, som i redovisningen) eller',
    '                       costs-negative (kostnader negativa); standard: rapportinställningen',
    '  --json               skriv {"file","format","bytes","title","notice"} (notice: vilka månader som',
    '                       saknar utfall när rapporten är preliminär, annars null)',
    '',
    'PDF skapas med Chromium: /usr/bin/chromium eller den som RAMKOLL_CHROMIUM pekar ut (i Windows',
    'Edge eller Chrome). Ett låst tillfälle rapporteras med siffrorna det låstes med (fastställd),',
    'ett öppet med dagens (utkast); datumet är den dag tillfället fastställdes (låstes), för ett utkast',
    'dagens. Saknar någon av tillfällets månader utfall är rapporten preliminär och säger det: kolumnerna',
    'för hittills avser då månaderna med utfall. Avvikelse = budget − utfall/prognos: positiv är gynnsam,',
    'och bara det ogynnsamma visas i rött.',
    'Rapporten börjar med tillfällets godkända textavsnitt (sammanfattning, väsentliga händelser …, se',
    '"ramkoll texts"): omfattningens egen text och under den texterna för noderna inom den; texter som',
    'inte är godkända kommer inte med. I kommuntotalen står varje förvaltnings egen text under dess namn.',
    'Har förvaltningen en rapportmall från Ekonomi (se "ramkoll template") följer rapporten och kommuntotalen',
    'mallens avsnittsordning, rubriker, enhet, logotyp och titel; skiljer sig förvaltningarnas mallar följer',
    'kommuntotalen den nyaste och säger på framsidan vilka förvaltningar som har en äldre.',
  ].join('\n'),
  options: {
    db: { type: 'string', multiple: true },
    occasion: { type: 'string' },
    budget: { type: 'string' },
    version: { type: 'string' },
    scope: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    unit: { type: 'string' },
    sign: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const raw = args.values.db as unknown;
    const dbs = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
    if (dbs.length === 0) throw new UsageError('--db saknas');
    if (args.values.budget !== undefined) return budgetDocument(args, dbs, io);
    const occasion = args.values.occasion;
    if (typeof occasion !== 'string' || !/^\d{6}$/.test(occasion) || Number(occasion) % 100 < 1 || Number(occasion) % 100 > 12) {
      throw new UsageError(`--occasion ska vara ÅÅÅÅMM, t.ex. 202608${typeof occasion === 'string' ? `, inte "${occasion}"` : ''} (eller --budget ÅÅÅÅ för budgetdokumentet)`);
    }
    const format = args.values.format;
    if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) throw new UsageError(FORMAT_TEXT(format));
    const out = args.values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('--out saknas');
    const unit = args.values.unit;
    if (unit !== undefined && unit !== 'tkr' && unit !== 'mnkr') throw new UsageError(`--unit ska vara tkr eller mnkr, inte "${String(unit)}"`);
    const sign = args.values.sign;
    if (sign !== undefined && sign !== 'costs-positive' && sign !== 'costs-negative') throw new UsageError(`--sign ska vara costs-positive eller costs-negative, inte "${String(sign)}"`);
    const scope = args.values.scope;
    if (dbs.length > 1 && scope !== undefined) throw new UsageError('--scope går inte med flera --db: kommuntotalen tar hela förvaltningarna');
    const result = await withDatabase(dbs[0]!, io, { readonly: true }, (s) =>
      s.invoke('reports.export', {
        period: Number(occasion),
        scope: typeof scope === 'string' ? scope : null,
        format: format as (typeof FORMATS)[number],
        file: out,
        sources: dbs.length > 1 ? dbs.map((d) => path.resolve(d)) : [],
        ...(unit ? { unit } : {}),
        ...(sign ? { sign } : {}),
      }),
    );
    if (args.values.json) printJson(io, result);
    else {
      io.out(`${result.title}: ${result.file} (${Math.max(1, Math.round(result.bytes / 1024))} kB)\n`);
      if (result.notice) io.out(`Obs: ${result.notice}\n`);
    }
    return EXIT.ok;
  },
};

const FORMAT_TEXT = (format: unknown) => `--format ska vara pdf, xlsx eller docx${typeof format === 'string' ? `, inte "${format}"` : ''}`;

/** `report --budget ÅÅÅÅ`: the budget document of a year's version. */
async function budgetDocument(args: Parameters<CliCommand['run']>[0], dbs: string[], io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const budget = String(args.values.budget);
  if (!/^\d{4}$/.test(budget) || Number(budget) < 2000 || Number(budget) > 2100) throw new UsageError(`--budget ska vara ett år ÅÅÅÅ, t.ex. 2027, inte "${budget}"`);
  if (args.values.occasion !== undefined) throw new UsageError('--budget och --occasion går inte tillsammans: välj budgetdokumentet eller ett uppföljningstillfälles rapport');
  if (dbs.length > 1) throw new UsageError('--budget tar en --db: budgetdokumentet är en förvaltnings');
  if (args.values.scope !== undefined) throw new UsageError('--scope går inte med --budget: budgetdokumentet gäller hela förvaltningen');
  const format = args.values.format;
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) throw new UsageError(FORMAT_TEXT(format));
  const out = args.values.out;
  if (typeof out !== 'string' || out === '') throw new UsageError('--out saknas');
  const unit = args.values.unit;
  if (unit !== undefined && unit !== 'kr' && unit !== 'tkr' && unit !== 'mnkr') throw new UsageError(`--unit ska vara kr, tkr eller mnkr, inte "${String(unit)}"`);
  const sign = args.values.sign;
  if (sign !== undefined && sign !== 'costs-positive' && sign !== 'costs-negative') throw new UsageError(`--sign ska vara costs-positive eller costs-negative, inte "${String(sign)}"`);
  const version = args.values.version;
  const result = await withDatabase(dbs[0]!, io, { readonly: true }, (s) =>
    s.invoke('reports.budget.export', {
      year: Number(budget),
      format: format as (typeof FORMATS)[number],
      file: out,
      ...(typeof version === 'string' ? { version } : {}),
      ...(unit ? { unit } : {}),
      ...(sign ? { sign } : {}),
    }),
  );
  if (args.values.json) printJson(io, result);
  else io.out(`${result.title}: ${result.file} (${Math.max(1, Math.round(result.bytes / 1024))} kB)\n`);
  return EXIT.ok;
}

/** The commands of this feature. */
export const reportsCommands: readonly CliCommand[] = [reportCommand];
