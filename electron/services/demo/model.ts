/**
 * The economics of the demo förvaltning: what each kind of unit costs and
 * earns per year, in kronor, and how its outcome moves over the months. All
 * figures are invented but of a realistic size for a Swedish kommun of about
 * 45 000 inhabitants.
 */

export type UnitKind =
  | 'sabo'
  | 'hemtjanst'
  | 'hsl'
  | 'bistand_ao'
  | 'lss_boende'
  | 'daglig'
  | 'persass'
  | 'bistand_lss'
  | 'barn'
  | 'vuxen'
  | 'ekbistand'
  | 'oppenvard'
  | 'ledning'
  | 'stab'
  | 'bemanning'
  | 'bemanningsenhet';

/** Which kind of unit each verksamhet (operation code) holds. */
export const OPERATION_KIND: Record<string, UnitKind> = {
  '3110': 'sabo',
  '3120': 'hemtjanst',
  '3130': 'hsl',
  '3140': 'bistand_ao',
  '3210': 'lss_boende',
  '3220': 'daglig',
  '3230': 'persass',
  '3240': 'bistand_lss',
  '3310': 'barn',
  '3320': 'vuxen',
  '3330': 'ekbistand',
  '3340': 'oppenvard',
  '3410': 'ledning',
  '3420': 'stab',
  '3430': 'bemanning',
};

export interface UnitEconomy {
  /** Årsarbetare. */
  fte: number;
  /** Average monthly salary in kronor. */
  salary: number;
  /** Share of salary paid by the hour (vikarier), 0..1. */
  hourly: number;
  /** OB-tillägg as a share of monthly salaries. */
  ob: number;
  /** Other lines: account -> kronor per year (revenues negative). */
  lines: Record<string, number>;
}

type Rng = () => number;

const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();

/** The yearly economy of one unit of the given kind. */
export function unitEconomy(kind: UnitKind, rng: Rng): UnitEconomy {
  switch (kind) {
    case 'sabo': {
      const places = Math.round(between(rng, 28, 64));
      const fte = places * 0.85;
      return {
        fte,
        salary: 31_500,
        hourly: 0.09,
        ob: 0.1,
        lines: {
          '3120': -places * 26_000,
          '3140': -places * 36_000,
          '3420': -places * 62_000,
          '4010': places * 21_000,
          '4020': fte * 3_200,
          '4040': places * 4_500,
          '4060': fte * 900,
          '4110': fte * 1_200,
          '4520': fte * 4_000,
          '6120': places * 118_000,
          '6210': places * 6_500,
          '6310': places * 9_000,
          '6510': fte * 1_100,
          '6540': fte * 2_300,
          '6730': places * 5_800,
          '7410': places * 1_900,
          '7820': places * 4_200,
          '8410': places * 1_300,
          '5810': fte * 2_200,
          '5830': fte * 1_400,
        },
      };
    }
    case 'hemtjanst': {
      const fte = between(rng, 30, 58);
      return {
        fte,
        salary: 30_200,
        hourly: 0.12,
        ob: 0.07,
        lines: {
          '3130': -fte * 38_000,
          '4020': fte * 2_900,
          '4060': fte * 1_200,
          '4520': fte * 6_500,
          '6110': 380_000,
          '6520': fte * 2_600,
          '6540': fte * 3_100,
          '7010': fte * 14_500,
          '7020': fte * 6_200,
          '7030': fte * 1_400,
          '5810': fte * 2_000,
          '5830': fte * 1_400,
        },
      };
    }
    case 'hsl': {
      const fte = between(rng, 10, 26);
      return {
        fte,
        salary: 42_800,
        hourly: 0.05,
        ob: 0.06,
        lines: {
          '4040': fte * 21_000,
          '4050': fte * 9_500,
          '4070': fte * 26_000,
          '4380': fte * 8_000,
          '6110': 240_000,
          '6520': fte * 2_600,
          '6540': fte * 4_800,
          '7010': fte * 12_000,
          '7020': fte * 4_100,
          '5810': fte * 4_500,
          '5830': fte * 1_400,
        },
      };
    }
    case 'bistand_ao': {
      const fte = between(rng, 5, 12);
      return {
        fte,
        salary: 39_500,
        hourly: 0.02,
        ob: 0,
        lines: {
          '4310': between(rng, 4_000_000, 9_000_000),
          '4320': between(rng, 1_500_000, 3_000_000),
          '6110': 160_000,
          '6540': fte * 6_500,
          '6550': 220_000,
          '5810': fte * 4_000,
          '5830': fte * 1_400,
        },
      };
    }
    case 'lss_boende': {
      const places = Math.round(between(rng, 5, 7));
      const fte = places * 1.6;
      return {
        fte,
        salary: 30_800,
        hourly: 0.1,
        ob: 0.11,
        lines: {
          '3121': -places * 14_000,
          '3420': -places * 68_000,
          '3510': -between(rng, 0, 1_300_000),
          '4010': places * 14_000,
          '4020': fte * 2_600,
          '4520': fte * 3_500,
          '6120': places * 132_000,
          '6210': places * 5_200,
          '6540': fte * 1_900,
          '7410': places * 1_800,
          '7820': places * 3_500,
          '8410': places * 1_100,
          '5810': fte * 2_000,
          '5830': fte * 1_400,
        },
      };
    }
    case 'daglig': {
      const fte = between(rng, 6, 14);
      return {
        fte,
        salary: 30_100,
        hourly: 0.04,
        ob: 0,
        lines: {
          '3011': -between(rng, 60_000, 240_000),
          '4020': fte * 9_000,
          '4010': fte * 6_000,
          '4650': fte * 7_400,
          '6110': between(rng, 320_000, 700_000),
          '6710': fte * 12_000,
          '6540': fte * 1_900,
          '5810': fte * 1_800,
          '5830': fte * 1_400,
        },
      };
    }
    case 'persass': {
      const fte = between(rng, 18, 34);
      return {
        fte,
        salary: 29_600,
        hourly: 0.18,
        ob: 0.12,
        lines: {
          '3630': -fte * 510_000,
          '4020': fte * 1_100,
          '4370': between(rng, 800_000, 2_400_000),
          '6540': fte * 1_300,
          '7210': fte * 2_800,
          '5810': fte * 1_300,
          '5830': fte * 1_400,
        },
      };
    }
    case 'bistand_lss': {
      const fte = between(rng, 4, 16);
      return {
        fte,
        salary: 33_000,
        hourly: 0.06,
        ob: 0.04,
        lines: {
          '4360': between(rng, 3_000_000, 8_000_000),
          '4640': between(rng, 300_000, 700_000),
          '5120': between(rng, 250_000, 550_000),
          '6110': 260_000,
          '6540': fte * 3_500,
          '5810': fte * 2_000,
          '5830': fte * 1_400,
        },
      };
    }
    case 'barn': {
      const fte = between(rng, 6, 16);
      return {
        fte,
        salary: 41_200,
        hourly: 0.03,
        ob: 0.02,
        lines: {
          '3150': -between(rng, 50_000, 180_000),
          '3610': -between(rng, 300_000, 1_400_000),
          '4330': between(rng, 3_000_000, 11_000_000),
          '4340': between(rng, 1_500_000, 4_000_000),
          '4630': between(rng, 600_000, 2_200_000),
          '5130': between(rng, 400_000, 1_500_000),
          '6110': 210_000,
          '6620': between(rng, 80_000, 300_000),
          '6630': between(rng, 60_000, 260_000),
          '6540': fte * 5_200,
          '5810': fte * 4_500,
          '5820': fte * 2_500,
          '5830': fte * 1_400,
        },
      };
    }
    case 'vuxen': {
      const fte = between(rng, 5, 12);
      return {
        fte,
        salary: 40_100,
        hourly: 0.03,
        ob: 0.03,
        lines: {
          '3150': -between(rng, 40_000, 120_000),
          '4350': between(rng, 2_500_000, 7_000_000),
          '4640': between(rng, 100_000, 400_000),
          '6110': 190_000,
          '6130': between(rng, 200_000, 900_000),
          '6540': fte * 4_800,
          '5810': fte * 3_800,
          '5830': fte * 1_400,
        },
      };
    }
    case 'ekbistand': {
      const fte = between(rng, 5, 13);
      return {
        fte,
        salary: 38_200,
        hourly: 0.02,
        ob: 0,
        lines: {
          '3650': -between(rng, 200_000, 1_200_000),
          '3660': -between(rng, 100_000, 600_000),
          '3810': -between(rng, 100_000, 300_000),
          '4610': between(rng, 6_000_000, 18_000_000),
          '6110': 230_000,
          '6540': fte * 4_500,
          '6550': 180_000,
          '5810': fte * 2_600,
          '5830': fte * 1_400,
        },
      };
    }
    case 'oppenvard': {
      const fte = between(rng, 3, 9);
      return {
        fte,
        salary: 38_800,
        hourly: 0.04,
        ob: 0.02,
        lines: {
          '3620': -between(rng, 200_000, 900_000),
          '4020': fte * 4_800,
          '4620': between(rng, 50_000, 300_000),
          '6110': between(rng, 150_000, 420_000),
          '6540': fte * 2_700,
          '7210': fte * 3_200,
          '5810': fte * 3_500,
          '5830': fte * 1_400,
        },
      };
    }
    case 'ledning': {
      const fte = between(rng, 2, 5);
      return {
        fte,
        salary: 62_000,
        hourly: 0,
        ob: 0,
        lines: {
          '6110': between(rng, 250_000, 900_000),
          '6540': between(rng, 400_000, 1_600_000),
          '6610': between(rng, 300_000, 900_000),
          '7310': between(rng, 20_000, 60_000),
          '7510': between(rng, 80_000, 220_000),
          '7410': between(rng, 200_000, 600_000),
          '5820': between(rng, 80_000, 250_000),
          '5840': between(rng, 100_000, 400_000),
          '5810': fte * 6_000,
        },
      };
    }
    case 'stab': {
      const fte = between(rng, 3, 9);
      return {
        fte,
        salary: 46_500,
        hourly: 0.01,
        ob: 0,
        lines: {
          '6110': between(rng, 120_000, 300_000),
          '6410': fte * 2_500,
          '6540': fte * 9_000,
          '6550': between(rng, 150_000, 700_000),
          '6610': between(rng, 50_000, 350_000),
          '7210': fte * 4_000,
          '5810': fte * 5_000,
          '5830': fte * 1_400,
        },
      };
    }
    case 'bemanning':
    case 'bemanningsenhet': {
      const fte = kind === 'bemanningsenhet' ? between(rng, 25, 40) : between(rng, 3, 7);
      return {
        fte,
        salary: kind === 'bemanningsenhet' ? 29_900 : 37_000,
        hourly: kind === 'bemanningsenhet' ? 0.35 : 0.02,
        ob: kind === 'bemanningsenhet' ? 0.08 : 0,
        lines: {
          ...(kind === 'bemanningsenhet' ? { '3540': -fte * 560_000, '5860': fte * 9_000 } : {}),
          '6110': between(rng, 90_000, 240_000),
          '6410': fte * 1_800,
          '6430': fte * 900,
          '6540': fte * 3_300,
          '5810': fte * 2_200,
          '5830': fte * 1_400,
        },
      };
    }
  }
}

/**
 * PO-pålägg used by the demo, per salary krona, on its three accounts:
 * arbetsgivaravgifter 31,42 %, avtalsförsäkringar 0,13 % and avtalspension
 * 12,98 %, SKR's parts of the 44,53 % for kommuner 2023 that the demo stores
 * as its year's PO rate (labelled "SKR 2023"), so that budget and rate agree.
 */
export const DEMO_PO = { '5610': 0.3142, '5620': 0.0013, '5630': 0.1298 } as const;

/** The same PO booked on one account, as the personnel budget does for the units budgeted per position. */
export const POSITION_PO = { '5610': 0.4453 } as const;

/** Month-by-month outcome pattern (relative to an even twelfth) by account. */
export function outcomeSeason(account: string): readonly number[] | null {
  switch (account) {
    case '5010': // monthly salaries are paid through the semester; semestertillägg in June
      return [1.0, 0.99, 1.0, 1.0, 1.01, 1.04, 1.0, 0.99, 1.0, 1.01, 1.0, 1.02];
    case '5020': // vikarier over the summer
      return [0.8, 0.78, 0.85, 0.86, 0.9, 1.35, 2.2, 1.6, 0.85, 0.8, 0.8, 0.8];
    case '5050':
      return [1.0, 0.96, 1.0, 1.0, 1.0, 1.05, 1.2, 1.1, 0.96, 0.94, 0.92, 0.98];
    case '6210':
    case '6220':
      return [1.55, 1.4, 1.2, 0.9, 0.7, 0.6, 0.55, 0.6, 0.8, 1.0, 1.25, 1.45];
    case '3620': // riktade statsbidrag arrive in two payments
      return [0, 0, 0, 4.8, 0, 0, 0, 0, 0, 7.2, 0, 0];
    case '4010':
    case '6720':
      return [1.0, 0.92, 1.0, 0.98, 1.01, 0.99, 1.03, 1.03, 0.98, 1.01, 0.99, 1.06];
    default:
      return null;
  }
}

/** Accounts that follow the budget to the krona every month (rents, depreciation, internal interest). */
export const FIXED_ACCOUNTS = new Set(['6110', '6120', '6130', '7810', '7820', '7830', '8410']);

/** Units that run clearly over budget (factor on costs) or under it, as real förvaltningar do. */
export const UNIT_BIAS: Record<string, number> = {
  '31104': 1.11,
  '31202': 1.08,
  '31301': 1.06,
  '32103': 1.09,
  '33103': 1.27,
  '33202': 1.18,
  '33301': 1.09,
  '31302': 0.93,
  '31403': 0.91,
  '32202': 0.94,
  '33402': 0.9,
  '34203': 0.92,
  '34101': 0.9,
  '34202': 0.94,
  '34302': 0.93,
};
