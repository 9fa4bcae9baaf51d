// Synthetic notes with their ground truth, and the patient record a FHIR Patient and its Encounters would give.
import { createPopulationNotes, generatePopulation, type ClinicalNote, type SyntheticPatient } from '@parcours/synth';
import type { PatientIdentifiers } from '../src/index.js';

/** What the record says about a synthetic patient (never the doctors: they must be found in the text). */
export function patientIdentifiersOf(p: SyntheticPatient): PatientIdentifiers {
  const id = p.identity;
  return {
    names: [id.firstName, id.lastName, ...(id.birthName === undefined ? [] : [id.birthName])],
    identifiers: [p.ipp, id.nir, ...p.stays.map((s) => s.nda)],
    phones: [id.phone],
    emails: [id.email],
    addressLines: [id.address.line],
    postcodes: [id.address.postcode],
    cities: [id.address.city],
    birthDate: id.birthDate,
  };
}

export interface SyntheticNote {
  readonly note: ClinicalNote;
  readonly patient: PatientIdentifiers;
}

/** Every note of a synthetic population, with its patient's record. */
export function* syntheticNotes(patients: number, seed: number, sites = 12): Generator<SyntheticNote> {
  const population = generatePopulation({ patients, sites, seed });
  const notes = createPopulationNotes(seed, population.sites);
  for (const p of population.patients()) {
    const patient = patientIdentifiersOf(p);
    for (const note of notes(p)) yield { note, patient };
  }
}
