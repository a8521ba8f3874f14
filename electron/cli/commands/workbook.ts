import type { WorkbookImportResult } from '../../api/features/workbook';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, type CliIO, UsageError } from '../io';

const exportCommand: CliCommand = {
  name: ['workbook', 'export'],
  summary: 'skriver en arbetsbok (Excel) för en chefs nod: budgetrader, VF-förslag och vid ett uppföljningstillfälle avvikelser och prognos',
  usage: 'ramkoll workbook export --db DB --node KOD --round budget|occasion:ÅÅÅÅMM --out FIL [--version ID] [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --node KOD           ansvarskoden för chefens nod (noden och allt under den kommer med)',
    '  --round budget       arbetsversionens budgetrader och VF-förslag',
    '  --round occasion:ÅÅÅÅMM  tillfällets avvikelser (orsak, åtgärd, effekt, status) och prognos, och',
    '                       arbetsversionens budget om det finns en olåst version',
    '  --out FIL            arbetsboken (.xlsx)',
    '  --version ID         arbetsversionen (standard: den senaste olåsta budgetversionen)',
    '  --json               skriv { file, workbookId, node, nodeName, round, versionName, deadline, rows } som JSON',
    '',
    '  Bara cellerna som chefen får ändra är olåsta (gula), med kontroll av belopp, konton och status. Ett dolt',
    '  blad identifierar filen (databas, version, nod, omgång, när och utbytesklockan), så att den kan läsas in igen',
    '  med "ramkoll workbook import".',
  ].join('\n'),
  options: { db: { type: 'string' }, node: { type: 'string' }, round: { type: 'string' }, out: { type: 'string' }, version: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const node = required(args, 'node');
    const round = required(args, 'round');
    if (!/^(budget|occasion:\d{6})$/.test(round)) throw new UsageError(`--round ska vara budget eller occasion:ÅÅÅÅMM, inte "${round}"`);
    const file = required(args, 'out');
    const version = typeof args.values.version === 'string' ? args.values.version : undefined;
    const r = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('workbook.export', { node, round, file, ...(version !== undefined ? { versionId: version } : {}) }));
    if (args.values.json) printJson(io, r);
    else io.out(`${r.file}: arbetsbok för ${r.node} ${r.nodeName} (${r.round}${r.versionName ? `, ${r.versionName}` : ''})${r.deadline ? `, sista dag ${r.deadline}` : ''}.\n`);
    return EXIT.ok;
  },
};

function printImport(io: CliIO, r: WorkbookImportResult): void {
  io.out(`${r.files} filer: ${r.changes.length} ändringar, ${r.conflicts.length} konflikter, ${r.refused.length} avvisade, ${r.errors.length} fel.\n`);
  for (const c of r.changes) io.out(`  ändring  ${c.file}, ${c.sheet} rad ${c.row}: ${c.what}: ${String(c.before ?? '–')} → ${String(c.after ?? '–')}\n`);
  for (const c of r.conflicts) io.out(`  konflikt ${c.file}, ${c.sheet} rad ${c.row}: ${c.what}: i Ramkoll ${String(c.before ?? '–')}, i filen ${String(c.after ?? '–')} (vid exporten ${String(c.exported ?? '–')})\n`);
  for (const p of r.refused) io.out(`  avvisad  ${p.text}\n`);
  for (const p of r.errors) io.out(`  fel      ${p.text}\n`);
  for (const h of r.round) io.out(`  budgetrundan: ${h.node} ${h.status === 'approved' ? 'godkänd' : 'inlämnad (rader kvar att godkänna)'} (${h.file})\n`);
  if (r.accepted) io.out(`${r.accepted.applied} ändringar är inlästa (en säkerhetskopia togs först).\n`);
  else if (r.changes.length > 0) io.out('Inget är inläst ännu: kör igen med --accept för att läsa in ändringarna.\n');
}

const importCommand: CliCommand = {
  name: ['workbook', 'import'],
  summary: 'läser chefernas arbetsböcker och visar ändringarna; --accept läser in dem (en säkerhetskopia först, allt eller inget)',
  usage: 'ramkoll workbook import FIL... --db DB [--accept [--over-frame-ok]] [--json]',
  help: [
    '  FIL...     en eller flera arbetsböcker från "ramkoll workbook export", sparade i Excel, LibreOffice eller Google Kalkylark',
    '  --db DB    databasfilen',
    '  --accept   läs in alla ändringar (inte konflikterna); utan den ändras ingenting',
    '  --over-frame-ok  godkänn även när en nod går över sin ram med ändringarna (annars avbryts inläsningen)',
    '  --json     skriv {"files": n, "workbooks": [...], "changes": [...], "conflicts": [...], "refused": [...], "errors": [...],',
    '             "accepted", "round": [{"file", "node", "status"}]}',
    '',
    '  En budgetarbetsbok är nodens inlämning i budgetrundan: budgetraderna och nya VF-förslag blir rundans',
    '  förslagsrader, de inlästa godkänns (historiken visar "inlämnad via arbetsbok FIL" och "godkänd") och noden',
    '  blir godkänd när allt i filen är inläst. Skicka tillbaka en fil med "ramkoll workbook return".',
    '',
    '  En ändring är en cell som chefen får ändra och har ändrat. En konflikt är en cell som både chefen och',
    '  controllern har ändrat sedan exporten (båda värdena visas; välj i appen). Avvisade är låsta celler som',
    '  ändrats, rader för ansvar utanför chefens nod och rader som saknas. En fil med fel (t.ex. ett belopp som',
    '  inte går att läsa) läses inte in alls; felet anger fil, blad, rad, kolumn och text. Samma fil två gånger',
    '  ändrar ingenting andra gången. Slutkoden är 1 när någon fil har fel (resten läses ändå, och in med --accept).',
  ].join('\n'),
  options: { db: { type: 'string' }, accept: { type: 'boolean' }, 'over-frame-ok': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 200 },
  async run(args, io) {
    const accept = args.values.accept === true;
    const overFrameOk = args.values['over-frame-ok'] === true;
    if (overFrameOk && !accept) throw new UsageError('--over-frame-ok gäller bara med --accept');
    const r = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('workbook.import', { files: args.positionals, ...(accept ? { accept: 'all' as const, overFrameOk } : {}) }));
    if (args.values.json) printJson(io, r);
    else printImport(io, r);
    return r.errors.length > 0 ? EXIT.badInput : EXIT.ok;
  },
};

const returnCommand: CliCommand = {
  name: ['workbook', 'return'],
  summary: 'skickar tillbaka en budgetarbetsbok till chefen med ett meddelande; inget i filen läses in',
  usage: 'ramkoll workbook return FIL --db DB --note TEXT [--json]',
  help: [
    '  FIL          en ifylld arbetsbok från "ramkoll workbook export" (budget, eller ett tillfälle med arbetsversionens budget)',
    '  --db DB      databasfilen',
    '  --note TEXT  vad chefen ska rätta (krävs)',
    '  --json       skriv { file, node, note } som JSON',
    '',
    '  Budgetrundan visar nodens inlämning via arbetsboken och att den är återskickad med meddelandet; nästa',
    '  arbetsbok som exporteras för noden har meddelandet och sista dagen på första bladet. En säkerhetskopia tas först.',
  ].join('\n'),
  options: { db: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const note = required(args, 'note');
    const r = await withDatabase(required(args, 'db'), io, {}, (s) => s.invoke('workbook.return', { file: args.positionals[0]!, note }));
    if (args.values.json) printJson(io, r);
    else io.out(`${r.file}: återskickad till ${r.node} med meddelandet "${r.note}".\n`);
    return EXIT.ok;
  },
};

/** The chefs' Excel workbooks: out per node, back as a list of differences, or sent back with a note. */
export const workbookCommands: readonly CliCommand[] = [exportCommand, importCommand, returnCommand];
