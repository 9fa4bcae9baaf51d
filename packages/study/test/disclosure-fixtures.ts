/**
 * Random study analyses for the disclosure tests: patients are simulated (arms, covariates, survival times with
 * ties at grid times and at day 0, patients left out of an outcome), then every count of a `StudyAnalysis` is
 * computed from them the way a runner would — so the counts always add up, and small ones are frequent.
 */
import fc from 'fast-check';
import { mulberry32, exponential, normal } from '../../stats/test/prng.js';
import {
  type AnalysisCurveStep,
  type BaselineRow,
  type ComparisonResult,
  type CurveGroup,
  DAYS_PER_MONTH,
  type OutcomeResult,
  type StudyAnalysis,
  type StudyOutcome,
  type SurvivalCurve,
} from '../src/results/study-results.js';

export interface StudySpec {
  readonly seed: number;
  readonly armSizes: readonly number[];
  readonly exclusions: readonly number[];
  readonly covariates: readonly ({ readonly kind: 'categorical'; readonly levels: number } | { readonly kind: 'continuous' })[];
  readonly missingRate: number;
  readonly outcomes: number;
  /** Share of patients without follow-up for the second outcome (they leave its curves). */
  readonly lostRate: number;
  readonly perDrugGroup: boolean;
  readonly sensitivity: boolean;
  /**
   * Which interval a risk-table row counts: `through` (t(j−1), t(j)], events at day 0 in row 0, as the type's doc
   * says; `until` [t(j−1), t(j)), row 0 empty, as the runner does. Both hold for the disclosure model.
   */
  readonly riskIntervals?: 'through' | 'until';
}

const count = fc.oneof(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 200 }));

export const studySpec: fc.Arbitrary<StudySpec> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  armSizes: fc.array(count, { minLength: 1, maxLength: 4 }),
  exclusions: fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 400 })), { minLength: 0, maxLength: 4 }),
  covariates: fc.array(
    fc.oneof(fc.record({ kind: fc.constant('categorical' as const), levels: fc.integer({ min: 2, max: 4 }) }), fc.constant({ kind: 'continuous' as const })),
    { minLength: 0, maxLength: 3 },
  ),
  missingRate: fc.constantFrom(0, 0.05, 0.3, 0.9),
  outcomes: fc.integer({ min: 1, max: 2 }),
  lostRate: fc.constantFrom(0, 0.03, 0.2),
  perDrugGroup: fc.boolean(),
  sensitivity: fc.boolean(),
  riskIntervals: fc.constantFrom('through' as const, 'until' as const),
});

interface Patient {
  readonly arm: number;
  readonly drug: number;
  readonly covariates: readonly (number | null)[];
  /** Per outcome: null when the patient has no follow-up for it. */
  readonly outcomes: readonly ({ readonly time: number; readonly event: boolean } | null)[];
}

const GRID_DAYS = [0, 180, 360, 540, 720, 900];
const LANDMARK_MONTHS = [6, 12, 24];
const OUTCOMES: readonly StudyOutcome[] = ['rwOS', 'rwPFS'];

export function simulateStudy(spec: StudySpec): StudyAnalysis {
  const rand = mulberry32(spec.seed);
  const arms = spec.armSizes.map((_, i) => ({ id: `arm-${i}`, name: `Arm ${String.fromCharCode(65 + i)}` }));
  // Skewed level probabilities make rare levels (small cells) common.
  const levelWeights = spec.covariates.map((c) => (c.kind === 'categorical' ? Array.from({ length: c.levels }, (_, l) => 1 / (1 + 3 * l)) : []));
  const patients: Patient[] = spec.armSizes.flatMap((size, arm) =>
    Array.from({ length: size }, (): Patient => ({
      arm,
      drug: rand() < 0.7 ? 0 : 1,
      covariates: spec.covariates.map((c, i) => (rand() < spec.missingRate ? null : c.kind === 'categorical' ? pick(rand, levelWeights[i]!) : 60 + 10 * normal(rand))),
      outcomes: Array.from({ length: spec.outcomes }, (_, o) => (o === 1 && rand() < spec.lostRate ? null : survivalTime(rand, arm))),
    })),
  );
  const analysed = patients.length;
  const attrition = attritionChain(analysed, spec.exclusions);
  const outcomes = OUTCOMES.slice(0, spec.outcomes).map((outcome, o) => outcomeResult(outcome, o, patients, arms, spec));
  return {
    study: {
      id: 'sim',
      name: 'Simulated study',
      description: 'random',
      schema: 'study/1',
      version: 1,
      protocolSha256: '0'.repeat(64),
      cohort: { id: 'sim-cohort', sha256: '0'.repeat(64) },
    },
    arms,
    attrition,
    baseline: baselineTable(patients, arms, spec),
    outcomes,
    comparisons: comparisons(outcomes, patients, arms, spec.sensitivity),
    methods: 'Simulated.',
    notes: ['a note from the runner'],
  };
}

function pick(rand: () => number, weights: readonly number[]): number {
  let u = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Integer days with ties: some at day 0, some on the 30-day grid (so on the risk table's grid times too). */
function survivalTime(rand: () => number, arm: number): { time: number; event: boolean } {
  const event = exponential(rand, 1 / (300 + 150 * arm));
  const censor = exponential(rand, 1 / 700);
  let time = Math.floor(Math.min(event, censor));
  const u = rand();
  if (u < 0.05) time = 0;
  else if (u < 0.25) time = 30 * Math.round(time / 30);
  return { time, event: event <= censor };
}

function attritionChain(analysed: number, exclusions: readonly number[]): StudyAnalysis['attrition'] {
  const remaining = [analysed];
  for (const e of [...exclusions].reverse()) remaining.unshift(remaining[0]! + e);
  return remaining.map((r, i) => ({ step: i === 0 ? 'index events' : `criterion ${i}`, remaining: r, excluded: i === 0 ? null : remaining[i - 1]! - r }));
}

function baselineTable(patients: readonly Patient[], arms: readonly { id: string; name: string }[], spec: StudySpec): StudyAnalysis['baseline'] {
  const columns = [{ arm: null, name: 'Overall', members: patients }, ...arms.map((a, i) => ({ arm: a.id, name: a.name, members: patients.filter((p) => p.arm === i) }))];
  const rows = spec.covariates.map((c, i): BaselineRow<number> => {
    const values = columns.map((col) => col.members.map((p) => p.covariates[i]!));
    const missing = values.map((v) => v.filter((x) => x === null).length);
    if (c.kind === 'continuous') {
      const cells = values.map((v) => {
        const present = v.filter((x): x is number => x !== null).sort((a, b) => a - b);
        if (present.length === 0) return null;
        const mean = present.reduce((a, b) => a + b, 0) / present.length;
        const q = (p: number): number => present[Math.floor(p * (present.length - 1))]!;
        return { mean, sd: 10, median: q(0.5), q1: q(0.25), q3: q(0.75) };
      });
      return { kind: 'continuous', covariate: `x${i}`, label: `X${i}`, cells, missing };
    }
    const levels = Array.from({ length: c.levels }, (_, l) => {
      const counts = values.map((v) => v.filter((x) => x === l).length);
      const percents = counts.map((n, col) => {
        const present = values[col]!.length - missing[col]!;
        return present === 0 ? null : (100 * n) / present;
      });
      return { level: `level ${l}`, counts, percents };
    });
    return { kind: 'categorical', covariate: `x${i}`, label: `X${i}`, levels, missing };
  });
  return { columns: columns.map((c) => ({ arm: c.arm, name: c.name, n: c.members.length })), rows };
}

function outcomeResult(outcome: StudyOutcome, o: number, patients: readonly Patient[], arms: readonly { id: string; name: string }[], spec: StudySpec): OutcomeResult<number, AnalysisCurveStep> {
  const followed = (p: Patient): { time: number; event: boolean } | null => p.outcomes[o] ?? null;
  const curveOf = (arm: string, name: string, members: readonly Patient[]): SurvivalCurve<number, AnalysisCurveStep> =>
    kaplanMeierCurve(arm, name, members.flatMap((p) => {
      const f = followed(p);
      return f === null ? [] : [f];
    }), spec.riskIntervals ?? 'through');
  const armCurves = arms.map((a, i) => curveOf(a.id, a.name, patients.filter((p) => p.arm === i)));
  const groups: CurveGroup<number, AnalysisCurveStep>[] = [{ id: 'arms', name: 'By arm', curves: armCurves, logRank: logRank(armCurves) }];
  if (spec.perDrugGroup) {
    const drugCurves = [0, 1].map((d) => curveOf(`${arms[0]!.id}:drug-${d}`, `Drug ${d}`, patients.filter((p) => p.arm === 0 && p.drug === d)));
    groups.unshift({ id: 'drugs', name: 'By drug', curves: drugCurves, logRank: logRank(drugCurves) });
  }
  return { outcome, name: outcome, curveGroups: groups };
}

function kaplanMeierCurve(arm: string, name: string, data: readonly { time: number; event: boolean }[], intervals: 'through' | 'until'): SurvivalCurve<number, AnalysisCurveStep> {
  const times = [...new Set(data.map((d) => d.time))].sort((a, b) => a - b);
  let survival = 1;
  const steps = times.map((days): AnalysisCurveStep => {
    const atRisk = data.filter((d) => d.time >= days).length;
    const events = data.filter((d) => d.time === days && d.event).length;
    const censored = data.filter((d) => d.time === days && !d.event).length;
    survival *= 1 - events / atRisk;
    return { days, survival, lower: survival * 0.9, upper: Math.min(1, survival * 1.1), atRisk, events, censored };
  });
  const riskTable = GRID_DAYS.map((days, j) => {
    const inInterval = (d: { time: number }): boolean =>
      intervals === 'until' ? j > 0 && d.time >= GRID_DAYS[j - 1]! && d.time < days : j === 0 ? d.time === 0 : d.time > GRID_DAYS[j - 1]! && d.time <= days;
    return {
      days,
      atRisk: data.filter((d) => d.time >= days).length,
      events: data.filter((d) => inInterval(d) && d.event).length,
      censored: data.filter((d) => inInterval(d) && !d.event).length,
    };
  });
  const at = LANDMARK_MONTHS.map((months) => {
    const last = steps.filter((s) => s.days <= months * DAYS_PER_MONTH).at(-1);
    return { months, survival: last?.survival ?? 1, lower: last?.lower ?? 1, upper: last?.upper ?? 1 };
  });
  const medianStep = steps.find((s) => s.survival <= 0.5);
  return {
    arm,
    name,
    n: data.length,
    events: data.filter((d) => d.event).length,
    median: { days: medianStep?.days ?? null, lowerDays: null, upperDays: null },
    at,
    steps,
    riskTable,
    truncatedAtDays: null,
  };
}

/** Observed events per curve, and expected counts that add up to them (as a log-rank test's do). */
function logRank(curves: readonly SurvivalCurve<number, AnalysisCurveStep>[]): CurveGroup<number, AnalysisCurveStep>['logRank'] {
  if (curves.length < 2) return null;
  const n = curves.reduce((s, c) => s + c.n, 0);
  const observed = curves.reduce((s, c) => s + c.events, 0);
  if (n === 0) return null;
  return { chiSquare: 1.5, df: curves.length - 1, p: 0.2, arms: curves.map((c) => ({ arm: c.arm, observed: c.events, expected: (observed * c.n) / n })) };
}

function comparisons(outcomes: readonly OutcomeResult<number, AnalysisCurveStep>[], patients: readonly Patient[], arms: readonly { id: string; name: string }[], sensitivity: boolean): ComparisonResult<number>[] {
  const out: ComparisonResult<number>[] = [];
  for (const variant of sensitivity ? [null, 'complete cases'] : [null]) {
    for (const [o, outcome] of outcomes.entries()) {
      const curves = outcome.curveGroups.find((g) => g.id === 'arms')!.curves;
      for (let t = 1; t < arms.length; t++) {
        const numbers = (arm: number): { n: number; events: number } => {
          if (variant === null) return { n: curves[arm]!.n, events: curves[arm]!.events };
          // Complete cases: patients with the first covariate known (when there is one).
          const members = patients.filter((p) => p.arm === arm && p.outcomes[o] != null && (p.covariates.length === 0 || p.covariates[0] !== null));
          return { n: members.length, events: members.filter((p) => p.outcomes[o]!.event).length };
        };
        const treatment = numbers(t);
        const reference = numbers(0);
        const hr = { hr: 0.8, lower: 0.6, upper: 1.1, p: 0.2 };
        out.push({
          comparison: `c${t}`,
          name: `${arms[t]!.name} vs ${arms[0]!.name}`,
          treatment: arms[t]!.id,
          reference: arms[0]!.id,
          outcome: outcome.outcome,
          sensitivity: variant,
          n: { treatment: treatment.n, reference: reference.n },
          events: { treatment: treatment.events, reference: reference.events },
          estimates: { unadjusted: hr, adjusted: hr, iptw: hr },
          covariates: ['x0'],
          weighting: {
            estimand: 'ATE',
            stabilized: true,
            propensityModel: 'maximum-likelihood',
            effectiveSampleSize: { treatment: treatment.n * 0.9, reference: reference.n * 0.9 },
            trimmed: (treatment.n + reference.n) % 13,
            maxAbsSmdBefore: 0.3,
            maxAbsSmdAfter: 0.05,
          },
          balance: variant === null ? [{ covariate: 'x0', level: null, smdBefore: 0.3, smdAfter: 0.05 }] : [],
        });
      }
    }
  }
  return out;
}

/**
 * The HER2 study of the 8,000-patient demo (`parcours demo`), its counts as the runner computed them: 88 patients,
 * 59 with trastuzumab + pertuzumab and 29 with trastuzumab alone, none of the first before 2013. Survival steps and
 * estimates are left out (disclosure control of counts does not need them).
 */
export function her2DemoAnalysis(): StudyAnalysis {
  const arms = [
    { id: 'tp', name: 'trastuzumab + pertuzumab' },
    { id: 't', name: 'trastuzumab without pertuzumab' },
  ];
  const categorical = (covariate: string, levels: readonly (readonly [string, number, number, number])[]): BaselineRow<number> => ({
    kind: 'categorical',
    covariate,
    label: covariate,
    levels: levels.map(([level, ...counts]) => ({ level, counts, percents: counts.map((c, i) => (100 * c) / [88, 59, 29][i]!) })),
    missing: [0, 0, 0],
  });
  /** Risk table rows: days, at risk, events, censored. */
  const curve = (arm: number, n: number, events: number, rows: readonly (readonly [number, number, number, number])[]): SurvivalCurve<number, AnalysisCurveStep> => ({
    arm: arms[arm]!.id,
    name: arms[arm]!.name,
    n,
    events,
    median: { days: null, lowerDays: null, upperDays: null },
    at: [],
    steps: [],
    riskTable: rows.map(([days, atRisk, e, censored]) => ({ days, atRisk, events: e, censored })),
    truncatedAtDays: null,
  });
  const outcome = (id: StudyOutcome, curves: readonly SurvivalCurve<number, AnalysisCurveStep>[]): OutcomeResult<number, AnalysisCurveStep> => ({
    outcome: id,
    name: id,
    curveGroups: [{ id: 'arms', name: 'By study arm', curves, logRank: logRank(curves) }],
  });
  const rwOS = outcome('rwOS', [
    curve(0, 59, 38, [
      [0, 59, 0, 0], [183, 48, 4, 7], [365, 44, 3, 1], [548, 41, 2, 1], [731, 34, 7, 0], [913, 31, 1, 2], [1096, 25, 4, 2], [1278, 19, 4, 2],
      [1461, 15, 3, 1], [1644, 12, 2, 1], [1826, 11, 1, 0], [2009, 8, 2, 1], [2192, 7, 1, 0], [2374, 7, 0, 0], [2557, 4, 2, 1], [2739, 4, 0, 0],
      [2922, 4, 0, 0], [3105, 3, 1, 0], [3287, 3, 0, 0], [3470, 2, 1, 0], [3653, 1, 0, 1], [3835, 1, 0, 0], [4018, 1, 0, 0], [4200, 0, 0, 1],
    ]),
    curve(1, 29, 26, [
      [0, 29, 0, 0], [183, 24, 5, 0], [365, 22, 2, 0], [548, 19, 2, 1], [731, 13, 6, 0], [913, 9, 4, 0], [1096, 5, 4, 0], [1278, 4, 1, 0],
      [1461, 4, 0, 0], [1644, 4, 0, 0], [1826, 4, 0, 0], [2009, 3, 0, 1], [2192, 2, 1, 0], [2374, 2, 0, 0], [2557, 2, 0, 0], [2739, 2, 0, 0],
      [2922, 2, 0, 0], [3105, 2, 0, 0], [3287, 0, 1, 1], [3470, 0, 0, 0], [3653, 0, 0, 0], [3835, 0, 0, 0], [4018, 0, 0, 0], [4200, 0, 0, 0],
    ]),
  ]);
  const rwPFS = outcome('rwPFS', [
    curve(0, 59, 52, [[0, 59, 0, 0], [183, 38, 15, 6], [365, 22, 15, 1], [548, 14, 8, 0], [731, 8, 6, 0], [913, 6, 2, 0], [1096, 4, 2, 0], [1278, 0, 4, 0]]),
    curve(1, 29, 29, [[0, 29, 0, 0], [183, 18, 11, 0], [365, 13, 5, 0], [548, 4, 9, 0], [731, 0, 4, 0], [913, 0, 0, 0], [1096, 0, 0, 0], [1278, 0, 0, 0]]),
  ]);
  const hr = { hr: 0.6, lower: 0.4, upper: 0.9, p: 0.01 };
  const comparison = (outcome: StudyOutcome, sensitivity: string | null, n: readonly [number, number], events: readonly [number, number], trimmed: number): ComparisonResult<number> => ({
    comparison: 'dual-vs-single-blockade',
    name: 'Trastuzumab + pertuzumab vs trastuzumab',
    treatment: 'tp',
    reference: 't',
    outcome,
    sensitivity,
    n: { treatment: n[0], reference: n[1] },
    events: { treatment: events[0], reference: events[1] },
    estimates: { unadjusted: hr, adjusted: hr, iptw: hr },
    covariates: ['ecog'],
    weighting: {
      estimand: 'ATE',
      stabilized: true,
      propensityModel: 'firth',
      effectiveSampleSize: { treatment: n[0] * 0.9, reference: n[1] * 0.5 },
      trimmed,
      maxAbsSmdBefore: 0.7,
      maxAbsSmdAfter: 0.4,
    },
    balance: [],
  });
  return {
    study: { id: 'her2-breast', name: 'HER2 demo', description: 'demo', schema: 'study/1', version: 1, protocolSha256: '0'.repeat(64), cohort: { id: 'her2', sha256: '0'.repeat(64) } },
    arms,
    attrition: attritionChain(88, [0, 2635, 491, 0, 0]),
    baseline: {
      columns: [{ arm: null, name: 'Overall', n: 88 }, ...arms.map((a, i) => ({ arm: a.id, name: a.name, n: [59, 29][i]! }))],
      rows: [
        categorical('ecog', [['0', 25, 19, 6], ['1', 47, 31, 16], ['2', 11, 6, 5], ['3+', 5, 3, 2]]),
        categorical('stage', [['I', 12, 8, 4], ['II', 16, 8, 8], ['III', 21, 16, 5], ['IV', 39, 27, 12]]),
        categorical('brain-metastases', [['no', 61, 40, 21], ['yes', 27, 19, 8]]),
        categorical('calendar-period', [['before 2013', 21, 0, 21], ['2013–2017', 22, 17, 5], ['2018 or later', 45, 42, 3]]),
      ],
    },
    outcomes: [rwOS, rwPFS],
    comparisons: [
      comparison('rwOS', null, [59, 29], [38, 26], 21),
      comparison('rwPFS', null, [59, 29], [52, 29], 21),
      comparison('rwOS', 'pertuzumab-era', [59, 8], [38, 5], 9),
      comparison('rwPFS', 'pertuzumab-era', [59, 8], [52, 8], 9),
    ],
    methods: 'Demo.',
    notes: [],
  };
}
