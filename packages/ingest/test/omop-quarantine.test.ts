import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pseudonymizer } from '@parcours/pseudo';
import { as, asc, col, count, initWarehouse, select, table, type Warehouse } from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { ingestOmop } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';

reportSkips();

const pseudonymizer = Pseudonymizer.fromKey(Buffer.alloc(32, 3));
const LONG_SOURCE_VALUE = 'V'.repeat(51); // visit_source_value is VARCHAR(50)

/**
 * A small export with what real ones get wrong: upper-case headers, tab-separated files, a CDM 5.3
 * visit_occurrence (admitting_source_*, discharge_to_*), a quoted field over two lines, a bad date, a value too long,
 * a row with too few fields, a measurement of a person the export does not have, an unknown column, a 5.3-only
 * table, a 5.3 METADATA without its 5.4 key, the source's CDM_SOURCE and a file that names no table.
 */
function badExport(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-omop-bad-'));
  const tsv = (rows: string[][]) => `${rows.map((r) => r.join('\t')).join('\n')}\n`;
  writeFileSync(
    path.join(dir, 'PERSON.txt'),
    tsv([
      ['PERSON_ID', 'GENDER_CONCEPT_ID', 'YEAR_OF_BIRTH', 'MONTH_OF_BIRTH', 'DAY_OF_BIRTH', 'RACE_CONCEPT_ID', 'ETHNICITY_CONCEPT_ID', 'PERSON_SOURCE_VALUE'],
      ['1', '8507', '1950', '3', '12', '0', '0', 'IPP-0001'],
      ['2', '8532', '1961', '', '', '0', '0', 'IPP-0002'],
      ['3', '8532', '1972', '12', '31', '0', '0', 'IPP-0003'],
      ['4', 'x', '1980', '', '', '0', '0', 'IPP-0004'], // line 5: gender is no concept id
    ]),
  );
  writeFileSync(
    path.join(dir, 'VISIT_OCCURRENCE.csv'),
    [
      'VISIT_OCCURRENCE_ID,PERSON_ID,VISIT_CONCEPT_ID,VISIT_START_DATE,VISIT_START_DATETIME,VISIT_END_DATE,VISIT_END_DATETIME,VISIT_TYPE_CONCEPT_ID,PROVIDER_ID,CARE_SITE_ID,VISIT_SOURCE_VALUE,VISIT_SOURCE_CONCEPT_ID,ADMITTING_SOURCE_CONCEPT_ID,ADMITTING_SOURCE_VALUE,DISCHARGE_TO_CONCEPT_ID,DISCHARGE_TO_SOURCE_VALUE,PRECEDING_VISIT_OCCURRENCE_ID',
      '10,1,9201,20200105,2020-01-05T08:15:00,20200110,,32817,,,,0,8863,"home,', // line 2: a quoted field that goes on …
      'urgent",8536,home,', // … to line 3
      '11,2,9202,2020-02-30,,2020-03-01,,32817,,,,0,,,,,', // line 4: no 30 February
      `12,3,9202,2020-03-01,,2020-03-01,,32817,,,${LONG_SOURCE_VALUE},0,,,,,`, // line 5: too long
      '13,3,9202,2020-03-02,,2020-03-02,,32817', // line 6: too few fields
      '14,3,9202,2020-03-03,,2020-03-04,,32817,,,ok,0,,,,,12', // line 7
      '',
    ].join('\r\n'),
  );
  writeFileSync(
    path.join(dir, 'measurement.tsv'),
    tsv([
      ['MEASUREMENT_ID', 'PERSON_ID', 'MEASUREMENT_CONCEPT_ID', 'MEASUREMENT_DATE', 'MEASUREMENT_TYPE_CONCEPT_ID', 'VALUE_AS_NUMBER', 'VISIT_OCCURRENCE_ID', 'LAB_COMMENT'],
      ['100', '1', '3025315', '2020-01-05', '32817', '48.1', '10', 'x'],
      ['101', '99', '3025315', '2020-01-05', '32817', '50', '', ''], // line 3: nobody has person_id 99
      ['102', '2', '3025315', '2020-01-06', '32817', 'fifty', '', ''], // line 4: not a number
      ['103', '3', '3025315', '20200107', '32817', '', '14', ''],
      ['104', '4', '3025315', '2020-01-08', '32817', '1', '', ''], // line 6: person 4's row was quarantined
    ]),
  );
  writeFileSync(
    path.join(dir, 'OBSERVATION.csv'),
    [
      'observation_id,person_id,observation_concept_id,observation_date,observation_type_concept_id,value_as_string',
      '1,1,0,2020-01-01,32817,"said ""fine"""',
      '2,2,0,2020-01-02,32817,',
      '3,3,0,2020-01-03,32817,"broken"quote', // line 4: broken quoting
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'ATTRIBUTE_DEFINITION.csv'), 'attribute_definition_id,attribute_name,attribute_description,attribute_type_concept_id,attribute_syntax\n1,length of stay,,0,\n');
  writeFileSync(
    path.join(dir, 'CDM_SOURCE.csv'),
    'cdm_source_name,cdm_source_abbreviation,cdm_holder,source_description,source_documentation_reference,cdm_etl_reference,source_release_date,cdm_release_date,cdm_version,vocabulary_version\nHospital,H,H,,,,2020-01-01,2020-01-01,v5.3.1,v5.0\n',
  );
  writeFileSync(path.join(dir, 'METADATA.csv'), 'metadata_concept_id,metadata_type_concept_id,name,value_as_string,value_as_concept_id,metadata_date,metadata_datetime\n0,0,etl,v1,,2020-01-01,\n0,0,run,2,,2020-01-02,\n');
  writeFileSync(path.join(dir, 'extraction_log.csv'), 'step,rows\nperson,3\n');
  writeFileSync(path.join(dir, 'README.md'), 'not a table\n');
  return dir;
}

async function rowCount(wh: Warehouse, name: string): Promise<number> {
  const [r] = await wh.query<{ n: bigint }>(select([as(count(), 'n')], table(name)));
  return Number(r?.n ?? 0);
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`OMOP CSV ingestion of a faulty export on ${engine.name}`, () => {
    it('quarantines each bad row with file, line, column and reason (never its value) and loads the rest; counts reconcile', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const report = await ingestOmop(wh, badExport(), { pseudonymizer });

      expect(report).toMatchObject({
        reconciled: true,
        read: 4 + 5 + 5 + 3 + 1 + 1 + 2,
        loaded: 3 + 2 + 2 + 2 + 2,
        quarantined: 8,
        excluded: 0,
        skipped: 2,
        quarantinedByCode: { 'invalid-date': 1, 'value-too-long': 1, 'wrong-column-count': 1, 'unresolved-reference': 2, 'invalid-value': 2, 'malformed-record': 1 },
        skippedByReason: { 'table-not-in-cdm-v54': 1, 'cdm-source-of-input': 1 },
      });
      const quarantined = await wh.query<{ file_name: string; line_number: bigint; json_path: string | null; reason_code: string; reason: string }>(
        select([col('file_name'), col('line_number'), col('json_path'), col('reason_code'), col('reason')], table('parcours_quarantine')),
      );
      const located = quarantined.map((q) => [q.file_name, Number(q.line_number), q.json_path, q.reason_code]).sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`));
      expect(located).toEqual([
        ['measurement.tsv', 3, 'person_id', 'unresolved-reference'],
        ['measurement.tsv', 4, 'value_as_number', 'invalid-value'],
        ['measurement.tsv', 6, 'person_id', 'unresolved-reference'],
        ['OBSERVATION.csv', 4, null, 'malformed-record'],
        ['PERSON.txt', 5, 'gender_concept_id', 'invalid-value'],
        // Line 2's quoted field goes on over line 3: the next records are located by the line they start on.
        ['VISIT_OCCURRENCE.csv', 4, 'visit_start_date', 'invalid-date'],
        ['VISIT_OCCURRENCE.csv', 5, 'visit_source_value', 'value-too-long'],
        ['VISIT_OCCURRENCE.csv', 6, null, 'wrong-column-count'],
      ]);
      expect(quarantined.find((q) => q.file_name === 'measurement.tsv' && Number(q.line_number) === 6)?.reason).toMatch(/PERSON row was quarantined/);
      for (const q of quarantined) {
        for (const value of ['2020-02-30', LONG_SOURCE_VALUE, 'fifty', '99', 'IPP-000']) expect(q.reason).not.toContain(value);
      }
      expect(await rowCount(wh, 'person')).toBe(3);
      expect(await rowCount(wh, 'visit_occurrence')).toBe(2);
      expect(await rowCount(wh, 'measurement')).toBe(2);
      expect(await rowCount(wh, 'metadata')).toBe(2);
      expect(await wh.query(select([col('value_as_string')], table('observation'), undefined, { orderBy: [asc(col('observation_id'))] }))).toEqual([{ value_as_string: 'said "fine"' }, { value_as_string: null }]);
      expect(await rowCount(wh, 'cdm_source')).toBe(1);

      // The CDM 5.3 columns were loaded under their 5.4 names; the quoted field kept its line break.
      const visit = await wh.query(select([col('visit_start_date'), col('visit_start_datetime'), col('admitted_from_concept_id'), col('admitted_from_source_value'), col('discharged_to_concept_id'), col('discharged_to_source_value')], table('visit_occurrence'), undefined, { orderBy: [asc(col('visit_occurrence_id'))] }));
      expect(visit[0]).toEqual({ visit_start_date: '2020-01-05', visit_start_datetime: '2020-01-05T08:15:00', admitted_from_concept_id: 8863, admitted_from_source_value: 'home,\r\nurgent', discharged_to_concept_id: 8536, discharged_to_source_value: 'home' });
      // 5.3 METADATA has no metadata_id: new ids.
      expect(await wh.query(select([col('metadata_id'), col('name')], table('metadata'), undefined, { orderBy: [asc(col('metadata_id'))] }))).toEqual([
        { metadata_id: 1, name: 'etl' },
        { metadata_id: 2, name: 'run' },
      ]);
      // What was not loaded, or not recognised, is in the report.
      expect(report.warnings.map((w) => [w.file, w.code, w.path ?? null])).toEqual(
        expect.arrayContaining([
          ['extraction_log.csv', 'unknown-table', null],
          ['ATTRIBUTE_DEFINITION.csv', 'table-not-in-cdm-v54', null],
          ['VISIT_OCCURRENCE.csv', 'cdm-v53-column', 'admitting_source_concept_id'],
          ['VISIT_OCCURRENCE.csv', 'cdm-v53-column', 'discharge_to_source_value'],
          ['measurement.tsv', 'unknown-column', 'lab_comment'],
          ['METADATA.csv', 'default-value', 'metadata_id'],
        ]),
      );
    });

    it('reads past a quote never closed with bounded memory: the rest of the file is one malformed record', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const dir = mkdtempSync(path.join(tmpdir(), 'parcours-omop-unclosed-'));
      writeFileSync(path.join(dir, 'PERSON.csv'), 'person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id,person_source_value\n1,8507,1950,0,0,A\n');
      const lines = ['observation_id,person_id,observation_concept_id,observation_date,observation_type_concept_id,value_as_string', '1,1,0,2020-01-01,32817,ok', '2,1,0,2020-01-02,32817,"never closed'];
      for (let i = 3; i < 2_000; i++) lines.push(`${i},1,0,2020-01-03,32817,text of line ${i}`);
      writeFileSync(path.join(dir, 'OBSERVATION.csv'), `${lines.join('\n')}\n`);
      const report = await ingestOmop(wh, dir, { pseudonymizer, maxRecordBytes: 4_096 });
      expect(report).toMatchObject({ reconciled: true, read: 3, loaded: 2, quarantined: 1, quarantinedByCode: { 'malformed-record': 1 } });
      expect(await rowCount(wh, 'observation')).toBe(1);
    });
  });
}
