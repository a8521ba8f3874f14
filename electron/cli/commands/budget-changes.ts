import type { BudgetChangeList } from '../../api/features/planning';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { yearReport } from '../year-report';
import { EXIT, UsageError } from '../io';
import { oreToDecimalString, parseOre } from '../../services/money';

const KINDS: Record<string, 'supplementary' | 'pay' | 'capital' | 'other'> = {
  tillaggsanslag: 'supplementary',
  tilläggsanslag: 'supplementary',
  lonekompensation: 'pay',
  lönekompensation: 'pay',
  kapitalkostnadskompensation: 'capital',
  annat: 'other',
};

function formatList(list: BudgetChangeList): string {
  if (list.changes.length === 0) return `Inga budgetändringar för ${list.year}.\n`;
  const lines: string[] = [];
  for (const c of list.changes) {
    lines.push(`${c.decidedOn}  ${c.decisionRef}  ${c.kindName}: ${c.text}${c.accountCode ? `  (konto ${c.accountCode})` : ''}  ${oreToDecimalString(c.budgetYearOre)} kr ${list.year}  [${c.id}]`);
    for (const a of c.amounts) lines.push(`    ${a.year}  ${a.code} ${a.name}  ${oreToDecimalString(a.amountOre)} kr`);
  }
  lines.push(`Summa ${list.year}: ${oreToDecimalString(list.totalOre)} kr`);
  return `${lines.join('\n')}\n`;
}

const list: CliCommand = {
  name: ['budget', 'changes'],
  summary: 'budgetändringar under året (KF/KS-beslut: tilläggsanslag, lönekompensation, kapitalkostnadskompensation) med belopp per ansvar och år',
  usage: 'ramkoll budget changes --db DB [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db DB       databasfilen',
    '  --year ÅÅÅÅ   budgetåret (standard: databasens aktiva år)',
    '  --json        skriv listan som ett JSON-objekt: { year, changes: [{ id, kind, kindName, decisionRef, decidedOn,',
    '                text, accountCode, amounts: [{ code, name, year, amountOre }], budgetYearOre }], totalOre }, belopp i öre',
    '',
    '  Budgetårets belopp ingår i budgeten i kraft från beslutsmånaden (jämnt fördelat över månaderna från',
    '  beslutsmånaden till december); planårens belopp visas men räknas inte ännu.',
  ].join('\n'),
  ...yearReport('planning.budgetChanges.list', formatList),
};

/** "3100=1 500 000", "3100:2027=2000000" → code, year, öre. */
function parseAmount(text: string, index: number): { code: string; year?: number; amountOre: number } {
  const m = /^([^=:]+)(?::(\d{4}))?=(.+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--amount nummer ${index + 1} ("${text}") ska skrivas ANSVAR=KRONOR eller ANSVAR:ÅR=KRONOR, t.ex. 3100=1500000`);
  const amountOre = parseOre(m[3]!);
  if (!Number.isSafeInteger(amountOre)) throw new UsageError(`--amount nummer ${index + 1}: "${m[3]}" är inget belopp i kronor`);
  return { code: m[1]!.trim(), ...(m[2] ? { year: Number(m[2]) } : {}), amountOre };
}

const add: CliCommand = {
  name: ['budget', 'change', 'add'],
  summary: 'registrerar en budgetändring (KF/KS-beslut som ändrar ramen) med belopp per ansvar',
  usage:
    'ramkoll budget change add --db DB --kind SLAG --decision BESLUT --date ÅÅÅÅ-MM-DD --text TEXT --amount ANSVAR[:ÅR]=KRONOR … [--account KONTO] [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db DB                 databasfilen',
    '  --kind SLAG             tilläggsanslag, lönekompensation, kapitalkostnadskompensation eller annat',
    '  --decision BESLUT       beslutet, t.ex. "KF 2026-06-15 § 87"',
    '  --date ÅÅÅÅ-MM-DD       beslutsdatumet; ändringen ingår i budgeten i kraft från den månaden',
    '  --text TEXT             vad beslutet gäller',
    '  --amount ANSVAR=KRONOR  belopp för ett ansvar (kan upprepas); ANSVAR:ÅR=KRONOR för ett planår (budgetåret + 1',
    '                          eller + 2). Positivt ökar budgeten (ramen), negativt minskar den',
    '  --account KONTO         konto som ändringen budgeteras på (valfritt; utan konto visas den utan konto)',
    '  --year ÅÅÅÅ             budgetåret (standard: beslutsdatumets år)',
    '  --json                  skriv { id } som JSON',
    '',
    '  Felaktig indata ändrar ingenting; felet anger fältet.',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    kind: { type: 'string' },
    decision: { type: 'string' },
    date: { type: 'string' },
    text: { type: 'string' },
    amount: { type: 'string', multiple: true },
    account: { type: 'string' },
    year: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const kindText = required(args, 'kind');
    const kind = KINDS[kindText.toLowerCase()];
    if (!kind) throw new UsageError(`--kind ska vara tilläggsanslag, lönekompensation, kapitalkostnadskompensation eller annat, inte "${kindText}"`);
    const decisionRef = required(args, 'decision');
    const decidedOn = required(args, 'date');
    const text = required(args, 'text');
    const raw = (args.values as Record<string, unknown>).amount;
    const amountTexts = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
    if (amountTexts.length === 0) throw new UsageError('--amount saknas: ange minst ett ANSVAR=KRONOR');
    const amounts = amountTexts.map(parseAmount);
    const year = intOption(args, 'year', 2000, 2100) ?? (/^\d{4}-/.test(decidedOn) ? Number(decidedOn.slice(0, 4)) : undefined);
    if (year === undefined) throw new UsageError(`--date ska skrivas ÅÅÅÅ-MM-DD, inte "${decidedOn}"`);
    const account = typeof args.values.account === 'string' ? args.values.account : null;
    const result = await withDatabase(file, io, {}, (s) =>
      s.invoke('planning.budgetChanges.save', { year, kind, decisionRef, decidedOn, text, accountCode: account, amounts }),
    );
    if (args.values.json) printJson(io, result);
    else io.out(`Budgetändringen ${decisionRef} är registrerad (${result.id}).\n`);
    return EXIT.ok;
  },
};

const remove: CliCommand = {
  name: ['budget', 'change', 'delete'],
  summary: 'tar bort en budgetändring (id från "ramkoll budget changes")',
  usage: 'ramkoll budget change delete ID --db DB [--json]',
  help: ['  ID        budgetändringens id', '  --db DB   databasfilen', '  --json    skriv { id } som JSON'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = required(args, 'db');
    const result = await withDatabase(file, io, {}, (s) => s.invoke('planning.budgetChanges.delete', { id: args.positionals[0]! }));
    if (args.values.json) printJson(io, result);
    else io.out(`Budgetändringen ${result.id} är borttagen.\n`);
    return EXIT.ok;
  },
};

/** The commands of budget changes during the year. */
export const budgetChangeCommands: readonly CliCommand[] = [list, add, remove];
