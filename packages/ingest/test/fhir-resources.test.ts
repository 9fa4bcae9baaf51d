import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cachedConceptId, conceptIdFor, WELL_KNOWN_CONCEPTS as C } from '@parcours/core';
import { Pseudonymizer } from '@parcours/pseudo';
import { col, initWarehouse, select, star, table, type Row, type Warehouse } from '@parcours/store';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ingestFhir, type LoadReport } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { ndjsonFolder, patient } from './fixtures/fhir-fixtures.js';

reportSkips();

/**
 * Resources and elements the synthetic export does not have (the equivalence test covers those it has): a
 * Bundle with urn:uuid references, prescriptions and self-reported drugs, a contained Medication, coded procedures,
 * a pathological TNM, a progression with its focus, a SNOMED and an unknown condition, a report with a conclusion,
 * a PDF document, a questionnaire with coded and text answers.
 */
const SUBJECT = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' };
const CONDITION = 'urn:uuid:00000000-0000-4000-8000-000000000002';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

const entries: Record<string, unknown>[] = [
  { fullUrl: SUBJECT.reference, resource: { ...patient('x1', 'IPP-7001', { deceased: '2023-04-02' }), id: undefined } },
  {
    fullUrl: CONDITION,
    resource: {
      resourceType: 'Condition',
      meta: { profile: ['http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition'] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'C50.4' }] },
      subject: SUBJECT,
      onsetDateTime: '2021-02-03',
    },
  },
  { resource: { resourceType: 'Condition', code: { coding: [{ system: SNOMED, code: '254637007' }] }, subject: SUBJECT, onsetDateTime: '2021-03-01' } },
  { resource: { resourceType: 'Condition', code: { coding: [{ system: 'http://example.invalid/local', code: 'XYZ-1' }] }, subject: SUBJECT, recordedDate: '2021-03-02' } },
  {
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '21899-0' }] },
      subject: SUBJECT,
      effectiveDateTime: '2021-03-15',
      valueCodeableConcept: { coding: [{ system: 'http://cancerstaging.org', code: 'pT2' }] },
    },
  },
  {
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '97509-4' }] },
      subject: SUBJECT,
      focus: [{ reference: CONDITION }],
      effectiveDateTime: '2022-05-06',
      valueCodeableConcept: { coding: [{ system: SNOMED, code: '271299001' }] },
    },
  },
  {
    resource: {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L01ED01' }] },
      subject: SUBJECT,
      authoredOn: '2022-06-01',
      dispenseRequest: { quantity: { value: 60 }, expectedSupplyDuration: { value: 4, unit: 'weeks', code: 'wk' }, numberOfRepeatsAllowed: 2 },
    },
  },
  {
    resource: {
      resourceType: 'MedicationStatement',
      status: 'active',
      contained: [{ resourceType: 'Medication', id: 'm1', code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L01ED01' }] } }],
      medicationReference: { reference: '#m1' },
      subject: SUBJECT,
      effectivePeriod: { start: '2022-06-10', end: '2022-06-19' },
    },
  },
  { resource: { resourceType: 'MedicationAdministration', status: 'not-done', medicationCodeableConcept: { text: 'x' }, subject: SUBJECT, effectiveDateTime: '2022-06-02' } },
  { resource: { resourceType: 'Procedure', status: 'completed', code: { coding: [{ system: 'urn:oid:1.2.250.1.213.2.5', code: 'GFFA013' }] }, subject: SUBJECT, performedPeriod: { start: '2021-04-01', end: '2021-04-02' } } },
  { resource: { resourceType: 'DiagnosticReport', status: 'final', code: { text: 'Compte rendu' }, subject: SUBJECT, effectiveDateTime: '2021-03-15', conclusion: 'Carcinome chez Mme Quintard, IPP IPP-7001.' } },
  { resource: { resourceType: 'DocumentReference', status: 'current', subject: SUBJECT, date: '2021-03-16', content: [{ attachment: { contentType: 'application/pdf', data: 'JVBERi0=' } }] } },
  {
    resource: {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://example.invalid/Questionnaire/pain-diary|2',
      subject: SUBJECT,
      authored: '2022-07-01',
      item: [
        { linkId: 'q1', answer: [{ valueCoding: { system: LOINC, code: 'LA6568-5', display: 'Not at all' } }] },
        { linkId: 'group', item: [{ linkId: 'q2', answer: [{ valueString: 'Vu par Mme Quintard' }, { valueBoolean: true }] }] },
      ],
    },
  },
];

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`FHIR resources beyond the synthetic export on ${engine.name}`, () => {
    let wh: Warehouse & AsyncDisposable;
    let report: LoadReport;
    const rows = async (name: string): Promise<Row[]> => wh.query(select([star()], table(name)));

    beforeAll(async () => {
      const dir = ndjsonFolder({});
      writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entries }));
      wh = await engine.open();
      await initWarehouse(wh, { today: '2026-01-01' });
      report = await ingestFhir(wh, [dir], { pseudonymizer: Pseudonymizer.fromKey(Buffer.alloc(32, 8)) });
    });
    afterAll(async () => wh?.[Symbol.asyncDispose]());

    it('accounts for every entry', () => {
      expect(report).toMatchObject({ read: 13, loaded: 11, quarantined: 0, reconciled: true, skippedByReason: { 'status-not-done': 1, 'no-text-content': 1 } });
    });

    it('maps conditions by ICD-10 or SNOMED, keeps unknown codes with concept 0, and opens a disease episode for the primary', async () => {
      const conditions = await rows('condition_occurrence');
      const byValue = new Map(conditions.map((c) => [c['condition_source_value'], c]));
      expect(byValue.get('C50.4')).toMatchObject({ condition_source_concept_id: cachedConceptId('ICD10', 'C50.4'), condition_status_source_value: 'primary' });
      expect(byValue.get('254637007')).toMatchObject({ condition_concept_id: 4115276, condition_source_concept_id: 4115276 });
      expect(byValue.get('XYZ-1')).toMatchObject({ condition_concept_id: 0, condition_source_concept_id: 0, condition_start_date: '2021-03-02' });
      const episodes = await rows('episode');
      const disease = episodes.find((e) => e['episode_concept_id'] === C.EPISODE.diseaseFirstOccurrence)!;
      const progression = episodes.find((e) => e['episode_concept_id'] === C.EPISODE.diseaseProgression)!;
      expect(progression).toMatchObject({ episode_parent_id: disease['episode_id'], episode_start_date: '2022-05-06', episode_object_concept_id: disease['episode_object_concept_id'] });
    });

    it('writes a pathological TNM item without its prefix, and the death date', async () => {
      const [tnm] = await wh.query(select([col('measurement_concept_id'), col('value_as_concept_id'), col('value_source_value')], table('measurement')));
      expect(tnm).toMatchObject({ measurement_concept_id: C.TNM_ITEM.pathologicalT, value_as_concept_id: conceptIdFor('Parcours', 'T2'), value_source_value: 'T2' });
      expect(await rows('death')).toMatchObject([{ death_date: '2023-04-02' }]);
    });

    it('maps prescriptions and self-reported drugs with their type concepts, supply and contained medication', async () => {
      const drugs = await rows('drug_exposure');
      const request = drugs.find((d) => d['drug_type_concept_id'] === C.TYPE_CONCEPT.ehrPrescription)!;
      expect(request).toMatchObject({ drug_concept_id: 40242675, drug_exposure_start_date: '2022-06-01', drug_exposure_end_date: '2022-06-28', days_supply: 28, quantity: 60, refills: 2, drug_source_value: 'L01ED01' });
      const statement = drugs.find((d) => d['drug_type_concept_id'] === C.TYPE_CONCEPT.patientSelfReport)!;
      expect(statement).toMatchObject({ drug_concept_id: 40242675, drug_exposure_start_date: '2022-06-10', drug_exposure_end_date: '2022-06-19', days_supply: 10 });
      expect(drugs).toHaveLength(2);
    });

    it('keeps a CCAM procedure by its code, and turns a report’s conclusion into a de-identified note', async () => {
      expect(await rows('procedure_occurrence')).toMatchObject([{ procedure_concept_id: 0, procedure_source_concept_id: 0, procedure_source_value: 'GFFA013', procedure_date: '2021-04-01', procedure_end_date: '2021-04-02' }]);
      const [note] = await rows('note');
      expect(note!['note_text']).not.toContain('Quintard');
      expect(note!['note_text']).not.toContain('IPP-7001');
      expect(note!['note_title']).toBe('Compte rendu');
    });

    it('writes one observation per questionnaire answer: coded, boolean, and de-identified text', async () => {
      const answers = (await rows('observation')).filter((o) => String(o['observation_source_value']).startsWith('pain-diary'));
      expect(answers.map((a) => [a['observation_source_value'], a['value_source_value'], a['value_as_concept_id']])).toEqual([
        ['pain-diary q1', 'LA6568-5', 0],
        ['pain-diary q2', null, null],
        ['pain-diary q2', 'true', null],
      ]);
      expect(String(answers[1]!['value_as_string'])).not.toContain('Quintard');
    });
  });
}
