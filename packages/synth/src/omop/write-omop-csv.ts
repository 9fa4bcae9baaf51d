import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LineFileWriter } from '../output/line-file-writer.js';
import { streamPatientsToFiles } from '../output/stream-patients-to-files.js';
import type { PopulationFileOptions, PopulationSource } from '../population-source.js';
import { csvLine } from './csv-line.js';
import { OmopMapper } from './omop-mapper.js';
import { omopColumns, SYNTH_OMOP_TABLES, type SynthOmopTable } from './omop-row.js';
import type { PopulationWriteReport } from './write-to-warehouse.js';

/** Options of the file writers (notes, abort, per-patient hook, progress). */
export type OmopCsvOptions = PopulationFileOptions;

/**
 * Write a population as OMOP CDM v5.4 CSV files, one folder per site (`<outDir>/<siteId>/person.csv` ...), one file
 * per table with the OMOP column names as header, RFC 4180 quoting. This is a hospital-side export for ingestion
 * tests: like a real information-system export it contains identifiers (IPP in person_source_value, NDA, DICOM UIDs,
 * note text). Keys are counted per site, so each folder is a self-contained CDM instance.
 *
 * @example await writeOmopCsv(population, 'out/omop') // out/omop/site-01/person.csv, measurement.csv, ...
 */
export async function writeOmopCsv(population: PopulationSource, outDir: string, options: OmopCsvOptions = {}): Promise<PopulationWriteReport> {
  const started = performance.now();
  const sites = new Map<string, { mapper: OmopMapper; files: Map<SynthOmopTable, LineFileWriter> }>();
  for (const site of population.sites) {
    const dir = path.join(outDir, site.siteId);
    await mkdir(dir, { recursive: true });
    const files = new Map<SynthOmopTable, LineFileWriter>();
    for (const table of SYNTH_OMOP_TABLES) {
      const file = new LineFileWriter(path.join(dir, `${table}.csv`));
      file.add(csvLine(omopColumns(table)));
      files.set(table, file);
    }
    const mapper = new OmopMapper('export', [site]);
    mapper.careSiteRows((table, row) => files.get(table)?.add(csvLine(row)));
    sites.set(site.siteId, { mapper, files });
  }
  const patients = await streamPatientsToFiles(population, sites, options, (patient, notes, site) =>
    site.mapper.mapPatient(patient, notes, (table, row) => site.files.get(table)?.add(csvLine(row))),
  );
  const counts: Record<string, number> = {};
  for (const { mapper } of sites.values()) for (const [table, n] of Object.entries(mapper.counts())) counts[table] = (counts[table] ?? 0) + n;
  return { patients, counts, seconds: (performance.now() - started) / 1000 };
}
