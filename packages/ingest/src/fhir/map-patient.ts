import { dayNumberToIsoDate } from '@parcours/core';
import { departmentOfPostcode, generalizeBirthDate, normaliseIdentifier } from '@parcours/pseudo';
import { col, eq, param, select, table } from '@parcours/store';
import type { PersonKey } from '../load/person-registry.js';
import { arr, clip, day, fail, item, str, type Json } from './fhir-field.js';
import { C, FhirLoad, ROW } from './fhir-load.js';
import { FhirPatient } from './fhir-patient.js';
import { SYSTEM } from './fhir-systems.js';
import type { Outcome } from './outcome.js';

const GENDER: Readonly<Record<string, number>> = { female: C.GENDER.female, male: C.GENDER.male };
const FRANCE = new Set(['FR', 'FRA', 'FRANCE']);

interface PatientIdentity {
  /** The identifier of type MR (the hospital's patient number, IPP), normalised. */
  readonly mr: { readonly system: string; readonly value: string } | undefined;
  readonly nir: string | undefined;
  readonly opposed: boolean;
}

/**
 * Patient → person (https://hl7.org/fhir/uv/omop/ Person mapping; CNIL pseudonymization rules): the patient key is
 * `system|value` of the MR identifier (else 'Patient/id'), stored only as its keyed pseudonym; birth date shifted
 * then generalized; address reduced to its département; managing organization as care site; deceased[x] as death.
 * A patient on the opposition list is excluded with everything that refers to them. A patient already in the
 * warehouse keeps their person_id and their row is not written again.
 */
export async function mapPatient(load: FhirLoad, r: Json, fullUrl: string | undefined): Promise<Outcome> {
  const ctx = load.ctx;
  const id = str(r, 'id', 'Patient.id');
  const refKey = id === undefined || id === '' ? undefined : `Patient/${id}`;
  const identity = readIdentifiers(load, r);
  if (identity.mr === undefined && refKey === undefined) fail('missing-field', 'Patient.id', 'a Patient needs an id or an identifier of type MR');
  if (identity.opposed) {
    load.addPatient(new FhirPatient(0, 0, { excluded: true, isNew: false, collectIdentifiers: false }), [refKey, fullUrl]);
    ctx.counters.patientsExcluded++;
    return 'excluded';
  }
  // Validate everything before the patient is registered: a quarantined Patient leaves its referrers unresolved.
  const gender = str(r, 'gender', 'Patient.gender');
  const birthDay = day(r, 'birthDate', 'Patient.birthDate');
  if (birthDay === undefined) fail('missing-field', 'Patient.birthDate', 'is required (OMOP person.year_of_birth)');
  const deathDay = day(r, 'deceasedDateTime', 'Patient.deceasedDateTime');
  const key = identity.mr === undefined ? refKey! : `${identity.mr.system}|${identity.mr.value}`;
  const canonical = ctx.pseudonymizer.pseudonym('patient', key);
  const alias = refKey !== undefined && refKey !== key ? ctx.pseudonymizer.pseudonym('patient', refKey) : undefined;

  const known = ctx.persons.personId(canonical);
  const knownByAlias = known === undefined && alias !== undefined ? ctx.persons.personId(alias) : undefined;
  if (known !== undefined || knownByAlias !== undefined) {
    // Met before: the same person, the same offset (from their canonical pseudonym, read back when found by alias).
    let offset = load.offsetOf(canonical);
    if (known === undefined) {
      const [row] = await ctx.session.query<{ person_source_value: string | null }>(select([col('person_source_value')], table('person'), eq(col('person_id'), param(knownByAlias!))));
      offset = row?.person_source_value == null ? offset : load.offsetOf(row.person_source_value);
    }
    const patient = new FhirPatient(known ?? knownByAlias!, offset, { isNew: false, collectIdentifiers: load.collectIdentifiers });
    load.addPatient(patient, [refKey, fullUrl]);
    collectIdentifiers(patient, r);
    return 'person-already-loaded';
  }

  const locationId = departmentOf(load, r);
  const careSiteId = load.careSiteOf(r, 'managingOrganization', 'Patient.managingOrganization');
  const personId = ctx.ids.take('person');
  const patient = new FhirPatient(personId, load.offsetOf(canonical), { isNew: true, collectIdentifiers: load.collectIdentifiers });
  load.addPatient(patient, [refKey, fullUrl]);
  const birth = generalizeBirthDate(dayNumberToIsoDate(birthDay + patient.offset), load.birthDatePrecision);
  load.push(
    'person',
    ROW.person({
      person_id: personId,
      gender_concept_id: (gender === undefined ? undefined : GENDER[gender]) ?? C.GENDER.unknown,
      year_of_birth: birth.year,
      month_of_birth: birth.month,
      day_of_birth: birth.day,
      race_concept_id: C.RACE.unknown,
      ethnicity_concept_id: C.ETHNICITY.unknown,
      location_id: locationId,
      care_site_id: careSiteId,
      person_source_value: canonical,
      gender_source_value: clip(gender, 50),
    }),
  );
  const keys: PersonKey[] = [{ kind: 'patient', pseudonym: canonical }];
  if (alias !== undefined) keys.push({ kind: 'patient', pseudonym: alias });
  if (identity.mr !== undefined) keys.push({ kind: 'ipp', pseudonym: ctx.pseudonymizer.pseudonym('ipp', identity.mr.value) });
  if (identity.nir !== undefined) keys.push({ kind: 'nir', pseudonym: ctx.pseudonymizer.pseudonym('nir', identity.nir) });
  ctx.persons.register(personId, keys, ctx.rows);
  if (deathDay !== undefined) {
    const death = load.shifted(patient, deathDay);
    // FHIR Patient carries no cause of death: the cause columns stay empty rather than guessed.
    load.push('death', ROW.death({ person_id: personId, death_date: death, death_type_concept_id: C.DEATH_TYPE.ehr }));
  }
  collectIdentifiers(patient, r);
  load.commitRecord(patient);
  return 'loaded';
}

/** The MR and NIR identifiers, and whether any identifier is on the opposition list. */
function readIdentifiers(load: FhirLoad, r: Json): PatientIdentity {
  const list = arr(r, 'identifier', 'Patient.identifier');
  let mr: PatientIdentity['mr'];
  let nir: string | undefined;
  let opposed = false;
  if (list === undefined) return { mr, nir, opposed };
  for (let i = 0; i < list.length; i++) {
    const identifier = item(list, i, 'Patient.identifier');
    const value = str(identifier, 'value', 'Patient.identifier.value');
    if (value === undefined || value === '') continue;
    const system = str(identifier, 'system', 'Patient.identifier.system');
    if (load.ctx.opposition?.matches(value, system) === true) opposed = true;
    if (mr === undefined && FhirLoad.identifierTypeIs(identifier, 'MR', 'Patient.identifier')) mr = { system: system ?? '', value: normaliseIdentifier(value) };
    if (nir === undefined && (system === SYSTEM.nir || FhirLoad.identifierTypeIs(identifier, 'NH', 'Patient.identifier'))) nir = normaliseIdentifier(value);
  }
  return { mr, nir, opposed };
}

/** The département of the patient's (current, French) address, as a location row; nothing finer is kept. */
function departmentOf(load: FhirLoad, r: Json): number | null {
  const addresses = arr(r, 'address', 'Patient.address');
  if (addresses === undefined) return null;
  for (let i = 0; i < addresses.length; i++) {
    const a = item(addresses, i, 'Patient.address');
    if (str(a, 'use', 'Patient.address.use') === 'old') continue;
    const country = str(a, 'country', 'Patient.address.country');
    if (country !== undefined && !FRANCE.has(country.trim().toUpperCase())) continue;
    const postcode = str(a, 'postalCode', 'Patient.address.postalCode');
    const department = postcode === undefined ? undefined : departmentOfPostcode(postcode);
    if (department !== undefined) return load.departmentLocation(department);
  }
  return null;
}

/**
 * The identifiers notes may contain, kept in memory for de-identification only: names, every identifier value,
 * phones, e-mails, address lines, postcodes, cities, birth date (as received, unshifted: it is what the text says).
 */
function collectIdentifiers(patient: FhirPatient, r: Json): void {
  const ids = patient.identifiers;
  if (ids === undefined) return;
  const names = (ids.names ??= []);
  for (const n of objects(r['name'])) {
    pushString(names, n['family']);
    pushString(names, n['text']);
    for (const g of Array.isArray(n['given']) ? n['given'] : []) pushString(names, g);
  }
  for (const t of objects(r['telecom'])) {
    if (t['system'] === 'email') pushString((ids.emails ??= []), t['value']);
    else if (t['system'] === 'phone' || t['system'] === 'fax' || t['system'] === 'sms') pushString((ids.phones ??= []), t['value']);
  }
  for (const a of objects(r['address'])) {
    for (const line of Array.isArray(a['line']) ? a['line'] : []) pushString((ids.addressLines ??= []), line);
    pushString((ids.postcodes ??= []), a['postalCode']);
    pushString((ids.cities ??= []), a['city']);
  }
  const birthDate = r['birthDate'];
  if (typeof birthDate === 'string' && birthDate.length === 10) ids.birthDate = birthDate;
  // Last: each identifier replaces the patient's record object (see FhirPatient.addIdentifier), so `ids` is stale after.
  for (const i of objects(r['identifier'])) patient.addIdentifier(typeof i['value'] === 'string' ? i['value'] : undefined);
}

function objects(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
}

function pushString(list: string[], v: unknown): void {
  if (typeof v === 'string' && v.trim().length >= 2) list.push(v);
}
