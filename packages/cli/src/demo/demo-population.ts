import { AppError, atcIngredientConceptIds, conceptIdFor, daysFromCivil, tableSpec, type WarehouseTableName } from '@parcours/core';
import type { AppendValue } from '@parcours/store';

/**
 * A small, seeded, entirely synthetic lung-cancer population for the quick start, written straight as OMOP rows.
 * It stands in for the synthetic-population generator (packages/synth) until that exists; nothing here is, or is
 * derived from, a real patient.
 */
export interface DemoPopulation {
  readonly person: AppendValue[][];
  readonly observation_period: AppendValue[][];
  readonly condition_occurrence: AppendValue[][];
  readonly drug_exposure: AppendValue[][];
  readonly measurement: AppendValue[][];
  readonly death: AppendValue[][];
}

/** A row given by OMOP column names, as an array in the table's column order (unnamed columns are null). */
function omopRow(table: WarehouseTableName, values: Readonly<Record<string, AppendValue>>): AppendValue[] {
  const spec = tableSpec(table);
  if (spec === undefined) throw new AppError('internal', `no table ${table}`);
  for (const name of Object.keys(values)) {
    if (!spec.columns.some((c) => c.name === name)) throw new AppError('internal', `no column ${table}.${name}`);
  }
  return spec.columns.map((c) => values[c.name] ?? null);
}

/** mulberry32: a tiny deterministic PRNG, so the same seed gives the same warehouse. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EHR = 32817; // OMOP type concept "EHR"
const MALE = 8507;
const FEMALE = 8532;
/** SNOMED "Non-small cell lung cancer" (standard); the ICD-10 code stays as the source concept, as OMOP does. */
const NSCLC = 4115276;

export function demoPopulation(persons: number, seed = 2026): DemoPopulation {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const concept = (vocabulary: string, code: string) => conceptIdFor(vocabulary, code) ?? 0;
  const sites = ['C34.0', 'C34.1', 'C34.2', 'C34.3', 'C34.9'];
  const regimens = [
    ['L01XA02', 'L01BA04'], // carboplatin + pemetrexed
    ['L01XA01', 'L01BA04'], // cisplatin + pemetrexed
    ['L01FF02'], // pembrolizumab
    ['L01ED01'], // crizotinib
    ['L01EB04'], // osimertinib
  ];
  const out: DemoPopulation = { person: [], observation_period: [], condition_occurrence: [], drug_exposure: [], measurement: [], death: [] };
  let drugId = 0;
  let measurementId = 0;
  for (let id = 1; id <= persons; id++) {
    const birthYear = 1935 + Math.floor(random() * 50);
    const female = random() < 0.45;
    out.person.push(
      omopRow('person', { person_id: id, gender_concept_id: female ? FEMALE : MALE, year_of_birth: birthYear, race_concept_id: 0, ethnicity_concept_id: 0, person_source_value: `demo-${id}`, gender_source_value: female ? 'F' : 'M' }),
    );
    const diagnosis = daysFromCivil(2012 + Math.floor(random() * 12), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    const survivalDays = Math.round(-Math.log(1 - random()) * 700);
    const followUpEnd = daysFromCivil(2025, 12, 31);
    const end = Math.min(diagnosis + survivalDays, followUpEnd);
    const died = diagnosis + survivalDays <= followUpEnd;
    out.observation_period.push(
      omopRow('observation_period', { observation_period_id: id, person_id: id, observation_period_start_date: diagnosis - 30, observation_period_end_date: end, period_type_concept_id: EHR }),
    );
    const site = pick(sites);
    out.condition_occurrence.push(
      omopRow('condition_occurrence', {
        condition_occurrence_id: id,
        person_id: id,
        condition_concept_id: NSCLC,
        condition_start_date: diagnosis,
        condition_type_concept_id: EHR,
        condition_source_value: site,
        condition_source_concept_id: concept('ICD10', site),
      }),
    );
    const regimen = pick(regimens);
    for (let cycle = 0, day = diagnosis + 21; cycle < 6 && day < end; cycle++, day += 21) {
      for (const atc of regimen) {
        drugId++;
        // The standard drug concept is the RxNorm ingredient; the ATC class is the source concept.
        out.drug_exposure.push(
          omopRow('drug_exposure', {
            drug_exposure_id: drugId,
            person_id: id,
            drug_concept_id: atcIngredientConceptIds(atc)[0] ?? 0,
            drug_exposure_start_date: day,
            drug_exposure_end_date: day,
            drug_type_concept_id: EHR,
            drug_source_value: atc,
            drug_source_concept_id: concept('ATC', atc),
          }),
        );
      }
    }
    measurementId++;
    out.measurement.push(
      omopRow('measurement', {
        measurement_id: measurementId,
        person_id: id,
        measurement_concept_id: concept('LOINC', '718-7'),
        measurement_date: diagnosis,
        measurement_type_concept_id: EHR,
        value_as_number: Math.round((10 + random() * 6) * 10) / 10,
        unit_concept_id: concept('UCUM', 'g/dL'),
        range_low: 12,
        range_high: 16,
        measurement_source_value: '718-7',
        measurement_source_concept_id: concept('LOINC', '718-7'),
        unit_source_value: 'g/dL',
      }),
    );
    if (died) out.death.push(omopRow('death', { person_id: id, death_date: end, death_type_concept_id: EHR }));
  }
  return out;
}
