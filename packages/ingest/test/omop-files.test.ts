import { CDM_V54_TABLES, MEDICAL_IMAGING_TABLES, isoDateToDayNumber, type ColumnSpec } from '@parcours/core';
import { cdmTextConverter, isCdmValueProblem } from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { CDM_LOAD_ORDER, cdmTableOfFileName } from '../src/index.js';

describe('OMOP CDM table files', () => {
  it('names a file’s table by the part before the first dot, in any case', () => {
    expect(cdmTableOfFileName('PERSON.csv')).toBe('person');
    expect(cdmTableOfFileName('person.tsv')).toBe('person');
    expect(cdmTableOfFileName('CONCEPT_RELATIONSHIP.filtered.csv')).toBe('concept_relationship');
    expect(cdmTableOfFileName('Visit_Occurrence.txt')).toBe('visit_occurrence');
  });

  it('loads every CDM v5.4 and imaging table, PERSON first, events before what points to them', () => {
    expect([...CDM_LOAD_ORDER].sort()).toEqual([...CDM_V54_TABLES, ...MEDICAL_IMAGING_TABLES].map((t) => t.name).sort());
    expect(CDM_LOAD_ORDER[0]).toBe('person');
    const before = (a: string, b: string) => expect(CDM_LOAD_ORDER.indexOf(a as never)).toBeLessThan(CDM_LOAD_ORDER.indexOf(b as never));
    before('concept', 'visit_occurrence');
    before('note', 'note_nlp');
    before('episode', 'episode_event');
    for (const event of ['measurement', 'observation', 'drug_exposure', 'episode', 'note']) before(event, 'fact_relationship');
  });
});

describe('CDM text values', () => {
  const column = (type: ColumnSpec['type'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name: 'c', type, required: false, ...extra });
  const problem = (v: unknown) => (isCdmValueProblem(v as never) ? (v as { problem: string }).problem : v);

  it('reads dates as YYYY-MM-DD or YYYYMMDD, and the date of a datetime in a date column', () => {
    const date = cdmTextConverter(column('date'));
    expect(date('2020-01-05')).toBe(isoDateToDayNumber('2020-01-05'));
    expect(date('20200105')).toBe(isoDateToDayNumber('2020-01-05'));
    expect(date('2005-05-07 00:00:00')).toBe(isoDateToDayNumber('2005-05-07'));
    expect(date('')).toBeNull();
    for (const bad of ['2020-02-30', '2021-02-29', '05/01/2020', '2020-1-5', '2020-01-05 25:00:00']) expect(problem(date(bad)), bad).toBe('invalid-date');
  });

  it('normalises datetimes to YYYY-MM-DD HH:MM:SS without a zone, accepting only UTC markers', () => {
    const datetime = cdmTextConverter(column('datetime'));
    expect(datetime('2020-01-05T08:15')).toBe('2020-01-05 08:15:00');
    expect(datetime('2020-01-05 08:15:30.123456789')).toBe('2020-01-05 08:15:30.123456');
    expect(datetime('2020-01-05T08:15:30Z')).toBe('2020-01-05 08:15:30');
    expect(datetime('20200105')).toBe('2020-01-05 00:00:00');
    expect(problem(datetime('2020-01-05T08:15:30+02:00'))).toBe('invalid-date');
  });

  it('checks integers against 32 bits, numbers, required values and VARCHAR lengths', () => {
    const integer = cdmTextConverter(column('integer', { required: true }));
    expect(integer('2147483647')).toBe(2147483647);
    expect(problem(integer('2147483648'))).toBe('invalid-integer');
    expect(problem(integer('1.0'))).toBe('invalid-integer');
    expect(problem(integer(''))).toBe('missing');
    const float = cdmTextConverter(column('float'));
    expect(float('1e3')).toBe(1000);
    expect(problem(float('NaN'))).toBe('invalid-number');
    const varchar = cdmTextConverter(column('varchar', { length: 3 }));
    expect(varchar('abc')).toBe('abc');
    expect(problem(varchar('abcd'))).toBe('value-too-long');
  });
});
