import { daysFromCivil, metastasisIcd10 } from '@parcours/core';
import fc from 'fast-check';
import type { FhirResource } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { CompactKeyMap } from '../src/fhir/compact-key-map.js';
import { fhirDayNumber } from '../src/fhir/fhir-date.js';
import { normaliseReference } from '../src/fhir/fhir-field.js';
import { FHIR_R4_RESOURCE_TYPES, isFhirR4ResourceType, type FhirR4ResourceType } from '../src/fhir/fhir-resource-types.js';

describe('fhirDayNumber', () => {
  it('reads FHIR dates, dateTimes and instants as the calendar day written, whatever the zone', () => {
    expect(fhirDayNumber('1970-01-02')).toBe(1);
    expect(fhirDayNumber('2020-03-01T00:30:00+01:00')).toBe(daysFromCivil(2020, 3, 1));
    expect(fhirDayNumber('2020-03-01T23:59:59.123Z')).toBe(daysFromCivil(2020, 3, 1));
    expect(fhirDayNumber('2013-09-05T12:00:00')).toBe(daysFromCivil(2013, 9, 5));
    expect(fhirDayNumber('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
  });

  it('takes the first day of a partial date', () => {
    expect(fhirDayNumber('2013')).toBe(daysFromCivil(2013, 1, 1));
    expect(fhirDayNumber('2013-07')).toBe(daysFromCivil(2013, 7, 1));
  });

  it('refuses what is not a FHIR date', () => {
    for (const bad of ['', '13', '2013-7-01', '2013-13-01', '2013-02-29', '2020-02-30', '0000-01-01', '2020-01-01T25:00:00Z', '2020-01-01 12:00', '01/02/2020', '2020-01-01Tnoon', 'abcd']) {
      expect(fhirDayNumber(bad), bad).toBeUndefined();
    }
  });

  it('agrees with the calendar for every day of four centuries (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1800, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const valid = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        expect(fhirDayNumber(iso)).toBe(valid ? daysFromCivil(y, m, d) : undefined);
      }),
    );
  });
});

describe('normaliseReference', () => {
  it('keys relative and absolute references alike, keeps urn:uuid and contained references', () => {
    expect(normaliseReference('Patient/123')).toBe('Patient/123');
    expect(normaliseReference('https://h.example/fhir/Patient/123')).toBe('Patient/123');
    expect(normaliseReference('https://h.example/fhir/Patient/123/_history/4')).toBe('Patient/123');
    expect(normaliseReference('urn:uuid:0b6c9c1e-0000-4000-8000-000000000001')).toBe('urn:uuid:0b6c9c1e-0000-4000-8000-000000000001');
    expect(normaliseReference('#med1')).toBe('#med1');
  });
});

describe('CompactKeyMap', () => {
  it('behaves as a Map from strings to 32-bit integers across growth (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 40 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 2000 }), (entries) => {
        const compact = new CompactKeyMap(4);
        const reference = new Map<string, number>();
        for (const [k, v] of entries) {
          expect(compact.set(k, v)).toBe(!reference.has(k));
          reference.set(k, v);
        }
        expect(compact.size).toBe(reference.size);
        for (const [k, v] of reference) expect(compact.get(k)).toBe(v);
        expect(compact.get('\u0000absent\u0000')).toBe(reference.get('\u0000absent\u0000'));
      }),
      { numRuns: 50 },
    );
  });

  it('detects duplicates among a million keys with no false positive', () => {
    const seen = new CompactKeyMap();
    let duplicates = 0;
    for (let i = 0; i < 1_000_000; i++) if (!seen.add(`Observation/site-01-${i}-obs${i % 97}`)) duplicates++;
    expect(duplicates).toBe(0);
    expect(seen.add('Observation/site-01-5-obs5')).toBe(false);
  });
});

describe('FHIR R4 resource types', () => {
  it('lists exactly the resource types of the R4 typings', () => {
    // Compile-time: both directions of inclusion between the list and @types/fhir's R4 FhirResource union.
    const fromTypings: FhirResource['resourceType'] extends FhirR4ResourceType ? true : false = true;
    const toTypings: FhirR4ResourceType extends FhirResource['resourceType'] ? true : false = true;
    expect([fromTypings, toTypings]).toEqual([true, true]);
    expect(new Set(FHIR_R4_RESOURCE_TYPES).size).toBe(FHIR_R4_RESOURCE_TYPES.length);
    expect(isFhirR4ResourceType('Observation')).toBe(true);
    expect(isFhirR4ResourceType('Banana')).toBe(false);
    expect(isFhirR4ResourceType('observation')).toBe(false);
  });
});

describe('metastasisIcd10', () => {
  it('gives the ICD-10 secondary-neoplasm code of a site, C79.9 otherwise', () => {
    expect(metastasisIcd10('brain')).toBe('C79.3');
    expect(metastasisIcd10('Liver')).toBe('C78.7');
    expect(metastasisIcd10('lymph-node')).toBe('C77.9');
    expect(metastasisIcd10('elsewhere')).toBe('C79.9');
  });
});
