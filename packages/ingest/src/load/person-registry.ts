import { omopRowBuilder, select, table, col, eq, param, type WarehouseSession } from '@parcours/store';
import type { RowBatcher } from './row-batcher.js';

/** Which source identifier a person-key pseudonym was made from (see parcours_person_key). */
export type PersonKeyKind = 'patient' | 'ipp' | 'nir';

export interface PersonKey {
  readonly kind: PersonKeyKind;
  readonly pseudonym: string;
}

const personKeyRow = omopRowBuilder('parcours_person_key');

/**
 * The warehouse's persons by keyed pseudonym of their source key: a patient met again in a later load keeps their
 * person_id. Holds one entry per person already loaded (pseudonyms only, never source identifiers).
 */
export class PersonRegistry {
  private readonly byPatientKey: Map<string, number>;

  private constructor(byPatientKey: Map<string, number>) {
    this.byPatientKey = byPatientKey;
  }

  static async load(session: WarehouseSession): Promise<PersonRegistry> {
    const map = new Map<string, number>();
    const statement = select([col('pseudonym'), col('person_id')], table('parcours_person_key'), eq(col('key_kind'), param('patient')));
    for await (const batch of session.stream<{ pseudonym: string; person_id: number }>(statement)) {
      for (const r of batch) map.set(r.pseudonym, r.person_id);
    }
    return new PersonRegistry(map);
  }

  /** The person_id already given to this patient key pseudonym, if any. */
  personId(patientKeyPseudonym: string): number | undefined {
    return this.byPatientKey.get(patientKeyPseudonym);
  }

  /** Record a new person's keys (the 'patient' key is required: it is how the person is found again). */
  register(personId: number, keys: readonly PersonKey[], rows: RowBatcher): void {
    for (const k of keys) {
      if (k.kind === 'patient') this.byPatientKey.set(k.pseudonym, personId);
      rows.push('parcours_person_key', personKeyRow({ person_id: personId, key_kind: k.kind, pseudonym: k.pseudonym }));
    }
  }

  get size(): number {
    return this.byPatientKey.size;
  }
}
