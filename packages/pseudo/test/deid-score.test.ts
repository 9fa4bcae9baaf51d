import { describe, expect, it } from 'vitest';
import { combineDeidScores, scoreDeidentification, type TypedSpan } from '../src/index.js';

const span = (start: number, end: number, type: TypedSpan['type']): TypedSpan => ({ start, end, type });

describe('scoreDeidentification', () => {
  it('counts a true span as found when detected spans of any type cover 90 % of it', () => {
    const truth = [span(0, 10, 'PATIENT_NAME'), span(20, 30, 'DATE'), span(40, 50, 'PHONE')];
    const detected = [span(0, 9, 'DOCTOR_NAME'), span(20, 24, 'DATE'), span(24, 30, 'IPP'), span(40, 48, 'PHONE')];
    const s = scoreDeidentification(truth, detected);
    expect(s.byType.PATIENT_NAME).toMatchObject({ trueCount: 1, recalled: 1, recall: 1 });
    expect(s.byType.DATE).toMatchObject({ trueCount: 1, recalled: 1, recall: 1 });
    expect(s.byType.PHONE).toMatchObject({ trueCount: 1, recalled: 0, recall: 0, detectedCount: 1, precise: 1, precision: 1 });
    expect(s.overall).toMatchObject({ trueCount: 3, recalled: 2, detectedCount: 4, precise: 4 });
  });

  it('counts a detected span as precise when it overlaps any true span', () => {
    const s = scoreDeidentification([span(5, 10, 'CITY')], [span(9, 12, 'CITY'), span(12, 15, 'CITY'), span(0, 5, 'URL')]);
    expect(s.byType.CITY).toMatchObject({ detectedCount: 2, precise: 1, precision: 0.5 });
    expect(s.byType.URL).toMatchObject({ detectedCount: 1, precise: 0, precision: 0 });
  });

  it('gives NaN rates where there is nothing to count', () => {
    const s = scoreDeidentification([], []);
    expect(s.overall.recall).toBeNaN();
    expect(s.overall.precision).toBeNaN();
    expect(s.byType.NIR).toMatchObject({ trueCount: 0, detectedCount: 0 });
  });

  it('adds the counts of several texts', () => {
    const a = scoreDeidentification([span(0, 4, 'IPP')], [span(0, 4, 'IPP')]);
    const b = scoreDeidentification([span(0, 4, 'IPP')], [span(10, 14, 'IPP')]);
    expect(combineDeidScores([a, b]).byType.IPP).toMatchObject({ trueCount: 2, recalled: 1, recall: 0.5, detectedCount: 2, precise: 1, precision: 0.5 });
  });
});
