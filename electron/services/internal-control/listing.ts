import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Actor } from '../followup/model';
import { CONTROL_OCCASION_WORD, controlPlan, type ControlOccasion, type ControlOccasionKind, type ControlView } from './plan';

/** One control with its results as `ramkoll control --json` writes it. */
export interface CliControlRow {
  code: string;
  process: string;
  risk: string;
  probability: number;
  consequence: number;
  riskValue: number;
  controlStep: string;
  responsibility: string;
  responsibilityName: string;
  responsible: string;
  /** When it is followed up: tertial, delår, årsbokslut. */
  when: string[];
  results: {
    period: number;
    occasion: string;
    performed: boolean;
    deviation: boolean;
    observations: string;
    actions: string;
    actionOwner: string;
    actionDue: string | null;
    author: string;
  }[];
}

export interface CliControlPlan {
  year: number;
  occasion: { period: number; name: string } | null;
  controls: CliControlRow[];
}

/** The year's plan and the results (of one occasion's period, or all), as this installation sees them. */
export function listControls(db: Db, actor: Actor, year: number, period?: number): CliControlPlan {
  const plan = controlPlan(db, actor, year);
  let occasions: ControlOccasion[] = plan.occasions;
  if (period !== undefined) {
    const o = plan.occasions.find((x) => x.period === period);
    if (!o) {
      const known = plan.occasions.map((x) => `${x.period} (${x.name})`).join(', ');
      throw new RamkollError('NOT_FOUND', `Det finns inget tertial, delår eller årsbokslut för ${period} under ${year}.${known ? ` Tillfällena är ${known}.` : ''}`, [
        { column: 'Tillfälle', value: String(period), message: 'inget sådant tillfälle' },
      ]);
    }
    occasions = [o];
  }
  const row = (c: ControlView): CliControlRow => ({
    code: c.code,
    process: c.process,
    risk: c.risk,
    probability: c.probability,
    consequence: c.consequence,
    riskValue: c.riskValue,
    controlStep: c.controlStep,
    responsibility: c.node.code,
    responsibilityName: c.node.name,
    responsible: c.responsible,
    when: c.occasionKinds.map((k: ControlOccasionKind) => CONTROL_OCCASION_WORD[k]),
    results: occasions.flatMap((o) => {
      const r = c.results[o.id];
      return r
        ? [{ period: o.period, occasion: o.name, performed: r.performed, deviation: r.deviation, observations: r.observations, actions: r.actions, actionOwner: r.actionOwner, actionDue: r.actionDue, author: r.author }]
        : [];
    }),
  });
  const only = period === undefined ? null : occasions[0]!;
  return {
    year,
    occasion: only ? { period: only.period, name: only.name } : null,
    controls: plan.controls.filter((c) => !only || c.occasionKinds.includes(only.kind)).map(row),
  };
}
