import { CDM_V54_TABLES, MEDICAL_IMAGING_TABLES, tableSpec, type WarehouseTableName } from '@parcours/core';
import { as, col, eq, fn, param, select, table, type WarehouseSession } from '@parcours/store';
import type { IdAllocator } from '../load/id-allocator.js';

/**
 * The surrogate key of each table whose ids this load shifts: OMOP's primary keys of the clinical and imaging tables
 * (person aside: persons are re-keyed through their pseudonym), and cohort_definition_id, which OMOP does not mark
 * as a key but which cohort rows point to.
 */
export const SHIFTED_KEYS: ReadonlyMap<WarehouseTableName, string> = new Map(
  [
    ...[...CDM_V54_TABLES, ...MEDICAL_IMAGING_TABLES]
      .filter((t) => (t.group === 'clinical' || t.group === 'extension') && t.name !== 'person')
      .flatMap((t) => t.columns.filter((c) => 'primaryKey' in c && c.primaryKey).map((c) => [t.name as WarehouseTableName, c.name] as const)),
    ['cohort_definition', 'cohort_definition_id'] as const,
  ],
);

/** References OMOP's field-level specification does not declare but that point to rows of another table. */
const UNDECLARED_REFERENCES: Readonly<Record<string, Readonly<Record<string, WarehouseTableName>>>> = {
  note_nlp: { note_id: 'note' },
  episode: { episode_parent_id: 'episode' },
  cost: { payer_plan_period_id: 'payer_plan_period' },
  cohort: { subject_id: 'person', cohort_definition_id: 'cohort_definition' },
};

/** A column pointing to one table: person (re-keyed) or a table whose ids are shifted. */
export interface CdmReference {
  readonly column: string;
  readonly target: WarehouseTableName;
  readonly required: boolean;
}

/** What tells which table a polymorphic event id points to. */
export type EventSelector = 'domain-concept' | 'domain-id' | 'field-concept';

/** A column that points to a row of a table named by another column (OMOP's "event" references). */
export interface CdmEventReference {
  readonly column: string;
  readonly selector: string;
  readonly by: EventSelector;
  readonly required: boolean;
}

const EVENT_REFERENCES: Readonly<Record<string, readonly Omit<CdmEventReference, 'required'>[]>> = {
  fact_relationship: [
    { column: 'fact_id_1', selector: 'domain_concept_id_1', by: 'domain-concept' },
    { column: 'fact_id_2', selector: 'domain_concept_id_2', by: 'domain-concept' },
  ],
  cost: [{ column: 'cost_event_id', selector: 'cost_domain_id', by: 'domain-id' }],
  episode_event: [{ column: 'event_id', selector: 'episode_event_field_concept_id', by: 'field-concept' }],
  note: [{ column: 'note_event_id', selector: 'note_event_field_concept_id', by: 'field-concept' }],
  observation: [{ column: 'observation_event_id', selector: 'obs_event_field_concept_id', by: 'field-concept' }],
  measurement: [{ column: 'measurement_event_id', selector: 'meas_event_field_concept_id', by: 'field-concept' }],
  image_feature: [{ column: 'image_feature_event_id', selector: 'image_feature_event_field_concept_id', by: 'field-concept' }],
};

/** The tables of OMOP's domains (DOMAIN.domain_id) that events live in. */
const DOMAIN_TABLES: Readonly<Record<string, WarehouseTableName>> = {
  Person: 'person',
  Visit: 'visit_occurrence',
  Condition: 'condition_occurrence',
  Drug: 'drug_exposure',
  Procedure: 'procedure_occurrence',
  Device: 'device_exposure',
  Measurement: 'measurement',
  Observation: 'observation',
  Note: 'note',
  Specimen: 'specimen',
  Episode: 'episode',
  Provider: 'provider',
  'Care site': 'care_site',
  Location: 'location',
  Cost: 'cost',
  'Payer Plan Period': 'payer_plan_period',
};

/** The references of a table to persons and to rows whose ids are shifted (the declared ones and the undeclared above). */
export function referencesOf(name: WarehouseTableName): CdmReference[] {
  const spec = tableSpec(name);
  if (spec === undefined) return [];
  const out: CdmReference[] = [];
  for (const c of spec.columns) {
    const target = (c.references?.table ?? UNDECLARED_REFERENCES[name]?.[c.name]) as WarehouseTableName | undefined;
    if (target === undefined || c.primaryKey === true) continue;
    if (target === 'person' || SHIFTED_KEYS.has(target)) out.push({ column: c.name, target, required: c.required });
  }
  return out;
}

export function eventReferencesOf(name: WarehouseTableName): CdmEventReference[] {
  const spec = tableSpec(name);
  return (EVENT_REFERENCES[name] ?? []).map((r) => ({ ...r, required: spec?.columns.find((c) => c.name === r.column)?.required ?? false }));
}

/**
 * Which table an event id points to: a domain (by DOMAIN.domain_id, or by the domain's concept id), or a CDM field
 * concept ('condition_occurrence.condition_occurrence_id', OMOP's CDM vocabulary). Learnt from the warehouse's
 * vocabulary and from the vocabulary files of this load, which load before the tables that need them.
 */
export class EventTargets {
  private readonly domainOfConcept = new Map<number, string>();
  private readonly tableOfField = new Map<number, WarehouseTableName>();

  static async fromWarehouse(session: WarehouseSession): Promise<EventTargets> {
    const targets = new EventTargets();
    for (const r of await session.query<{ domain_id: string; domain_concept_id: number }>(select([col('domain_id'), col('domain_concept_id')], table('domain')))) {
      targets.learnDomain(r.domain_id, r.domain_concept_id);
    }
    const fields = select([col('concept_id'), col('concept_name')], table('concept'), eq(col('vocabulary_id'), param('CDM')));
    for (const r of await session.query<{ concept_id: number; concept_name: string }>(fields)) targets.learnConcept(r.concept_id, r.concept_name, 'CDM');
    return targets;
  }

  learnDomain(domainId: string, conceptId: number): void {
    this.domainOfConcept.set(conceptId, domainId);
  }

  /** A concept of the CDM vocabulary named 'table.column' names the table its events live in. */
  learnConcept(conceptId: number, conceptName: string, vocabularyId: string): void {
    if (vocabularyId !== 'CDM') return;
    const [t, c] = conceptName.toLowerCase().split('.');
    if (t === undefined || c === undefined) return;
    const key = SHIFTED_KEYS.get(t as WarehouseTableName) ?? (t === 'person' ? 'person_id' : undefined);
    if (key === c) this.tableOfField.set(conceptId, t as WarehouseTableName);
  }

  /** The table an event reference points to, or undefined when it cannot be told. */
  tableOf(by: EventSelector, selector: string | number): WarehouseTableName | undefined {
    switch (by) {
      case 'domain-id':
        return DOMAIN_TABLES[String(selector)];
      case 'domain-concept': {
        const domain = this.domainOfConcept.get(Number(selector));
        return domain === undefined ? undefined : DOMAIN_TABLES[domain];
      }
      case 'field-concept':
        return this.tableOfField.get(Number(selector));
    }
  }
}

/**
 * How much each table's ids move: the warehouse's highest id of that table when the load starts (0 on an empty
 * warehouse, where the ids stay as in the files). One offset per table for the whole load, so that a row and every
 * reference to it move together.
 */
export class KeyOffsets {
  private readonly offsets: ReadonlyMap<WarehouseTableName, number>;

  private constructor(offsets: ReadonlyMap<WarehouseTableName, number>) {
    this.offsets = offsets;
  }

  static async fromWarehouse(session: WarehouseSession, ids: IdAllocator): Promise<KeyOffsets> {
    const offsets = new Map<WarehouseTableName, number>();
    for (const t of SHIFTED_KEYS.keys()) {
      const next = ids.peek(t);
      if (next !== undefined) offsets.set(t, next - 1);
    }
    // cohort_definition_id is no primary key in OMOP's specification: its highest value is read here.
    let cohorts = 0;
    for (const t of ['cohort_definition', 'cohort'] as const) {
      const [row] = await session.query<{ m: number | null }>(select([as(fn('max', col('cohort_definition_id')), 'm')], table(t)));
      cohorts = Math.max(cohorts, Number(row?.m ?? 0));
    }
    offsets.set('cohort_definition', cohorts);
    return new KeyOffsets(offsets);
  }

  of(t: WarehouseTableName): number {
    return this.offsets.get(t) ?? 0;
  }

  /** True when no id moves (a first load into an empty warehouse). */
  get allZero(): boolean {
    for (const v of this.offsets.values()) if (v !== 0) return false;
    return true;
  }
}
