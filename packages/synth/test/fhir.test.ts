import type { Condition, DocumentReference, Encounter, ImagingStudy, MedicationAdministration, Observation, Patient, Resource } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { FHIR_RESOURCE_TYPES, fhirResources } from '../src/fhir/fhir-resources.js';
import { MCODE_PROFILES } from '../src/fhir/fhir-systems.js';
import { clinicalNotes } from '../src/notes/clinical-notes.js';
import { createStreamRng } from '../src/random/stream-rng.js';
import { breastPatient, FIXTURE_SITES, lungPatient } from './fixtures/synthetic-patients.js';

function resourcesOf(patient = lungPatient(0)) {
  const notes = clinicalNotes(patient, createStreamRng([1]), FIXTURE_SITES[0]);
  const out: Resource[] = [];
  fhirResources(patient, notes, FIXTURE_SITES[0]!, (_type, r) => out.push(r));
  return { out, notes };
}

describe('fhirResources', () => {
  const { out, notes } = resourcesOf();
  const byType = <T extends Resource>(t: T['resourceType']): T[] => out.filter((r): r is T => r.resourceType === t);

  it('emits every resource type with unique, valid ids, and references that resolve', () => {
    expect(new Set(out.map((r) => r.resourceType))).toEqual(new Set(FHIR_RESOURCE_TYPES));
    const ids = new Set(out.map((r) => `${r.resourceType}/${r.id!}`));
    expect(ids.size).toBe(out.length);
    for (const r of out) expect(r.id).toMatch(/^[A-Za-z0-9.-]{1,64}$/);
    const refs = JSON.stringify(out).match(/"reference":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(ids.has(ref.slice(13, -1)), ref).toBe(true);
  });

  it('identifies the patient by NIR and IPP and records death', () => {
    const patient = byType<Patient>('Patient')[0]!;
    expect(patient.meta?.profile).toEqual([MCODE_PROFILES.cancerPatient]);
    expect(patient.identifier).toContainEqual(expect.objectContaining({ system: 'urn:oid:1.2.250.1.213.1.4.8', value: lungPatient(0).identity.nir }));
    expect(patient.identifier).toContainEqual(expect.objectContaining({ system: 'http://site-01.parcours.invalid/fhir/sid/ipp', value: lungPatient(0).ipp }));
    expect(patient.deceasedDateTime).toBe('2023-02-14');
    expect(byType<Encounter>('Encounter')[0]!.identifier?.[0]?.system).toBe('http://site-01.parcours.invalid/fhir/sid/nda');
  });

  it('codes the cancer with ICD-10, ICD-O-3 and mCODE staging', () => {
    const conditions = byType<Condition>('Condition');
    const primary = conditions.find((c) => c.meta?.profile?.[0] === MCODE_PROFILES.primaryCancerCondition)!;
    expect(primary.code?.coding?.[0]).toEqual({ system: 'http://hl7.org/fhir/sid/icd-10', code: 'C34.1' });
    expect(primary.extension?.[0]?.url).toBe(MCODE_PROFILES.histologyMorphologyBehavior);
    expect(primary.extension?.[0]?.valueCodeableConcept?.coding?.[0]).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/icd-o-3', code: '8140/3' });
    expect(conditions.filter((c) => c.meta?.profile?.[0] === MCODE_PROFILES.secondaryCancerCondition)).toHaveLength(2);
    const profiles = new Set(byType<Observation>('Observation').flatMap((o) => o.meta?.profile ?? []));
    for (const p of [MCODE_PROFILES.tnmPrimaryTumor, MCODE_PROFILES.tnmRegionalNodes, MCODE_PROFILES.tnmDistantMetastases, MCODE_PROFILES.tnmStageGroup, MCODE_PROFILES.ecog, MCODE_PROFILES.genomicVariant, MCODE_PROFILES.tumorMarkerTest, MCODE_PROFILES.cancerDiseaseStatus]) expect(profiles, p).toContain(p);
  });

  it('writes the ROS1 fusion with both genes studied (HGNC) and drugs with ATC codes', () => {
    const fusion = byType<Observation>('Observation').find((o) => o.code.coding?.[0]?.code === '69548-6' && (o.component?.length ?? 0) > 2)!;
    const genes = (fusion.component ?? []).filter((c) => c.code.coding?.[0]?.code === '48018-6').map((c) => c.valueCodeableConcept);
    // ROS1 is in the bundled HGNC table; CD74 is not, so it is written as text.
    expect(genes.map((g) => g?.coding?.[0]?.display ?? g?.text)).toEqual(['ROS1', 'CD74']);
    expect(genes[0]?.coding?.[0]?.system).toBe('http://www.genenames.org/geneId');
    expect(genes[0]?.coding?.[0]?.code).toMatch(/^HGNC:\d+$/);
    const adm = byType<MedicationAdministration>('MedicationAdministration')[0]!;
    expect(adm.meta?.profile).toEqual([MCODE_PROFILES.medicationAdministration]);
    expect(adm.medicationCodeableConcept?.coding?.[0]).toMatchObject({ system: 'http://www.whocc.no/atc', code: 'L01ED01' });
    expect(byType<ImagingStudy>('ImagingStudy')[0]!.modality?.[0]).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' });
  });

  it('carries each note base64-encoded in a DocumentReference', () => {
    const docs = byType<DocumentReference>('DocumentReference');
    expect(docs).toHaveLength(notes.length);
    expect(Buffer.from(docs[0]!.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe(notes[0]!.text);
  });

  it('leaves out what a living patient without tests does not have', () => {
    const { out: alive } = resourcesOf(breastPatient(1));
    const patient = alive.find((r): r is Patient => r.resourceType === 'Patient')!;
    expect(patient.deceasedBoolean).toBe(false);
    expect(patient.name).toHaveLength(1);
  });
});
