import type { Warehouse } from '@parcours/store';

export interface RiskOptions {
  /** A diagnosis category held by fewer than this share of persons counts as rare (default 0.01). */
  readonly rareShare?: number;
}

export interface ReidentificationRisk {
  readonly persons: number;
  readonly quasiIdentifiers: readonly string[];
  readonly classes: number;
  readonly smallestClass: number;
  readonly personsInClassesBelow5: number;
  readonly personsInClassesBelow10: number;
}

/** k-anonymity of the warehouse's persons over quasi-identifiers (filled below). */
export async function reidentificationRisk(_warehouse: Warehouse, _options: RiskOptions = {}): Promise<ReidentificationRisk> {
  return { persons: 0, quasiIdentifiers: [], classes: 0, smallestClass: 0, personsInClassesBelow5: 0, personsInClassesBelow10: 0 };
}
