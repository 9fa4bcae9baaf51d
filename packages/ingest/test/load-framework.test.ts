import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@parcours/core';
import { OppositionList, Pseudonymizer } from '@parcours/pseudo';
import { as, count, initWarehouse, omopRowBuilder, select, table, type Warehouse } from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { reidentificationRisk, runLoad, type LoadContext } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';

reportSkips();

const KEY = Buffer.alloc(32, 7);
const pseudonymizer = Pseudonymizer.fromKey(KEY);
const person = omopRowBuilder('person');
const observation = omopRowBuilder('observation');
const location = omopRowBuilder('location');

async function rows(wh: Warehouse, name: 'person' | 'observation' | 'parcours_load' | 'parcours_load_file' | 'parcours_person_key' | 'parcours_quarantine'): Promise<number> {
  const [r] = await wh.query<{ n: bigint | number }>(select([as(count(), 'n')], table(name)));
  return Number(r?.n ?? 0);
}

function inputFile(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-load-'));
  const file = path.join(dir, 'input.ndjson');
  writeFileSync(file, content);
  return file;
}

/** A toy loader: one person per line of the file ("IPP;year"), one observation each, a quarantine for "bad". */
function toyBody(lines: readonly string[]) {
  return async (ctx: LoadContext, files: readonly { path: string; name: string; sha256: string; bytes: number }[]) => {
    for (const file of files) {
      let n = 0;
      for (const line of lines) {
        n++;
        ctx.counters.read++;
        if (line === 'bad') {
          ctx.quarantine({ file: file.name, line: n, code: 'invalid-value', reason: 'toy: bad line', path: 'line' });
          continue;
        }
        const [ipp = '', year = '1950'] = line.split(';');
        if (ctx.opposition?.matches(ipp) === true) {
          ctx.counters.excluded++;
          continue;
        }
        const key = pseudonymizer.pseudonym('patient', `toy|${ipp}`);
        if (ctx.persons.personId(key) !== undefined) {
          ctx.counters.skip('person-already-loaded');
          continue;
        }
        const id = ctx.ids.take('person');
        ctx.rows.push('person', person({ person_id: id, gender_concept_id: 8532, year_of_birth: Number(year), race_concept_id: 0, ethnicity_concept_id: 0, person_source_value: key }));
        ctx.rows.push('observation', observation({ observation_id: ctx.ids.take('observation'), person_id: id, observation_concept_id: 0, observation_date: '2020-01-01', observation_type_concept_id: 32817 }));
        ctx.persons.register(id, [{ kind: 'patient', pseudonym: key }, { kind: 'ipp', pseudonym: pseudonymizer.pseudonym('ipp', ipp) }], ctx.rows);
        ctx.counters.loaded++;
        await ctx.rows.flushIfFull();
      }
      ctx.fileRead(file, n);
    }
  };
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`load framework on ${engine.name}`, () => {
    it('commits rows, quarantine, person keys and ledger together; the same file again adds nothing', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const lines = ['A1;1950', 'A2;1960', 'bad', 'A3;1970'];
      const file = inputFile(lines.join('\n'));
      const first = await runLoad(wh, { kind: 'fhir', files: [file], pseudonymizer }, toyBody(lines));
      expect(first).toMatchObject({ loadId: 1, read: 4, loaded: 3, quarantined: 1, excluded: 0, skipped: 0, reconciled: true });
      expect(first.files).toEqual([expect.objectContaining({ status: 'loaded', records: 4 })]);
      expect(await rows(wh, 'person')).toBe(3);
      expect(await rows(wh, 'parcours_person_key')).toBe(6);
      expect(await rows(wh, 'parcours_quarantine')).toBe(1);
      const second = await runLoad(wh, { kind: 'fhir', files: [file], pseudonymizer }, toyBody(lines));
      expect(second).toMatchObject({ loadId: null, read: 0 });
      expect(second.files).toEqual([expect.objectContaining({ status: 'already-loaded' })]);
      expect(await rows(wh, 'person')).toBe(3);
      expect(await rows(wh, 'parcours_load')).toBe(1);
      // The same patients from a different file keep their person_id: skipped, not duplicated.
      const third = await runLoad(wh, { kind: 'fhir', files: [inputFile('again')], pseudonymizer }, toyBody(['A1;1950', 'A4;1980']));
      expect(third).toMatchObject({ loadId: 2, loaded: 1, skipped: 1, skippedByReason: { 'person-already-loaded': 1 } });
      expect(await rows(wh, 'person')).toBe(4);
    });

    it('leaves the warehouse as it was when the load fails half-way', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const lines = Array.from({ length: 50 }, (_, i) => `P${i};1955`);
      const failing = async (ctx: LoadContext, files: Parameters<ReturnType<typeof toyBody>>[1]) => {
        await toyBody(lines)(ctx, files);
        await ctx.rows.flush(); // rows are in the engine, inside the transaction
        throw new AppError('invalid_input', 'simulated failure after writing');
      };
      await expect(runLoad(wh, { kind: 'fhir', files: [inputFile('x')], pseudonymizer, batchRows: 7 }, failing)).rejects.toThrow('simulated failure');
      for (const t of ['person', 'observation', 'parcours_load', 'parcours_load_file', 'parcours_person_key'] as const) expect(await rows(wh, t), t).toBe(0);
    });

    it('refuses to commit a load whose counts do not reconcile', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const leaky = async (ctx: LoadContext, files: Parameters<ReturnType<typeof toyBody>>[1]) => {
        await toyBody(['Z1;1950'])(ctx, files);
        ctx.counters.read++; // a record read and then forgotten
      };
      await expect(runLoad(wh, { kind: 'fhir', files: [inputFile('y')], pseudonymizer }, leaky)).rejects.toThrow(/reconcile/);
      expect(await rows(wh, 'person')).toBe(0);
    });

    it('excludes opposed patients at ingestion and removes those loaded before, with all their rows', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const lines = ['O1;1950', 'O2;1960', 'O3;1970'];
      await runLoad(wh, { kind: 'fhir', files: [inputFile('first')], pseudonymizer }, toyBody(lines));
      expect(await rows(wh, 'observation')).toBe(3);
      const opposition = OppositionList.parse('# objections received\nO2\n\nO9 \n');
      const report = await runLoad(wh, { kind: 'fhir', files: [inputFile('second')], pseudonymizer, opposition }, toyBody(['O9;1990', 'O4;1980']));
      expect(report).toMatchObject({ personsRemoved: 1, excluded: 1, loaded: 1, reconciled: true });
      expect(await rows(wh, 'person')).toBe(3); // O1, O3, O4
      expect(await rows(wh, 'observation')).toBe(3);
      expect(await rows(wh, 'parcours_person_key')).toBe(6);
      // With another key the same list finds nobody: pseudonyms are unlinkable across keys.
      const other = Pseudonymizer.fromKey(Buffer.alloc(32, 9));
      const none = await runLoad(wh, { kind: 'fhir', files: [], pseudonymizer: other, opposition: OppositionList.parse('O1\nO3') }, toyBody([]));
      expect(none.personsRemoved).toBe(0);
      expect(await rows(wh, 'person')).toBe(3);
    });

    it('reports k-anonymity over year of birth, sex, département and rare diagnosis', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      await wh.append('location', [location({ location_id: 1, county: '69' }), location({ location_id: 2, county: '01' })]);
      const people: unknown[][] = [];
      let id = 0;
      // 12 identical women born 1950 in 69, 6 men born 1960 in 69, 1 woman born 1950 in 01.
      const add = (n: number, year: number, gender: number, loc: number) => {
        for (let i = 0; i < n; i++) people.push(person({ person_id: ++id, gender_concept_id: gender, year_of_birth: year, race_concept_id: 0, ethnicity_concept_id: 0, location_id: loc }));
      };
      add(12, 1950, 8532, 1);
      add(6, 1960, 8507, 1);
      add(1, 1950, 8532, 2);
      await wh.append('person', people as never);
      // Person 1 has a rare diagnosis (1 holder of C69 among 19 persons < 10 %): it leaves the class of 12.
      const condition = omopRowBuilder('condition_occurrence');
      await wh.append('condition_occurrence', [
        condition({ condition_occurrence_id: 1, person_id: 1, condition_concept_id: 0, condition_start_date: '2020-01-01', condition_type_concept_id: 32817, condition_source_value: 'C69.4' }),
        ...Array.from({ length: 19 }, (_, i) => condition({ condition_occurrence_id: i + 2, person_id: i + 1, condition_concept_id: 0, condition_start_date: '2020-01-01', condition_type_concept_id: 32817, condition_source_value: 'C50.9' })),
      ]);
      const risk = await reidentificationRisk(wh, { rareShare: 0.1 });
      expect(risk).toMatchObject({ persons: 19, classes: 4, smallestClass: 1, personsInClassesBelow5: 2, personsInClassesBelow10: 8, classesBelow5: 2, classesBelow10: 3 });
    });
  });
}
