import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINE_RULES, type DrugClass, type DrugExposureEvent, type LineAnchors, type LineOfTherapy, deriveLinesOfTherapy } from '../src/index.js';

// Drugs chosen to reach every rule: substitution pairs, exclusive TKIs with the oral gap, switch-maintenance drugs
// after platinum, a depot drug, a plain combination partner.
const DRUGS: readonly (readonly [string, DrugClass, number])[] = [
  ['carboplatin', 'chemotherapy', 0],
  ['cisplatin', 'chemotherapy', 0],
  ['pemetrexed', 'chemotherapy', 0],
  ['paclitaxel', 'chemotherapy', 0],
  ['nab-paclitaxel', 'chemotherapy', 0],
  ['docetaxel', 'chemotherapy', 0],
  ['pembrolizumab', 'immunotherapy', 0],
  ['bevacizumab', 'antiangiogenic', 0],
  ['crizotinib', 'targeted', 27],
  ['lorlatinib', 'targeted', 27],
  ['olaparib', 'targeted', 27],
  ['leuprorelin', 'endocrine', 0],
];

const exposure: fc.Arbitrary<DrugExposureEvent> = fc
  .record({ k: fc.integer({ min: 0, max: DRUGS.length - 1 }), start: fc.integer({ min: 0, max: 900 }), extra: fc.integer({ min: 0, max: 40 }) })
  .map(({ k, start, extra }) => {
    const [drug, drugClass, supply] = DRUGS[k]!;
    return { drug, drugClass, start, end: start + (supply === 0 ? 0 : supply + extra) };
  });

/** Up to 60 exposures, clustered so that lines, gaps, windows and maintenance all happen. */
const timeline = fc.array(exposure, { maxLength: 60 });

const anchorsArb: fc.Arbitrary<LineAnchors> = fc.record(
  {
    progressionDates: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 4 }),
    deathDate: fc.integer({ min: 0, max: 1200 }),
    observationEnd: fc.integer({ min: 0, max: 1200 }),
  },
  { requiredKeys: [] },
);

/** A line with its exposures as content (drug, start, end) instead of input positions, for order-free comparison. */
function content(lines: readonly LineOfTherapy[], events: readonly DrugExposureEvent[]): unknown[] {
  return lines.map(({ exposures, ...line }) => ({
    ...line,
    exposures: exposures.map((i) => `${events[i]!.drug}@${events[i]!.start}-${events[i]!.end}`).sort(),
  }));
}

describe('line-of-therapy invariants (fast-check)', () => {
  it('lines are numbered 1..n, start in order and do not overlap', () => {
    fc.assert(
      fc.property(timeline, anchorsArb, (events, anchors) => {
        const lines = deriveLinesOfTherapy(events, DEFAULT_LINE_RULES, anchors);
        lines.forEach((line, k) => {
          expect(line.lineNumber).toBe(k + 1);
          expect(line.end).toBeGreaterThanOrEqual(line.start);
          const next = lines[k + 1];
          if (next !== undefined) expect(line.end).toBeLessThan(next.start);
          expect(line.regimen).toBe([...line.drugs].sort().join(' + '));
          expect(line.drugs.length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('every exposure belongs to exactly one line, between its start and the next line start', () => {
    fc.assert(
      fc.property(timeline, anchorsArb, (events, anchors) => {
        const lines = deriveLinesOfTherapy(events, DEFAULT_LINE_RULES, anchors);
        const owner = new Map<number, number>();
        lines.forEach((line, k) => {
          const nextStart = lines[k + 1]?.start ?? Infinity;
          for (const i of line.exposures) {
            expect(owner.has(i)).toBe(false);
            owner.set(i, k);
            expect(events[i]!.start).toBeGreaterThanOrEqual(line.start);
            expect(events[i]!.start).toBeLessThan(nextStart);
          }
        });
        expect(owner.size).toBe(events.length);
      }),
      { numRuns: 400 },
    );
  });

  it('with an advanced-disease date, exactly the exposures starting from it are in lines', () => {
    fc.assert(
      fc.property(timeline, fc.integer({ min: 0, max: 900 }), (events, advancedDiseaseDate) => {
        const lines = deriveLinesOfTherapy(events, DEFAULT_LINE_RULES, { advancedDiseaseDate });
        const inLines = lines.flatMap((l) => l.exposures).sort((a, b) => a - b);
        const expected = events.flatMap((e, i) => (e.start >= advancedDiseaseDate ? [i] : []));
        expect(inLines).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('deriving twice gives the same result, and the input is not changed', () => {
    fc.assert(
      fc.property(timeline, anchorsArb, (events, anchors) => {
        const before = JSON.stringify(events);
        const a = deriveLinesOfTherapy(events, DEFAULT_LINE_RULES, anchors);
        const b = deriveLinesOfTherapy(events, DEFAULT_LINE_RULES, anchors);
        expect(b).toEqual(a);
        expect(JSON.stringify(events)).toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it('input order does not matter', () => {
    fc.assert(
      fc.property(
        timeline.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))),
        anchorsArb,
        ([events, shuffled], anchors) => {
          const a = deriveLinesOfTherapy(events, DEFAULT_LINE_RULES, anchors);
          const b = deriveLinesOfTherapy(shuffled, DEFAULT_LINE_RULES, anchors);
          expect(content(b, shuffled)).toEqual(content(a, events));
        },
      ),
      { numRuns: 400 },
    );
  });
});
