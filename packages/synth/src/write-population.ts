import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFhirNdjson } from './fhir/write-fhir-ndjson.js';
import { generatePopulation } from './model/generate-population.js';
import type { ClinicalNote, SynthOptions, SyntheticPatient } from './model/synthetic-patient.js';
import { createPopulationNotes } from './notes/population-notes.js';
import { writeOmopCsv } from './omop/write-omop-csv.js';
import type { PopulationWriteReport } from './omop/write-to-warehouse.js';
import { LineFileWriter } from './output/line-file-writer.js';
import type { PopulationProgress, PopulationSource } from './population-source.js';

export const POPULATION_FORMATS = ['fhir', 'omop'] as const;
export type PopulationFormat = (typeof POPULATION_FORMATS)[number];

export interface WritePopulationOptions {
  readonly format: PopulationFormat;
  /** Output folder: `<out>/<siteId>/...` plus truth.json and notes-spans.jsonl at its root. */
  readonly out: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PopulationProgress) => void;
}

export interface PopulationFilesReport extends PopulationWriteReport {
  readonly format: PopulationFormat;
  readonly out: string;
  readonly notes: number;
}

/**
 * Write a population as files a hospital would export, beside its ground truth:
 * - `fhir`: FHIR R4 Bulk Data NDJSON per site (see writeFhirNdjson); `omop`: OMOP CDM CSV per site (writeOmopCsv);
 * - `truth.json`: the generator's parameters and the hazard ratios a study should recover (SyntheticTruth);
 * - `notes-spans.jsonl`: one line per clinical note `{ note, site, ipp, date, kind, spans }`, the ground truth for
 *   measuring de-identification.
 *
 * @example await writePopulationFiles(generatePopulation({ patients: 100, seed: 1 }), { format: 'fhir', out: 'out' })
 */
export async function writePopulationFiles(population: PopulationSource, options: WritePopulationOptions): Promise<PopulationFilesReport> {
  await mkdir(options.out, { recursive: true });
  await writeFile(path.join(options.out, 'truth.json'), `${JSON.stringify(population.truth, null, 2)}\n`, 'utf8');
  const spans = new LineFileWriter(path.join(options.out, 'notes-spans.jsonl'));
  const notesOf = createPopulationNotes(population.truth.seed, population.sites);
  const notes = (patient: SyntheticPatient): ClinicalNote[] => {
    const list = notesOf(patient);
    for (const n of list) spans.add(`${JSON.stringify({ note: n.id, site: patient.site, ipp: patient.ipp, date: n.date, kind: n.kind, spans: n.spans })}\n`);
    return list;
  };
  const common = { notes, signal: options.signal, onProgress: options.onProgress, afterPatient: () => spans.drain() };
  try {
    const report = options.format === 'fhir' ? await writeFhirNdjson(population, options.out, common) : await writeOmopCsv(population, options.out, common);
    await spans.close();
    return { ...report, format: options.format, out: options.out, notes: spans.lines };
  } catch (error) {
    spans.destroy();
    throw error;
  }
}

/**
 * Generate a population and write it as files (see writePopulationFiles).
 * @example await writePopulation({ patients: 1000, sites: 3, seed: 7, format: 'omop', out: 'out/omop' })
 */
export function writePopulation(options: SynthOptions & WritePopulationOptions): Promise<PopulationFilesReport> {
  return writePopulationFiles(generatePopulation(options), options);
}
