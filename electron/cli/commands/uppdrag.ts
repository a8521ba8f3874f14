import type { AssignmentRound } from '../../api/features/goal-round';
import type { CliCommand } from '../command';
import { printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

const ROUND = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' } as const;

export function formatAssignments(r: AssignmentRound): string {
  const head = `Uppdrag vid ${r.occasion.name} (${r.occasion.period})`;
  if (r.assignments.length === 0) return `${head}\nInga uppdrag gäller ${r.occasion.year}.\n`;
  const out = [head];
  for (const a of r.assignments) {
    const decision = [a.decisionRef, a.decidedOn].filter(Boolean).join(', ');
    out.push('', `${a.code} ${a.title} [${a.originName}${decision ? `, ${decision}` : ''}; ${a.owner.code} ${a.owner.name}${a.dueOn ? `; klart senast ${a.dueOn}` : ''}]`);
    const f = a.followup;
    const due = a.deadline ? `, sista dag ${a.deadline}${a.overdue ? ' – försenad' : ''}` : '';
    if (!f) out.push(`    Ingen uppföljning ännu${due}.`);
    else {
      out.push(`    ${f.statusName ?? 'ingen status'} (${ROUND[f.roundStatus]}, ${f.author}${due})`);
      if (f.text) out.push(`    ${f.text.replace(/\n/g, '\n    ')}`);
      if (f.returnNote) out.push(`    Återskickad: ${f.returnNote}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const uppdrag: CliCommand = {
  name: ['uppdrag'],
  summary: 'särskilda uppdrag från KF och nämnden med status och kommentar vid ett uppföljningstillfälle',
  usage: 'ramkoll uppdrag --db DB [--occasion ÅÅÅÅMM] [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --occasion ÅÅÅÅMM    uppföljningstillfällets period, t.ex. 202608 för delårsrapporten; standard: årets',
    '                       senaste tertial, delår eller årsbokslut som har börjat',
    '  --json               skriv ett JSON-objekt: { occasion, assignments: [ { id, origin (council|board),',
    '                         originName, code, title, description, owner: { code, name, level }, ownerPath,',
    '                         decisionRef, decidedOn, dueOn, validFromYear, validToYear, deadline, overdue,',
    '                         may, followup: { status, statusName, text, roundStatus, returnNote, author,',
    '                         updatedAt } | null } ] }',
    '',
    '  status är not_started (ej påbörjat), in_progress (pågår), done (genomfört) eller closed_not_done',
    '  (avslutat ej genomfört); roundStatus är draft, ready, approved eller returned. KF:s uppdrag läggs in',
    '  av Ekonomi, nämndens av controllern; uppföljningen skrivs av den del som äger uppdraget (sidan Mål).',
    '  I en chefs installation visas den egna delens uppdrag.',
  ].join('\n'),
  options: { db: { type: 'string' }, occasion: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    const text = args.values.occasion;
    let period: number | undefined;
    if (text !== undefined) {
      if (typeof text !== 'string' || !/^\d{6}$/.test(text) || Number(text) % 100 < 1 || Number(text) % 100 > 12) throw new UsageError(`--occasion ska vara ÅÅÅÅMM, t.ex. 202608, inte "${String(text)}"`);
      period = Number(text);
    }
    const round = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('goals.assignments', period !== undefined ? { period } : {}));
    if (args.values.json) printJson(io, round);
    else io.out(formatAssignments(round));
    return EXIT.ok;
  },
};

export const uppdragCommands: readonly CliCommand[] = [uppdrag];
