import type { DimensionKind, OrgLevel } from '../../db/schema';

/** The dimension that carries the organisational hierarchy. */
export const RESPONSIBILITY = 'ansvar';

export interface BaseDimension {
  code: string;
  name: string;
  kind: DimensionKind;
  /** Dimension number in SIE files (#DIM); 1 is kostnadsställe/resultatenhet, 6 projekt. */
  sieDimension: number;
}

/** The dimensions every database starts with; a kommun may add more. */
export const BASE_DIMENSIONS: readonly BaseDimension[] = [
  { code: RESPONSIBILITY, name: 'Ansvar', kind: 'responsibility', sieDimension: 1 },
  { code: 'verksamhetskod', name: 'Verksamhetskod', kind: 'activity_code', sieDimension: 20 },
  { code: 'aktivitet', name: 'Aktivitet', kind: 'activity', sieDimension: 21 },
  { code: 'projekt', name: 'Projekt', kind: 'project', sieDimension: 6 },
  { code: 'motpart', name: 'Motpart', kind: 'counterparty', sieDimension: 22 },
];

/** Levels of the ansvar hierarchy, top down. */
export const ORG_LEVELS: readonly OrgLevel[] = ['administration', 'sector', 'operation', 'unit'];

export const ORG_LEVEL_NAMES: Record<OrgLevel, string> = {
  administration: 'förvaltning',
  sector: 'sektor',
  operation: 'verksamhet',
  unit: 'enhet',
};
