import path from 'node:path';
import type { Acceptance, ConflictInfo, ExportResult, ImportResult, PackageInspection, PeerInfo, SiteDetails } from '../../api/features/exchange';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError, type CliIO } from '../io';
import { formatDateTime } from '../../../shared/dates';
import { ROLE_CHOICES, ROLES, type RoleName } from '../../../shared/roles';

type RoleArg = RoleName;

function roleOption(v: unknown): RoleArg | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(ROLES as readonly string[]).includes(v)) throw new UsageError(`--role ska vara ${ROLE_CHOICES}, inte "${String(v)}"`);
  return v as RoleArg;
}

function printSite(io: CliIO, s: SiteDetails): void {
  io.out(
    [
      `Installation  ${s.name}`,
      `  id          ${s.id}`,
      `  roll        ${s.role}`,
      `  område      ${s.scopeCode ? `${s.scopeCode}${s.scopeName ? ` ${s.scopeName}` : ''}` : 'hela organisationen'}`,
      `  nyckel      ${s.fingerprint}`,
      '',
    ].join('\n'),
  );
}

/** The JSON of `ramkoll site`: this installation, without the list of scope choices. */
function siteJson(s: SiteDetails) {
  return { id: s.id, name: s.name, role: s.role, scope: s.scopeCode, scopeName: s.scopeName, fingerprint: s.fingerprint, publicKey: s.publicKey };
}

const siteCommand: CliCommand = {
  name: ['site'],
  summary: 'visar den här installationens id, namn, roll, område och nyckelns fingeravtryck',
  usage: 'ramkoll site --db DB [--json]',
  help: ['  --db DB     databasfilen', '  --json      skriv {id, name, role, scope, scopeName, fingerprint, publicKey}'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const s = await withDatabase(required(args, 'db'), io, {}, (x) => x.invoke('site.get', {}));
    if (args.values.json) printJson(io, siteJson(s));
    else printSite(io, s);
    return EXIT.ok;
  },
};

const siteSetCommand: CliCommand = {
  name: ['site', 'set'],
  summary: 'ändrar den här installationens namn, roll eller område',
  usage: 'ramkoll site set --db DB [--name NAMN] [--role controller|sektorchef|verksamhetschef|enhetschef|ekonomi] [--scope ANSVAR] [--json]',
  help: [
    '  --db DB        databasfilen',
    '  --name NAMN    namnet som mottagarna ser (till exempel "Sektorchef äldreomsorg")',
    '  --role ROLL    controller, sektorchef, verksamhetschef, enhetschef eller ekonomi',
    '  --scope KOD    ansvarskoden för det organisatoriska området (en sektorchef: sektorns kod,',
    '                 en verksamhetschef: verksamhetens, en enhetschef: enhetens);',
    '                 --scope "" tar bort området (hela organisationen)',
    '  --json         skriv installationen som ett JSON-objekt',
  ].join('\n'),
  options: { db: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, scope: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const role = roleOption(args.values.role);
    const name = args.values.name;
    const scope = args.values.scope;
    if (role === undefined && name === undefined && scope === undefined) throw new UsageError('ange minst en av --name, --role och --scope');
    const s = await withDatabase(required(args, 'db'), io, {}, (x) =>
      x.invoke('site.set', { ...(typeof name === 'string' ? { name } : {}), ...(role ? { role } : {}), ...(typeof scope === 'string' ? { scope } : {}) }),
    );
    if (args.values.json) printJson(io, siteJson(s));
    else printSite(io, s);
    return EXIT.ok;
  },
};

function printPeers(io: CliIO, peers: PeerInfo[]): void {
  if (peers.length === 0) io.out('Inga kända installationer ännu. Läs in en presentationsfil eller lägg till en med "ramkoll site add".\n');
  for (const p of peers) {
    io.out(`${p.id}  ${p.name} (${p.role}${p.scopeCode ? ` ${p.scopeCode}` : ''})  nyckel ${p.fingerprint ?? 'okänd ännu'}  ${p.pending} ändringar obekräftade\n`);
  }
}

const siteListCommand: CliCommand = {
  name: ['site', 'list'],
  summary: 'listar installationerna som den här utbyter paket med',
  usage: 'ramkoll site list --db DB [--json]',
  help: ['  --db DB     databasfilen', '  --json      skriv en JSON-lista'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const peers = await withDatabase(required(args, 'db'), io, { readonly: true }, (x) => x.invoke('site.peers', {}));
    if (args.values.json) printJson(io, peers);
    else printPeers(io, peers);
    return EXIT.ok;
  },
};

const siteAddCommand: CliCommand = {
  name: ['site', 'add'],
  summary: 'lägger till (eller ändrar) en installation att skicka paket till',
  usage: 'ramkoll site add --db DB --id ID --name NAMN --role ROLL [--scope ANSVAR] [--json]',
  help: [
    '  --db DB        databasfilen',
    '  --id ID        mottagarens installations-id (visas av "ramkoll site" hos mottagaren)',
    '  --name NAMN    mottagarens namn',
    '  --role ROLL    controller, sektorchef, verksamhetschef, enhetschef eller ekonomi',
    '  --scope KOD    mottagarens område (en chef: sektorns, verksamhetens eller enhetens ansvarskod)',
    '  --json         skriv installationen som ett JSON-objekt',
    '',
    'Mottagarens nyckel lärs in från dess första paket. Enklare: läs in en presentationsfil',
    'från mottagaren (ramkoll exchange introduce) med ramkoll exchange import.',
  ].join('\n'),
  options: { db: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, scope: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const role = roleOption(required(args, 'role'))!;
    const scope = typeof args.values.scope === 'string' ? args.values.scope : null;
    const peer = await withDatabase(required(args, 'db'), io, {}, (x) => x.invoke('site.addPeer', { id: required(args, 'id'), name: required(args, 'name'), role, scope }));
    if (args.values.json) printJson(io, peer);
    else printPeers(io, [peer]);
    return EXIT.ok;
  },
};

const introduceCommand: CliCommand = {
  name: ['exchange', 'introduce'],
  summary: 'skapar en presentationsfil: mottagaren lär sig den här installationens id, roll, område och nyckel',
  usage: 'ramkoll exchange introduce --db DB --out FIL [--json]',
  help: ['  --db DB     databasfilen', '  --out FIL   presentationsfilen att skapa (.ramkoll)', '  --json      skriv {packageId, fileName, fingerprint}'].join('\n'),
  options: { db: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const r = await withDatabase(required(args, 'db'), io, {}, (x) => x.invoke('exchange.introduce', { file: required(args, 'out') }));
    if (args.values.json) printJson(io, r);
    else io.out(`${r.fileName}: presentation skapad. Nyckelns fingeravtryck: ${r.fingerprint}\n`);
    return EXIT.ok;
  },
};

function printExport(io: CliIO, r: ExportResult): void {
  io.out(`${r.fileName}: ${r.changes} ändrade fält i ${r.rows} rader till ${r.recipient.name} (${r.recipient.role}${r.recipient.scopeCode ? ` ${r.recipient.scopeCode}` : ''})\n`);
  for (const c of r.contents) io.out(`  ${c.label}: ${c.rows} rader, ${c.fields} fält\n`);
  if (r.outcomePeriods.length > 0) io.out(`  utfall: ${r.outcomeRows} rader för ${r.outcomePeriods.length} perioder\n`);
  for (const a of r.attachments) io.out(`  bilaga: ${a}\n`);
}

const exportCommand: CliCommand = {
  name: ['exchange', 'export'],
  summary: 'skapar ett paket till en annan installation med allt den inte har bekräftat',
  usage: 'ramkoll exchange export --db DB --to SITE_ID --out FIL [--occasion ID] [--attach FIL] [--full] [--json]',
  help: [
    '  --db DB          databasfilen',
    '  --to SITE_ID     mottagarens installations-id (se "ramkoll site list")',
    '  --out FIL        paketet att skapa (.ramkoll)',
    '  --occasion ID    uppföljningstillfället som paketet rapporterar (till Ekonomi)',
    '  --attach FIL     bifoga en fil, till exempel den färdiga rapporten (till Ekonomi)',
    '  --full           skicka allt mottagaren får se, även det den redan har bekräftat',
    '                   (efter att en säkerhetskopia har återställts hos någon av er)',
    '  --json           skriv resultatet som ett JSON-objekt',
    '',
    'Vad paketet innehåller beror på rollerna: Ekonomi → controller: budgetförutsättningar;',
    'controller → sektor-, verksamhets- eller enhetschef: budget, utfall, prognoser och',
    'kommentarer för chefens ansvar och ansvaren under det;',
    'chef → controller: ändrade kommentarer, statusar och prognoser;',
    'controller → Ekonomi: prognoser, godkända kommentarer, budget och utfall.',
  ].join('\n'),
  options: { db: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, occasion: { type: 'string' }, attach: { type: 'string' }, full: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const occasion = args.values.occasion;
    const attach = args.values.attach;
    const r = await withDatabase(required(args, 'db'), io, {}, (x) =>
      x.invoke('exchange.export', {
        to: required(args, 'to'),
        file: required(args, 'out'),
        full: Boolean(args.values.full),
        ...(typeof occasion === 'string' ? { occasionId: occasion } : {}),
        ...(typeof attach === 'string' ? { attachment: attach } : {}),
      }),
    );
    if (args.values.json) printJson(io, r);
    else printExport(io, r);
    return EXIT.ok;
  },
};

function printImport(io: CliIO, r: ImportResult): void {
  io.out(`${r.fileName}: ${r.kindName} från ${r.sender.name} (${r.sender.role}${r.sender.scopeCode ? ` ${r.sender.scopeCode}` : ''})\n`);
  io.out(`  inlästa ${r.applied}, redan här ${r.skipped}, konflikter ${r.conflicts}, avvisade ${r.refused}\n`);
  if (r.outcomeRows > 0) io.out(`  utfall: ${r.outcomeRows} rader för ${r.outcomePeriods.length} perioder\n`);
  for (const n of r.notes) io.out(`  ${n}\n`);
  for (const x of r.refusedItems) io.out(`  avvisad: ${x.label} ${x.rowId}, ${x.field}: ${x.reason}\n`);
}

/** The flag that accepts each decision about a sender, on `exchange import`. */
const ACCEPT_FLAGS: Record<Acceptance, string> = { sender: 'accept-sender', key: 'trust-new-key', role: 'accept-role', name: 'accept-name' };

const importCommand: CliCommand = {
  name: ['exchange', 'import'],
  summary: 'läser in ett paket: en säkerhetskopia först, sedan allt eller inget',
  usage: 'ramkoll exchange import FIL --db DB [--accept-sender] [--trust-new-key] [--accept-role] [--accept-name] [--json]',
  help: [
    '  FIL              paketet (.ramkoll)',
    '  --db DB          databasfilen',
    '  --accept-sender  godta en ny avsändare med den roll, det område och den nyckel paketet visar;',
    '                   jämför först fingeravtrycket med avsändaren (se "ramkoll exchange inspect")',
    '  --trust-new-key  lita på en ny nyckel hos en känd avsändare (Ramkoll installerat om);',
    '                   jämför först fingeravtrycket med avsändaren',
    '  --accept-role    godta att en känd avsändare har fått en ny roll eller ett nytt område;',
    '                   bara en controller kan godta det (Ekonomi för en controllers område)',
    '  --accept-name    godta att en känd avsändare har bytt namn',
    '  --json           skriv {applied, skipped, conflicts, refused, refusedItems: [{table, rowId, field, reason}], …}',
    '',
    'Ett paket från en avsändare som inte är godkänd här, eller vars nyckel, roll, område eller namn har',
    'ändrats, läses inte in förrän du har godtagit just det; "ramkoll exchange inspect" visar vad som behövs.',
    'Ändringar som redan finns hoppas över, så ett paket kan läsas in två gånger och paket i vilken ordning som helst.',
    'Fält som båda sidor har ändrat blir konflikter (se "ramkoll exchange conflicts"); ändringar som avsändaren',
    'inte får göra (fel roll, utanför sitt område, ett låst uppföljningstillfälle) avvisas och listas, resten läses in.',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    'accept-sender': { type: 'boolean' },
    'trust-new-key': { type: 'boolean' },
    'accept-role': { type: 'boolean' },
    'accept-name': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const accept = (Object.keys(ACCEPT_FLAGS) as Acceptance[]).filter((k) => Boolean(args.values[ACCEPT_FLAGS[k]]));
    const r = await withDatabase(required(args, 'db'), io, {}, (x) => x.invoke('exchange.import', { file: args.positionals[0]!, accept }));
    if (args.values.json) printJson(io, r);
    else printImport(io, r);
    return EXIT.ok;
  },
};

function printInspection(io: CliIO, r: PackageInspection): void {
  io.out(`${r.fileName}: ${r.kindName} från ${r.sender.name} (${r.sender.role}${r.sender.scopeCode ? ` ${r.sender.scopeCode}` : ''}), skapat ${r.created}, nyckel ${r.sender.fingerprint}\n`);
  io.out(`  ${r.changes} ändrade fält${r.outcomePeriods.length ? `, utfall för ${r.outcomePeriods.length} perioder` : ''}${r.alreadyImportedAt ? `; redan inläst ${r.alreadyImportedAt}` : ''}\n`);
  for (const c of r.contents) io.out(`  ${c.label}: ${c.rows} rader, ${c.fields} fält\n`);
  for (const d of r.decisions) {
    io.out(`  ${d.message}\n`);
    io.out(d.refusal ? `    Kan inte godtas här: ${d.refusal}\n` : `    Godta med --${ACCEPT_FLAGS[d.kind]} på ramkoll exchange import.\n`);
  }
}

const inspectCommand: CliCommand = {
  name: ['exchange', 'inspect'],
  summary: 'visar vad ett paket innehåller och vem det kommer från, utan att läsa in det',
  usage: 'ramkoll exchange inspect FIL --db DB [--json]',
  help: [
    '  FIL         paketet (.ramkoll)',
    '  --db DB     databasfilen (för att se om avsändaren är känd)',
    '  --json      skriv ett JSON-objekt; decisions listar det som måste godtas innan paketet kan läsas in',
    '              ({kind: sender|key|role|name, message, refusal})',
  ].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const r = await withDatabase(required(args, 'db'), io, { readonly: true }, (x) => x.invoke('exchange.inspect', { file: args.positionals[0]! }));
    if (args.values.json) printJson(io, r);
    else printInspection(io, r);
    return EXIT.ok;
  },
};

function printConflicts(io: CliIO, list: ConflictInfo[]): void {
  if (list.length === 0) io.out('Inga konflikter väntar.\n');
  for (const c of list) {
    io.out(`${c.id}  ${c.rowLabel}: ${c.fieldLabel} (${c.status === 'open' ? 'väntar' : c.status === 'auto' ? 'nyaste behölls' : 'löst'})\n`);
    for (const v of c.candidates) io.out(`  ${v.shown ? '*' : ' '} ${v.version}  ${v.site.name}, ${formatDateTime(v.at)}: ${v.display}\n`);
  }
}

const conflictsCommand: CliCommand = {
  name: ['exchange', 'conflicts'],
  summary: 'listar konflikterna som väntar på ett val (fält som två installationer ändrat samtidigt)',
  usage: 'ramkoll exchange conflicts --db DB [--all] [--json]',
  help: [
    '  --db DB     databasfilen',
    '  --all       även lösta och automatiskt avgjorda konflikter',
    '  --json      skriv en JSON-lista; varje konflikt har candidates med version, värde, installation och tid',
    '',
    'Värdet som visas nu (det nyaste) är markerat med *. Välj med "ramkoll exchange resolve".',
  ].join('\n'),
  options: { db: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const list = await withDatabase(required(args, 'db'), io, { readonly: true }, (x) => x.invoke('exchange.conflicts', { all: Boolean(args.values.all) }));
    if (args.values.json) printJson(io, list);
    else printConflicts(io, list);
    return EXIT.ok;
  },
};

const resolveCommand: CliCommand = {
  name: ['exchange', 'resolve'],
  summary: 'löser en konflikt med ett av dess värden; valet skickas med nästa paket',
  usage: 'ramkoll exchange resolve --db DB --id KONFLIKT --version VERSION [--json]',
  help: ['  --db DB           databasfilen', '  --id KONFLIKT     konfliktens id (se "ramkoll exchange conflicts")', '  --version VERSION versionen av värdet som ska gälla', '  --json            skriv konflikten som ett JSON-objekt'].join('\n'),
  options: { db: { type: 'string' }, id: { type: 'string' }, version: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const c = await withDatabase(required(args, 'db'), io, {}, (x) => x.invoke('exchange.resolve', { id: required(args, 'id'), version: required(args, 'version') }));
    if (args.values.json) printJson(io, c);
    else printConflicts(io, [c]);
    return EXIT.ok;
  },
};

const historyCommand: CliCommand = {
  name: ['exchange', 'history'],
  summary: 'listar skickade och inlästa paket med innehåll och resultat',
  usage: 'ramkoll exchange history --db DB [--json]',
  help: ['  --db DB     databasfilen', '  --json      skriv en JSON-lista'].join('\n'),
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const list = await withDatabase(required(args, 'db'), io, { readonly: true }, (x) => x.invoke('exchange.history', {}));
    if (args.values.json) printJson(io, list);
    else {
      if (list.length === 0) io.out('Inga paket ännu.\n');
      for (const p of list) {
        const r = p.result ? `: inlästa ${p.result.applied}, redan här ${p.result.skipped}, konflikter ${p.result.conflicts}, avvisade ${p.result.refused}` : '';
        io.out(`${formatDateTime(p.handledAt)}  ${p.direction === 'sent' ? 'skickat till' : 'inläst från'} ${p.peer.name}  ${p.kindName}, ${p.summary.changes} fält${r}  (${p.fileName})\n`);
      }
    }
    return EXIT.ok;
  },
};

const folderCommand: CliCommand = {
  name: ['exchange', 'folder'],
  summary: 'visar eller väljer utbytesmappen och paketen i den som är adresserade hit',
  usage: 'ramkoll exchange folder --db DB [--set MAPP | --clear] [--json]',
  help: ['  --db DB      databasfilen', '  --set MAPP   bevaka den här mappen', '  --clear      sluta bevaka', '  --json       skriv mappen och paketen som ett JSON-objekt'].join('\n'),
  options: { db: { type: 'string' }, set: { type: 'string' }, clear: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const set = args.values.set;
    if (typeof set === 'string' && args.values.clear) throw new UsageError('ange antingen --set eller --clear');
    const state = await withDatabase(required(args, 'db'), io, {}, async (x) => {
      // The service takes the folder of a file (what a save dialog gives); the CLI names the folder itself.
      // ("MAPP/." resolved to MAPP, whose folder is the parent: the parent was watched, or / for a missing folder.)
      if (typeof set === 'string') return x.invoke('exchange.folder.set', { file: path.join(path.resolve(set), 'paket.ramkoll') });
      if (args.values.clear) return x.invoke('exchange.folder.set', { file: null });
      return x.invoke('exchange.folder.get', {});
    });
    if (args.values.json) printJson(io, state);
    else {
      io.out(state.folderName ? `Utbytesmapp: ${state.folderName}${state.exists ? '' : ' (finns inte)'}\n` : 'Ingen utbytesmapp är vald.\n');
      for (const p of state.packages) io.out(`  ${p.imported ? 'inläst' : 'ny    '}  ${p.fileName} från ${p.from.name ?? p.from.id}, skapat ${formatDateTime(p.created)}\n`);
    }
    return EXIT.ok;
  },
};

/** The commands of this feature. */
export const exchangeCommands: readonly CliCommand[] = [
  siteCommand,
  siteSetCommand,
  siteListCommand,
  siteAddCommand,
  introduceCommand,
  exportCommand,
  importCommand,
  inspectCommand,
  conflictsCommand,
  resolveCommand,
  historyCommand,
  folderCommand,
];
