/**
 * Disclosure control of whole studies: random analyses released and audited (no count from 1 to k − 1 gets out,
 * directly or by difference), the release faithful to the analysis, and a study too small to report.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@parcours/core';
import { auditReleasedStudy } from '../src/disclosure/audit-release.js';
import { DEFAULT_MIN_CELL_SIZE, disclosurePolicy } from '../src/disclosure/disclosure-policy.js';
import { ESTIMATE_WITHHELD, releaseStudy } from '../src/disclosure/release-study.js';
import { isSuppressed, type ReleasedCount, type ReleasedStudy, type StudyAnalysis } from '../src/results/study-results.js';
import { her2DemoAnalysis, simulateStudy, type StudySpec, studySpec } from './disclosure-fixtures.js';

/**
 * Every count of the release against the analysis: the same number, or hidden with the right label; steps the
 * analysis's prefix with k or more at risk; estimates withheld exactly where an arm or its events are below k.
 * Returns what differs (one assertion per study keeps the property test fast).
 */
function unfaithful(study: ReleasedStudy, analysis: StudyAnalysis, k: number): string[] {
  const problems: string[] = [];
  const expectThat = (ok: boolean, where: string): void => {
    if (!ok) problems.push(where);
  };
  const check = (where: string, shown: ReleasedCount, truth: number): void => {
    if (!isSuppressed(shown)) expectThat(shown === truth, where);
    else if (shown.suppressed === 'small') expectThat(truth >= 1 && truth < k, where);
    else expectThat(truth === 0 || truth >= k, where);
  };
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  study.attrition.forEach((s, i) => {
    check(`attrition[${i}].remaining`, s.remaining, analysis.attrition[i]!.remaining);
    if (s.excluded !== null) check(`attrition[${i}].excluded`, s.excluded, analysis.attrition[i]!.excluded!);
  });
  study.baseline.columns.forEach((c, i) => check(`columns[${i}]`, c.n, analysis.baseline.columns[i]!.n));
  study.baseline.rows.forEach((row, r) => {
    const truth = analysis.baseline.rows[r]!;
    row.missing.forEach((m, c) => check(`rows[${r}].missing[${c}]`, m, truth.missing[c]!));
    if (row.kind === 'categorical' && truth.kind === 'categorical') {
      row.levels.forEach((level, l) =>
        level.counts.forEach((count, c) => {
          const where = `rows[${r}].levels[${l}][${c}]`;
          check(where, count, truth.levels[l]!.counts[c]!);
          expectThat(isSuppressed(count) ? level.percents[c] === null : level.percents[c] === null || level.percents[c] === truth.levels[l]!.percents[c], `${where} percent`);
        }),
      );
    }
  });
  study.outcomes.forEach((outcome, o) =>
    outcome.curveGroups.forEach((group, g) => {
      const trueGroup = analysis.outcomes[o]!.curveGroups[g]!;
      group.curves.forEach((curve, c) => {
        const where = `outcomes[${o}].curveGroups[${g}].curves[${c}]`;
        const truth = trueGroup.curves[c]!;
        check(`${where}.n`, curve.n, truth.n);
        check(`${where}.events`, curve.events, truth.events);
        curve.riskTable.forEach((row, j) => {
          check(`${where}.riskTable[${j}].atRisk`, row.atRisk, truth.riskTable[j]!.atRisk);
          check(`${where}.riskTable[${j}].events`, row.events, truth.riskTable[j]!.events);
          check(`${where}.riskTable[${j}].censored`, row.censored, truth.riskTable[j]!.censored);
        });
        // Steps: the analysis's, without counts, up to the first with fewer than k at risk.
        const cut = truth.steps.findIndex((s) => s.atRisk < k);
        const kept = cut === -1 ? truth.steps : truth.steps.slice(0, cut);
        expectThat(same(curve.steps, kept.map(({ days, survival, lower, upper }) => ({ days, survival, lower, upper }))), `${where}.steps`);
        expectThat(curve.truncatedAtDays === (cut === -1 ? null : truth.steps[cut]!.days), `${where}.truncatedAtDays`);
      });
      group.logRank?.arms.forEach((a, i) => check(`logRank ${i}`, a.observed, trueGroup.logRank!.arms[i]!.observed));
    }),
  );
  study.comparisons.forEach((comparison, i) => {
    const truth = analysis.comparisons[i]!;
    check(`comparisons[${i}].n.treatment`, comparison.n.treatment, truth.n.treatment);
    check(`comparisons[${i}].n.reference`, comparison.n.reference, truth.n.reference);
    check(`comparisons[${i}].events.treatment`, comparison.events.treatment, truth.events.treatment);
    check(`comparisons[${i}].events.reference`, comparison.events.reference, truth.events.reference);
    const thin = [truth.n.treatment, truth.n.reference, truth.events.treatment, truth.events.reference].some((v) => v < k);
    const withheld = { unadjusted: ESTIMATE_WITHHELD, adjusted: ESTIMATE_WITHHELD, iptw: ESTIMATE_WITHHELD };
    expectThat(same(comparison.estimates, thin ? withheld : truth.estimates), `comparisons[${i}].estimates`);
    expectThat(!thin || (comparison.weighting === null && comparison.balance.length === 0), `comparisons[${i}].weighting`);
    if (comparison.weighting !== null) check(`comparisons[${i}].trimmed`, comparison.weighting.trimmed, truth.weighting!.trimmed);
  });
  expectThat(same(study.notes.slice(0, analysis.notes.length), analysis.notes), 'notes');
  expectThat(same(study.arms, analysis.arms) && same(study.study, analysis.study) && study.methods === analysis.methods, 'identity');
  return problems;
}

describe('releaseStudy on random studies', () => {
  it('lets no count from 1 to k − 1 out, directly or by difference, and releases the analysis faithfully', () => {
    fc.assert(
      fc.property(studySpec, fc.constantFrom(5, 10, 11), (spec: StudySpec, k: number) => {
        const analysis = simulateStudy(spec);
        const { study, report } = releaseStudy(analysis, disclosurePolicy(k));
        expect(auditReleasedStudy(study, analysis, k)).toEqual([]);
        expect(unfaithful(study, analysis, k)).toEqual([]);
        expect(report.minCellSize).toBe(k);
        expect(study.notes).toEqual([...analysis.notes, ...report.notes]);
        // No small number in a note: the only numbers there are the threshold itself (and arm letters carry none).
        for (const note of report.notes) for (const n of note.match(/\d+/g) ?? []) expect(Number(n)).toBe(k);
      }),
      { numRuns: 200 },
    );
  });
});

describe('releaseStudy on a study too small to report', () => {
  const spec: StudySpec = {
    seed: 7,
    armSizes: [6, 3, 0],
    exclusions: [2, 40],
    covariates: [{ kind: 'categorical', levels: 3 }, { kind: 'continuous' }],
    missingRate: 0.3,
    outcomes: 2,
    lostRate: 0.2,
    perDrugGroup: true,
    sensitivity: true,
  };
  const analysis = simulateStudy(spec);
  const k = DEFAULT_MIN_CELL_SIZE;

  it('says so in notes instead of failing or leaking', () => {
    const { study, report } = releaseStudy(analysis, disclosurePolicy());
    expect(auditReleasedStudy(study, analysis, k)).toEqual([]);
    expect(report.notes).toEqual(
      expect.arrayContaining([
        'arm Arm A: too few patients to report (fewer than 10)',
        'arm Arm B: too few patients to report (fewer than 10)',
        'arm Arm C: too few patients to report (fewer than 10)',
      ]),
    );
    expect(report.estimatesWithheld).toBe(study.comparisons.length);
    expect(report.notes.filter((n) => n.includes('estimates withheld'))).toHaveLength(study.comparisons.length);
    for (const comparison of study.comparisons) {
      expect(Object.values(comparison.estimates).every((e) => 'notEstimable' in e)).toBe(true);
      expect(comparison.weighting).toBeNull();
      expect(comparison.balance).toEqual([]);
    }
  });

  it('releases only hidden counts and zeros for the arms, and curves without steps or estimates', () => {
    const { study } = releaseStudy(analysis, disclosurePolicy());
    const armCounts = study.baseline.columns.slice(1).map((c) => c.n);
    expect(armCounts).toEqual([{ suppressed: 'small' }, { suppressed: 'small' }, 0]);
    // 9 patients in all: the overall column and the analysed population are small too.
    expect(study.baseline.columns[0]!.n).toEqual({ suppressed: 'small' });
    for (const outcome of study.outcomes) {
      for (const group of outcome.curveGroups) {
        for (const curve of group.curves) {
          expect(curve.steps).toEqual([]);
          expect(curve.median).toEqual({ days: null, lowerDays: null, upperDays: null });
          expect(curve.at.every((a) => a.survival === null && a.lower === null && a.upper === null)).toBe(true);
          for (const row of curve.riskTable) for (const c of [row.atRisk, row.events, row.censored]) expect(c === 0 || isSuppressed(c)).toBe(true);
        }
      }
    }
    for (const row of study.baseline.rows) {
      if (row.kind === 'continuous') expect(row.cells.every((c) => c === null)).toBe(true);
      else for (const level of row.levels) expect(level.percents.every((p) => p === null || p === 0)).toBe(true);
    }
  });
});

describe('releaseStudy on a hand-checked study', () => {
  const spec: StudySpec = {
    seed: 42,
    armSizes: [120, 80],
    exclusions: [300, 4],
    covariates: [{ kind: 'categorical', levels: 4 }, { kind: 'continuous' }],
    missingRate: 0.05,
    outcomes: 2,
    lostRate: 0.03,
    perDrugGroup: false,
    sensitivity: false,
  };
  const analysis = simulateStudy(spec);
  const { study, report } = releaseStudy(analysis, disclosurePolicy());

  it('prints the same number for an arm in Table 1, under its rwOS curve and beside its hazard ratio', () => {
    const armN = study.baseline.columns[1]!.n;
    expect(armN).toBe(120);
    expect(study.outcomes[0]!.curveGroups[0]!.curves[0]!.n).toBe(armN);
    expect(study.comparisons.find((c) => c.outcome === 'rwOS')!.n.reference).toBe(armN);
  });

  it('protects the exclusion of 4 in the attrition chain', () => {
    expect(study.attrition[2]!.excluded).toEqual({ suppressed: 'small' });
    expect(study.attrition.filter((s) => s.excluded !== null && isSuppressed(s.excluded) && s.excluded.suppressed === 'complementary').length + study.attrition.filter((s) => isSuppressed(s.remaining)).length).toBeGreaterThan(0);
  });

  it('cuts curves where fewer than 10 remain at risk and withholds landmark estimates there', () => {
    for (const [c, curve] of study.outcomes[0]!.curveGroups[0]!.curves.entries()) {
      const truth = analysis.outcomes[0]!.curveGroups[0]!.curves[c]!;
      expect(curve.steps.length).toBeLessThan(truth.steps.length);
      expect(curve.truncatedAtDays).not.toBeNull();
      expect(curve.steps.at(-1)!.days).toBeLessThan(curve.truncatedAtDays!);
    }
    expect(report.curvesTruncated).toBeGreaterThan(0);
  });

  it('counts what it did', () => {
    expect(report.released).toBeGreaterThan(0);
    expect(report.suppressedSmall).toBeGreaterThan(0);
    expect(report.estimatesWithheld).toBe(0);
    expect(auditReleasedStudy(study, analysis, 10)).toEqual([]);
  });
});

describe('releaseStudy on the HER2 study of the 8,000-patient demo', () => {
  const analysis = her2DemoAnalysis();
  const { study } = releaseStudy(analysis, disclosurePolicy());

  it('prints the size of both arms everywhere, hiding the small counts and cells inside the tables instead', () => {
    expect(auditReleasedStudy(study, analysis, 10)).toEqual([]);
    expect(unfaithful(study, analysis, 10)).toEqual([]);
    expect(study.baseline.columns.map((c) => c.n)).toEqual([88, 59, 29]);
    for (const outcome of study.outcomes) expect(outcome.curveGroups[0]!.curves.map((c) => c.n)).toEqual([59, 29]);
    for (const comparison of study.comparisons.filter((c) => c.sensitivity === null)) expect(comparison.n).toEqual({ treatment: 59, reference: 29 });
    // Year of index: T's 5 and 3 are small, and add up to 8, so T's 21 before 2013 goes too (and the overall 21
    // beside T+P's 0); the arm sizes stay.
    const year = study.baseline.rows[3]!;
    if (year.kind !== 'categorical') throw new Error('Year of index is categorical');
    expect(year.levels.map((l) => l.counts[2])).toEqual([{ suppressed: 'complementary' }, { suppressed: 'small' }, { suppressed: 'small' }]);
    expect(year.levels[0]!.counts[1]).toBe(0);
  });
});

describe('auditReleasedStudy finds leaks in tampered releases', () => {
  const spec: StudySpec = {
    seed: 3,
    armSizes: [60, 7],
    exclusions: [12],
    covariates: [{ kind: 'categorical', levels: 3 }],
    missingRate: 0.05,
    outcomes: 1,
    lostRate: 0,
    perDrugGroup: false,
    sensitivity: false,
  };
  const analysis = simulateStudy(spec);
  const { study } = releaseStudy(analysis, disclosurePolicy());

  it('a small arm shown in one place and hidden in another', () => {
    const comparison = study.comparisons[0]!;
    const tampered: ReleasedStudy = { ...study, comparisons: [{ ...comparison, n: { ...comparison.n, treatment: 7 } }] };
    expect(auditReleasedStudy(tampered, analysis, 10)).toContainEqual({ where: 'comparisons[0].n.treatment', why: 'released-small', count: 7 });
    // The same arm in Table 1 was hidden, and is now given away by the relation to it.
    expect(auditReleasedStudy(tampered, analysis, 10).some((l) => l.why === 'recoverable' && l.where.startsWith('baseline'))).toBe(true);
  });

  it('a complementary count released again', () => {
    const overall = study.baseline.columns[0]!;
    expect(isSuppressed(overall.n) || isSuppressed(study.baseline.columns[1]!.n)).toBe(true);
    const columns = study.baseline.columns.map((c, i) => ({ ...c, n: analysis.baseline.columns[i]!.n === 7 ? c.n : analysis.baseline.columns[i]!.n }));
    const tampered: ReleasedStudy = { ...study, baseline: { ...study.baseline, columns } };
    expect(auditReleasedStudy(tampered, analysis, 10)).toContainEqual(expect.objectContaining({ why: 'recoverable', count: 7 }));
  });

  it('steps, estimates and summaries where too few patients stand behind them', () => {
    const curve = study.outcomes[0]!.curveGroups[0]!.curves[1]!;
    const truth = analysis.outcomes[0]!.curveGroups[0]!.curves[1]!;
    const tamperedCurve = { ...curve, steps: truth.steps.map(({ days, survival, lower, upper }) => ({ days, survival, lower, upper })), median: truth.median };
    const groups = [{ ...study.outcomes[0]!.curveGroups[0]!, curves: [study.outcomes[0]!.curveGroups[0]!.curves[0]!, tamperedCurve] }];
    const tampered: ReleasedStudy = { ...study, outcomes: [{ ...study.outcomes[0]!, curveGroups: groups }] };
    const whys = new Set(auditReleasedStudy(tampered, analysis, 10).map((l) => l.why));
    expect(whys.has('curve-step')).toBe(true);
    if (truth.median.days !== null) expect(whys.has('median')).toBe(true);
    const comparison = { ...study.comparisons[0]!, estimates: analysis.comparisons[0]!.estimates };
    expect(auditReleasedStudy({ ...study, comparisons: [comparison] }, analysis, 10)).toContainEqual({ where: 'comparisons[0].estimates', why: 'estimate' });
  });
});

describe('disclosurePolicy', () => {
  it('refuses a minimum cell size below 5, and releaseStudy refuses a hand-made policy below it', () => {
    expect(() => disclosurePolicy(4)).toThrow(/5 or more/);
    expect(disclosurePolicy(5).minCellSize).toBe(5);
    const analysis = simulateStudy({ seed: 1, armSizes: [20], exclusions: [], covariates: [], missingRate: 0, outcomes: 1, lostRate: 0, perDrugGroup: false, sensitivity: false });
    let error: unknown = null;
    try {
      releaseStudy(analysis, { minCellSize: 3 });
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.code === 'invalid_argument').toBe(true);
  });
});
