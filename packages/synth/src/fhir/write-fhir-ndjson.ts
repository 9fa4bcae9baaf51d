import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LineFileWriter } from '../output/line-file-writer.js';
import { streamPatientsToFiles } from '../output/stream-patients-to-files.js';
import type { PopulationFileOptions, PopulationSource } from '../population-source.js';
import type { PopulationWriteReport } from '../omop/write-to-warehouse.js';
import { FHIR_RESOURCE_TYPES, fhirResources, type FhirResourceType } from './fhir-resources.js';

/** Options of the file writers (notes, abort, per-patient hook, progress). */
export type FhirNdjsonOptions = PopulationFileOptions;

/**
 * Write a population as FHIR R4 Bulk Data NDJSON (https://hl7.org/fhir/uv/bulkdata/): one folder per site, one
 * file per resource type (`<outDir>/site-01/Patient.ndjson` ...), one resource per line. Patients stream through
 * buffered file writers, so memory does not grow with the population.
 *
 * @example await writeFhirNdjson(population, 'out/fhir') // { counts: { Patient: 1000, Observation: 61234, ... } }
 */
export async function writeFhirNdjson(population: PopulationSource, outDir: string, options: FhirNdjsonOptions = {}): Promise<PopulationWriteReport> {
  const started = performance.now();
  const sites = new Map<string, { profile: (typeof population.sites)[number]; files: Map<FhirResourceType, LineFileWriter> }>();
  for (const site of population.sites) {
    const dir = path.join(outDir, site.siteId);
    await mkdir(dir, { recursive: true });
    sites.set(site.siteId, { profile: site, files: new Map(FHIR_RESOURCE_TYPES.map((t) => [t, new LineFileWriter(path.join(dir, `${t}.ndjson`))])) });
  }
  const patients = await streamPatientsToFiles(population, sites, options, (patient, notes, site) =>
    fhirResources(patient, notes, site.profile, (type, resource) => site.files.get(type)?.add(`${JSON.stringify(resource)}\n`)),
  );
  const counts: Record<string, number> = Object.fromEntries(FHIR_RESOURCE_TYPES.map((t) => [t, 0]));
  for (const { files } of sites.values()) for (const [type, f] of files) counts[type] = (counts[type] ?? 0) + f.lines;
  return { patients, counts, seconds: (performance.now() - started) / 1000 };
}
