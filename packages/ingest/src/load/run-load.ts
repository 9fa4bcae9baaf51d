import { AppError, INGEST_TABLES, WAREHOUSE_TABLES, type WarehouseTableName } from '@parcours/core';
import type { OppositionList, Pseudonymizer } from '@parcours/pseudo';
import {
  SOFTWARE_VERSION,
  as,
  col,
  fn,
  inList,
  omopRowBuilder,
  select,
  table,
  type DeleteNode,
  type Warehouse,
  type WarehouseSession,
} from '@parcours/store';
import { digestFile, type FileDigest } from './file-digest.js';
import { IdAllocator } from './id-allocator.js';
import { LoadCounters, type LoadFileReport, type LoadKind, type LoadReport, type LoadWarning, type QuarantineEntry } from './load-report.js';
import { PersonRegistry } from './person-registry.js';
import { RowBatcher } from './row-batcher.js';

export interface LoadProgress {
  readonly file: string;
  readonly fileIndex: number;
  readonly files: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly records: number;
}

export interface LoadOptions {
  readonly kind: LoadKind;
  readonly files: readonly string[];
  readonly pseudonymizer: Pseudonymizer;
  readonly opposition?: OppositionList;
  /** Rows held before a bulk append (default 20,000). */
  readonly batchRows?: number;
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: AbortSignal;
}

/** What a loader's body gets: the load's transaction and the shared bookkeeping. */
export interface LoadContext {
  readonly loadId: number;
  readonly session: WarehouseSession;
  readonly rows: RowBatcher;
  readonly ids: IdAllocator;
  readonly persons: PersonRegistry;
  readonly counters: LoadCounters;
  readonly pseudonymizer: Pseudonymizer;
  readonly opposition: OppositionList | undefined;
  /** Record a rejected record (counted, and written to parcours_quarantine). */
  quarantine(entry: QuarantineEntry): void;
  /** Note something about the input that rejected no record (it goes into the report). */
  warn(warning: LoadWarning): void;
  /** Count the records a file held (for the ledger); call once per file. */
  fileRead(file: FileDigest, records: number): void;
  progress(p: LoadProgress): void;
}

export type LoadBody = (context: LoadContext, files: readonly FileDigest[]) => Promise<void>;

const loadRow = omopRowBuilder('parcours_load');
const loadFileRow = omopRowBuilder('parcours_load_file');
const quarantineRow = omopRowBuilder('parcours_quarantine');

/** Tables whose rows belong to one person (by person_id), OMOP's and the imaging extension's. */
const PERSON_TABLES: readonly WarehouseTableName[] = WAREHOUSE_TABLES.filter(
  (t) => !INGEST_TABLES.some((i) => i.name === t.name) && t.columns.some((c) => c.name === 'person_id'),
).map((t) => t.name as WarehouseTableName);

/** Every table a loader may fill: the clinical tables get ids from one allocator. */
const ID_TABLES: readonly WarehouseTableName[] = WAREHOUSE_TABLES.map((t) => t.name as WarehouseTableName);

/**
 * Run one load atomically: everything it writes — rows, quarantine, person keys, the ledger of files and the load
 * report — commits in one transaction, or nothing does (an error, or a killed process, leaves the warehouse as it
 * was; running the load again completes it). Files whose exact content a committed load already read are not read
 * again, so loading the same files twice adds nothing. Patients on the opposition list are removed from the
 * warehouse first.
 */
export async function runLoad(warehouse: Warehouse, options: LoadOptions, body: LoadBody): Promise<LoadReport> {
  const started = new Date();
  const t0 = performance.now();
  const digests: FileDigest[] = [];
  for (const f of options.files) digests.push(await digestFile(f));

  return warehouse.transaction(async (tx) => {
    const already = await loadedFiles(tx);
    const fresh: FileDigest[] = [];
    const seen = new Set<string>();
    const fileReports = new Map<string, { digest: FileDigest; status: LoadFileReport['status']; records: number }>();
    for (const d of digests) {
      if (already.has(d.sha256) || seen.has(d.sha256)) {
        fileReports.set(d.path, { digest: d, status: 'already-loaded', records: 0 });
        continue;
      }
      seen.add(d.sha256);
      fresh.push(d);
      fileReports.set(d.path, { digest: d, status: 'loaded', records: 0 });
    }

    const personsRemoved = options.opposition === undefined || options.opposition.size === 0 ? 0 : await removeOpposedPersons(tx, options.opposition.personKeyPseudonyms(options.pseudonymizer));
    const counters = new LoadCounters();
    const warnings: LoadWarning[] = [];
    const finish = (loadId: number | null, rowsWritten: LoadReport['rowsWritten']): LoadReport => ({
      loadId,
      kind: options.kind,
      files: [...fileReports.values()].map((f) => ({ name: f.digest.name, sha256: f.digest.sha256, bytes: f.digest.bytes, status: f.status, records: f.records })),
      read: counters.read,
      loaded: counters.loaded,
      quarantined: counters.quarantined,
      excluded: counters.excluded,
      skipped: counters.skipped,
      quarantinedByCode: counters.quarantinedByCode,
      skippedByReason: counters.skippedByReason,
      patientsExcluded: counters.patientsExcluded,
      personsRemoved,
      rowsWritten,
      warnings,
      reconciled: counters.reconciled,
      seconds: (performance.now() - t0) / 1000,
    });
    if (fresh.length === 0 && personsRemoved === 0) return finish(null, {});

    const [last] = await tx.query<{ m: number | null }>(select([as(fn('max', col('load_id')), 'm')], table('parcours_load')));
    const loadId = Number(last?.m ?? 0) + 1;
    const rows = new RowBatcher(tx, options.batchRows);
    const context: LoadContext = {
      loadId,
      session: tx,
      rows,
      ids: await IdAllocator.fromWarehouse(tx, ID_TABLES),
      persons: await PersonRegistry.load(tx),
      counters,
      pseudonymizer: options.pseudonymizer,
      opposition: options.opposition,
      quarantine: (e) => {
        counters.countQuarantined(e.code);
        rows.push(
          'parcours_quarantine',
          quarantineRow({
            load_id: loadId,
            file_name: e.file.slice(0, 255),
            line_number: e.line ?? null,
            entry_index: e.entry ?? null,
            resource_type: e.resourceType?.slice(0, 64) ?? null,
            json_path: e.path?.slice(0, 255) ?? null,
            reason_code: e.code,
            reason: e.reason.slice(0, 500),
            record_sha256: e.sha256 ?? null,
          }),
        );
      },
      warn: (w) => {
        warnings.push(w);
      },
      fileRead: (file, records) => {
        const r = fileReports.get(file.path);
        if (r !== undefined) r.records = records;
      },
      progress: (p) => options.onProgress?.(p),
    };
    await body(context, fresh);
    if (options.signal?.aborted === true) throw new AppError('invalid_input', 'load cancelled: nothing was written');
    if (!counters.reconciled) {
      throw new AppError('internal', 'load counts do not reconcile (read ≠ loaded + quarantined + excluded + skipped): nothing was written');
    }
    for (const f of fresh) {
      const r = fileReports.get(f.path);
      rows.push('parcours_load_file', loadFileRow({ load_id: loadId, file_name: f.name, file_sha256: f.sha256, file_bytes: f.bytes, records_read: r?.records ?? 0 }));
    }
    await rows.flush();
    const report = finish(loadId, rows.rowsWritten());
    await tx.append('parcours_load', [
      loadRow({
        load_id: loadId,
        load_kind: options.kind,
        started_at: timestamp(started),
        finished_at: timestamp(new Date()),
        software_version: SOFTWARE_VERSION,
        records_read: report.read,
        records_loaded: report.loaded,
        records_quarantined: report.quarantined,
        records_excluded: report.excluded,
        records_skipped: report.skipped,
        persons_removed: personsRemoved,
        report_json: JSON.stringify(report),
      }),
    ]);
    return report;
  });
}

function timestamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

async function loadedFiles(session: WarehouseSession): Promise<Set<string>> {
  const rows = await session.query<{ file_sha256: string }>(select([col('file_sha256')], table('parcours_load_file')));
  return new Set(rows.map((r) => r.file_sha256));
}

/**
 * Remove every row of the persons known under these key pseudonyms (CNIL: an objection applies to data already in
 * the warehouse too). Returns the number of persons removed.
 */
export async function removeOpposedPersons(session: WarehouseSession, pseudonyms: readonly string[]): Promise<number> {
  if (pseudonyms.length === 0) return 0;
  const found = await session.query<{ person_id: number }>(select([col('person_id')], table('parcours_person_key'), inList(col('pseudonym'), pseudonyms), { distinct: true }));
  const ids = found.map((r) => r.person_id);
  if (ids.length === 0) return 0;
  const ofPersons = (t: string, column = 'person_id'): DeleteNode => ({ kind: 'delete', table: table(t), where: inList(col(column), ids) });
  const childOf = (child: string, key: string, parent: string): DeleteNode => ({
    kind: 'delete',
    table: table(child),
    where: { kind: 'in', operand: col(key), list: select([col(key)], table(parent), inList(col('person_id'), ids)) },
  });
  await session.execute(childOf('note_nlp', 'note_id', 'note'));
  await session.execute(childOf('episode_event', 'episode_id', 'episode'));
  for (const t of PERSON_TABLES) await session.execute(ofPersons(t));
  await session.execute(ofPersons('cohort', 'subject_id'));
  await session.execute(ofPersons('parcours_person_key'));
  return ids.length;
}
