import type { ClinicalNote, SyntheticPatient } from '../model/synthetic-patient.js';
import type { PopulationFileOptions, PopulationSource } from '../population-source.js';
import type { LineFileWriter } from './line-file-writer.js';

/** One site's output: its files, by name (resource type or table), plus whatever the writer keeps per site. */
export interface SiteFiles<K extends string> {
  readonly files: ReadonlyMap<K, LineFileWriter>;
}

/**
 * The loop both file writers share: stream the patients once, let `writePatient` add lines to its site's files,
 * drain them after each patient so memory stays bounded, report progress, honour the abort signal, and close every
 * file at the end (or destroy them all on error, so a failed run is visibly incomplete). Returns the patients written.
 */
export async function streamPatientsToFiles<K extends string, S extends SiteFiles<K>>(
  population: PopulationSource,
  sites: ReadonlyMap<string, S>,
  options: PopulationFileOptions,
  writePatient: (patient: SyntheticPatient, notes: readonly ClinicalNote[], site: S) => void,
): Promise<number> {
  const all = [...sites.values()].flatMap((s) => [...s.files.values()]);
  const total = population.truth.patients;
  let patients = 0;
  try {
    for (const patient of population.patients()) {
      const site = sites.get(patient.site);
      if (site === undefined) continue;
      writePatient(patient, options.notes?.(patient) ?? [], site);
      patients++;
      for (const f of site.files.values()) await f.drain();
      await options.afterPatient?.();
      if ((patients & 0xff) === 0) {
        options.signal?.throwIfAborted();
        options.onProgress?.({ patients, total });
      }
    }
    for (const f of all) await f.close();
  } catch (error) {
    for (const f of all) f.destroy();
    throw error;
  }
  options.onProgress?.({ patients, total });
  return patients;
}
