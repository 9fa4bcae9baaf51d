import type { ClinicalNote, SiteProfile, SyntheticPatient } from '../model/synthetic-patient.js';
import { createStreamRng } from '../random/stream-rng.js';
import { clinicalNotes } from './clinical-notes.js';

/** Purpose key of the notes' random streams (distinct from the model's streams). */
const NOTE_STREAM = 0x4e4f5445; // 'NOTE'

/**
 * A notes function for a population: each patient's notes come from their own random stream keyed by (seed, site,
 * rank of the patient in its site), so notes never change how the patients themselves are drawn. Call it once per
 * patient, in the population's order.
 *
 * @example const notes = createPopulationNotes(1, sites); notes(patient) // [consultation, RCP, ...]
 */
export function createPopulationNotes(seed: number, sites: readonly SiteProfile[]): (patient: SyntheticPatient) => ClinicalNote[] {
  const siteIndex = new Map(sites.map((s, i) => [s.siteId, i]));
  const rank = new Map<string, number>();
  return (patient) => {
    const r = rank.get(patient.site) ?? 0;
    rank.set(patient.site, r + 1);
    const index = siteIndex.get(patient.site) ?? sites.length;
    return clinicalNotes(patient, createStreamRng([seed, index, r, NOTE_STREAM]), sites[index]);
  };
}
