import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WELL_KNOWN_CONCEPTS as C } from '@parcours/core';
import { Pseudonymizer } from '@parcours/pseudo';
import { as, col, count, initWarehouse, select, table, type Row, type Warehouse } from '@parcours/store';
import { createPopulationNotes, generatePopulation, writeFhirNdjson, writeToWarehouse } from '@parcours/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFhir, type LoadReport } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';

reportSkips();

/**
 * Known truth: the same synthetic population written twice — as identified FHIR R4/mCODE NDJSON ingested through
 * `ingestFhir` (warehouse A), and straight into OMOP by the synthetic hospital's direct writer (warehouse B, the
 * warehouse's reference conventions). Every table must hold the same number of rows and, column by column, the
 * same multiset of facts: concepts, dates, values, units, non-identifying source values. Ids, pseudonyms and UIDs
 * differ by design and are not compared.
 *
 * Deliberate differences (documented in docs/fhir-mapping.md), handled below where they occur:
 * - person.person_source_value is the patient key's pseudonym in A, empty in B; gender_source_value is FHIR's
 *   'female'/'male' in A, the model's 'F'/'M' in B (not compared).
 * - visit_source_value is the Encounter class code in A ('IMP'), the stay kind in B ('inpatient'): compared
 *   through the synthetic FHIR writer's class table.
 * - drug_exposure.route_source_value is the SNOMED route code in A, the word in B (compared through the writer's
 *   route table); sig is empty in A (FHIR has no such text: the cycle is a free-text note, not loaded).
 * - procedure_source_value: the synthetic procedures have no code in FHIR, only a description, and slides have no
 *   body site: A keeps what FHIR says, B the model's code (compared only for imaging exams).
 * - measurement_source_value of TNM items is the observation's code in A ('399504009'), 'TNM 8th' in B. Genomic
 *   test labels are equal: the DNA change type component (LOINC 48019-4) says what a negative test looked for.
 * - death cause columns: FHIR Patient has no cause of death; B writes the primary cancer (not compared).
 * - care_site_source_value: the FINESS in A, the site id in B (names are compared).
 * - location and note rows exist only in A: B has no address and writes no notes in warehouse mode.
 */

const PATIENTS = 300;
const SEED = 21;
const pseudonymizer = Pseudonymizer.fromKey(Buffer.alloc(32, 3));

/** The synthetic FHIR writer's tables (packages/synth/src/fhir/fhir-resources.ts), to compare source values. */
const CLASS_OF_KIND: Readonly<Record<string, string>> = { inpatient: 'IMP', 'day-hospital': 'SS', outpatient: 'AMB', emergency: 'EMER' };
const ROUTE_CODE: Readonly<Record<string, string>> = { oral: '26643006', intravenous: '47625008', subcutaneous: '34206005', intramuscular: '78421000' };
const TNM_ITEMS = new Set<number>(Object.values(C.TNM_ITEM));

type Normalise = (row: Row, side: 'fhir' | 'direct') => Row;

interface TableCheck {
  readonly columns: readonly string[];
  readonly normalise?: Normalise;
}


const CHECKS: Readonly<Record<string, TableCheck>> = {
  person: { columns: ['gender_concept_id', 'year_of_birth', 'month_of_birth', 'day_of_birth', 'race_concept_id', 'ethnicity_concept_id'] },
  observation_period: { columns: ['observation_period_start_date', 'observation_period_end_date', 'period_type_concept_id'] },
  visit_occurrence: {
    columns: ['visit_concept_id', 'visit_start_date', 'visit_end_date', 'visit_type_concept_id', 'visit_source_value'],
    normalise: (r, side) => (side === 'direct' ? { ...r, visit_source_value: CLASS_OF_KIND[String(r['visit_source_value'])] ?? null } : r),
  },
  condition_occurrence: {
    columns: ['condition_concept_id', 'condition_start_date', 'condition_end_date', 'condition_type_concept_id', 'condition_source_value', 'condition_source_concept_id', 'condition_status_source_value'],
  },
  drug_exposure: {
    columns: ['drug_concept_id', 'drug_exposure_start_date', 'drug_exposure_end_date', 'drug_type_concept_id', 'quantity', 'days_supply', 'drug_source_value', 'drug_source_concept_id', 'route_source_value', 'dose_unit_source_value'],
    normalise: (r, side) => (side === 'direct' ? { ...r, route_source_value: ROUTE_CODE[String(r['route_source_value'])] ?? null } : r),
  },
  procedure_occurrence: {
    columns: ['procedure_concept_id', 'procedure_date', 'procedure_end_date', 'procedure_type_concept_id', 'procedure_source_value', 'procedure_source_concept_id', 'modifier_source_value'],
    normalise: (r) => (r['procedure_concept_id'] === 0 || r['procedure_concept_id'] === C.IMAGING_MODALITY.SM ? { ...r, procedure_source_value: null } : r),
  },
  measurement: {
    columns: [
      'measurement_concept_id',
      'measurement_date',
      'measurement_type_concept_id',
      'value_as_number',
      'value_as_concept_id',
      'unit_concept_id',
      'range_low',
      'range_high',
      'measurement_source_value',
      'measurement_source_concept_id',
      'unit_source_value',
      'value_source_value',
    ],
    normalise: (r) => (TNM_ITEMS.has(Number(r['measurement_concept_id'])) ? { ...r, measurement_source_value: null } : r),
  },
  observation: {
    columns: [
      'observation_concept_id',
      'observation_date',
      'observation_type_concept_id',
      'value_as_number',
      'value_as_string',
      'value_as_concept_id',
      'unit_concept_id',
      'observation_source_value',
      'observation_source_concept_id',
      'unit_source_value',
      'value_source_value',
    ],
  },
  death: { columns: ['death_date', 'death_type_concept_id'] },
  specimen: { columns: ['specimen_concept_id', 'specimen_type_concept_id', 'specimen_date', 'anatomic_site_concept_id', 'specimen_source_id', 'specimen_source_value', 'anatomic_site_source_value'] },
  image_occurrence: { columns: ['image_occurrence_date', 'modality_concept_id'] },
  episode: { columns: ['episode_concept_id', 'episode_start_date', 'episode_end_date', 'episode_object_concept_id', 'episode_type_concept_id', 'episode_source_value', 'has_parent'] },
  episode_event: { columns: ['episode_event_field_concept_id'] },
  care_site: { columns: ['care_site_name'] },
};

async function rowCount(wh: Warehouse, name: string): Promise<number> {
  const [r] = await wh.query<{ n: bigint | number }>(select([as(count(), 'n')], table(name)));
  return Number(r?.n ?? 0);
}

/** The compared columns of every row of a table, as sorted JSON lines (a multiset). */
async function facts(wh: Warehouse, name: string, check: TableCheck, side: 'fhir' | 'direct'): Promise<string[]> {
  const columns = check.columns.filter((c) => c !== 'has_parent');
  const items = [...columns.map((c) => col(c)), ...(check.columns.includes('has_parent') ? [col('episode_parent_id')] : [])];
  const out: string[] = [];
  for await (const batch of wh.stream(select(items, table(name)))) {
    for (const raw of batch) {
      const row: Row = {};
      for (const c of columns) row[c] = raw[c] ?? null;
      if (check.columns.includes('has_parent')) row['has_parent'] = raw['episode_parent_id'] !== null;
      const n = check.normalise === undefined ? row : check.normalise(row, side);
      out.push(JSON.stringify(check.columns.map((c) => (typeof n[c] === 'bigint' ? Number(n[c]) : n[c]))));
    }
  }
  return out.sort();
}

/** The first few facts present on one side only, for a readable failure. */
function difference(a: readonly string[], b: readonly string[]): { onlyFhir: string[]; onlyDirect: string[] } {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  const onlyDirect: string[] = [];
  for (const x of b) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else onlyDirect.push(x);
  }
  const onlyFhir = [...counts].flatMap(([x, n]) => Array<string>(n).fill(x));
  return { onlyFhir: onlyFhir.slice(0, 5), onlyDirect: onlyDirect.slice(0, 5) };
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`FHIR ingestion = the direct writer (known truth) on ${engine.name}`, () => {
    let dir: string;
    let fhir: Warehouse & AsyncDisposable;
    let direct: Warehouse & AsyncDisposable;
    let report: LoadReport;
    let resources: Record<string, number>;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'parcours-fhir-eq-'));
      const population = generatePopulation({ patients: PATIENTS, seed: SEED });
      resources = (await writeFhirNdjson(population, dir, { notes: createPopulationNotes(SEED, population.sites) })).counts;
      fhir = await engine.open();
      await initWarehouse(fhir, { today: '2026-01-01' });
      // Birth dates kept to the day so that person rows compare (the default keeps the year only).
      report = await ingestFhir(fhir, [dir], { pseudonymizer, birthDatePrecision: 'day' });
      direct = await engine.open();
      await initWarehouse(direct, { today: '2026-01-01' });
      await writeToWarehouse(direct, generatePopulation({ patients: PATIENTS, seed: SEED }));
    }, 240_000);

    afterAll(async () => {
      await fhir?.[Symbol.asyncDispose]();
      await direct?.[Symbol.asyncDispose]();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('loads every resource and reconciles: only DiagnosticReports (groupings of loaded Observations) are skipped', () => {
      const total = Object.values(resources).reduce((a, b) => a + b, 0);
      expect(report).toMatchObject({ read: total, quarantined: 0, excluded: 0, reconciled: true });
      expect(report.skippedByReason).toEqual({ 'grouping-resource': resources['DiagnosticReport'] });
      expect(report.loaded).toBe(total - (resources['DiagnosticReport'] ?? 0));
    });

    it.each(Object.keys(CHECKS))('%s: the same number of rows and the same facts', async (name) => {
      const check = CHECKS[name]!;
      expect(await rowCount(fhir, name), `${name} rows`).toBe(await rowCount(direct, name));
      const a = await facts(fhir, name, check, 'fhir');
      const b = await facts(direct, name, check, 'direct');
      expect(difference(a, b), `${name}: facts present on one side only`).toEqual({ onlyFhir: [], onlyDirect: [] });
      expect(a.length).toBeGreaterThan(0);
    });

    it('writes what only FHIR has: one location per département (nothing finer) and the de-identified notes', async () => {
      expect(await rowCount(fhir, 'note')).toBe(resources['DocumentReference']);
      const locations = await fhir.query<{ county: string; address_1: string | null; city: string | null; zip: string | null }>(select([col('county'), col('address_1'), col('city'), col('zip')], table('location')));
      expect(locations.length).toBeGreaterThan(0);
      expect(new Set(locations.map((l) => l.county)).size).toBe(locations.length);
      for (const l of locations) expect([l.address_1, l.city, l.zip]).toEqual([null, null, null]);
      expect(await rowCount(direct, 'location')).toBe(0);
    });
  });
}
