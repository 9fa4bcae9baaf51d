import type { Warehouse } from '@parcours/store';
import type { IngestOptions } from '../load/ingest-options.js';
import type { LoadReport } from '../load/load-report.js';
import { runLoad } from '../load/run-load.js';
import { EventTargets, KeyOffsets } from './cdm-references.js';
import { findCdmTableFiles } from './cdm-table-files.js';
import { OmopPersons } from './omop-persons.js';
import { indexPersons, isVocabularyTable, loadClinicalTable, loadPersons, loadVocabularyTable, skipTableFile, type OmopLoadState } from './omop-loader.js';

/**
 * A folder of OMOP CDM 5.3/5.4 tables as CSV → the warehouse, pseudonymized, in one atomic load (see
 * docs/omop-ingestion.md).
 *
 * - Files: one per table, named after it (`PERSON.csv`, `person.tsv`, `CONCEPT_RELATIONSHIP.filtered.csv`),
 *   comma- or tab-separated, any header case; CDM 5.3 columns are read under their 5.4 names.
 * - Persons are re-keyed through their keyed pseudonym; every other table's ids move after the warehouse's (none
 *   move in an empty warehouse), references with them; concept ids never move.
 * - Direct identifiers are removed, pseudonymized or generalized; note text is de-identified; dates optionally
 *   shifted per patient; opposed patients excluded with all their rows.
 * - The input's CDM_SOURCE row is not loaded: the warehouse's own row describes the warehouse.
 * - Vocabulary rows the warehouse already holds (same key) are skipped; the rest of the vocabulary is added.
 *
 * @example await ingestOmop(warehouse, '/data/eunomia', { pseudonymizer }) // { read: 32_793, quarantined: 0, skipped: 1, reconciled: true, … }
 */
export async function ingestOmop(warehouse: Warehouse, dir: string, options: IngestOptions): Promise<LoadReport> {
  const folder = findCdmTableFiles(dir);
  const byPath = new Map(folder.files.map((f) => [f.path, f]));
  return runLoad(
    warehouse,
    {
      kind: 'omop',
      files: folder.files.map((f) => f.path),
      pseudonymizer: options.pseudonymizer,
      ...(options.opposition === undefined ? {} : { opposition: options.opposition }),
      ...(options.batchRows === undefined ? {} : { batchRows: options.batchRows }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
    async (ctx, fresh) => {
      for (const name of folder.unknown) ctx.warn({ file: name, code: 'unknown-table', message: 'the file name names no OMOP CDM v5.4 table: not read' });
      const state: OmopLoadState = {
        ctx,
        options,
        persons: new OmopPersons(),
        offsets: await KeyOffsets.fromWarehouse(ctx.session, ctx.ids),
        events: await EventTargets.fromWarehouse(ctx.session),
        firstNewPersonId: ctx.ids.peek('person') ?? 1,
        dropped: new Map(),
        noteIdentifiers: fresh.some((d) => byPath.get(d.path)?.table === 'note') ? new Map() : undefined,
      };
      const freshPaths = new Set(fresh.map((d) => d.path));
      // PERSON files a committed load already read are not loaded again, but they still name this load's persons.
      for (const file of folder.files) if (file.table === 'person' && !freshPaths.has(file.path)) await indexPersons(state, file);
      for (const [index, digest] of fresh.entries()) {
        const file = byPath.get(digest.path)!;
        const position = { index, total: fresh.length };
        options.signal?.throwIfAborted();
        if (file.table === null) {
          ctx.warn({ file: file.name, code: 'table-not-in-cdm-v54', message: `${file.sourceTable} is a CDM 5.3 table that 5.4 removed: its records are skipped` });
          await skipTableFile(state, file, digest, position, 'table-not-in-cdm-v54');
        } else if (file.table === 'cdm_source') await skipTableFile(state, file, digest, position, 'cdm-source-of-input');
        else if (file.table === 'person') await loadPersons(state, file, digest, position);
        else if (isVocabularyTable(file.table)) await loadVocabularyTable(state, file, digest, position);
        else await loadClinicalTable(state, file, digest, position);
      }
    },
  );
}
