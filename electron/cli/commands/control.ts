import type { CliControlPlan } from '../../api/features/internal-control';
import type { CliCommand } from '../command';
import { intOption, printJson, required } from '../command';
import { withDatabase } from '../context';
import { EXIT, UsageError } from '../io';

export function formatControls(plan: CliControlPlan): string {
  const head = `Internkontrollplan ${plan.year}${plan.occasion ? `, resultat vid ${plan.occasion.name} (${plan.occasion.period})` : ''}`;
  if (plan.controls.length === 0) return `${head}\nInga kontroller i planen.\n`;
  const out: string[] = [head];
  for (const c of plan.controls) {
    out.push('', `${c.code} ${c.process} (risk ${c.probability}×${c.consequence} = ${c.riskValue}), ${c.responsibility} ${c.responsibilityName}, ${c.responsible}; ${c.when.join(', ')}`);
    out.push(`    Risk: ${c.risk}`, `    Kontrollmoment: ${c.controlStep}`);
    if (c.results.length === 0) out.push('    Inget resultat ännu.');
    for (const r of c.results) {
      out.push(`    ${r.occasion}: ${r.performed ? 'utförd' : 'ej utförd'}, ${r.deviation ? 'avvikelse' : 'ingen avvikelse'} (${r.author})`);
      if (r.observations) out.push(`      Iakttagelser: ${r.observations}`);
      if (r.actions) out.push(`      Åtgärder: ${r.actions} (${r.actionOwner}${r.actionDue ? `, senast ${r.actionDue}` : ''})`);
    }
  }
  return `${out.join('\n')}\n`;
}

const control: CliCommand = {
  name: ['control'],
  summary: 'internkontrollplanen för ett år (process, risk, kontrollmoment, ansvarig, när) med resultaten per tillfälle',
  usage: 'ramkoll control --db DB --year ÅÅÅÅ [--occasion ÅÅÅÅMM] [--json]',
  help: [
    '  --db DB              databasfilen',
    '  --year ÅÅÅÅ          planens år',
    '  --occasion ÅÅÅÅMM    bara resultaten vid det tillfället (ett tertial, delår eller årsbokslut), och bara',
    '                       kontrollerna som följs upp då; standard: alla tillfällen under året',
    '  --json               skriv ett JSON-objekt: { year, occasion: { period, name } | null, controls: [',
    '                         { code, process, risk, probability, consequence, riskValue, controlStep,',
    '                           responsibility, responsibilityName, responsible, when, results: [',
    '                             { period, occasion, performed, deviation, observations, actions, actionOwner,',
    '                               actionDue, author } ] } ] }',
    '',
    '  riskValue är sannolikhet × konsekvens (1–4 vardera). when är tertial, delår och/eller årsbokslut.',
    '  Planen skrivs av controllern; resultaten av den nivå kontrollen hör till (Uppföljning › Intern kontroll).',
    '  I en sektorchefs installation visas sektorns egna kontroller.',
  ].join('\n'),
  options: { db: { type: 'string' }, year: { type: 'string' }, occasion: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const file = required(args, 'db');
    required(args, 'year');
    const year = intOption(args, 'year', 2000, 2100)!;
    const text = args.values.occasion;
    let period: number | undefined;
    if (text !== undefined) {
      if (typeof text !== 'string' || !/^\d{6}$/.test(text) || Number(text) % 100 < 1 || Number(text) % 100 > 12) throw new UsageError(`--occasion ska vara ÅÅÅÅMM, t.ex. 202608, inte "${String(text)}"`);
      period = Number(text);
    }
    const plan = await withDatabase(file, io, { readonly: true }, (s) => s.invoke('control.list', { year, ...(period !== undefined ? { period } : {}) }));
    if (args.values.json) printJson(io, plan);
    else io.out(formatControls(plan));
    return EXIT.ok;
  },
};

export const controlCommands: readonly CliCommand[] = [control];
