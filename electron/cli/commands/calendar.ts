import type { YearCalendar } from '../../api/features/planning-calendar';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { yearReport } from '../year-report';
import { EXIT, UsageError } from '../io';

const LEVELS = [
  ['unit', 'enhet'],
  ['operation', 'verksamhet'],
  ['sector', 'sektor'],
  ['administration', 'förvaltning'],
] as const;

function formatYear(c: YearCalendar): string {
  const lines = [`Årshjul ${c.year} (i dag ${c.today})`, '', 'Uppföljningstillfällen:'];
  if (c.occasions.length === 0) lines.push('  inga');
  for (const o of c.occasions) {
    const deadlines = LEVELS.map(([l, name]) => `${name} ${o.deadlines[l] ?? '–'}${o.overdueComments[l] > 0 ? ` (${o.overdueComments[l]} försenade)` : ''}`).join(', ');
    lines.push(`  ${o.period}  ${o.name}${o.lockedAt ? ' (låst)' : ''}: ${deadlines}${o.late ? '  FÖRSENAD' : ''}`);
  }
  lines.push('', 'Budgetprocessen (steg med datum under året):');
  if (c.steps.length === 0) lines.push('  inga');
  for (const s of c.steps) {
    const state = s.doneOn ? `klart ${s.doneOn}` : s.late ? `FÖRSENAT ${s.daysLate} dagar` : 'ej klart';
    lines.push(`  ${s.dueOn}  ${s.name} (budget ${s.year}), ${s.actorName}: ${state}${s.note ? ` – ${s.note}` : ''}  [${s.id}]`);
  }
  lines.push('', c.lateCount === 0 ? 'Inget är försenat.' : `${c.lateCount} försenade.`);
  return `${lines.join('\n')}\n`;
}

const show: CliCommand = {
  name: ['calendar'],
  summary: 'årshjulet: årets uppföljningstillfällen och budgetprocessens steg med datum, vem som gör vad och vad som är försenat',
  usage: 'ramkoll calendar --db DB [--year ÅÅÅÅ] [--json]',
  help: [
    '  --db DB       databasfilen',
    '  --year ÅÅÅÅ   kalenderåret (standard: databasens aktiva år)',
    '  --json        skriv ett JSON-objekt: { year, today, occasions: [{ id, period, kind, name, deadlines: { unit, operation,',
    '                sector, administration }, lockedAt, passed: { nivå: bool }, overdueComments: { nivå: antal }, late }],',
    '                steps: [{ id, year, kind, title, name, dueOn, actor, actorName, note, doneOn, late, daysLate, daysLeft }],',
    '                lateCount }; daysLeft: dagar kvar till datumet för ett steg som varken är klart eller försenat, annars null',
    '',
    '  Ett tillfälle är försenat när en kommentar som krävs inte är klar efter nivåns sista dag; ett steg i',
    '  budgetprocessen när dess datum har passerat och det inte är markerat klart. "I dag" är programmets datum',
    '  (RAMKOLL_TODAY om den är satt). Stegen är de med datum under året; year i ett steg är budgetåret det planerar',
    '  (hösten före budgetåret).',
  ].join('\n'),
  ...yearReport('calendar.year', formatYear),
};

const defaults: CliCommand = {
  name: ['calendar', 'step', 'defaults'],
  summary: 'lägger till budgetprocessens standardsteg (budgetdirektiv … registrering) för ett budgetår',
  usage: 'ramkoll calendar step defaults --db DB --budget-year ÅÅÅÅ [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --budget-year ÅÅÅÅ   budgetåret som stegen planerar; stegen får datum året före',
    '  --json               skriv { added } som JSON',
    '',
    '  Standardstegen: budgetdirektiv (Ekonomi, mars), ramar från KF (KF/KS, juni), fördelning till sektorerna',
    '  (controller, september), detaljbudget från enheterna (enhet, oktober), nämndbeslut (nämnd, november) och',
    '  registrering i ekonomisystemet (controller, december), på närmaste vardag. Ett slag som redan finns läggs inte till.',
  ].join('\n'),
  options: { db: { type: 'string' }, 'budget-year': { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const year = intOption(args, 'budget-year', 2000, 2100);
    if (year === undefined) throw new UsageError('--budget-year saknas: ange budgetåret, t.ex. --budget-year 2027');
    const result = await withDatabase(file, io, {}, (s) => s.invoke('planningSteps.createDefault', { year }));
    if (args.values.json) printJson(io, result);
    else io.out(`${result.added} steg tillagda för budgetåret ${year}.\n`);
    return EXIT.ok;
  },
};

const KINDS: Record<string, 'directive' | 'frames' | 'distribution' | 'detail_budget' | 'board_decision' | 'registration' | 'other'> = {
  budgetdirektiv: 'directive',
  ramar: 'frames',
  fordelning: 'distribution',
  fördelning: 'distribution',
  detaljbudget: 'detail_budget',
  namndbeslut: 'board_decision',
  nämndbeslut: 'board_decision',
  registrering: 'registration',
  annat: 'other',
};
const ACTORS: Record<string, 'economy' | 'council' | 'controller' | 'sector' | 'operation' | 'unit' | 'board'> = {
  ekonomi: 'economy',
  kf: 'council',
  ks: 'council',
  'kf/ks': 'council',
  controller: 'controller',
  sektor: 'sector',
  verksamhet: 'operation',
  enhet: 'unit',
  nämnd: 'board',
  namnd: 'board',
};

const add: CliCommand = {
  name: ['calendar', 'step', 'add'],
  summary: 'lägger till ett steg i budgetprocessen',
  usage: 'ramkoll calendar step add --db DB --budget-year ÅÅÅÅ --kind SLAG --due ÅÅÅÅ-MM-DD --actor VEM [--title RUBRIK] [--note TEXT] [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --budget-year ÅÅÅÅ   budgetåret som steget planerar',
    '  --kind SLAG          budgetdirektiv, ramar, fördelning, detaljbudget, nämndbeslut, registrering eller annat',
    '  --due ÅÅÅÅ-MM-DD     klart senast',
    '  --actor VEM          ekonomi, kf/ks, controller, sektor, verksamhet, enhet eller nämnd',
    '  --title RUBRIK       stegets rubrik (krävs för annat)',
    '  --note TEXT          anteckning (valfri)',
    '  --json               skriv { id } som JSON',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    'budget-year': { type: 'string' },
    kind: { type: 'string' },
    due: { type: 'string' },
    actor: { type: 'string' },
    title: { type: 'string' },
    note: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const year = intOption(args, 'budget-year', 2000, 2100);
    if (year === undefined) throw new UsageError('--budget-year saknas: ange budgetåret, t.ex. --budget-year 2027');
    const kindText = required(args, 'kind');
    const kind = KINDS[kindText.toLowerCase()];
    if (!kind) throw new UsageError(`--kind ska vara budgetdirektiv, ramar, fördelning, detaljbudget, nämndbeslut, registrering eller annat, inte "${kindText}"`);
    const actorText = required(args, 'actor');
    const actor = ACTORS[actorText.toLowerCase()];
    if (!actor) throw new UsageError(`--actor ska vara ekonomi, kf/ks, controller, sektor, verksamhet, enhet eller nämnd, inte "${actorText}"`);
    const dueOn = required(args, 'due');
    const title = typeof args.values.title === 'string' ? args.values.title : null;
    const note = typeof args.values.note === 'string' ? args.values.note : null;
    const result = await withDatabase(file, io, {}, (s) => s.invoke('planningSteps.save', { year, kind, dueOn, actor, title, note }));
    if (args.values.json) printJson(io, result);
    else io.out(`Steget är tillagt (${result.id}).\n`);
    return EXIT.ok;
  },
};

const done: CliCommand = {
  name: ['calendar', 'step', 'done'],
  summary: 'markerar ett steg i budgetprocessen klart (eller inte klart med --undo)',
  usage: 'ramkoll calendar step done ID --db DB [--date ÅÅÅÅ-MM-DD] [--undo] [--json]',
  help: [
    '  ID                 stegets id (från "ramkoll calendar")',
    '  --db DB            databasfilen',
    '  --date ÅÅÅÅ-MM-DD  dagen det blev klart (standard: i dag)',
    '  --undo             ta bort klarmarkeringen',
    '  --json             skriv { id } som JSON',
  ].join('\n'),
  options: { db: { type: 'string' }, date: { type: 'string' }, undo: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = required(args, 'db');
    const undo = args.values.undo === true;
    const date = typeof args.values.date === 'string' ? args.values.date : undefined;
    if (undo && date !== undefined) throw new UsageError('--undo och --date går inte ihop');
    const result = await withDatabase(file, io, {}, (s) => s.invoke('planningSteps.setDone', { id: args.positionals[0]!, done: !undo, ...(date !== undefined ? { doneOn: date } : {}) }));
    if (args.values.json) printJson(io, result);
    else io.out(undo ? `Steget ${result.id} är inte längre markerat klart.\n` : `Steget ${result.id} är klart.\n`);
    return EXIT.ok;
  },
};

/** The commands of the årshjul: the year's calendar, and the budget process's steps. */
export const calendarCommands: readonly CliCommand[] = [show, defaults, add, done];
