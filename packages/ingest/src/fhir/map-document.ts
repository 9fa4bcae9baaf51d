import { cachedConceptId } from '@parcours/core';
import { arr, clip, codeOf, fail, first, item, keyOfReference, obj, str, textOf, type Json } from './fhir-field.js';
import { C, ROW, type FhirLoad } from './fhir-load.js';
import type { FhirPatient } from './fhir-patient.js';
import { SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

/**
 * DocumentReference → note: the plain-text content (inline base64 `attachment.data`), de-identified with the
 * patient's identifiers collected in this load, its dates shifted by the patient's offset; the title likewise. Other
 * content types (PDF, images, URLs to fetch) are skipped with a reason: Parcours does not extract text from them.
 */
export function mapDocumentReference(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  if (str(r, 'status', 'DocumentReference.status') === 'entered-in-error' || str(r, 'docStatus', 'DocumentReference.docStatus') === 'entered-in-error') return 'status-entered-in-error';
  const content = arr(r, 'content', 'DocumentReference.content');
  let attachment: Json | undefined;
  let text: string | undefined;
  if (content !== undefined) {
    for (let i = 0; i < content.length && text === undefined; i++) {
      const a = obj(item(content, i, 'DocumentReference.content'), 'attachment', 'DocumentReference.content.attachment');
      if (a === undefined) continue;
      text = plainText(a, 'DocumentReference.content.attachment');
      if (text !== undefined) attachment = a;
    }
  }
  if (text === undefined || attachment === undefined) return 'no-text-content';
  const context = obj(r, 'context', 'DocumentReference.context');
  const period = context === undefined ? undefined : obj(context, 'period', 'DocumentReference.context.period');
  const date =
    load.date(patient, r, 'date', 'DocumentReference.date') ??
    (period === undefined ? undefined : load.date(patient, period, 'start', 'DocumentReference.context.period.start')) ??
    load.date(patient, attachment, 'creation', 'DocumentReference.content.attachment.creation');
  if (date === undefined) fail('missing-field', 'DocumentReference.date', 'a date (date, context.period or attachment.creation) is required (OMOP note_date)');
  const type = obj(r, 'type', 'DocumentReference.type');
  const encounter = context === undefined ? undefined : first(context, 'encounter', 'DocumentReference.context.encounter');
  const encounterKey = encounter === undefined ? undefined : keyOfReference(encounter, 'DocumentReference.context.encounter');
  writeNote(load, patient, {
    date,
    title: str(r, 'description', 'DocumentReference.description') ?? str(attachment, 'title', 'DocumentReference.content.attachment.title') ?? textOf(type, 'DocumentReference.type'),
    text,
    classLoinc: codeOf(type, SYSTEM.loinc, 'DocumentReference.type.coding'),
    visit: encounterKey === undefined ? null : (load.visits.get(encounterKey) ?? null),
  });
  return 'loaded';
}

/**
 * DiagnosticReport: its results are Observations, mapped on their own; a report is a grouping of them and is
 * skipped ('grouping-resource'), unless it carries text of its own (conclusion, or a plain-text presentedForm),
 * which becomes a note like a DocumentReference.
 */
export function mapDiagnosticReport(load: FhirLoad, r: Json, patient: FhirPatient): Outcome {
  if (str(r, 'status', 'DiagnosticReport.status') === 'entered-in-error') return 'status-entered-in-error';
  let text = str(r, 'conclusion', 'DiagnosticReport.conclusion');
  const forms = arr(r, 'presentedForm', 'DiagnosticReport.presentedForm');
  if (forms !== undefined) {
    for (let i = 0; i < forms.length; i++) {
      const t = plainText(item(forms, i, 'DiagnosticReport.presentedForm'), 'DiagnosticReport.presentedForm');
      if (t !== undefined) text = text === undefined ? t : `${text}\n\n${t}`;
    }
  }
  if (text === undefined || text.trim() === '') return 'grouping-resource';
  const period = obj(r, 'effectivePeriod', 'DiagnosticReport.effectivePeriod');
  const date =
    load.date(patient, r, 'effectiveDateTime', 'DiagnosticReport.effectiveDateTime') ??
    (period === undefined ? undefined : load.date(patient, period, 'start', 'DiagnosticReport.effectivePeriod.start')) ??
    load.date(patient, r, 'issued', 'DiagnosticReport.issued');
  if (date === undefined) fail('missing-field', 'DiagnosticReport.effective[x]', 'a date (effective or issued) is required (OMOP note_date)');
  const code = obj(r, 'code', 'DiagnosticReport.code');
  writeNote(load, patient, {
    date,
    title: textOf(code, 'DiagnosticReport.code'),
    text,
    classLoinc: codeOf(code, SYSTEM.loinc, 'DiagnosticReport.code.coding'),
    visit: load.visitOf(r, 'encounter', 'DiagnosticReport.encounter'),
  });
  return 'loaded';
}

/** The text of an Attachment whose content type is text/plain (any charset parameter; UTF-8 assumed), inline. */
function plainText(attachment: Json, path: string): string | undefined {
  const contentType = str(attachment, 'contentType', `${path}.contentType`);
  if (contentType !== undefined && !/^text\/plain\b/i.test(contentType)) return undefined;
  const data = str(attachment, 'data', `${path}.data`);
  if (data === undefined) return undefined;
  return Buffer.from(data, 'base64').toString('utf8');
}

interface NoteInput {
  readonly date: number;
  readonly title: string | undefined;
  readonly text: string;
  readonly classLoinc: string | undefined;
  readonly visit: number | null;
}

/** A note row, its text and title de-identified when the record commits (possibly in a worker thread). */
function writeNote(load: FhirLoad, patient: FhirPatient, note: NoteInput): void {
  const noteId = load.ctx.ids.take('note');
  load.pushNote(patient, note.text, note.title, (text, title) =>
    ROW.note({
      note_id: noteId,
      person_id: patient.personId,
      note_date: note.date,
      note_type_concept_id: C.TYPE_CONCEPT.ehr,
      // The document's LOINC type when the vocabulary has it (the bundle has no LOINC document ontology: mostly 0).
      note_class_concept_id: note.classLoinc === undefined ? C.NO_MATCHING_CONCEPT : cachedConceptId('LOINC', note.classLoinc),
      note_title: clip(title, 250),
      note_text: text,
      // No UTF-8 or French-language concept in the bundle: 0, as the direct writer's export does.
      encoding_concept_id: C.NO_MATCHING_CONCEPT,
      language_concept_id: C.NO_MATCHING_CONCEPT,
      visit_occurrence_id: note.visit,
      note_source_value: clip(note.classLoinc, 50),
    }),
  );
}
