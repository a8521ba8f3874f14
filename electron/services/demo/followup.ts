/**
 * The demo förvaltning's comment round: the reporting calendar of last year
 * and this year, helårsprognoser for the prognos occasions, and deviation
 * comments from enhet to förvaltning. Last year's occasions and this year's
 * before the open round are reported and locked; the open round (the latest
 * occasion whose month has closed, see timeline.ts) is in progress, with
 * comments in every state, some missing and some overdue, and no step later
 * than the day the demo stands on. Deterministic for a given date.
 */
import type { Db } from '../../../db/index';
import type { CommentStatus, OrgLevel } from '../../../db/schema';
import { defaultCalendar, listOccasions, saveOccasion, type Occasion } from '../followup/calendar';
import { figureTree, type FigureNode, type FigureTree } from '../followup/figures';
import { applyForecastMethods, setForecast, type ForecastMethodApplication } from '../followup/forecast';
import { logChanges } from '../followup/history';
import { GROUP_INDEX, type Actor, type GroupKey } from '../followup/model';
import { lockOccasion } from '../followup/snapshot';
import { newId } from '../ids';
import { rngFor } from './rng';

export interface FollowUpDemoOptions {
  year: number;
  siteId: string;
  /** The period of the open round: the latest occasion whose month has closed (timeline.ts). */
  openPeriod: number;
  /** The instant the demo stands on: no comment step, forecast or lock is later. */
  now: Date;
}

/** The earlier of a planned time and the demo's now. */
const notAfter = (at: Date, now: Date) => (at.getTime() > now.getTime() ? now : at);

const FIRST = ['Anna', 'Karin', 'Maria', 'Eva', 'Lena', 'Sara', 'Johanna', 'Helena', 'Emma', 'Malin', 'Anders', 'Johan', 'Mikael', 'Peter', 'Lars', 'Erik', 'Fredrik', 'Daniel', 'Ahmed', 'Leila', 'Mirja', 'Sofia', 'Ingrid', 'Jonas'];
const LAST = ['Lindqvist', 'Ek', 'Berg', 'Holm', 'Sandberg', 'Nyström', 'Lundgren', 'Axelsson', 'Hedlund', 'Björk', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Karimi', 'Öberg', 'Dahl', 'Falk', 'Strand', 'Blom'];
const TITLE: Record<OrgLevel, string> = { unit: 'enhetschef', operation: 'verksamhetschef', sector: 'sektorchef', administration: 'förvaltningschef' };

export function personFor(node: { code: string; level: OrgLevel }): string {
  const r = rngFor('person', node.code);
  return `${FIRST[Math.floor(r() * FIRST.length)]} ${LAST[Math.floor(r() * LAST.length)]} (${TITLE[node.level]})`;
}

const CONTROLLER = 'Maria Sandberg (controller)';

const kr = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
/** "1,2 mnkr" or "450 tkr", sign kept. */
function amount(ore: number): string {
  const abs = Math.abs(ore);
  const sign = ore < 0 ? '−' : '';
  return abs >= 100_000_000 ? `${sign}${kr.format(abs / 100_000_000)} mnkr` : `${sign}${whole.format(Math.round(abs / 100_000))} tkr`;
}

interface Text {
  cause: string;
  action: string;
  effectOre: number | null;
}

const UNFAVOURABLE: Partial<Record<GroupKey, string[][]>> = {
  personnel: [
    [
      'Högre personalkostnader än budgeterat: hög sjukfrånvaro under våren och hösten har ersatts med timanställda vikarier och övertid.',
      'Schemaöversyn tillsammans med bemanningsenheten och tätare uppföljning av sjukfrånvaron; vakanser tillsätts med tillsvidareanställda i stället för timvikarier.',
    ],
    [
      'Ökat vårdbehov hos flera brukare har krävt förstärkt bemanning nattetid, som inte ryms i budgeten.',
      'Behoven omprövas av biståndshandläggare; bemanningen anpassas vecka för vecka och extrapass beslutas av enhetschef.',
    ],
    [
      'Introduktion av nyanställda med dubbelbemanning under längre tid än planerat, och OB-kostnader över budget.',
      'Introduktionen kortas till fyra veckor och dubbelbemanning beslutas av enhetschef; OB-timmarna följs upp månadsvis.',
    ],
  ],
  other_cost: [
    [
      'Fler externa placeringar än budgeterat och högre dygnskostnader hos privata utförare.',
      'Översyn av samtliga placeringar; hemtagning till egen verksamhet där det är möjligt och förhandling om dygnspriser.',
    ],
    [
      'Högre kostnader för förbrukningsmaterial, livsmedel och inhyrd personal än budgeterat.',
      'Inköpsstopp för annat än nödvändigt material resten av året och avrop bara via ramavtal.',
    ],
  ],
  revenue: [
    [
      'Lägre intäkter än budgeterat: färre debiterade timmar och ett riktat statsbidrag som inte beviljats i år.',
      'Genomgång av debiteringsunderlagen och ny ansökan om statsbidrag inför nästa år.',
    ],
  ],
};

const FAVOURABLE: Partial<Record<GroupKey, string[]>> = {
  personnel: [
    'Vakanta tjänster under året har inte tillsatts fullt ut, och föräldraledigheter har inte ersatts fullt ut.',
    'Lägre personalkostnader än budgeterat efter omorganisation av scheman och färre timanställda.',
  ],
  other_cost: ['Lägre kostnader för köpta platser än budgeterat, då färre brukare har behövt placeras externt.', 'Senarelagda inköp av inventarier och lägre kostnader för material.'],
  revenue: ['Högre intäkter än budgeterat: statsbidrag och ersättning från andra kommuner för sålda platser.'],
};

function dominantGroup(node: FigureNode): { group: GroupKey; deviation: number } {
  let best: { group: GroupKey; deviation: number } = { group: 'other_cost', deviation: 0 };
  for (const g of ['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial', 'unknown'] as GroupKey[]) {
    const f = node.groups[GROUP_INDEX[g]]!;
    const d = f.budgetAcc - f.actualAcc;
    if (Math.abs(d) > Math.abs(best.deviation)) best = { group: g, deviation: d };
  }
  return best;
}

function textFor(node: FigureNode, period: number): Text {
  const rng = rngFor('comment', node.code, period);
  const dev = node.figures.budgetAcc - node.figures.actualAcc;
  if (node.level !== 'unit') {
    const parts = node.children
      .filter((c) => c.kind === 'node')
      .map((c) => ({ c, d: c.figures.budgetAcc - c.figures.actualAcc }))
      .filter((x) => Math.sign(x.d) === Math.sign(dev) && x.d !== 0)
      .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
      .slice(0, 2);
    const named = parts.map((x) => `${x.c.name} (${amount(x.d)})`).join(' och ');
    const cause =
      dev < 0
        ? `Underskottet på ${amount(dev)} till och med perioden förklaras främst av ${named || 'flera enheter'}; se enheternas kommentarer.`
        : `Överskottet på ${amount(dev)} kommer främst från ${named || 'flera enheter'}; se enheternas kommentarer.`;
    const action =
      dev < 0
        ? 'Åtgärderna i enheternas handlingsplaner följs upp i ledningsgruppen varje månad; ytterligare åtgärder prövas om prognosen inte förbättras till nästa rapport.'
        : 'Ingen särskild åtgärd; överskottet väntas minska när vakanser tillsätts under hösten.';
    return { cause, action, effectOre: dev < 0 ? Math.round((Math.abs(dev) * 0.3) / 1_000_000) * 1_000_000 : null };
  }
  const { group } = dominantGroup(node);
  if (dev < 0) {
    const variants = UNFAVOURABLE[group] ?? UNFAVOURABLE.other_cost!;
    const [cause, action] = variants[Math.floor(rng() * variants.length)]!;
    return { cause: cause!, action: action!, effectOre: Math.max(1_000_000, Math.round((Math.abs(dev) * (0.25 + rng() * 0.35)) / 1_000_000) * 1_000_000) };
  }
  const variants = FAVOURABLE[group] ?? FAVOURABLE.personnel!;
  return { cause: variants[Math.floor(rng() * variants.length)]!, action: 'Ingen åtgärd behövs; överskottet väntas bestå året ut.', effectOre: null };
}

const day = (iso: string, add: number, hour: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + add);
  d.setUTCHours(hour, Math.floor((hour * 7) % 60));
  return d;
};

interface Step {
  at: Date;
  user: string;
  status: CommentStatus;
  returnNote?: string | null;
}

/** Writes one comment with its history as the steps say: created as utkast, then each status change. */
function writeComment(db: Db, siteId: string, occasion: Occasion, node: FigureNode, responsibilityId: string, text: Text, planned: Step[], now: Date): void {
  // Steps planned after the demo's now have not happened yet: the comment is as far as it has come, or not written.
  const steps = planned.filter((s) => s.at.getTime() <= now.getTime());
  if (steps.length === 0) return;
  const id = newId();
  const first = steps[0]!;
  const last = steps[steps.length - 1]!;
  const actor = (s: Step): Actor => ({ siteId, user: s.user, role: 'controller', scopeCode: null, now: s.at });
  // Prepared once for the hundreds of comments of the demo's rounds (the query builder compiled it per comment).
  db.prepare(
    `INSERT INTO deviation_comment (id, occasion_id, responsibility_id, cause, action, action_effect_ore, status, return_note, author, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  ).run(id, occasion.id, responsibilityId, text.cause, text.action, text.effectOre, last.status, last.returnNote ?? null, first.user, first.at.toISOString(), last.at.toISOString(), siteId);
  logChanges(db, actor(first), 'deviation_comment', id, [
    { field: 'cause', old: null, new: text.cause },
    { field: 'action', old: null, new: text.action },
    { field: 'action_effect_ore', old: null, new: text.effectOre },
    { field: 'status', old: null, new: 'draft' },
  ]);
  let prev: CommentStatus = 'draft';
  let prevNote: string | null = null;
  for (const s of steps.slice(1)) {
    logChanges(db, actor(s), 'deviation_comment', id, [
      { field: 'status', old: prev, new: s.status },
      { field: 'return_note', old: prevNote, new: s.returnNote ?? (s.status === 'ready' ? null : prevNote) },
    ]);
    prevNote = s.returnNote ?? (s.status === 'ready' ? null : prevNote);
    prev = s.status;
  }
}

function requiredNodes(tree: FigureTree): FigureNode[] {
  const out: FigureNode[] = [];
  const walk = (n: FigureNode) => {
    n.children.forEach(walk);
    if (n.kind === 'node' && n.commentRequired) out.push(n);
  };
  tree.roots.forEach(walk);
  return out;
}

const LEVEL_OFFSET: Record<OrgLevel, number> = { unit: 0, operation: 1, sector: 2, administration: 3 };

/** A reported occasion: every required comment written, klar and approved by the level above before its deadline. */
function closedRound(db: Db, siteId: string, occasion: Occasion, tree: FigureTree, now: Date): void {
  for (const node of requiredNodes(tree)) {
    const deadline = occasion.deadlines[node.level] ?? `${occasion.year}-12-31`;
    const rng = rngFor('closed', occasion.period, node.code);
    const writer = personFor(node);
    const approver = node.parent?.kind === 'node' ? personFor(node.parent) : CONTROLLER;
    const start = -6 - Math.floor(rng() * 4);
    writeComment(db, siteId, occasion, node, tree.org.byCode.get(node.code)!.id, textFor(node, occasion.period), [
      { at: day(deadline, start, 9 + LEVEL_OFFSET[node.level]), user: writer, status: 'draft' },
      { at: day(deadline, start + 2, 14), user: writer, status: 'ready' },
      { at: day(deadline, start + 4 + Math.floor(rng() * 2), 10), user: approver, status: 'approved' },
    ], now);
  }
}

/** The round in progress: units mostly done, some klar waiting for approval, drafts, one sent back, some missing; the levels above have barely started. */
function openRound(db: Db, siteId: string, occasion: Occasion, tree: FigureTree, now: Date): void {
  const unitDeadline = occasion.deadlines.unit ?? `${occasion.year}-12-15`;
  let returned = 0;
  for (const node of requiredNodes(tree)) {
    const rng = rngFor('open', occasion.period, node.code);
    const roll = rng();
    const writer = personFor(node);
    const approver = node.parent?.kind === 'node' ? personFor(node.parent) : CONTROLLER;
    const responsibilityId = tree.org.byCode.get(node.code)!.id;
    const text = textFor(node, occasion.period);
    const start = day(unitDeadline, -9 + Math.floor(rng() * 6), 9);
    const later = (days: number, hour: number) => day(start.toISOString().slice(0, 10), days, hour);
    if (node.level === 'unit') {
      if (roll < 0.45) {
        writeComment(db, siteId, occasion, node, responsibilityId, text, [
          { at: start, user: writer, status: 'draft' },
          { at: later(1, 15), user: writer, status: 'ready' },
          { at: later(3 + Math.floor(rng() * 3), 10), user: approver, status: 'approved' },
        ], now);
      } else if (roll < 0.6) {
        writeComment(db, siteId, occasion, node, responsibilityId, text, [
          { at: start, user: writer, status: 'draft' },
          { at: later(2, 16), user: writer, status: 'ready' },
        ], now);
      } else if (roll < 0.7 && returned < 2) {
        returned++;
        writeComment(db, siteId, occasion, node, responsibilityId, { ...text, action: 'Åtgärder tas fram.', effectOre: null }, [
          { at: start, user: writer, status: 'draft' },
          { at: later(1, 11), user: writer, status: 'ready' },
          {
            at: later(3, 9),
            user: approver,
            status: 'returned',
            returnNote: 'Beskriv vilka åtgärder som ger effekt redan i år och vad de väntas ge i kronor.',
          },
        ], now);
      } else if (roll < 0.8) {
        writeComment(db, siteId, occasion, node, responsibilityId, text, [{ at: start, user: writer, status: 'draft' }], now);
      }
      // Otherwise: not written yet, and overdue once the enhet deadline has passed.
    } else if (node.level === 'operation') {
      const opStart = day(occasion.deadlines.operation ?? unitDeadline, -8 + Math.floor(rng() * 3), 13);
      if (roll < 0.3) {
        writeComment(db, siteId, occasion, node, responsibilityId, text, [
          { at: opStart, user: writer, status: 'draft' },
          { at: day(opStart.toISOString().slice(0, 10), 1, 16), user: writer, status: 'ready' },
        ], now);
      } else if (roll < 0.55) {
        writeComment(db, siteId, occasion, node, responsibilityId, text, [{ at: opStart, user: writer, status: 'draft' }], now);
      }
    } else if (node.level === 'sector' && roll < 0.4) {
      writeComment(db, siteId, occasion, node, responsibilityId, text, [{ at: day(occasion.deadlines.operation ?? unitDeadline, -3, 10), user: writer, status: 'draft' }], now);
    }
  }
}

function controllerAt(siteId: string, at: Date): Actor {
  return { siteId, user: CONTROLLER, role: 'controller', scopeCode: null, now: at };
}

/** Helårsprognos for a prognos occasion: a method for every enhet, the odd enhet with another method, and for the open round an adjustment set on a sektor. */
function forecasts(db: Db, siteId: string, occasion: Occasion, method: 'actual_plus_remaining' | 'linear', open: boolean, now: Date): void {
  const at = notAfter(day(occasion.deadlines.unit ?? `${occasion.year}-12-01`, -10, 8), now);
  const actor = controllerAt(siteId, at);
  const tree = figureTree(db, { period: occasion.period });
  const root = tree.roots.find((r) => r.kind === 'node');
  if (!root) return;
  const applications: ForecastMethodApplication[] = [{ code: root.code, method, target: 'units' }];
  if (method === 'actual_plus_remaining') {
    // Units far from budget: the controller uses the trend or last year's pattern for them.
    const rng = rngFor('forecast', occasion.period);
    for (const n of requiredNodes(tree)) {
      if (n.level !== 'unit' || rng() < 0.5) continue;
      applications.push({ code: n.code, method: rng() < 0.5 ? 'linear' : 'last_year', target: 'node' });
    }
  }
  // One tree for all of them: the methods read budget and outcome, which the forecasts written do not change.
  applyForecastMethods(db, actor, occasion.id, applications, tree);
  if (method !== 'actual_plus_remaining') return;
  if (open) {
    // The IFO sektor expects more placements before the year ends than the units' forecasts show.
    const ifo = figureTree(db, { period: occasion.period }).byKey.get('n:3300');
    if (ifo) {
      const below = ifo.groups[GROUP_INDEX.other_cost]!.forecastYear ?? 0;
      setForecast(db, controllerAt(siteId, notAfter(day(at.toISOString().slice(0, 10), 5, 10), now)), {
        occasionId: occasion.id,
        code: '3300',
        group: 'other_cost',
        amountOre: Math.round((below + 150_000_000) / 100_000) * 100_000,
        note: 'Ytterligare placeringar HVB väntas under november–december.',
      });
    }
  }
}

export function generateFollowUpDemo(db: Db, opts: FollowUpDemoOptions): void {
  const { year, siteId, now } = opts;
  for (const y of [year - 1, year]) {
    const planned = controllerAt(siteId, new Date(`${y - 1}-12-12T09:30:00Z`));
    for (const o of defaultCalendar(y)) saveOccasion(db, planned, o);
  }

  // Last year: prognoser by trend (there was no budget in the demo for it), all reported and locked.
  for (const o of listOccasions(db, year - 1)) if (o.forecastKind) forecasts(db, siteId, o, 'linear', false, now);
  for (const o of listOccasions(db, year - 1)) lockOccasion(db, controllerAt(siteId, notAfter(day(o.deadlines.administration ?? `${year}-01-31`, 1, 15), now)), o.id);

  // This year: reported rounds before the open round, then the open round.
  for (const o of listOccasions(db, year)) {
    if (o.period > opts.openPeriod) break;
    const open = o.period === opts.openPeriod;
    if (o.forecastKind) forecasts(db, siteId, o, 'actual_plus_remaining', open, now);
    const tree = figureTree(db, { period: o.period });
    if (open) openRound(db, siteId, o, tree, now);
    else closedRound(db, siteId, o, tree, now);
  }
}

/**
 * Locks this year's reported occasions (all before the open round). Kept
 * apart from generateFollowUpDemo so that other parts of the demo (the goal
 * round) can write their assessments for those occasions first.
 */
export function lockReportedDemoOccasions(db: Db, opts: FollowUpDemoOptions): void {
  const { year, siteId, now } = opts;
  for (const o of listOccasions(db, year)) {
    if (o.period >= opts.openPeriod) break;
    lockOccasion(db, controllerAt(siteId, notAfter(day(o.deadlines.administration ?? `${year}-12-31`, 1, 15), now)), o.id);
  }
}
