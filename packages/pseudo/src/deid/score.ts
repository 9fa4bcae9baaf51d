import { IDENTIFIER_TYPES, type IdentifierType } from './identifier-type.js';

/** A span with a type: the ground truth of a note or what the de-identifier found. */
export interface TypedSpan {
  readonly start: number;
  readonly end: number;
  readonly type: IdentifierType;
}

/** Counts and rates for one type (or all types together). */
export interface DeidTypeScore {
  /** True spans of this type. */
  readonly trueCount: number;
  /** True spans at least 90 % covered by detected spans of any type. */
  readonly recalled: number;
  /** recalled / trueCount (NaN when there is none). */
  readonly recall: number;
  /** Detected spans of this type. */
  readonly detectedCount: number;
  /** Detected spans that overlap some true span. */
  readonly precise: number;
  /** precise / detectedCount (NaN when there is none). */
  readonly precision: number;
}

export interface DeidScore {
  readonly byType: Readonly<Record<IdentifierType, DeidTypeScore>>;
  readonly overall: DeidTypeScore;
}

/** Share of a true span's characters that must be removed for it to count as found. */
export const RECALL_COVERAGE = 0.9;

interface Counts {
  trueCount: number;
  recalled: number;
  detectedCount: number;
  precise: number;
}

function rates(c: Counts): DeidTypeScore {
  return { ...c, recall: c.trueCount === 0 ? Number.NaN : c.recalled / c.trueCount, precision: c.detectedCount === 0 ? Number.NaN : c.precise / c.detectedCount };
}

function emptyCounts(): Record<IdentifierType, Counts> {
  return Object.fromEntries(IDENTIFIER_TYPES.map((t) => [t, { trueCount: 0, recalled: 0, detectedCount: 0, precise: 0 }])) as Record<IdentifierType, Counts>;
}

function scoreOf(byType: Record<IdentifierType, Counts>): DeidScore {
  const all: Counts = { trueCount: 0, recalled: 0, detectedCount: 0, precise: 0 };
  for (const t of IDENTIFIER_TYPES) {
    const c = byType[t];
    all.trueCount += c.trueCount;
    all.recalled += c.recalled;
    all.detectedCount += c.detectedCount;
    all.precise += c.precise;
  }
  return { byType: Object.fromEntries(IDENTIFIER_TYPES.map((t) => [t, rates(byType[t])])) as Record<IdentifierType, DeidTypeScore>, overall: rates(all) };
}

/** Sorted, merged intervals covered by some span. */
function union(spans: readonly TypedSpan[]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last[1]) last[1] = Math.max(last[1], s.end);
    else out.push([s.start, s.end]);
  }
  return out;
}

function covered(intervals: readonly [number, number][], start: number, end: number): number {
  let n = 0;
  for (const [a, b] of intervals) {
    if (a >= end) break;
    if (b > start) n += Math.min(b, end) - Math.max(a, start);
  }
  return n;
}

/**
 * How well detected spans match the true spans of one text. Recall per true type: the share of true spans whose
 * characters are at least 90 % covered by detected spans of any type (removal is what matters). Precision per
 * detected type: the share of detected spans that overlap some true span. Scores of several texts add up with
 * `combineDeidScores`.
 *
 * @example
 * scoreDeidentification([{ start: 0, end: 10, type: 'DATE' }], [{ start: 0, end: 10, type: 'PHONE' }])
 * // byType.DATE: recall 1; byType.PHONE: precision 1; overall: recall 1, precision 1
 */
export function scoreDeidentification(truth: readonly TypedSpan[], detected: readonly TypedSpan[]): DeidScore {
  const counts = emptyCounts();
  const found = union(detected);
  for (const t of truth) {
    const c = counts[t.type];
    c.trueCount++;
    const length = t.end - t.start;
    if (length > 0 && covered(found, t.start, t.end) >= RECALL_COVERAGE * length) c.recalled++;
  }
  const truthIntervals = union(truth);
  for (const d of detected) {
    const c = counts[d.type];
    c.detectedCount++;
    if (covered(truthIntervals, d.start, d.end) > 0) c.precise++;
  }
  return scoreOf(counts);
}

/** The score of several texts together (counts added, rates recomputed). */
export function combineDeidScores(scores: Iterable<DeidScore>): DeidScore {
  const counts = emptyCounts();
  for (const s of scores) {
    for (const t of IDENTIFIER_TYPES) {
      const c = counts[t];
      const x = s.byType[t];
      c.trueCount += x.trueCount;
      c.recalled += x.recalled;
      c.detectedCount += x.detectedCount;
      c.precise += x.precise;
    }
  }
  return scoreOf(counts);
}
