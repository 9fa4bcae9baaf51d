import { arr, clip, fail, first, item, obj, str, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

const MODALITY_CONCEPT: Readonly<Record<string, number>> = C.IMAGING_MODALITY;

/**
 * ImagingStudy → procedure_occurrence (the exam, by its DICOM modality concept) and one image_occurrence per series
 * (OHDSI Medical Imaging CDM extension). Study and series UIDs identify the exam outside the warehouse: they are
 * stored only as keyed pseudonyms (`2.25.…`, Pseudonymizer.dicomUid), and the accession number not at all (it is
 * remembered, in memory, to clean notes of it). Digitized slides (modality SM) take the same path.
 */
export function mapImagingStudy(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  if (str(r, 'status', 'ImagingStudy.status') === 'entered-in-error') return 'status-entered-in-error';
  const series = arr(r, 'series', 'ImagingStudy.series') ?? [];
  const firstSeries = series.length === 0 ? undefined : item(series, 0, 'ImagingStudy.series');
  const started = load.date(patient, r, 'started', 'ImagingStudy.started') ?? (firstSeries === undefined ? undefined : load.date(patient, firstSeries, 'started', 'ImagingStudy.series.started'));
  if (started === undefined) fail('missing-field', 'ImagingStudy.started', 'is required (OMOP procedure_date)');
  const modality = modalityOf(first(r, 'modality', 'ImagingStudy.modality')) ?? modalityOf(firstSeries === undefined ? undefined : obj(firstSeries, 'modality', 'ImagingStudy.series.modality'));
  const modalityConcept = (modality === undefined ? undefined : MODALITY_CONCEPT[modality]) ?? C.NO_MATCHING_CONCEPT;
  const bodySite = firstSeries === undefined ? undefined : obj(firstSeries, 'bodySite', 'ImagingStudy.series.bodySite');
  const site = bodySite === undefined ? undefined : (str(bodySite, 'display', 'ImagingStudy.series.bodySite.display') ?? str(bodySite, 'code', 'ImagingStudy.series.bodySite.code'));

  let studyUid: string | undefined;
  const identifiers = arr(r, 'identifier', 'ImagingStudy.identifier');
  if (identifiers !== undefined) {
    for (let i = 0; i < identifiers.length; i++) {
      const identifier = item(identifiers, i, 'ImagingStudy.identifier');
      const value = str(identifier, 'value', 'ImagingStudy.identifier.value');
      if (value === undefined) continue;
      if (str(identifier, 'system', 'ImagingStudy.identifier.system') === SYSTEM.dicomUid) studyUid ??= value.replace(/^urn:oid:/, '');
      else patient.addIdentifier(value);
    }
  }
  const visit = load.visitOf(r, 'encounter', 'ImagingStudy.encounter');
  const procedureId = load.ctx.ids.take('procedure_occurrence');
  load.push(
    'procedure_occurrence',
    ROW.procedure_occurrence({
      procedure_occurrence_id: procedureId,
      person_id: patient.personId,
      procedure_concept_id: modalityConcept,
      procedure_date: started,
      procedure_type_concept_id: C.TYPE_CONCEPT.ehr,
      visit_occurrence_id: visit,
      procedure_source_value: clip(site === undefined ? modality : `${modality ?? ''} ${site}`, 50),
      procedure_source_concept_id: modalityConcept,
    }),
  );
  if (series.length === 0) return 'loaded';
  const pseudonymizer = load.ctx.pseudonymizer;
  // Without a study UID, the pseudonym of the resource's own identity stands for it (still a keyed, opaque value).
  const study = pseudonymizer.dicomUid(studyUid ?? `ImagingStudy/${str(r, 'id', 'ImagingStudy.id') ?? ''}`);
  for (let i = 0; i < series.length; i++) {
    const s = item(series, i, 'ImagingStudy.series');
    const uid = str(s, 'uid', 'ImagingStudy.series.uid');
    if (uid === undefined || uid === '') fail('missing-field', `ImagingStudy.series[${i}].uid`, 'is required');
    const seriesModality = modalityOf(obj(s, 'modality', 'ImagingStudy.series.modality'));
    const date = load.date(patient, s, 'started', 'ImagingStudy.series.started') ?? started;
    load.push(
      'image_occurrence',
      ROW.image_occurrence({
        image_occurrence_id: load.ctx.ids.take('image_occurrence'),
        person_id: patient.personId,
        procedure_occurrence_id: procedureId,
        visit_occurrence_id: visit,
        image_occurrence_date: date,
        image_study_uid: study,
        image_series_uid: pseudonymizer.dicomUid(uid),
        modality_concept_id: (seriesModality === undefined ? undefined : MODALITY_CONCEPT[seriesModality]) ?? modalityConcept,
      }),
    );
  }
  return 'loaded';
}

/** A DICOM modality code ('CT') from a Coding. */
function modalityOf(coding: Json | undefined): string | undefined {
  if (coding === undefined) return undefined;
  const code = str(coding, 'code', 'ImagingStudy.modality.code');
  return code === undefined || code === '' ? undefined : code;
}
