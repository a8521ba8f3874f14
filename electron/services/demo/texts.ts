/**
 * The demo förvaltning's text sections (issue 19 point 1): for this year's
 * tertialrapport and delårsrapport (and årsbokslut when the demo stands
 * after it) the förvaltning's Sammanfattning, Väsentliga händelser, Framtid
 * och utmaningar, Personal and Intern kontroll and the sektorer's
 * Väsentliga händelser, written, marked klar and approved before the
 * occasion was locked; in the open round the förvaltning's Sammanfattning
 * is an utkast and a sektor's text waits, klar, for the controller. The
 * figures in the texts are the demo's own, read from follow-up.
 */
import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { listOccasions, type Occasion } from '../followup/calendar';
import { figureTree, type FigureNode } from '../followup/figures';
import type { Actor } from '../followup/model';
import { changeTextStatus, saveText } from '../texts/sections';
import { rngFor } from './rng';

export interface TextsDemoOptions {
  year: number;
  siteId: string;
  openPeriod: number;
  now: Date;
}

const CONTROLLER = 'Maria Sandberg (controller)';
const HEAD = 'Helena Wallin (förvaltningschef)';
const SECTOR_CHIEFS: Record<string, string> = {
  '3100': 'Karin Lundgren (sektorchef)',
  '3200': 'Johan Forsberg (sektorchef)',
  '3300': 'Leila Karimi (sektorchef)',
};

const notAfter = (at: Date, now: Date) => (at.getTime() > now.getTime() ? now : at);
const day = (iso: string, add: number, hour: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + add);
  d.setUTCHours(hour, 15);
  return d;
};

const mnkr = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const tkr = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
/** "2,4 mnkr" of an amount in öre, without its sign (the text says which way). */
const inMnkr = (ore: number) => `${mnkr.format(Math.abs(ore) / 100_000_000)} mnkr`;
/** Signed tkr for a table cell, with a real minus sign. */
const inTkr = (ore: number) => `${ore < 0 ? '−' : ''}${tkr.format(Math.round(Math.abs(ore) / 100_000))}`;

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

function deviationWords(ore: number): string {
  return ore >= 0 ? `ett överskott på ${inMnkr(ore)}` : `ett underskott på ${inMnkr(ore)}`;
}

function summary(o: Occasion, admin: FigureNode, sectors: FigureNode[]): string {
  const f = admin.figures;
  const acc = f.budgetAcc - f.actualAcc;
  const forecast = f.forecastYear === null ? null : f.budgetYear - f.forecastYear;
  const month = MONTHS[(o.period % 100) - 1]!;
  const lines = [
    `Socialnämndens verksamheter redovisar efter ${month} ${deviationWords(acc)} mot periodens budget.${
      forecast === null ? '' : ` Helårsprognosen pekar mot **${deviationWords(forecast)}** för året.`
    } Resultatet döljer stora skillnader mellan sektorerna: kostnaderna för placeringar inom individ- och familjeomsorgen fortsätter att öka, medan äldreomsorgen håller sin budget tack vare lägre kostnader för bemanningsföretag.`,
    '',
    'Förvaltningen har under perioden särskilt arbetat med:',
    '',
    '- att minska antalet externa placeringar genom fler familjehem i egen regi',
    '- schemaläggning utifrån brukarnas behov inom hemtjänsten',
    '- ett gemensamt arbetssätt för uppföljning av ekonomi och kvalitet i varje enhet',
    '',
    '| Sektor | Avvikelse ack, tkr | Avvikelse prognos, tkr |',
    '|---|---|---|',
    ...sectors.map((s) => `| ${s.name} | ${inTkr(s.figures.budgetAcc - s.figures.actualAcc)} | ${s.figures.forecastYear === null ? '–' : inTkr(s.figures.budgetYear - s.figures.forecastYear)} |`),
  ];
  return lines.join('\n');
}

const EVENTS: Record<string, string[]> = {
  '3000': [
    'Socialnämnden beslutade i februari om en ny **handlingsplan för hemmaplanslösningar** inom barn och unga. Planen innebär att förvaltningen bygger upp öppenvård och familjehem i egen regi för att minska behovet av köpta platser.',
    '',
    '- Förvaltningen har infört digital signering av beslut inom biståndshandläggningen.',
    '- Samverkansavtalet med regionen om trygg och effektiv utskrivning har förnyats.',
    '- Arbetsmiljöverket har avslutat sin inspektion av hemtjänsten utan krav på ytterligare åtgärder.',
  ],
  '3100': [
    'Korttidsboendet på Strandvägen har ställt om tio platser till växelvård efter en ökad efterfrågan från anhörigvårdare. Omställningen har gjorts inom befintlig bemanning.',
    '',
    'Hemtjänsten har infört **nyckelfria lås** i hela kommunen, vilket minskar tiden för nyckelhantering och ökar säkerheten för brukarna.',
  ],
  '3200': [
    'Ett nytt gruppboende enligt LSS med sex lägenheter har tagits i drift. Inflyttningen har skett i etapper under våren och samtliga lägenheter är nu belagda.',
    '',
    '- Daglig verksamhet har startat två nya grupper med inriktning mot arbete på den öppna arbetsmarknaden.',
    '- Personlig assistans har fått fler ärenden där Försäkringskassan dragit in assistansersättning, vilket belastar kommunens budget.',
  ],
  '3300': [
    'Antalet **placeringar av barn och unga** i HVB och konsulentstödda familjehem har ökat under perioden. Förvaltningen har förstärkt familjehemsenheten med två rekryterare för att fler barn ska kunna placeras i familjehem i egen regi.',
    '',
    'Försörjningsstödet har legat på en jämn nivå, men antalet hushåll med långvarigt bistånd ökar. Samarbetet med arbetsmarknadsenheten har därför utvecklats med gemensamma planeringsmöten.',
  ],
};

const FUTURE = [
  'Förvaltningen står inför en växande grupp äldre över 80 år samtidigt som antalet personer i arbetsför ålder är i stort sett oförändrat. Det ställer krav på nya arbetssätt och på att tekniken används där den frigör tid för omsorg.',
  '',
  'De största utmaningarna de kommande åren är:',
  '',
  '- **kompetensförsörjning**, särskilt av undersköterskor, sjuksköterskor och socialsekreterare',
  '- kostnadsutvecklingen för placeringar inom individ- och familjeomsorgen',
  '- omställningen till en god och nära vård tillsammans med regionen',
  '',
  'Förvaltningen kommer i budgetarbetet inför nästa år att föreslå en långsiktig plan för särskilt boende och en fortsatt satsning på förebyggande insatser för barn och unga.',
].join('\n');

const PERSONNEL = [
  'Bemanningen har i huvudsak kunnat lösas med egen personal. Användningen av bemanningsföretag för sjuksköterskor har minskat jämfört med samma period förra året, och förvaltningen har rekryterat sex sjuksköterskor till tillsvidareanställningar.',
  '',
  'Sjukfrånvaron är fortsatt högst inom äldreomsorgen. Förvaltningen arbetar med **tidiga rehabiliteringsinsatser** och har tillsammans med företagshälsovården utbildat alla chefer i att följa upp korttidsfrånvaro.',
  '',
  '- Introduktionsprogrammet för nya medarbetare i hemtjänsten har förlängts till fyra veckor.',
  '- Heltid som norm har införts i ytterligare två verksamheter.',
].join('\n');

// The controls and their results are the plan's (demo/internal-control.ts), printed as a table above this text.
const INTERNAL_CONTROL = [
  'Nämndens internkontrollplan omfattar i år sex kontroller. Resultaten vid tillfället står i tabellen ovan; varje avvikelse har lett till en åtgärd med ansvarig och datum.',
  '',
  'Förvaltningens bedömning är att den interna kontrollen i huvudsak är **tillräcklig**. Behörigheterna i verksamhetssystemet har planens högsta riskvärde och följs upp särskilt i årsbokslutet.',
].join('\n');

/** Texts of a reported occasion: the förvaltning's five sections and the sektorer's events. */
function reportedTexts(admin: FigureNode, sectors: FigureNode[], o: Occasion): { code: string; kind: string; body: string; writer: string }[] {
  return [
    { code: admin.code, kind: 'summary', body: summary(o, admin, sectors), writer: CONTROLLER },
    { code: admin.code, kind: 'events', body: EVENTS['3000']!.join('\n'), writer: HEAD },
    ...sectors.filter((s) => EVENTS[s.code]).map((s) => ({ code: s.code, kind: 'events', body: EVENTS[s.code]!.join('\n'), writer: SECTOR_CHIEFS[s.code] ?? CONTROLLER })),
    { code: admin.code, kind: 'future', body: FUTURE, writer: HEAD },
    { code: admin.code, kind: 'personnel', body: PERSONNEL, writer: CONTROLLER },
    { code: admin.code, kind: 'internal_control', body: INTERNAL_CONTROL, writer: CONTROLLER },
  ];
}

const REPORT_KINDS = new Set(['tertial', 'interim', 'annual']);

export function generateTextsDemo(db: Db, opts: TextsDemoOptions): void {
  const { siteId, now } = opts;
  const as = (user: string, at: Date): Actor => ({ siteId, user, role: 'controller', scopeCode: null, now: notAfter(at, now) });
  for (const o of listOccasions(db, opts.year)) {
    if (o.period > opts.openPeriod) break;
    const open = o.period === opts.openPeriod;
    if (!open && !REPORT_KINDS.has(o.kind)) continue;
    const tree = figureTree(db, { period: o.period });
    const admin = tree.roots.find((r) => r.kind === 'node' && r.level === ('administration' as OrgLevel));
    if (!admin) continue;
    const sectors = admin.children.filter((c) => c.kind === 'node' && c.level === 'sector');
    const start = o.deadlines.sector ?? `${opts.year}-12-01`;
    const rng = rngFor('texts', o.period);
    const key = { occasionId: o.id };
    if (!open) {
      for (const [i, t] of reportedTexts(admin, sectors, o).entries()) {
        const written = day(start, -6 + i, 9 + Math.floor(rng() * 5));
        saveText(db, as(t.writer, written), { ...key, code: t.code, kind: t.kind, body: t.body });
        changeTextStatus(db, as(t.writer, day(start, -5 + i, 14)), { ...key, code: t.code, kind: t.kind, action: 'ready' });
        changeTextStatus(db, as(CONTROLLER, day(o.deadlines.administration ?? start, -1, 10)), { ...key, code: t.code, kind: t.kind, action: 'approve' });
      }
      continue;
    }
    // The open round: a sektor's events approved, another's klar and waiting, the förvaltning's summary an utkast,
    // in the days after the enheter's deadline.
    const base = o.deadlines.unit ?? start;
    const [first, second] = sectors.filter((s) => EVENTS[s.code]);
    if (first) {
      saveText(db, as(SECTOR_CHIEFS[first.code]!, day(base, 1, 10)), { ...key, code: first.code, kind: 'events', body: EVENTS[first.code]!.join('\n') });
      changeTextStatus(db, as(SECTOR_CHIEFS[first.code]!, day(base, 1, 15)), { ...key, code: first.code, kind: 'events', action: 'ready' });
      changeTextStatus(db, as(CONTROLLER, day(base, 3, 9)), { ...key, code: first.code, kind: 'events', action: 'approve' });
    }
    if (second) {
      saveText(db, as(SECTOR_CHIEFS[second.code]!, day(base, 2, 11)), { ...key, code: second.code, kind: 'events', body: EVENTS[second.code]!.join('\n') });
      changeTextStatus(db, as(SECTOR_CHIEFS[second.code]!, day(base, 2, 16)), { ...key, code: second.code, kind: 'events', action: 'ready' });
    }
    saveText(db, as(CONTROLLER, day(base, 4, 13)), { ...key, code: admin.code, kind: 'summary', body: summary(o, admin, sectors) });
  }
}
