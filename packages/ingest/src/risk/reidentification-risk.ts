import { col, eq, select, table, type Warehouse } from '@parcours/store';

export interface RiskOptions {
  /**
   * A diagnosis category (ICD-10 three-character category, or the condition concept when the source is not ICD-10)
   * is rare when fewer than this share of the warehouse's persons have it (default 0.01: 1 %).
   */
  readonly rareShare?: number;
}


export interface ReidentificationRisk {
  readonly persons: number;
  readonly quasiIdentifiers: readonly string[];
  /** Equivalence classes: persons sharing every quasi-identifier value. */
  readonly classes: number;
  /** The k of the warehouse (smallest class size), 0 when there is no person. */
  readonly smallestClass: number;
  readonly personsInClassesBelow5: number;
  readonly personsInClassesBelow10: number;
  readonly classesBelow5: number;
  readonly classesBelow10: number;
  readonly rareShare: number;
}

export const QUASI_IDENTIFIERS = ['year of birth', 'sex', 'département of residence', 'rare diagnosis'] as const;

/**
 * The re-identification risk of the warehouse as k-anonymity over quasi-identifiers an outsider could know: year of
 * birth, sex, département of residence and a rare diagnosis (the person's rarest diagnosis category when it is rare,
 * otherwise "none"). Reports how many persons sit in classes smaller than 5 and 10. Reads the warehouse in streamed
 * batches; memory grows with the number of persons, not with the number of records.
 */
export async function reidentificationRisk(warehouse: Warehouse, options: RiskOptions = {}): Promise<ReidentificationRisk> {
  const rareShare = options.rareShare ?? 0.01;
  const persons = new Map<number, { key: string; categories: string[] }>();
  const people = select([col('person_id', 'p'), col('year_of_birth', 'p'), col('gender_concept_id', 'p'), col('county', 'l')], table('person', 'p'), undefined, {
    joins: [{ kind: 'join', type: 'left', table: table('location', 'l'), on: eq(col('location_id', 'l'), col('location_id', 'p')) }],
  });
  for await (const batch of warehouse.stream<{ person_id: number; year_of_birth: number | null; gender_concept_id: number | null; county: string | null }>(people)) {
    for (const p of batch) persons.set(p.person_id, { key: `${p.year_of_birth ?? '?'}|${p.gender_concept_id ?? '?'}|${p.county ?? '?'}`, categories: [] });
  }

  const holders = new Map<string, number>();
  const conditions = select([col('person_id'), col('condition_concept_id'), col('condition_source_value')], table('condition_occurrence'));
  for await (const batch of warehouse.stream<{ person_id: number; condition_concept_id: number; condition_source_value: string | null }>(conditions)) {
    for (const c of batch) {
      const person = persons.get(c.person_id);
      if (person === undefined) continue;
      const category = diagnosisCategory(c.condition_source_value, c.condition_concept_id);
      if (person.categories.includes(category)) continue;
      person.categories.push(category);
      holders.set(category, (holders.get(category) ?? 0) + 1);
    }
  }

  const rareBelow = rareShare * persons.size;
  const classSizes = new Map<string, number>();
  const classOf: string[] = [];
  for (const p of persons.values()) {
    let rarest = 'none';
    let fewest = Infinity;
    for (const c of p.categories) {
      const n = holders.get(c) ?? 0;
      if (n < rareBelow && (n < fewest || (n === fewest && c < rarest))) {
        rarest = c;
        fewest = n;
      }
    }
    const key = `${p.key}|${rarest}`;
    classOf.push(key);
    classSizes.set(key, (classSizes.get(key) ?? 0) + 1);
  }
  let smallest = persons.size === 0 ? 0 : Infinity;
  let below5 = 0;
  let below10 = 0;
  let classesBelow5 = 0;
  let classesBelow10 = 0;
  for (const size of classSizes.values()) {
    smallest = Math.min(smallest, size);
    if (size < 5) classesBelow5++;
    if (size < 10) classesBelow10++;
  }
  for (const key of classOf) {
    const size = classSizes.get(key) ?? 0;
    if (size < 5) below5++;
    if (size < 10) below10++;
  }
  return {
    persons: persons.size,
    quasiIdentifiers: QUASI_IDENTIFIERS,
    classes: classSizes.size,
    smallestClass: smallest,
    personsInClassesBelow5: below5,
    personsInClassesBelow10: below10,
    classesBelow5,
    classesBelow10,
    rareShare,
  };
}

/** ICD-10 three-character category ('C34.1' → 'C34'), or the concept id when the source is not ICD-10. */
function diagnosisCategory(sourceValue: string | null, conceptId: number): string {
  if (sourceValue !== null && /^[A-Z]\d\d/.test(sourceValue)) return sourceValue.slice(0, 3);
  return `concept:${conceptId}`;
}
