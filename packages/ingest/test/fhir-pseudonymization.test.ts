import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isoDateToDayNumber } from '@parcours/core';
import { OppositionList, Pseudonymizer } from '@parcours/pseudo';
import { as, col, eq, initWarehouse, param, select, table, type Warehouse } from '@parcours/store';
import { createPopulationNotes, generatePopulation, writeFhirNdjson } from '@parcours/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFhir } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { encounter, IPP_SYSTEM, labObservation, ndjsonFolder, patient, rowCount } from './fixtures/fhir-fixtures.js';

reportSkips();

const KEY = Pseudonymizer.fromKey(Buffer.alloc(32, 9));
const OTHER_KEY = Pseudonymizer.fromKey(Buffer.alloc(32, 10));
const MAX_SHIFT = 180;

/** Dated columns of the tables the synthetic export fills, by primary key (same input, same order → same ids). */
const DATED: readonly (readonly [table: string, key: string, dates: readonly string[]])[] = [
  ['visit_occurrence', 'visit_occurrence_id', ['visit_start_date', 'visit_end_date']],
  ['condition_occurrence', 'condition_occurrence_id', ['condition_start_date']],
  ['drug_exposure', 'drug_exposure_id', ['drug_exposure_start_date', 'drug_exposure_end_date']],
  ['measurement', 'measurement_id', ['measurement_date']],
  ['observation', 'observation_id', ['observation_date']],
  ['procedure_occurrence', 'procedure_occurrence_id', ['procedure_date']],
  ['specimen', 'specimen_id', ['specimen_date']],
  ['image_occurrence', 'image_occurrence_id', ['image_occurrence_date']],
  ['note', 'note_id', ['note_date']],
  ['episode', 'episode_id', ['episode_start_date']],
  ['observation_period', 'observation_period_id', ['observation_period_start_date', 'observation_period_end_date']],
];

/** Every date of those tables, keyed by table, row id and column, with the row's person. */
async function dates(wh: Warehouse): Promise<Map<string, { readonly person: number; readonly day: number }>> {
  const out = new Map<string, { person: number; day: number }>();
  for (const [name, key, columns] of DATED) {
    const rows = await wh.query(select([col(key), col('person_id'), ...columns.map((d) => col(d))], table(name)));
    for (const r of rows) for (const c of columns) out.set(`${name}|${String(r[key])}|${c}`, { person: Number(r['person_id']), day: isoDateToDayNumber(String(r[c])) });
  }
  return out;
}

async function personKeys(wh: Warehouse): Promise<Map<number, string>> {
  const rows = await wh.query<{ person_id: number; person_source_value: string }>(select([col('person_id'), col('person_source_value')], table('person')));
  return new Map(rows.map((r) => [r.person_id, r.person_source_value]));
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`FHIR pseudonymization on ${engine.name}`, () => {
    let dir: string;
    let plain: Warehouse & AsyncDisposable;
    let shifted: Warehouse & AsyncDisposable;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'parcours-fhir-shift-'));
      const population = generatePopulation({ patients: 40, seed: 33 });
      await writeFhirNdjson(population, dir, { notes: createPopulationNotes(33, population.sites) });
      plain = await engine.open();
      await initWarehouse(plain, { today: '2026-01-01' });
      await ingestFhir(plain, [dir], { pseudonymizer: KEY, birthDatePrecision: 'day' });
      shifted = await engine.open();
      await initWarehouse(shifted, { today: '2026-01-01' });
      await ingestFhir(shifted, [dir], { pseudonymizer: KEY, dateShiftMaxDays: MAX_SHIFT, birthDatePrecision: 'day' });
    }, 180_000);

    afterAll(async () => {
      await plain?.[Symbol.asyncDispose]();
      await shifted?.[Symbol.asyncDispose]();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('moves every date of a patient by one offset (intervals preserved), derived from their key; patients get different offsets', async () => {
      const before = await dates(plain);
      const after = await dates(shifted);
      expect(after.size).toBe(before.size);
      const offsets = new Map<number, Set<number>>();
      for (const [k, { person, day }] of before) {
        const moved = after.get(k);
        expect(moved, k).toBeDefined();
        expect(moved!.person).toBe(person);
        (offsets.get(person) ?? offsets.set(person, new Set()).get(person)!).add(moved!.day - day);
      }
      const keys = await personKeys(shifted);
      const perPerson: number[] = [];
      for (const [person, set] of offsets) {
        expect(set.size, `person ${person}: one offset for all dates`).toBe(1);
        const offset = [...set][0]!;
        expect(Math.abs(offset)).toBeLessThanOrEqual(MAX_SHIFT);
        expect(offset).not.toBe(0);
        // The documented rule: the offset is keyed by the person's pseudonym (person_source_value).
        expect(offset).toBe(KEY.dateShiftDays(keys.get(person)!, MAX_SHIFT));
        perPerson.push(offset);
      }
      expect(perPerson.length).toBe(40);
      expect(new Set(perPerson).size).toBeGreaterThan(30);
    });

    it('shifts birth and death dates with the same offset', async () => {
      const birth = async (wh: Warehouse) =>
        new Map(
          (await wh.query<{ person_id: number; year_of_birth: number; month_of_birth: number; day_of_birth: number }>(select([col('person_id'), col('year_of_birth'), col('month_of_birth'), col('day_of_birth')], table('person')))).map((r) => [
            r.person_id,
            isoDateToDayNumber(`${r.year_of_birth}-${String(r.month_of_birth).padStart(2, '0')}-${String(r.day_of_birth).padStart(2, '0')}`),
          ]),
        );
      const keys = await personKeys(shifted);
      const [b0, b1] = [await birth(plain), await birth(shifted)];
      for (const [person, day] of b0) expect(b1.get(person)! - day).toBe(KEY.dateShiftDays(keys.get(person)!, MAX_SHIFT));
      const deaths = async (wh: Warehouse) => new Map((await wh.query<{ person_id: number; death_date: string }>(select([col('person_id'), col('death_date')], table('death')))).map((r) => [r.person_id, isoDateToDayNumber(r.death_date)]));
      const [d0, d1] = [await deaths(plain), await deaths(shifted)];
      expect(d0.size).toBeGreaterThan(0);
      for (const [person, day] of d0) expect(d1.get(person)! - day).toBe(KEY.dateShiftDays(keys.get(person)!, MAX_SHIFT));
    });

    it('de-identifies notes: none of the patient’s identifiers is left, and their dates move with the patient', async () => {
      const notes = async (wh: Warehouse) =>
        new Map((await wh.query<{ note_id: number; note_date: string; note_title: string; note_text: string }>(select([col('note_id'), col('note_date'), col('note_title'), col('note_text')], table('note')))).map((n) => [n.note_id, n]));
      const [before, after] = [await notes(plain), await notes(shifted)];
      expect(after.size).toBeGreaterThan(40);
      const text = [...after.values()].map((n) => `${n.note_title}\n${n.note_text}`).join('\n').toLowerCase();
      for (const p of generatePopulation({ patients: 40, seed: 33 }).patients()) {
        const who = p.identity;
        const identifiers = [who.lastName, who.nir.replace(/\s/g, ''), who.nir, who.phone, who.email, who.address.line, p.ipp, ...p.stays.map((s) => s.nda), ...p.imaging.map((i) => i.accessionNumber)];
        for (const id of identifiers) expect(text.includes(id.toLowerCase()), `a ${id.length}-character identifier of a patient`).toBe(false);
      }
      // The letter's own date ('Lyon, le 05/09/2013') is shifted like note_date.
      const fr = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
      let dated = 0;
      for (const [id, n] of before) {
        if (!n.note_text.includes(fr(n.note_date))) continue;
        const m = after.get(id)!;
        expect(m.note_text).toContain(fr(m.note_date));
        expect(m.note_text).not.toContain(fr(n.note_date));
        dated++;
      }
      expect(dated).toBeGreaterThan(20);
    });

    it('gives the same pseudonym for the same key and patient, another with another key; offsets differ across keys', async () => {
      const a = await personKeys(plain);
      const b = await personKeys(shifted);
      expect([...a.values()].sort()).toEqual([...b.values()].sort());
      for (const v of a.values()) expect(v).toMatch(/^[0-9a-f]{40}$/);
      await using other = await engine.open();
      await initWarehouse(other, { today: '2026-01-01' });
      await ingestFhir(other, [dir], { pseudonymizer: OTHER_KEY, dateShiftMaxDays: MAX_SHIFT });
      const c = await personKeys(other);
      expect(c.size).toBe(40);
      const mine = new Set(a.values());
      for (const v of c.values()) expect(mine.has(v)).toBe(false);
      // Same patient (same person_id: same order), other key: another offset for most patients.
      const shiftOf = (key: Pseudonymizer, pseudonym: string) => key.dateShiftDays(pseudonym, MAX_SHIFT);
      let differ = 0;
      for (const [person, pseudonym] of c) if (shiftOf(OTHER_KEY, pseudonym) !== shiftOf(KEY, b.get(person)!)) differ++;
      expect(differ).toBeGreaterThan(35);
    });
  });

  describe.skipIf(!engine.available)(`FHIR: the same patient across loads on ${engine.name}`, () => {
    it('keeps the person_id of a patient met again, writes their person row once, and merges their observation period', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const options = { pseudonymizer: KEY, dateShiftMaxDays: 30 };
      const first = ndjsonFolder({
        'Patient.ndjson': [patient('p1', 'IPP-0001'), patient('p2', 'IPP-0002')],
        'Encounter.ndjson': [encounter('e1', 'p1', '2020-03-01', '2020-03-05')],
      });
      const r1 = await ingestFhir(wh, [first], options);
      expect(r1).toMatchObject({ loaded: 3, reconciled: true });
      const [p1] = await wh.query<{ person_id: number; person_source_value: string }>(select([col('person_id'), col('person_source_value')], table('person'), eq(col('person_source_value'), param(KEY.pseudonym('patient', `${IPP_SYSTEM}|IPP-0001`)))));
      expect(p1).toBeDefined();
      const offset = KEY.dateShiftDays(p1!.person_source_value, 30);

      // New files about p1: their Patient again (another logical id), and an Observation referring to the old id only.
      const second = ndjsonFolder({
        'Patient.ndjson': [patient('p1-bis', 'IPP-0001')],
        'Observation.ndjson': [labObservation('o1', 'p1', '2021-06-10'), labObservation('o2', 'p1-bis', '2021-07-01')],
      });
      const r2 = await ingestFhir(wh, [second], options);
      expect(r2).toMatchObject({ loaded: 2, skipped: 1, skippedByReason: { 'person-already-loaded': 1 }, quarantined: 0, reconciled: true });
      expect(await rowCount(wh, 'person')).toBe(2);
      const measurements = await wh.query<{ person_id: number; measurement_date: string }>(select([col('person_id'), col('measurement_date')], table('measurement')));
      expect(measurements.map((m) => m.person_id)).toEqual([p1!.person_id, p1!.person_id]);
      // The patient's dates move with the offset they had in the first load.
      expect(measurements.map((m) => isoDateToDayNumber(m.measurement_date) - offset).sort()).toEqual([isoDateToDayNumber('2021-06-10'), isoDateToDayNumber('2021-07-01')]);
      const periods = await wh.query<{ s: string; e: string }>(
        select([as(col('observation_period_start_date'), 's'), as(col('observation_period_end_date'), 'e')], table('observation_period'), eq(col('person_id'), param(p1!.person_id))),
      );
      expect(periods).toHaveLength(1);
      expect(isoDateToDayNumber(periods[0]!.s) - offset).toBe(isoDateToDayNumber('2020-03-01'));
      expect(isoDateToDayNumber(periods[0]!.e) - offset).toBe(isoDateToDayNumber('2021-07-01'));
    });

    it('excludes a patient on the opposition list with every record that refers to them', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const dir = ndjsonFolder({
        'Patient.ndjson': [patient('p1', 'IPP-0001', { nir: '2 61 05 69 123 456 78' }), patient('p2', 'IPP-0002')],
        'Encounter.ndjson': [encounter('e1', 'p1', '2020-03-01', '2020-03-05'), encounter('e2', 'p2', '2020-03-01', '2020-03-02')],
        'Observation.ndjson': [labObservation('o1', 'p1', '2020-03-02'), labObservation('o2', 'p1', '2020-03-03'), labObservation('o3', 'p2', '2020-03-02')],
      });
      // The NIR as the opposition file has it (spaces removed when compared).
      const opposition = OppositionList.parse('2610569123456 78\n');
      const report = await ingestFhir(wh, [dir], { pseudonymizer: KEY, opposition });
      expect(report).toMatchObject({ read: 7, loaded: 3, excluded: 4, patientsExcluded: 1, reconciled: true });
      expect(await rowCount(wh, 'person')).toBe(1);
      expect(await rowCount(wh, 'measurement')).toBe(1);
      expect(await rowCount(wh, 'parcours_person_key')).toBe(3); // p2: patient key, its Patient/id alias, IPP
    });
  });
}
