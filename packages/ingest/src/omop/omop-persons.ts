import { normaliseIdentifier, type Pseudonymizer } from '@parcours/pseudo';

/** A person of the input as the warehouse knows them: their person_id there, and their date shift in days. */
export interface OmopPerson {
  readonly personId: number;
  readonly shiftDays: number;
}

/** What the input's person_id of a record resolves to: undefined when the input has no such person. */
export type PersonResolution = OmopPerson | 'excluded' | 'quarantined' | undefined;

/**
 * The patient key of an OMOP person: the source system's identifier (person_source_value), or, when the export has
 * none, its person_id — stable only as long as the source keeps its ids, which is why the source value is preferred.
 * @example omopPatientKey('1007c05b-8d20', 7) // 'omop|1007c05b-8d20'; omopPatientKey('', 7) // 'omop|person_id:7'
 */
export function omopPatientKey(personSourceValue: string, personId: number): string {
  return personSourceValue === '' ? `omop|person_id:${personId}` : `omop|${personSourceValue}`;
}

/** The keyed pseudonyms a person is registered under: 'patient' (the key), and 'ipp' (the source id, for opposition lists). */
export function omopPersonKeys(pseudonymizer: Pseudonymizer, personSourceValue: string, personId: number) {
  const patient = pseudonymizer.pseudonym('patient', omopPatientKey(personSourceValue, personId));
  const ipp = personSourceValue === '' ? undefined : pseudonymizer.pseudonym('ipp', normaliseIdentifier(personSourceValue));
  return { patient, ipp };
}

/**
 * The input's persons by their person_id in the files: the one map every other table's person_id goes through.
 * One small entry per person (no identifier is kept), so it holds millions of persons in bounded memory.
 */
export class OmopPersons {
  private readonly byInputId = new Map<number, NonNullable<PersonResolution>>();

  has(inputPersonId: number): boolean {
    return this.byInputId.has(inputPersonId);
  }

  set(inputPersonId: number, person: NonNullable<PersonResolution>): void {
    this.byInputId.set(inputPersonId, person);
  }

  resolve(inputPersonId: number): PersonResolution {
    return this.byInputId.get(inputPersonId);
  }
}
