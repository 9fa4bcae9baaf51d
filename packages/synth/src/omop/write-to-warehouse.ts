import { AppError } from '@parcours/core';
import { countRows, type AppendValue, type Warehouse } from '@parcours/store';
import type { PopulationProgress, PopulationSource } from '../population-source.js';
import { OmopMapper } from './omop-mapper.js';
import { omopColumns, SYNTH_OMOP_TABLES, type SynthOmopTable } from './omop-row.js';

export interface WarehouseWriteOptions {
  /** Rows buffered per table before one append (default 10,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PopulationProgress) => void;
}

export interface PopulationWriteReport {
  readonly patients: number;
  /** Rows (OMOP) or resources (FHIR) written, by table or resource type. */
  readonly counts: Readonly<Record<string, number>>;
  readonly seconds: number;
}

/**
 * Write a population straight into an initialised, empty OMOP warehouse, in one transaction (a failed or aborted
 * run leaves nothing behind). One pass over the patients: rows are buffered per table and appended in batches, so
 * memory stays bounded whatever the population size.
 *
 * No direct identifier reaches the warehouse (mapper mode 'warehouse'): no IPP, NDA, name or DICOM UID as received,
 * and no notes until the pseudonymization package can de-identify their text.
 *
 * @example
 * await using w = await openWarehouse('duckdb:./data/synth.duckdb', { create: true });
 * await initWarehouse(w);
 * await writeToWarehouse(w, generatePopulation({ patients: 1000, seed: 1 })); // { patients: 1000, counts: { person: 1000, ... } }
 */
export async function writeToWarehouse(warehouse: Warehouse, population: PopulationSource, options: WarehouseWriteOptions = {}): Promise<PopulationWriteReport> {
  const started = performance.now();
  if ((await countRows(warehouse, 'person')) > 0) {
    throw new AppError('conflict', 'synthetic patients are written into an empty warehouse only, and this one has patients', {
      details: { hint: 'name a new warehouse, or a new DuckDB file' },
    });
  }
  const batchSize = options.batchSize ?? 10_000;
  const mapper = new OmopMapper('warehouse', population.sites);
  const columns = new Map(SYNTH_OMOP_TABLES.map((t) => [t, omopColumns(t)]));
  const buffers = new Map<SynthOmopTable, AppendValue[][]>(SYNTH_OMOP_TABLES.map((t) => [t, []]));
  const total = population.truth.patients;
  let patients = 0;

  await warehouse.transaction(async (tx) => {
    // One append in flight while the next patients are generated: the engine writes on its own threads, so
    // generation and writing overlap. Appends still run one after the other, each awaited before the next starts.
    let inFlight: Promise<unknown> = Promise.resolve();
    const flush = async (table: SynthOmopTable): Promise<void> => {
      const rows = buffers.get(table);
      if (rows === undefined || rows.length === 0) return;
      buffers.set(table, []);
      await inFlight;
      inFlight = tx.append(table, rows, { columns: columns.get(table) ?? [], signal: options.signal });
      inFlight.catch(() => undefined);
    };
    const full: SynthOmopTable[] = [];
    const emit = (table: SynthOmopTable, row: AppendValue[]): void => {
      const rows = buffers.get(table);
      if (rows === undefined) return;
      rows.push(row);
      if (rows.length === batchSize) full.push(table);
    };
    try {
      mapper.careSiteRows(emit);
      for (const patient of population.patients()) {
        mapper.mapPatient(patient, [], emit);
        patients++;
        while (full.length > 0) await flush(full.pop()!);
        if ((patients & 0x3ff) === 0) {
          options.signal?.throwIfAborted();
          options.onProgress?.({ patients, total });
        }
      }
      for (const table of SYNTH_OMOP_TABLES) await flush(table);
      await inFlight;
    } finally {
      // Never leave the transaction (commit or rollback) while an append is still writing.
      await inFlight.catch(() => undefined);
    }
  });
  options.onProgress?.({ patients, total });
  const counts: Record<string, number> = {};
  for (const [table, n] of Object.entries(mapper.counts())) if (table !== 'note') counts[table] = n;
  return { patients, counts, seconds: (performance.now() - started) / 1000 };
}
