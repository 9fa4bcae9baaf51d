import { WELL_KNOWN_CONCEPTS } from '@parcours/core';
import { and, as, col, count, desc, eq, fn, literal, param, select, table, type Warehouse } from '@parcours/store';

/** A line of therapy as stored in the warehouse (an OMOP 'Treatment Regimen' episode). */
export interface StoredLine {
  readonly personId: number;
  readonly lineNumber: number;
  readonly regimen: string;
  /** 'YYYY-MM-DD'. */
  readonly start: string;
  readonly end: string | null;
}

const isLine = (alias?: string) => eq(col('episode_concept_id', alias), literal(WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen));

/** How many line-of-therapy episodes the warehouse holds (derived or recorded). */
export async function countLines(warehouse: Warehouse): Promise<number> {
  const [row] = await warehouse.query<{ n: bigint }>(select([as(count(), 'n')], table('episode'), isLine()));
  return Number(row?.n ?? 0n);
}

/** One patient's lines, in order. */
export async function readPatientLines(warehouse: Warehouse, personId: number): Promise<StoredLine[]> {
  const rows = await warehouse.query<{ person_id: number; episode_number: number | null; episode_source_value: string | null; episode_start_date: string; episode_end_date: string | null }>(
    select([col('person_id'), col('episode_number'), col('episode_source_value'), col('episode_start_date'), col('episode_end_date')], table('episode'), and(isLine(), eq(col('person_id'), param(personId, 'integer'))), {
      orderBy: [{ expression: col('episode_start_date') }, { expression: col('episode_number') }],
    }),
  );
  return rows.map((r) => ({ personId: r.person_id, lineNumber: r.episode_number ?? 0, regimen: r.episode_source_value ?? '', start: r.episode_start_date, end: r.episode_end_date }));
}

export interface LinesSummary {
  /** Per line number: lines and patients. */
  readonly byLine: readonly { readonly lineNumber: number; readonly patients: number }[];
  /** The most frequent first-line regimens. */
  readonly firstLineRegimens: readonly { readonly regimen: string; readonly patients: number }[];
}

/** Patients per line number, and the ten most frequent first-line regimens. */
export async function summarizeLines(warehouse: Warehouse): Promise<LinesSummary> {
  const distinctPersons = { ...fn('count', col('person_id')), distinct: true };
  const byLine = await warehouse.query<{ episode_number: number | null; patients: bigint }>(
    select([col('episode_number'), as(distinctPersons, 'patients')], table('episode'), isLine(), { groupBy: [col('episode_number')], orderBy: [{ expression: col('episode_number') }] }),
  );
  const regimens = await warehouse.query<{ episode_source_value: string | null; patients: bigint }>(
    select([col('episode_source_value'), as(distinctPersons, 'patients')], table('episode'), and(isLine(), eq(col('episode_number'), literal(1))), {
      groupBy: [col('episode_source_value')],
      orderBy: [desc(as(distinctPersons, 'patients').expression), { expression: col('episode_source_value') }],
      limit: 10,
    }),
  );
  return {
    byLine: byLine.map((r) => ({ lineNumber: r.episode_number ?? 0, patients: Number(r.patients) })),
    firstLineRegimens: regimens.map((r) => ({ regimen: r.episode_source_value ?? '', patients: Number(r.patients) })),
  };
}
