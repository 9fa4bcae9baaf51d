import { conceptById, tableSpec, WELL_KNOWN_CONCEPTS } from '@parcours/core';
import type { AppendValue } from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../src/omop/csv-line.js';
import { OmopMapper } from '../src/omop/omop-mapper.js';
import { omopColumns, type SynthOmopTable } from '../src/omop/omop-row.js';
import { breastPatient, FIXTURE_SITES, lungPatient } from './fixtures/synthetic-patients.js';

function mapAll(mode: 'warehouse' | 'export'): Map<SynthOmopTable, AppendValue[][]> {
  const rows = new Map<SynthOmopTable, AppendValue[][]>();
  const mapper = new OmopMapper(mode, FIXTURE_SITES);
  const emit = (t: SynthOmopTable, r: AppendValue[]) => rows.set(t, [...(rows.get(t) ?? []), r]);
  mapper.careSiteRows(emit);
  mapper.mapPatient(lungPatient(0), [{ id: 'n1', date: '2021-03-04', kind: 'consultation', title: 'Consultation', language: 'fr', text: 'Madame Quintard', spans: [] }], emit);
  mapper.mapPatient(breastPatient(1), [], emit);
  return rows;
}

const value = (table: SynthOmopTable, row: readonly AppendValue[], column: string): AppendValue => row[omopColumns(table).indexOf(column)];

describe('OMOP mapping', () => {
  const rows = mapAll('warehouse');

  it('gives every row the arity of its table and only bundled concept ids in *_concept_id columns', () => {
    for (const [table, list] of rows) {
      const spec = tableSpec(table)!;
      for (const row of list) {
        expect(row).toHaveLength(spec.columns.length);
        spec.columns.forEach((c, i) => {
          if (c.required) expect(row[i], `${table}.${c.name}`).not.toBeNull();
          if (c.name.endsWith('concept_id') && typeof row[i] === 'number' && row[i] !== 0) expect(conceptById(row[i]), `${table}.${c.name} = ${String(row[i])}`).toBeDefined();
          if (c.type === 'varchar' && typeof row[i] === 'string') expect(row[i].length).toBeLessThanOrEqual(c.length!);
          if (c.type === 'integer' && row[i] !== null) expect(Number.isInteger(row[i]) && (row[i] as number) < 2 ** 31).toBe(true);
        });
      }
    }
  });

  it('maps drugs to RxNorm ingredients with the ATC concept as source', () => {
    const drug = rows.get('drug_exposure')![0]!;
    expect(value('drug_exposure', drug, 'drug_concept_id')).toBe(40242675); // crizotinib
    expect(conceptById(value('drug_exposure', drug, 'drug_source_concept_id') as number)?.concept_code).toBe('L01ED01');
    expect(value('drug_exposure', drug, 'drug_exposure_end_date')).toBe('2021-05-03');
    expect(value('drug_exposure', drug, 'quantity')).toBe(250);
  });

  it('writes TNM as measurements of the LOINC item with the TNM concept as value, and the ROS1 fusion as its OMOP Genomic concept', () => {
    const m = rows.get('measurement')!;
    const t = m.find((r) => value('measurement', r, 'measurement_concept_id') === WELL_KNOWN_CONCEPTS.TNM_ITEM.clinicalT)!;
    expect(conceptById(value('measurement', t, 'value_as_concept_id') as number)?.concept_code).toBe('T2a');
    const stage = m.find((r) => value('measurement', r, 'measurement_concept_id') === WELL_KNOWN_CONCEPTS.TNM_ITEM.clinicalStageGroup)!;
    expect(conceptById(value('measurement', stage, 'value_as_concept_id') as number)?.concept_code).toBe('STAGE-IVB');
    expect(m.some((r) => value('measurement', r, 'measurement_concept_id') === 19643910)).toBe(true); // CD74::ROS1
    expect(m.some((r) => value('measurement', r, 'measurement_concept_id') === WELL_KNOWN_CONCEPTS.MEASUREMENT.ecog)).toBe(true);
  });

  it('keeps the ICD-10 source concept of the primary and of each metastasis', () => {
    const c = rows.get('condition_occurrence')!;
    expect(c.map((r) => value('condition_occurrence', r, 'condition_source_value'))).toEqual(['C34.1', 'C79.3', 'C79.5', 'C50.4']);
    for (const r of c) expect(conceptById(value('condition_occurrence', r, 'condition_source_concept_id') as number)?.vocabulary_id).toBe('ICD10');
  });

  it('writes each primary cancer as a disease episode linked to its condition, and each progression as a Disease Progression episode under it', () => {
    const episodes = rows.get('episode')!;
    const disease = episodes.filter((r) => value('episode', r, 'episode_concept_id') === WELL_KNOWN_CONCEPTS.EPISODE.diseaseFirstOccurrence);
    const progression = episodes.filter((r) => value('episode', r, 'episode_concept_id') === WELL_KNOWN_CONCEPTS.EPISODE.diseaseProgression);
    expect(disease).toHaveLength(2); // one cancer each
    expect(progression).toHaveLength(1); // the lung patient's
    const lungDisease = disease.find((r) => value('episode', r, 'person_id') === value('episode', progression[0]!, 'person_id'))!;
    expect(value('episode', progression[0]!, 'episode_parent_id')).toBe(value('episode', lungDisease, 'episode_id'));
    expect(value('episode', progression[0]!, 'episode_start_date')).toBe('2022-06-01');
    expect(value('episode', progression[0]!, 'episode_object_concept_id')).toBe(value('episode', lungDisease, 'episode_object_concept_id'));
    expect(conceptById(value('episode', lungDisease, 'episode_object_concept_id') as number)?.concept_code).toBe('C34.1');
    const events = rows.get('episode_event')!;
    const conditions = new Set(rows.get('condition_occurrence')!.map((r) => r[0]));
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(conditions.has(value('episode_event', e, 'event_id'))).toBe(true);
      expect(value('episode_event', e, 'episode_event_field_concept_id')).toBe(WELL_KNOWN_CONCEPTS.CDM_FIELD.conditionOccurrenceId);
    }
  });

  it('puts no direct identifier and no note into warehouse rows', () => {
    const p = lungPatient(0);
    const text = JSON.stringify([...rows.values()]);
    for (const id of [p.ipp, p.identity.lastName, p.identity.nir, p.identity.phone, p.identity.email, p.stays[0]!.nda, p.imaging[0]!.studyUid, p.imaging[0]!.seriesUids[0]!]) expect(text).not.toContain(id);
    expect(rows.get('note')).toBeUndefined();
    expect(rows.get('person')!.map((r) => value('person', r, 'person_source_value'))).toEqual([null, null]);
  });

  it('keeps identifiers and notes in the hospital-side export', () => {
    const exported = mapAll('export');
    expect(value('person', exported.get('person')![0]!, 'person_source_value')).toBe(lungPatient(0).ipp);
    expect(exported.get('note')).toHaveLength(1);
    expect(exported.get('image_occurrence')!.map((r) => value('image_occurrence', r, 'image_study_uid'))).toContain(lungPatient(0).imaging[0]!.studyUid);
  });

  it('links image_occurrence to its procedure and visit, with the DICOM modality concept', () => {
    const procedures = new Set(rows.get('procedure_occurrence')!.map((r) => r[0]));
    for (const r of rows.get('image_occurrence')!) {
      expect(procedures.has(value('image_occurrence', r, 'procedure_occurrence_id'))).toBe(true);
      expect(conceptById(value('image_occurrence', r, 'modality_concept_id') as number)?.vocabulary_id).toBe('DICOM');
    }
  });
});

describe('csvLine', () => {
  it('quotes as RFC 4180 and tells null from the empty string', () => {
    expect(csvLine([1, 'a,b', null, '', 'say "hi"', 'two\nlines'])).toBe('1,"a,b",,"","say ""hi""","two\nlines"\r\n');
  });
});
