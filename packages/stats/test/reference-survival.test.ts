/**
 * Every case under ../shared/reference/survival/, discovered at run time, must agree with R's survival 3.5-3 to the
 * README's tolerance: 1e-6 relative, 1e-9 absolute near zero, p-values below 1e-300 on their log; and the report must
 * have the same keys, nesting and nulls as expected.json (R's version metadata aside).
 */
import { describe, expect, it } from 'vitest';
import { analyzeSurvival } from '../src/index.js';
import { caseInput, compareReport, parseCsv, referenceCases } from './reference-cases.js';

const cases = referenceCases();

describe('survival reference cases (R survival 3.5-3)', () => {
  it('finds the reference cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(`${c.name}: every number and key matches R`, () => {
      const report = analyzeSurvival(caseInput(c.spec, parseCsv(c.csv)));
      const mismatches = compareReport(c.expected, JSON.parse(JSON.stringify(report)));
      expect(mismatches.slice(0, 20)).toEqual([]);
    });
  }
});
