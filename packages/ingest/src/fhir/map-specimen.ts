import { cachedConceptId, standardConceptId } from '@parcours/core';
import { arr, clip, codeOf, fail, firstCoding, item, obj, str, textOf, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

/**
 * Specimen → specimen (FHIR-to-OMOP IG Specimen map): type and collection site as concepts where the vocabulary
 * has them (SNOMED type, ICD-O-3 topography), their text as source values. The laboratory's accession number
 * identifies the sample: it is not written (specimen_source_id stays empty) and is remembered, in memory, only to
 * clean notes of it.
 */
export function mapSpecimen(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  if (str(r, 'status', 'Specimen.status') === 'entered-in-error') return 'status-entered-in-error';
  const collection = obj(r, 'collection', 'Specimen.collection');
  const period = collection === undefined ? undefined : obj(collection, 'collectedPeriod', 'Specimen.collection.collectedPeriod');
  const date =
    (collection === undefined ? undefined : load.date(patient, collection, 'collectedDateTime', 'Specimen.collection.collectedDateTime')) ??
    (period === undefined ? undefined : load.date(patient, period, 'start', 'Specimen.collection.collectedPeriod.start')) ??
    load.date(patient, r, 'receivedTime', 'Specimen.receivedTime');
  if (date === undefined) fail('missing-field', 'Specimen.collection.collected[x]', 'a collection date is required (OMOP specimen_date)');
  const type = obj(r, 'type', 'Specimen.type');
  const typeCode = codeOf(type, SYSTEM.snomed, 'Specimen.type.coding');
  const site = collection === undefined ? undefined : obj(collection, 'bodySite', 'Specimen.collection.bodySite');
  const topography = codeOf(site, SYSTEM.icdO3, 'Specimen.collection.bodySite.coding');
  const siteCoding = firstCoding(site, 'Specimen.collection.bodySite.coding');
  const identifiers = arr(r, 'identifier', 'Specimen.identifier');
  if (identifiers !== undefined) for (let i = 0; i < identifiers.length; i++) patient.addIdentifier(str(item(identifiers, i, 'Specimen.identifier'), 'value', 'Specimen.identifier.value'));
  const accession = obj(r, 'accessionIdentifier', 'Specimen.accessionIdentifier');
  if (accession !== undefined) patient.addIdentifier(str(accession, 'value', 'Specimen.accessionIdentifier.value'));
  load.push(
    'specimen',
    ROW.specimen({
      specimen_id: load.ctx.ids.take('specimen'),
      person_id: patient.personId,
      specimen_concept_id: typeCode === undefined ? C.NO_MATCHING_CONCEPT : standardConceptId(cachedConceptId('SNOMED', typeCode)),
      specimen_type_concept_id: C.TYPE_CONCEPT.ehr,
      specimen_date: date,
      anatomic_site_concept_id: topography === undefined ? null : cachedConceptId('ICDO3', topography),
      specimen_source_value: clip(textOf(type, 'Specimen.type') ?? typeCode, 50),
      anatomic_site_source_value: clip(textOf(site, 'Specimen.collection.bodySite') ?? (siteCoding === undefined ? undefined : str(siteCoding, 'code', 'Specimen.collection.bodySite.coding.code')), 50),
    }),
  );
  return 'loaded';
}
