/**
 * The demo förvaltning's goal chain: KF's inriktningsmål, two nämndmål under
 * each, delmål per sektor and a few aktiviteter per enhet, with styrtal.
 *
 * Kolada-like keys (a letter and five digits) are chosen for the demo and
 * are not checked against Kolada's catalogue. Values are invented but of a
 * plausible size; they are exact decimal text, oldest first:
 * - Kolada series: yearly, for the five years before the demo year;
 * - own measurements: at the end of April, August and December the year
 *   before, then April and August of the demo year.
 *
 * Round codes per occasion (April, August): A approved, X returned once then
 * approved, K klar (ready), R returned, D utkast (draft), - no assessment.
 */
import type { GoalStatus, IndicatorDirection } from '../../../db/schema';

export interface DemoIndicator {
  name: string;
  unit: string;
  direction: IndicatorDirection;
  /** Kolada key, or the förvaltning's own code. */
  key: string;
  /** For own measurements: where the figure comes from. */
  note?: string;
  target: string;
  values: readonly string[];
}

export interface DemoAssessment {
  status: GoalStatus;
  forecast: GoalStatus;
  round: 'A' | 'X' | 'K' | 'R' | 'D';
}

export interface DemoGoal {
  code: string;
  owner: string;
  title: string;
  description?: string;
  indicators?: readonly DemoIndicator[];
  /** What is being done, for the assessment text. */
  note?: string;
  april?: DemoAssessment;
  august?: DemoAssessment;
  children?: readonly DemoGoal[];
}

const a = (status: GoalStatus, forecast: GoalStatus, round: DemoAssessment['round']): DemoAssessment => ({ status, forecast, round });

export const DEMO_GOALS: readonly DemoGoal[] = [
  {
    code: 'IM1',
    owner: '3000',
    title: 'Invånarna får en trygg vård och omsorg av god kvalitet',
    description: 'Kommunfullmäktiges inriktningsmål för mandatperioden.',
    indicators: [{ name: 'Brukarbedömning särskilt boende, helhetssyn', unit: '%', direction: 'higher', key: 'U23471', target: '88', values: ['81', '83', '82', '84', '85'] }],
    children: [
      {
        code: 'NM1.1',
        owner: '3000',
        title: 'Brukarna är nöjda med sina insatser och känner sig delaktiga',
        description: 'Socialnämndens mål: brukarna ska uppleva att de får vara med och bestämma om sina insatser.',
        indicators: [{ name: 'Brukarbedömning hemtjänst, helhetssyn', unit: '%', direction: 'higher', key: 'U21468', target: '90', values: ['84', '85', '83', '86', '87'] }],
        note: 'Delmålen för hemtjänst och LSS-boenden utvecklas väl; handläggningstiderna för barnutredningar är fortfarande för långa.',
        april: a('partly_met', 'partly_met', 'A'),
        august: a('partly_met', 'met', 'K'),
        children: [
          {
            code: 'DM1.1.1',
            owner: '3120',
            title: 'Ökad nöjdhet och kontinuitet i hemtjänsten',
            indicators: [
              { name: 'Brukarbedömning hemtjänst, helhetssyn', unit: '%', direction: 'higher', key: 'U21468', target: '90', values: ['84', '85', '83', '86', '87'] },
              { name: 'Andel brukare med fast omsorgskontakt', unit: '%', direction: 'higher', key: 'SN-HT-FOK', note: 'Verksamhetssystemet, mätning den sista i månaden', target: '95', values: ['71', '74', '78', '83', '88.5'] },
            ],
            note: 'Fast omsorgskontakt är infört i fyra av sex hemtjänstgrupper.',
            april: a('partly_met', 'met', 'A'),
            august: a('partly_met', 'met', 'A'),
            children: [
              { code: 'A1.1.1.1', owner: '31201', title: 'Fast omsorgskontakt för alla brukare i Hemtjänst Centrum', note: 'Alla brukare har fått en namngiven kontakt.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') },
              { code: 'A1.1.1.2', owner: '31203', title: 'Månatlig uppföljning av personalkontinuiteten', note: 'Uppföljningen görs på arbetsplatsträffen varje månad.', april: a('in_progress', 'done', 'A'), august: a('in_progress', 'done', 'K') },
              { code: 'A1.1.1.3', owner: '31205', title: 'Digital tillsyn nattetid på landsbygden', note: 'Upphandlingen av kameratillsyn blev försenad.', april: a('not_started', 'in_progress', 'A'), august: a('in_progress', 'in_progress', 'D') },
            ],
          },
          {
            code: 'DM1.1.2',
            owner: '3210',
            title: 'Delaktighet i vardagen i LSS-boenden',
            indicators: [{ name: 'Andel boende med aktuell genomförandeplan', unit: '%', direction: 'higher', key: 'SN-LSS-GFP', note: 'Egen granskning av genomförandeplaner', target: '100', values: ['76', '81', '85', '90', '94'] }],
            note: 'Genomförandeplanerna skrivs nu tillsammans med den boende.',
            april: a('partly_met', 'met', 'A'),
            august: a('met', 'met', 'K'),
            children: [
              { code: 'A1.1.2.1', owner: '32101', title: 'Genomförandeplaner upprättas tillsammans med den boende', note: 'Samtliga planer är uppdaterade.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') },
              { code: 'A1.1.2.2', owner: '32104', title: 'Boenderåd varje månad', note: 'Boenderådet träffas första måndagen i månaden.', april: a('done', 'done', 'A'), august: a('done', 'done', 'A') },
            ],
          },
          {
            code: 'DM1.1.3',
            owner: '3310',
            title: 'Barn och unga får en snabb och rättssäker utredning',
            indicators: [{ name: 'Handläggningstid för avslutade utredningar barn och unga, medianvärde', unit: 'dagar', direction: 'lower', key: 'N33460', target: '100', values: ['131', '124', '127', '119', '115'] }],
            note: 'Vakanser bland handläggarna gör att utredningstiden fortfarande ligger över målet.',
            april: a('not_met', 'partly_met', 'X'),
            august: a('not_met', 'partly_met', 'R'),
            children: [{ code: 'A1.1.3.1', owner: '33101', title: 'Veckovis genomgång av utredningstider', note: 'Genomgången görs varje tisdag.', april: a('in_progress', 'done', 'A'), august: a('in_progress', 'done', 'K') }],
          },
        ],
      },
      {
        code: 'NM1.2',
        owner: '3100',
        title: 'Äldre kan bo kvar hemma tryggt och länge',
        indicators: [{ name: 'Väntetid i antal dagar från ansökan till erbjudande om särskilt boende', unit: 'dagar', direction: 'lower', key: 'U23401', target: '60', values: ['94', '88', '81', '76', '71'] }],
        note: 'Väntetiden till särskilt boende minskar; hemtjänstens kontinuitet förbättras långsammare än planerat.',
        april: a('partly_met', 'partly_met', 'A'),
        august: a('partly_met', 'partly_met', 'D'),
        children: [
          {
            code: 'DM1.2.1',
            owner: '3120',
            title: 'Färre personal per brukare i hemtjänsten',
            indicators: [{ name: 'Personalkontinuitet, antal personal som en hemtjänsttagare möter under 14 dagar', unit: 'antal', direction: 'lower', key: 'U21401', target: '12', values: ['17', '16', '16', '15', '14'] }],
            note: 'Planering i mindre team har införts i två grupper.',
            april: a('partly_met', 'partly_met', 'A'),
            august: a('partly_met', 'partly_met', 'A'),
            children: [
              { code: 'A1.2.1.1', owner: '31202', title: 'Planering i mindre team', note: 'Teamen har sex till åtta medarbetare.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') },
              { code: 'A1.2.1.2', owner: '31204', title: 'Scheman med fasta rutter', note: 'Nytt planeringsverktyg tas i bruk i oktober.', april: a('not_started', 'in_progress', 'A'), august: a('in_progress', 'in_progress', 'K') },
            ],
          },
          {
            code: 'DM1.2.2',
            owner: '3130',
            title: 'Fler insatser av hälso- och sjukvård i hemmet',
            indicators: [{ name: 'Andel utskrivningsklara som kommit hem inom tre dagar', unit: '%', direction: 'higher', key: 'SN-HSL-HEM', note: 'Samordnad vårdplanering, egen sammanställning', target: '90', values: ['68', '72', '75', '79', '81'] }],
            note: 'Trygg hemgång är infört för alla som skrivs ut från sjukhuset.',
            april: a('partly_met', 'partly_met', 'A'),
            children: [
              { code: 'A1.2.2.1', owner: '31301', title: 'Trygg hemgång med hemsjukvård', note: 'Teamet har bemannats med två sjuksköterskor.', april: a('in_progress', 'done', 'A') },
              { code: 'A1.2.2.2', owner: '31302', title: 'Vardagsrehabilitering i hemtjänsten', note: 'Arbetsterapeuterna utbildar hemtjänstens personal.', april: a('in_progress', 'in_progress', 'A') },
            ],
          },
          {
            code: 'DM1.2.3',
            owner: '3140',
            title: 'Bättre stöd till anhöriga som vårdar',
            indicators: [{ name: 'Antal anhöriga som fått stödsamtal', unit: 'antal', direction: 'higher', key: 'SN-ANH-SAMTAL', note: 'Anhörigstödets egen statistik, ackumulerat under året', target: '150', values: ['38', '81', '126', '44', '97'] }],
            note: 'Anhörigcaféet har fått många nya besökare.',
            april: a('met', 'met', 'K'),
            august: a('met', 'met', 'A'),
            children: [{ code: 'A1.2.3.1', owner: '31403', title: 'Anhörigcafé varje vecka', note: 'Caféet har öppet varje torsdag.', april: a('done', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
        ],
      },
    ],
  },
  {
    code: 'IM2',
    owner: '3000',
    title: 'Fler invånare är självförsörjande och delaktiga i samhället',
    description: 'Kommunfullmäktiges inriktningsmål för mandatperioden.',
    children: [
      {
        code: 'NM2.1',
        owner: '3300',
        title: 'Fler hushåll blir självförsörjande',
        indicators: [{ name: 'Invånare med långvarigt ekonomiskt bistånd, andel av befolkningen', unit: '%', direction: 'lower', key: 'N31807', target: '0.8', values: ['1.3', '1.2', '1.25', '1.1', '1.05'] }],
        note: 'Andelen med långvarigt bistånd minskar, men arbetsmarknaden har försämrats under året.',
        april: a('partly_met', 'partly_met', 'A'),
        august: a('partly_met', 'not_met', 'A'),
        children: [
          {
            code: 'DM2.1.1',
            owner: '3330',
            title: 'Kortare tid med ekonomiskt bistånd',
            indicators: [{ name: 'Genomsnittlig tid med ekonomiskt bistånd', unit: 'månader', direction: 'lower', key: 'N31816', target: '5.5', values: ['7.1', '6.9', '7.2', '6.6', '6.4'] }],
            note: 'Alla med bistånd längre än tio månader har en individuell plan.',
            april: a('partly_met', 'partly_met', 'A'),
            august: a('partly_met', 'partly_met', 'K'),
            children: [
              { code: 'A2.1.1.1', owner: '33301', title: 'Individuell plan för alla med bistånd längre än tio månader', note: '112 av 120 har en plan.', april: a('in_progress', 'done', 'A'), august: a('in_progress', 'done', 'K') },
              { code: 'A2.1.1.2', owner: '33302', title: 'Arbetsmarknadsinsatser tillsammans med Arbetsförmedlingen', note: '45 deltagare hittills i år.', april: a('in_progress', 'in_progress', 'A'), august: a('in_progress', 'in_progress', 'D') },
              { code: 'A2.1.1.3', owner: '33303', title: 'Budgetrådgivning för unga vuxna', note: 'Starten är flyttad till hösten.', april: a('not_started', 'in_progress', 'K') },
            ],
          },
          {
            code: 'DM2.1.2',
            owner: '3320',
            title: 'Fler i missbruksvården får stöd till sysselsättning',
            indicators: [{ name: 'Andel avslutade insatser där personen har sysselsättning', unit: '%', direction: 'higher', key: 'SN-VUX-SYSS', note: 'Uppföljning vid avslut, egen mätning', target: '40', values: ['22', '24', '27', '26', '29'] }],
            note: 'IPS-metoden används nu i hela vuxenenheten.',
            april: a('not_met', 'partly_met', 'A'),
            august: a('partly_met', 'partly_met', 'D'),
            children: [{ code: 'A2.1.2.1', owner: '33202', title: 'Individanpassat stöd till arbete (IPS) i missbruksvården', note: 'Två IPS-coacher är anställda.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
        ],
      },
      {
        code: 'NM2.2',
        owner: '3200',
        title: 'Fler personer med funktionsnedsättning har arbete eller meningsfull sysselsättning',
        indicators: [{ name: 'Antal övergångar från daglig verksamhet till arbete eller studier', unit: 'antal', direction: 'higher', key: 'SN-DV-OVERG', note: 'Daglig verksamhets egen statistik, ackumulerat under året', target: '10', values: ['2', '4', '6', '3', '6'] }],
        note: 'Samarbetet med lokala företag ger fler praktikplatser.',
        april: a('partly_met', 'met', 'A'),
        august: a('partly_met', 'met', 'A'),
        children: [
          {
            code: 'DM2.2.1',
            owner: '3220',
            title: 'Fler övergångar från daglig verksamhet till arbete',
            indicators: [{ name: 'Antal deltagare i praktik på den öppna arbetsmarknaden', unit: 'antal', direction: 'higher', key: 'SN-DV-PRAKTIK', note: 'Egen statistik', target: '25', values: ['9', '12', '14', '15', '21'] }],
            note: 'Tio nya praktikplatser hos lokala företag.',
            april: a('partly_met', 'met', 'A'),
            august: a('met', 'met', 'A'),
            children: [
              { code: 'A2.2.1.1', owner: '32201', title: 'Praktikplatser hos lokala företag', note: 'Avtal med åtta företag.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') },
              { code: 'A2.2.1.2', owner: '32203', title: 'Trädgården levererar grönsaker till kommunens kök', note: 'Leveranserna startade i juni.', april: a('not_started', 'done', 'A'), august: a('in_progress', 'done', 'K') },
            ],
          },
          {
            code: 'DM2.2.2',
            owner: '3230',
            title: 'Personlig assistans som stödjer delaktighet',
            indicators: [{ name: 'Andel brukare som är nöjda med sin assistans', unit: '%', direction: 'higher', key: 'SN-PA-NOJD', note: 'Egen brukarenkät', target: '92', values: ['86', '86', '88', '89', '90'] }],
            note: 'Brukarenkäten visar fortsatt höga värden.',
            april: a('met', 'met', 'A'),
            august: a('met', 'met', 'R'),
            children: [{ code: 'A2.2.2.1', owner: '32301', title: 'Brukarenkät i alla assistansgrupper', note: 'Enkäten besvarades av 84 procent.', april: a('done', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
        ],
      },
    ],
  },
  {
    code: 'IM3',
    owner: '3000',
    title: 'Kommunen har en hållbar ekonomi och är en attraktiv arbetsgivare',
    description: 'Kommunfullmäktiges inriktningsmål för mandatperioden.',
    children: [
      {
        code: 'NM3.1',
        owner: '3000',
        title: 'Nämnden bedriver verksamheten inom tilldelad ram',
        indicators: [{ name: 'Prognostiserad avvikelse mot budget, andel av nettokostnaden', unit: '%', direction: 'higher', key: 'SN-EK-AVV', note: 'Helårsprognosen vid uppföljningen', target: '0', values: ['-0.4', '-0.9', '-1.6', '-1.2', '-0.8'] }],
        note: 'Prognosen visar ett underskott, främst inom placeringar och hemtjänst; åtgärdsplanen ger effekt under hösten.',
        april: a('not_met', 'partly_met', 'X'),
        august: a('not_met', 'partly_met', 'K'),
        children: [
          {
            code: 'DM3.1.1',
            owner: '3100',
            title: 'Äldreomsorgen håller sin ram',
            indicators: [{ name: 'Prognostiserad avvikelse, äldreomsorgen', unit: 'mnkr', direction: 'higher', key: 'SN-EK-AVV-AO', note: 'Helårsprognosen vid uppföljningen', target: '0', values: ['1.2', '-0.5', '-2.1', '-3.4', '-2.2'] }],
            note: 'Bemanningen anpassas efter beläggningen på boendena.',
            april: a('not_met', 'partly_met', 'A'),
            august: a('partly_met', 'partly_met', 'A'),
            children: [{ code: 'A3.1.1.1', owner: '31101', title: 'Bemanningsplanering efter beläggning', note: 'Ny rutin för bemanning vid lediga platser.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
          {
            code: 'DM3.1.2',
            owner: '3200',
            title: 'Funktionsstöd håller sin ram',
            note: 'Sektorn prognostiserar ett litet överskott.',
            april: a('met', 'met', 'A'),
            august: a('met', 'met', 'A'),
            children: [{ code: 'A3.1.2.1', owner: '32401', title: 'Översyn av korttidsplatserna', note: 'Översynen är klar och beslutad.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
          {
            code: 'DM3.1.3',
            owner: '3300',
            title: 'Lägre kostnader för externa placeringar',
            indicators: [{ name: 'Kostnad för institutionsvård barn och unga', unit: 'kr/invånare', direction: 'lower', key: 'N33008', target: '800', values: ['845', '912', '1004', '1088', '1131'] }],
            note: 'Fler placeringar i egna familjehem, men några dyra institutionsplaceringar under våren.',
            april: a('not_met', 'not_met', 'A'),
            august: a('not_met', 'not_met', 'A'),
            children: [
              { code: 'A3.1.3.1', owner: '33103', title: 'Fler placeringar i kommunens egna familjehem', note: 'Fyra nya familjehem rekryterade.', april: a('in_progress', 'in_progress', 'A'), august: a('in_progress', 'in_progress', 'A') },
              { code: 'A3.1.3.2', owner: '33104', title: 'Familjebehandling som alternativ till placering', note: 'Familjebehandlarna har utökats med en tjänst.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'K') },
            ],
          },
          {
            code: 'DM3.1.4',
            owner: '3400',
            title: 'Lägre kostnader för inhyrd personal',
            indicators: [{ name: 'Kostnad för inhyrd personal', unit: 'mnkr', direction: 'lower', key: 'SN-EK-INHYRD', note: 'Ekonomisystemet, konto 4610, ackumulerat under året', target: '2', values: ['1.4', '2.9', '4.6', '1.1', '1.9'] }],
            note: 'Bemanningspoolen ersätter bemanningsföretagen.',
            april: a('met', 'met', 'A'),
            august: a('met', 'met', 'A'),
            children: [{ code: 'A3.1.4.1', owner: '34301', title: 'Egen bemanningspool ersätter bemanningsföretag', note: 'Poolen har 18 anställda.', april: a('in_progress', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
        ],
      },
      {
        code: 'NM3.2',
        owner: '3000',
        title: 'Medarbetarna har god hälsa och vill stanna',
        indicators: [{ name: 'Sjukfrånvaro bland kommunens anställda, andel av ordinarie arbetstid', unit: '%', direction: 'lower', key: 'N00090', target: '6.5', values: ['7.9', '8.4', '8.1', '7.6', '7.4'] }],
        note: 'Sjukfrånvaron minskar sakta; personalomsättningen har gått ned.',
        april: a('partly_met', 'partly_met', 'A'),
        august: a('partly_met', 'partly_met', 'A'),
        children: [
          {
            code: 'DM3.2.1',
            owner: '3100',
            title: 'Sjukfrånvaron i äldreomsorgen minskar',
            indicators: [{ name: 'Sjukfrånvaro i äldreomsorgen', unit: '%', direction: 'lower', key: 'SN-HR-SJUK-AO', note: 'Lönesystemet, rullande tolv månader', target: '7', values: ['9.8', '9.6', '9.4', '9.1', '8.7'] }],
            note: 'Hälsofrämjande insatser på fyra boenden.',
            april: a('partly_met', 'partly_met', 'A'),
            august: a('partly_met', 'partly_met', 'D'),
            children: [
              { code: 'A3.2.1.1', owner: '31102', title: 'Hälsofrämjande arbetsplats på Björkhagen', note: 'Friskvårdsombud utsedda.', april: a('in_progress', 'done', 'A'), august: a('in_progress', 'done', 'D') },
              { code: 'A3.2.1.2', owner: '31206', title: 'Friskvårdstimme för nattpersonalen', note: 'Schemat har anpassats.', april: a('done', 'done', 'A') },
            ],
          },
          {
            code: 'DM3.2.2',
            owner: '3420',
            title: 'Lägre personalomsättning',
            indicators: [{ name: 'Personalomsättning', unit: '%', direction: 'lower', key: 'SN-HR-OMS', note: 'Lönesystemet, rullande tolv månader', target: '10', values: ['14.2', '13.8', '13.1', '12.4', '11.6'] }],
            note: 'Introduktionsprogrammet har fått goda omdömen.',
            april: a('partly_met', 'partly_met', 'A'),
            august: a('partly_met', 'met', 'K'),
            children: [{ code: 'A3.2.2.1', owner: '34202', title: 'Introduktionsprogram för nyanställda', note: 'Programmet ges varje månad.', april: a('done', 'done', 'A'), august: a('done', 'done', 'A') }],
          },
        ],
      },
    ],
  },
];

/** People who write and approve in the demo, by ansvar code (chiefs of enheter, verksamheter and sektorer). */
export const DEMO_PEOPLE = [
  'Anna Lindqvist',
  'Erik Johansson',
  'Maria Nilsson',
  'Karin Berg',
  'Johan Ek',
  'Sara Holm',
  'Lars Nyström',
  'Eva Sandberg',
  'Peter Åkesson',
  'Lena Forsberg',
  'Mikael Strand',
  'Sofia Björk',
  'Ahmed Hassan',
  'Ingrid Wallin',
  'Nils Persson',
  'Fatima Ali',
] as const;

/** The controller who approves nämndmål for the förvaltning. */
export const DEMO_CONTROLLER = 'Helena Ström';
