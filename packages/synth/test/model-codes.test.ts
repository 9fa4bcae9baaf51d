import { conceptIdFor } from '@parcours/core';
import { describe, expect, it } from 'vitest';
import { TUMOUR_PROFILES } from '../src/model/oncology/tumour-profiles.js';

describe('codes of the population model exist in the bundled vocabulary', () => {
  it('ICD-10 and ICD-O-3 codes of every subtype', () => {
    const missing: string[] = [];
    for (const p of Object.values(TUMOUR_PROFILES)) {
      for (const s of p.subtypes) {
        for (const [v, c] of [['ICD10', s.icd10], ['ICD10', s.icd10Unspecified], ['ICDO3', s.topography], ['ICDO3', s.morphology]] as const) {
          if (conceptIdFor(v, c) === undefined) missing.push(`${p.type}/${s.key}: ${v} ${c}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('ATC codes of the drug catalogue', () => {
  it('every drug has an ATC code of the bundled vocabulary', async () => {
    const { DRUGS } = await import('../src/model/oncology/regimens.js');
    const missing = Object.values(DRUGS).filter((d) => conceptIdFor('ATC', d.atc) === undefined).map((d) => `${d.drug} ${d.atc}`);
    expect(missing).toEqual([]);
  });
});
