/**
 * The demo förvaltning's internal control plan (issue 19 point 4): six
 * controls of a socialnämnd's plan (attest, inköp enligt LOU, delegation,
 * representation, löneutbetalningar, informationssäkerhet) with their risk
 * values, written by the controller at the start of the year, and their
 * results at every reported (locked) tertial, delår and årsbokslut, written
 * by the level each control is assigned to before the occasion was locked.
 */
import type { Db } from '../../../db/index';
import { listOccasions } from '../followup/calendar';
import type { Actor } from '../followup/model';
import { saveControl, type ControlOccasionKind } from '../internal-control/plan';
import { saveControlResult } from '../internal-control/results';

export interface ControlDemoOptions {
  year: number;
  siteId: string;
  openPeriod: number;
  now: Date;
}

type Result = { performed: boolean; deviation: boolean; observations: string; actions?: string; actionOwner?: string; due?: string };

interface DemoControl {
  code: string;
  process: string;
  risk: string;
  probability: number;
  consequence: number;
  controlStep: string;
  node: string;
  responsible: string;
  writer: string;
  when: ControlOccasionKind[];
  results: Partial<Record<ControlOccasionKind, Result>>;
}

const CONTROLLER = 'Maria Sandberg (controller)';

const controls = (year: number): DemoControl[] => [
  {
    code: 'IK1',
    process: 'Attest av leverantörsfakturor',
    risk: 'Fakturor attesteras av någon utan attesträtt eller av den som själv beställt.',
    probability: 2,
    consequence: 3,
    controlStep: 'Stickprov på 25 fakturor per tertial mot attestförteckningen och beställaren.',
    node: '3000',
    responsible: 'Controller',
    writer: CONTROLLER,
    when: ['tertial', 'interim', 'annual'],
    results: {
      tertial: { performed: true, deviation: false, observations: '25 fakturor granskade, alla attesterade enligt förteckningen.' },
      interim: {
        performed: true,
        deviation: true,
        observations: '2 av 25 fakturor attesterade av beställaren själv (hemtjänsten, sommarvikarier).',
        actions: 'Attestförteckningen uppdateras och enhetscheferna påminns om jävsregeln på ledningsgruppen.',
        actionOwner: 'Helena Wallin, förvaltningschef',
        due: `${year}-10-31`,
      },
      annual: { performed: true, deviation: false, observations: '25 fakturor granskade efter åtgärden i oktober, inga fel.' },
    },
  },
  {
    code: 'IK2',
    process: 'Inköp enligt LOU och avtalstrohet',
    risk: 'Direktupphandling över gränsen eller köp utanför ramavtal för förbrukningsmaterial.',
    probability: 3,
    consequence: 3,
    controlStep: 'Granskning av alla leverantörer med köp över 100 000 kr utan avtal.',
    node: '3100',
    responsible: 'Karin Lundgren, sektorchef Äldreomsorg',
    writer: 'Karin Lundgren (sektorchef)',
    when: ['interim', 'annual'],
    results: {
      interim: {
        performed: true,
        deviation: true,
        observations: 'Två leverantörer av inkontinensskydd utanför ramavtalet, sammanlagt 310 000 kr.',
        actions: 'Beställningarna flyttas till ramavtalets leverantör; beställarna utbildas i e-handelssystemet.',
        actionOwner: 'Karin Lundgren, sektorchef',
        due: `${year}-09-30`,
      },
      annual: { performed: true, deviation: false, observations: 'Inga köp utanför avtal under hösten.' },
    },
  },
  {
    code: 'IK3',
    process: 'Delegation och anmälan av delegationsbeslut',
    risk: 'Beslut fattas utan delegation eller anmäls inte till nämnden.',
    probability: 2,
    consequence: 4,
    controlStep: 'Stickprov på 20 biståndsbeslut per tertial mot delegationsordningen och nämndens anmälningslista.',
    node: '3300',
    responsible: 'Leila Karimi, sektorchef Individ- och familjeomsorg',
    writer: 'Leila Karimi (sektorchef)',
    when: ['tertial', 'interim', 'annual'],
    results: {
      tertial: { performed: true, deviation: false, observations: '20 beslut granskade, alla fattade och anmälda enligt delegationsordningen.' },
      interim: {
        performed: true,
        deviation: true,
        observations: '3 beslut om ekonomiskt bistånd anmäldes först vid nästa sammanträde.',
        actions: 'Anmälan görs månadsvis ur verksamhetssystemet i stället för manuellt.',
        actionOwner: 'Leila Karimi, sektorchef',
        due: `${year}-11-30`,
      },
    },
  },
  {
    code: 'IK4',
    process: 'Representation och gåvor',
    risk: 'Representation utan tydligt syfte, med alkohol eller utan deltagarförteckning.',
    probability: 2,
    consequence: 2,
    controlStep: 'Granskning av alla fakturor på kontona för representation.',
    node: '3000',
    responsible: 'Controller',
    writer: CONTROLLER,
    when: ['interim', 'annual'],
    results: {
      interim: { performed: true, deviation: false, observations: '14 fakturor granskade; syfte och deltagare angivna på alla.' },
    },
  },
  {
    code: 'IK5',
    process: 'Löneutbetalningar',
    risk: 'Lön betalas ut till avslutade anställningar eller med felaktiga tillägg.',
    probability: 2,
    consequence: 4,
    controlStep: 'Avstämning av lönelistan mot avslutade anställningar och OB-tillägg vid två månader.',
    node: '3200',
    responsible: 'Johan Forsberg, sektorchef Funktionsstöd',
    writer: 'Johan Forsberg (sektorchef)',
    when: ['tertial', 'annual'],
    results: {
      tertial: {
        performed: true,
        deviation: true,
        observations: 'En timanställd fick lön för mars efter avslutad anställning (8 400 kr).',
        actions: 'Beloppet återkrävs; avslut registreras i HR-systemet samma dag som anställningen upphör.',
        actionOwner: 'Johan Forsberg, sektorchef',
        due: `${year}-05-31`,
      },
    },
  },
  {
    code: 'IK6',
    process: 'Informationssäkerhet och behörigheter',
    risk: 'Medarbetare som slutat eller bytt tjänst har kvar behörighet i verksamhetssystemet.',
    probability: 3,
    consequence: 4,
    controlStep: 'Behörighetslistan i verksamhetssystemet stäms av mot HR-systemets anställda.',
    node: '3000',
    responsible: 'Systemförvaltare',
    writer: CONTROLLER,
    when: ['interim', 'annual'],
    results: {
      interim: {
        performed: false,
        deviation: false,
        observations: '',
        actions: 'Avstämningen görs i september, när nya behörighetsrapporten finns.',
        actionOwner: 'Systemförvaltare',
        due: `${year}-09-30`,
      },
    },
  },
];

const REPORT_KINDS = new Set<string>(['tertial', 'interim', 'annual']);
const notAfter = (at: Date, now: Date) => (at.getTime() > now.getTime() ? now : at);
const dayBefore = (iso: string, days: number) => {
  const d = new Date(`${iso}T10:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d;
};

export function generateInternalControlDemo(db: Db, opts: ControlDemoOptions): void {
  const { siteId, now, year } = opts;
  const as = (user: string, at: Date): Actor => ({ siteId, user, role: 'controller', scopeCode: null, now: notAfter(at, now) });
  const plan = controls(year);
  const ids = new Map<string, string>();
  for (const [i, c] of plan.entries()) {
    const saved = saveControl(db, as(CONTROLLER, new Date(`${year}-02-10T09:00:00Z`)), {
      year,
      code: c.code,
      process: c.process,
      risk: c.risk,
      probability: c.probability,
      consequence: c.consequence,
      controlStep: c.controlStep,
      node: c.node,
      responsible: c.responsible,
      occasionKinds: c.when,
      sortOrder: (i + 1) * 10,
    });
    ids.set(c.code, saved.id);
  }
  // Results at the reported occasions, before they were locked (the locking follows in generate.ts).
  for (const o of listOccasions(db, year)) {
    if (o.period >= opts.openPeriod) break;
    if (!REPORT_KINDS.has(o.kind)) continue;
    const kind = o.kind as ControlOccasionKind;
    const deadline = o.deadlines.administration ?? o.deadlines.sector ?? `${year}-12-31`;
    for (const c of plan) {
      const r = c.results[kind];
      if (!r || !c.when.includes(kind)) continue;
      saveControlResult(db, as(c.writer, dayBefore(deadline, 3)), {
        controlId: ids.get(c.code)!,
        occasionId: o.id,
        performed: r.performed,
        deviation: r.deviation,
        observations: r.observations,
        actions: r.actions ?? '',
        actionOwner: r.actionOwner ?? '',
        actionDue: r.due ?? null,
      });
    }
  }
}
