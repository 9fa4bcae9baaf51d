import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dayNumberToIsoDate, isoDateToDayNumber, VOCABULARY_TABLE_NAMES, WAREHOUSE_TABLES } from '@parcours/core';
import { deidentifyText, OppositionList, Pseudonymizer } from '@parcours/pseudo';
import { as, asc, col, count, eq, initWarehouse, innerJoin, select, star, table, type Warehouse } from '@parcours/store';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ingestOmop } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';

reportSkips();

const pseudonymizer = Pseudonymizer.fromKey(Buffer.alloc(32, 9));
const EUNOMIA = path.resolve(import.meta.dirname, '../../../../shared/data/eunomia-synthea27nj');

/** A CDM field concept (OMOP's CDM vocabulary names them table.column): event ids it qualifies are condition ids. */
const CONDITION_FIELD = 2_000_000_101;
const NOTE_TEXT = 'Patiente IPP-0001, née le 12/03/1950, vue le 06/01/2020 par le Dr Jeanne Martin pour un cancer du sein. Tél 06 12 34 56 78.';

/** Identifying values the export below holds: none may reach the warehouse. */
const IDENTIFIERS = ['06 12 34 56 78', '12/03/1950', 'IPP-0001', 'IPP-0002', 'Jeanne', 'Martin', 'République', 'Lyon', '69002', 'Main St', 'Newark', '07102', 'Essex', '1234567890', 'AB1234567', 'PRV-77', 'SPEC-4455', '(21)998877', 'FAM-12', '45.76', '-74.1'];

/**
 * A hospital's small export. `prefix` makes it another hospital's: its own patients (source values) and files
 * (the load ledger knows files by their content); with `samePatient`, its person 1 is the first hospital's too.
 */
function hospitalExport(prefix = '', samePatient = false): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-omop-h-'));
  const write = (name: string, lines: string[]) => writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  write('LOCATION.csv', [
    'location_id,address_1,address_2,city,state,zip,county,location_source_value,country_concept_id,country_source_value,latitude,longitude',
    `1,12 rue de la République,,Lyon,,69002,,${prefix}12 rue de la République 69002 Lyon,,FR,45.76,4.83`,
    '2,1 Main St,Apt 2,Newark,NJ,07102,Essex,1 Main St Newark,,US,40.7,-74.1',
  ]);
  write('CARE_SITE.csv', ['care_site_id,care_site_name,place_of_service_concept_id,location_id,care_site_source_value,place_of_service_source_value', `1,Oncology day hospital,0,1,${prefix}ODH,`]);
  write('PROVIDER.csv', [
    'provider_id,provider_name,npi,dea,specialty_concept_id,care_site_id,year_of_birth,gender_concept_id,provider_source_value,specialty_source_value,specialty_source_concept_id,gender_source_value,gender_source_concept_id',
    `5,Dr Jeanne Martin,1234567890,AB1234567,0,1,1970,8532,${prefix}PRV-77,ONCOLOGY,0,F,0`,
  ]);
  write('PERSON.csv', [
    'person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,race_concept_id,ethnicity_concept_id,location_id,provider_id,care_site_id,person_source_value,gender_source_value,gender_source_concept_id,race_source_value,race_source_concept_id,ethnicity_source_value,ethnicity_source_concept_id',
    `1,8507,1950,3,12,1950-03-12 08:30:00,0,0,1,5,1,${samePatient ? '' : prefix}IPP-0001,M,0,,0,,0`,
    `2,8532,1961,7,1,,0,0,2,,,${prefix}IPP-0002,F,0,,0,,0`,
    `3,8532,1972,,,,0,0,,,,${prefix === '' ? '' : `${prefix}IPP-0003`},F,0,,0,,0`,
  ]);
  write('VISIT_OCCURRENCE.csv', [
    'visit_occurrence_id,person_id,visit_concept_id,visit_start_date,visit_start_datetime,visit_end_date,visit_end_datetime,visit_type_concept_id,provider_id,care_site_id,visit_source_value,visit_source_concept_id,admitted_from_concept_id,admitted_from_source_value,discharged_to_concept_id,discharged_to_source_value,preceding_visit_occurrence_id',
    `10,1,9201,2020-01-05,2020-01-05 08:00:00,2020-01-10,2020-01-10 17:00:00,32817,5,1,${prefix}stay,0,0,,0,,`,
    '11,2,9202,2020-02-01,,2020-02-01,,32817,,,,0,0,,0,,',
    '12,3,9202,2020-03-01,,2020-03-01,,32817,,,,0,0,,0,,',
    '13,1,9202,2020-04-01,,2020-04-01,,32817,5,1,,0,0,,0,,10',
  ]);
  write('CONDITION_OCCURRENCE.csv', [
    'condition_occurrence_id,person_id,condition_concept_id,condition_start_date,condition_start_datetime,condition_end_date,condition_end_datetime,condition_type_concept_id,condition_status_concept_id,stop_reason,provider_id,visit_occurrence_id,visit_detail_id,condition_source_value,condition_source_concept_id,condition_status_source_value',
    `100,1,4112853,2020-01-06,,,,32817,0,,5,10,,${prefix}C50.9,0,`,
    '101,2,4112853,2020-02-01,,,,32817,0,,,11,,C50.9,0,',
    '102,3,4112853,2020-03-01,,,,32817,0,,,12,,C50.9,0,',
  ]);
  write('MEASUREMENT.csv', [
    'measurement_id,person_id,measurement_concept_id,measurement_date,measurement_datetime,measurement_time,measurement_type_concept_id,operator_concept_id,value_as_number,value_as_concept_id,unit_concept_id,range_low,range_high,provider_id,visit_occurrence_id,visit_detail_id,measurement_source_value,measurement_source_concept_id,unit_source_value,unit_source_concept_id,value_source_value,measurement_event_id,meas_event_field_concept_id',
    `1000,1,3025315,2020-01-05,,,32817,0,48.1,0,0,,,,10,,${prefix}weight,0,kg,,48.1,100,${CONDITION_FIELD}`,
    '1001,2,3025315,2020-02-01,,,32817,0,61,0,0,,,,11,,,0,kg,,61,5,999',
  ]);
  write('DEATH.csv', ['person_id,death_date,death_datetime,death_type_concept_id,cause_concept_id,cause_source_value,cause_source_concept_id', `2,2021-06-30,,32817,0,${prefix},0`]);
  write('SPECIMEN.csv', [
    'specimen_id,person_id,specimen_concept_id,specimen_type_concept_id,specimen_date,specimen_datetime,quantity,unit_concept_id,anatomic_site_concept_id,disease_status_concept_id,specimen_source_id,specimen_source_value,unit_source_value,anatomic_site_source_value,disease_status_source_value',
    `7,1,0,32817,2020-01-06,,,,,,SPEC-4455,${prefix}biopsy,,,`,
  ]);
  write('DEVICE_EXPOSURE.csv', [
    'device_exposure_id,person_id,device_concept_id,device_exposure_start_date,device_exposure_start_datetime,device_exposure_end_date,device_exposure_end_datetime,device_type_concept_id,unique_device_id,production_id,quantity,provider_id,visit_occurrence_id,visit_detail_id,device_source_value,device_source_concept_id,unit_concept_id,unit_source_value,unit_source_concept_id',
    `8,1,0,2020-01-07,,,,32817,(01)0888(21)998877,(21)998877,,,10,,${prefix}port,0,,,`,
  ]);
  write('NOTE.csv', [
    'note_id,person_id,note_date,note_datetime,note_type_concept_id,note_class_concept_id,note_title,note_text,encoding_concept_id,language_concept_id,provider_id,visit_occurrence_id,visit_detail_id,note_source_value,note_event_id,note_event_field_concept_id',
    `1,1,2020-01-06,,32817,0,Consultation de Mme Jeanne Martin,"${NOTE_TEXT}",0,0,5,10,,${prefix},,`,
    '2,2,2020-02-01,,32817,0,Compte rendu,"Patiente IPP-0002 vue ce jour, pas de plainte.",0,0,,11,,,,',
  ]);
  write('NOTE_NLP.csv', [
    'note_nlp_id,note_id,section_concept_id,snippet,offset,lexical_variant,note_nlp_concept_id,note_nlp_source_concept_id,nlp_system,nlp_date,nlp_datetime,term_exists,term_temporal,term_modifiers',
    `1,1,0,vue par le Dr Jeanne Martin,40,cancer du sein,4112853,0,${prefix}nlp,2020-01-07,,y,,`,
    '2,2,0,pas de plainte,30,plainte,0,0,nlp,2020-02-02,,n,,',
  ]);
  // Event references: a fact linking a measurement to a condition (by domain), an episode's condition (by field).
  write('DOMAIN.csv', ['domain_id,domain_name,domain_concept_id', 'Condition,Condition,19', 'Measurement,Measurement,21']);
  write('CONCEPT.csv', [
    'concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code,valid_start_date,valid_end_date,invalid_reason',
    `${CONDITION_FIELD},condition_occurrence.condition_occurrence_id,Metadata,CDM,Field,,CDM101,1970-01-01,2099-12-31,`,
  ]);
  write('FACT_RELATIONSHIP.csv', ['domain_concept_id_1,fact_id_1,domain_concept_id_2,fact_id_2,relationship_concept_id', `21,1000,19,100,${prefix === '' ? 0 : 1}`, '21,1001,19,101,0']);
  write('EPISODE.csv', [
    'episode_id,person_id,episode_concept_id,episode_start_date,episode_start_datetime,episode_end_date,episode_end_datetime,episode_parent_id,episode_number,episode_object_concept_id,episode_type_concept_id,episode_source_value,episode_source_concept_id',
    `1,1,32533,2020-01-06,,,,,1,4112853,32546,${prefix}disease,0`,
  ]);
  write('EPISODE_EVENT.csv', ['episode_id,event_id,episode_event_field_concept_id', `1,100,${CONDITION_FIELD}`, ...(prefix === '' ? [] : [`1,102,${CONDITION_FIELD}`])]);
  write('PAYER_PLAN_PERIOD.csv', [
    'payer_plan_period_id,person_id,payer_plan_period_start_date,payer_plan_period_end_date,payer_concept_id,payer_source_value,payer_source_concept_id,plan_concept_id,plan_source_value,plan_source_concept_id,sponsor_concept_id,sponsor_source_value,sponsor_source_concept_id,family_source_value,stop_reason_concept_id,stop_reason_source_value,stop_reason_source_concept_id',
    `3,1,2019-01-01,2021-12-31,0,${prefix},0,0,,0,0,,0,FAM-12,0,,0`,
  ]);
  return dir;
}

async function rowCount(wh: Warehouse, name: string): Promise<number> {
  const [r] = await wh.query<{ n: bigint }>(select([as(count(), 'n')], table(name)));
  return Number(r?.n ?? 0);
}

/** The text of every row of every table but the vocabulary (public reference data). */
async function warehouseText(wh: Warehouse): Promise<string> {
  const parts: string[] = [];
  for (const spec of WAREHOUSE_TABLES) {
    if ((VOCABULARY_TABLE_NAMES as readonly string[]).includes(spec.name)) continue;
    for await (const batch of wh.stream(select([star()], table(spec.name)))) {
      for (const row of batch) parts.push(Object.values(row).map((v) => (v === null ? '' : String(v))).join('\u0001'));
    }
  }
  return parts.join('\n');
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`OMOP CSV pseudonymization on ${engine.name}`, () => {
    it('removes direct identifiers, generalizes births and postcodes, shifts each patient’s dates together', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const report = await ingestOmop(wh, hospitalExport(), { pseudonymizer, dateShiftMaxDays: 30 });
      expect(report).toMatchObject({ reconciled: true, quarantined: 0, skipped: 0, excluded: 0 });

      const text = await warehouseText(wh);
      for (const id of IDENTIFIERS) expect(text, id).not.toContain(id);

      const keyOf = (ipp: string) => pseudonymizer.pseudonym('patient', `omop|${ipp}`);
      const shift = pseudonymizer.dateShiftDays(keyOf('IPP-0001'), 30);
      expect(shift).not.toBe(0);
      const persons = await wh.query(select([star()], table('person'), undefined, { orderBy: [asc(col('person_id'))] }));
      expect(persons.map((p) => p['person_source_value'])).toEqual([keyOf('IPP-0001'), keyOf('IPP-0002'), pseudonymizer.pseudonym('patient', 'omop|person_id:3')]);
      // Year only (the default), of the shifted birth date; location, provider and care site ids as in the file.
      expect(persons[0]).toMatchObject({ year_of_birth: Number(dayNumberToIsoDate(isoDateToDayNumber('1950-03-12') + shift).slice(0, 4)), month_of_birth: null, day_of_birth: null, birth_datetime: null, location_id: 1, provider_id: 5, care_site_id: 1 });
      expect(persons[2]).toMatchObject({ year_of_birth: 1972, month_of_birth: null });

      const visits = await wh.query<{ visit_occurrence_id: number; visit_start_date: string; visit_start_datetime: string | null; visit_end_date: string; preceding_visit_occurrence_id: number | null }>(
        select([col('visit_occurrence_id'), col('visit_start_date'), col('visit_start_datetime'), col('visit_end_date'), col('preceding_visit_occurrence_id')], table('visit_occurrence'), eq(col('person_id'), { kind: 'literal', value: 1 }), { orderBy: [asc(col('visit_occurrence_id'))] }),
      );
      const moved = (iso: string) => dayNumberToIsoDate(isoDateToDayNumber(iso) + shift);
      expect(visits).toEqual([
        { visit_occurrence_id: 10, visit_start_date: moved('2020-01-05'), visit_start_datetime: `${moved('2020-01-05')}T08:00:00`, visit_end_date: moved('2020-01-10'), preceding_visit_occurrence_id: null },
        { visit_occurrence_id: 13, visit_start_date: moved('2020-04-01'), visit_start_datetime: null, visit_end_date: moved('2020-04-01'), preceding_visit_occurrence_id: 10 },
      ]);
      const death = await wh.query(select([col('death_date')], table('death')));
      expect(death).toEqual([{ death_date: dayNumberToIsoDate(isoDateToDayNumber('2021-06-30') + pseudonymizer.dateShiftDays(keyOf('IPP-0002'), 30)) }]);

      const locations = await wh.query(select([star()], table('location'), undefined, { orderBy: [asc(col('location_id'))] }));
      expect(locations).toEqual([
        { location_id: 1, address_1: null, address_2: null, city: null, state: null, zip: null, county: '69', location_source_value: null, country_concept_id: null, country_source_value: 'FR', latitude: null, longitude: null },
        { location_id: 2, address_1: null, address_2: null, city: null, state: 'NJ', zip: null, county: null, location_source_value: null, country_concept_id: null, country_source_value: 'US', latitude: null, longitude: null },
      ]);
      // Notes: through the de-identifier, with the patient's source id and birth date, dates moved by their shift.
      const [note] = await wh.query<{ note_text: string; note_title: string; note_date: string }>(select([col('note_text'), col('note_title'), col('note_date')], table('note'), eq(col('note_id'), { kind: 'literal', value: 1 })));
      expect(note).toEqual({
        note_text: deidentifyText(NOTE_TEXT, { identifiers: ['IPP-0001'], birthDate: '1950-03-12' }, { replacement: 'placeholder', pseudonymizer, dateShiftDays: shift }).text,
        note_title: deidentifyText('Consultation de Mme Jeanne Martin', { identifiers: ['IPP-0001'], birthDate: '1950-03-12' }, { replacement: 'placeholder', pseudonymizer, dateShiftDays: shift }).text,
        note_date: moved('2020-01-06'),
      });
      expect(note?.note_text).toContain(dayNumberToIsoDate(isoDateToDayNumber('2020-01-06') + shift).split('-').reverse().join('/'));
      const providers = await wh.query(select([col('provider_name'), col('npi'), col('dea'), col('provider_source_value'), col('year_of_birth')], table('provider')));
      expect(providers).toEqual([{ provider_name: null, npi: null, dea: null, provider_source_value: pseudonymizer.pseudonym('record', 'provider|PRV-77'), year_of_birth: 1970 }]);
    });

    it('keeps the birth date to the precision asked for, moved with the patient’s dates', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      await ingestOmop(wh, hospitalExport(), { pseudonymizer, dateShiftMaxDays: 30, birthDatePrecision: 'day' });
      const keyOf = (ipp: string) => pseudonymizer.pseudonym('patient', `omop|${ipp}`);
      const born = (iso: string, ipp: string) => dayNumberToIsoDate(isoDateToDayNumber(iso) + pseudonymizer.dateShiftDays(keyOf(ipp), 30));
      const persons = await wh.query(select([col('year_of_birth'), col('month_of_birth'), col('day_of_birth'), col('birth_datetime')], table('person'), undefined, { orderBy: [asc(col('person_id'))] }));
      const [b1, b2] = [born('1950-03-12', 'IPP-0001'), born('1961-07-01', 'IPP-0002')];
      expect(persons).toEqual([
        // The time of birth is not kept.
        { year_of_birth: Number(b1.slice(0, 4)), month_of_birth: Number(b1.slice(5, 7)), day_of_birth: Number(b1.slice(8)), birth_datetime: `${b1}T00:00:00` },
        { year_of_birth: Number(b2.slice(0, 4)), month_of_birth: Number(b2.slice(5, 7)), day_of_birth: Number(b2.slice(8)), birth_datetime: null },
        // Only a year: nothing to move.
        { year_of_birth: 1972, month_of_birth: null, day_of_birth: null, birth_datetime: null },
      ]);
    });

    it('excludes an opposed patient with every row of theirs, and removes them when the objection comes after the load', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const opposition = OppositionList.parse('IPP-0002\n');
      const report = await ingestOmop(wh, hospitalExport(), { pseudonymizer, opposition });
      // Person 2: the person, a visit, a condition, a measurement, the death record, a note, its NLP row, and the
      // fact that links their measurement to their condition.
      expect(report).toMatchObject({ reconciled: true, patientsExcluded: 1, excluded: 8, quarantined: 0 });
      expect(await rowCount(wh, 'fact_relationship')).toBe(1);
      expect(await rowCount(wh, 'note_nlp')).toBe(1);
      expect(await rowCount(wh, 'person')).toBe(2);
      expect(await rowCount(wh, 'death')).toBe(0);
      expect(await rowCount(wh, 'measurement')).toBe(1);

      await using later = await engine.open();
      await initWarehouse(later, { vocabulary: false, today: '2026-01-01' });
      const dir = hospitalExport();
      await ingestOmop(later, dir, { pseudonymizer });
      expect(await rowCount(later, 'person')).toBe(3);
      const removal = await ingestOmop(later, dir, { pseudonymizer, opposition });
      expect(removal).toMatchObject({ personsRemoved: 1, read: 0 });
      expect(await rowCount(later, 'person')).toBe(2);
      expect(await rowCount(later, 'visit_occurrence')).toBe(3);
      expect(await rowCount(later, 'death')).toBe(0);
    });

    it('moves a second hospital’s ids after the first one’s, references with them; a patient met again keeps their person', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      await ingestOmop(wh, hospitalExport(), { pseudonymizer });
      // The second export numbers its rows from 1 again; its person 1 is the first hospital's IPP-0001.
      const second = await ingestOmop(wh, hospitalExport('B-', true), { pseudonymizer });
      expect(second).toMatchObject({ reconciled: true, quarantined: 0, skippedByReason: { 'person-already-loaded': 1 } });
      expect(await rowCount(wh, 'person')).toBe(5);
      expect(await rowCount(wh, 'visit_occurrence')).toBe(8);
      const ids = await wh.query<{ visit_occurrence_id: number }>(select([col('visit_occurrence_id')], table('visit_occurrence'), undefined, { orderBy: [asc(col('visit_occurrence_id'))] }));
      expect(ids.map((r) => r.visit_occurrence_id)).toEqual([10, 11, 12, 13, 23, 24, 25, 26]);
      // Every condition still points to a visit of its own person; every person's location is a location of theirs.
      const mismatched = await wh.query<{ n: bigint }>(
        select([as(count(), 'n')], table('condition_occurrence', 'c'), { kind: 'binary', operator: '<>', left: col('person_id', 'c'), right: col('person_id', 'v') }, {
          joins: [innerJoin(table('visit_occurrence', 'v'), eq(col('visit_occurrence_id', 'v'), col('visit_occurrence_id', 'c')))],
        }),
      );
      expect(mismatched).toEqual([{ n: 0n }]);
      const joined = await wh.query<{ n: bigint }>(select([as(count(), 'n')], table('condition_occurrence', 'c'), undefined, { joins: [innerJoin(table('visit_occurrence', 'v'), eq(col('visit_occurrence_id', 'v'), col('visit_occurrence_id', 'c')))] }));
      expect(joined).toEqual([{ n: 6n }]);
      // NOTE_NLP rows follow their notes' moved ids.
      const nlp = await wh.query<{ n: bigint }>(select([as(count(), 'n')], table('note_nlp', 'x'), undefined, { joins: [innerJoin(table('note', 'n'), eq(col('note_id', 'n'), col('note_id', 'x')))] }));
      expect(nlp).toEqual([{ n: 4n }]);
      const preceding = await wh.query(select([col('preceding_visit_occurrence_id')], table('visit_occurrence'), eq(col('visit_occurrence_id'), { kind: 'literal', value: 26 })));
      expect(preceding).toEqual([{ preceding_visit_occurrence_id: 23 }]);
      const locations = await wh.query(select([col('location_id'), col('care_site_id'), col('provider_id')], table('person'), undefined, { orderBy: [asc(col('person_id'))] }));
      expect(locations).toEqual([
        { location_id: 1, care_site_id: 1, provider_id: 5 },
        { location_id: 2, care_site_id: null, provider_id: null },
        { location_id: null, care_site_id: null, provider_id: null },
        { location_id: 4, care_site_id: null, provider_id: null },
        { location_id: null, care_site_id: null, provider_id: null },
      ]);
      // Event references moved with the tables they point to: facts, episode events, measurement events.
      const facts = await wh.query<{ fact_id_1: number; fact_id_2: number }>(select([col('fact_id_1'), col('fact_id_2')], table('fact_relationship'), undefined, { orderBy: [asc(col('fact_id_1'))] }));
      expect(facts).toEqual([
        { fact_id_1: 1000, fact_id_2: 100 },
        { fact_id_1: 1001, fact_id_2: 101 },
        { fact_id_1: 2001, fact_id_2: 202 },
        { fact_id_1: 2002, fact_id_2: 203 },
      ]);
      const events = await wh.query(select([col('episode_id'), col('event_id')], table('episode_event'), undefined, { orderBy: [asc(col('episode_id')), asc(col('event_id'))] }));
      expect(events).toEqual([
        { episode_id: 1, event_id: 100 },
        { episode_id: 2, event_id: 202 },
        { episode_id: 2, event_id: 204 },
      ]);
      // An event id whose table cannot be told (unknown field concept) is kept when nothing moves, removed when ids move.
      const measurementEvents = await wh.query(select([col('measurement_id'), col('measurement_event_id')], table('measurement'), undefined, { orderBy: [asc(col('measurement_id'))] }));
      expect(measurementEvents).toEqual([
        { measurement_id: 1000, measurement_event_id: 100 },
        { measurement_id: 1001, measurement_event_id: 5 },
        { measurement_id: 2001, measurement_event_id: 202 },
        { measurement_id: 2002, measurement_event_id: null },
      ]);
      // The first hospital's patient 1 has the second hospital's visits too.
      expect(await wh.query(select([as(count(), 'n')], table('visit_occurrence'), eq(col('person_id'), { kind: 'literal', value: 1 })))).toEqual([{ n: 4n }]);
    });

    it('adds Eunomia’s vocabulary to the bundled one: rows the warehouse has are skipped, the rest loaded', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { today: '2026-01-01' });
      const before = new Map<string, Set<string>>();
      const keys: Record<string, string[]> = {
        concept: ['concept_id'],
        vocabulary: ['vocabulary_id'],
        concept_relationship: ['concept_id_1', 'concept_id_2', 'relationship_id'],
      };
      for (const [name, columns] of Object.entries(keys)) {
        const rows = await wh.query(select(columns.map((c) => col(c)), table(name)));
        before.set(name, new Set(rows.map((r) => columns.map((c) => String(r[c])).join('|'))));
      }
      const file = (name: string): Record<string, string>[] => parse(readFileSync(path.join(EUNOMIA, name)), { columns: true, skip_empty_lines: true });
      const overlap = (name: string, records: Record<string, string>[]) => records.filter((r) => before.get(name)!.has(keys[name]!.map((c) => r[c]).join('|'))).length;
      const concepts = file('CONCEPT.csv');
      const relationships = file('CONCEPT_RELATIONSHIP.filtered.csv');
      const vocabularies = file('VOCABULARY.csv');
      const expectedSkips = overlap('concept', concepts) + overlap('concept_relationship', relationships) + overlap('vocabulary', vocabularies);
      expect(overlap('concept', concepts)).toBeGreaterThan(0); // gender, race, visit concepts are in both

      const report = await ingestOmop(wh, EUNOMIA, { pseudonymizer });
      expect(report).toMatchObject({ reconciled: true, quarantined: 0, skippedByReason: { 'vocabulary-already-present': expectedSkips, 'cdm-source-of-input': 1 } });
      expect(await rowCount(wh, 'concept')).toBe(before.get('concept')!.size + concepts.length - overlap('concept', concepts));
      expect(await rowCount(wh, 'concept_relationship')).toBe(before.get('concept_relationship')!.size + relationships.length - overlap('concept_relationship', relationships));
      expect(await rowCount(wh, 'person')).toBe(file('PERSON.csv').length);
    });
  });
}
