/**
 * What a study run produces, in two shapes that differ only in their counts:
 *
 * - `StudyAnalysis` (counts are plain numbers, survival curves have every step): what the runner computes inside the
 *   secure workspace. It never leaves the process.
 * - `ReleasedStudy` (counts are `ReleasedCount`, curves are cut where fewer than the threshold remain at risk): what
 *   the disclosure policy lets out, and the only thing bundles and reports are made from.
 *
 * Times are in days from the index date; reports convert to months (`DAYS_PER_MONTH`).
 */

/** Average Gregorian month, the conversion R users apply (365.25 / 12). */
export const DAYS_PER_MONTH = 365.25 / 12;

/** A released count: the number, or why it is hidden. */
export type ReleasedCount = number | SuppressedCount;

export interface SuppressedCount {
  /**
   * `small`: the count is between 1 and the threshold − 1 (shown "<10"). `complementary`: the count may be large but
   * is hidden so that a small one cannot be recovered by subtraction (shown "—" in reports, "suppressed" in CSV).
   */
  readonly suppressed: 'small' | 'complementary';
}

export const isSuppressed = (c: ReleasedCount): c is SuppressedCount => typeof c !== 'number';

/** The analysed outcomes (the endpoints of @parcours/cohort that a study can compare). */
export const STUDY_OUTCOMES = ['rwOS', 'rwPFS', 'TTNT', 'TTD'] as const;
export type StudyOutcome = (typeof STUDY_OUTCOMES)[number];

/** The methods a hazard ratio can come from. */
export const HR_METHODS = ['unadjusted', 'adjusted', 'iptw'] as const;
export type HrMethod = (typeof HR_METHODS)[number];

export interface StudyIdentity {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** `study/1`. */
  readonly schema: string;
  /** The protocol's own version (a number the authors bump). */
  readonly version: number;
  /** SHA-256 of the protocol as written (hex). */
  readonly protocolSha256: string;
  /** The cohort of the population and its SHA-256 (of the definition as written). */
  readonly cohort: { readonly id: string; readonly sha256: string };
}

export interface ArmIdentity {
  readonly id: string;
  readonly name: string;
}

/** One step of the flow from the index events to the analysed population. */
export interface AttritionStep<C> {
  readonly step: string;
  readonly description?: string;
  /** Patients left after this step. */
  readonly remaining: C;
  /** Patients this step removed (the previous step's remaining minus this one's); null for the first step. */
  readonly excluded: C | null;
}

/** Table 1: one column per arm plus the overall column first. */
export interface BaselineTable<C> {
  readonly columns: readonly { readonly arm: string | null; readonly name: string; readonly n: C }[];
  readonly rows: readonly BaselineRow<C>[];
}

export type BaselineRow<C> =
  | {
      readonly kind: 'continuous';
      readonly covariate: string;
      readonly label: string;
      /** One cell per column; null = hidden (a column too small to summarise). */
      readonly cells: readonly (ContinuousCell | null)[];
      readonly missing: readonly C[];
    }
  | {
      readonly kind: 'categorical';
      readonly covariate: string;
      readonly label: string;
      readonly levels: readonly {
        readonly level: string;
        /** One per column. */
        readonly counts: readonly C[];
        /** Percent of the column's non-missing values, null when the count is hidden. */
        readonly percents: readonly (number | null)[];
      }[];
      /** Missing values per column (a level of its own for disclosure purposes). */
      readonly missing: readonly C[];
    };

/** Summary of a continuous covariate (never min or max: those are one patient's value). */
export interface ContinuousCell {
  readonly mean: number;
  readonly sd: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

export interface SurvivalEstimate {
  /** Months after the index. */
  readonly months: number;
  /** Null when not estimable or hidden (fewer than the threshold at risk). */
  readonly survival: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface MedianSurvival {
  /** Days; null when not reached. */
  readonly days: number | null;
  readonly lowerDays: number | null;
  readonly upperDays: number | null;
}

/** One row of the risk table printed under a Kaplan–Meier plot. */
export interface RiskTableRow<C> {
  /** Days (a multiple of the grid: 0, 6, 12… months). */
  readonly days: number;
  /** Patients whose time is ≥ `days` (at row 0: every patient of the curve, so atRisk[0] = n). */
  readonly atRisk: C;
  /**
   * Events with a time in [previous grid time, this one): so that atRisk[j−1] = atRisk[j] + events[j] + censored[j]
   * exactly. Row 0 has none.
   */
  readonly events: C;
  /** Censorings with a time in [previous grid time, this one). */
  readonly censored: C;
}

/** A step of a released curve: survival from `days` on (until the next step). */
export interface CurveStep {
  readonly days: number;
  readonly survival: number;
  readonly lower: number;
  readonly upper: number;
}

/** The unreleased curve: every distinct time, with its counts. */
export interface AnalysisCurveStep extends CurveStep {
  readonly atRisk: number;
  readonly events: number;
  readonly censored: number;
}

export interface SurvivalCurve<C, S extends CurveStep> {
  readonly arm: string;
  readonly name: string;
  readonly n: C;
  readonly events: C;
  readonly median: MedianSurvival;
  readonly at: readonly SurvivalEstimate[];
  /** Released: cut before the first time where fewer than the threshold are at risk (`truncatedAtDays`). */
  readonly steps: readonly S[];
  readonly riskTable: readonly RiskTableRow<C>[];
  /** Released curves only: where the step table was cut (days), or null when it was not. */
  readonly truncatedAtDays: number | null;
}

export interface LogRankResult<C> {
  readonly chiSquare: number;
  readonly df: number;
  readonly p: number;
  readonly arms: readonly { readonly arm: string; readonly observed: C; readonly expected: number }[];
}

/** A group of Kaplan–Meier curves drawn on one plot (the arms, or the per-drug curves). */
export interface CurveGroup<C, S extends CurveStep> {
  readonly id: string;
  readonly name: string;
  readonly curves: readonly SurvivalCurve<C, S>[];
  /** Null when fewer than two curves could be compared. */
  readonly logRank: LogRankResult<C> | null;
}

export interface HazardRatio {
  readonly hr: number;
  readonly lower: number;
  readonly upper: number;
  readonly p: number;
}

/** Why an estimate is not given. */
export interface NotEstimable {
  readonly notEstimable: string;
}

export interface BalanceRow {
  readonly covariate: string;
  readonly level: string | null;
  readonly smdBefore: number;
  /** Null when the comparison has no weighted analysis. */
  readonly smdAfter: number | null;
}

/** One treatment-vs-reference comparison of one outcome. */
export interface ComparisonResult<C> {
  readonly comparison: string;
  readonly name: string;
  readonly treatment: string;
  readonly reference: string;
  readonly outcome: StudyOutcome;
  /** Null when the analysis is a sensitivity variant of the primary one. */
  readonly sensitivity: string | null;
  readonly n: { readonly treatment: C; readonly reference: C };
  readonly events: { readonly treatment: C; readonly reference: C };
  readonly estimates: Readonly<Record<HrMethod, HazardRatio | NotEstimable>>;
  /** The covariates of the adjusted and weighted models. */
  readonly covariates: readonly string[];
  /** IPTW details; null when not estimable. */
  readonly weighting: {
    readonly estimand: 'ATE' | 'ATT';
    readonly stabilized: boolean;
    /**
     * The propensity model: logistic regression by maximum likelihood (R's glm), or Firth's penalized likelihood
     * when the former does not exist (separation: a covariate pattern predicts the arm exactly).
     */
    readonly propensityModel: 'maximum-likelihood' | 'firth';
    readonly effectiveSampleSize: { readonly treatment: number; readonly reference: number };
    readonly trimmed: C;
    readonly maxAbsSmdBefore: number;
    readonly maxAbsSmdAfter: number;
  } | null;
  /** Covariate balance before/after weighting (love plot); empty for sensitivity variants. */
  readonly balance: readonly BalanceRow[];
}

export interface OutcomeResult<C, S extends CurveStep> {
  readonly outcome: StudyOutcome;
  readonly name: string;
  readonly curveGroups: readonly CurveGroup<C, S>[];
}

export interface StudyResults<C, S extends CurveStep> {
  readonly study: StudyIdentity;
  readonly arms: readonly ArmIdentity[];
  readonly attrition: readonly AttritionStep<C>[];
  readonly baseline: BaselineTable<C>;
  readonly outcomes: readonly OutcomeResult<C, S>[];
  /** Primary comparisons first (sensitivity: null), then the sensitivity variants, in protocol order. */
  readonly comparisons: readonly ComparisonResult<C>[];
  /** The methods paragraph, generated from the protocol and the run. */
  readonly methods: string;
  /** Things the reader must know (an arm too small to report, an analysis not estimable). */
  readonly notes: readonly string[];
}

/** What the runner computes (never leaves the process). */
export type StudyAnalysis = StudyResults<number, AnalysisCurveStep>;

/** What the disclosure policy releases. */
export type ReleasedStudy = StudyResults<ReleasedCount, CurveStep>;

/** Where a bundle's numbers come from: enough to tell two runs apart, nothing about a patient. */
export interface StudyProvenance {
  readonly software: { readonly name: 'parcours'; readonly version: string };
  readonly warehouse: {
    readonly engine: string;
    /** cdm_source's name, abbreviation, holder, release date and CDM / vocabulary versions (first row), if any. */
    readonly cdmSource: Readonly<Record<string, string | null>> | null;
    /** SHA-256 of the sorted `table=rows` list of every warehouse table: the snapshot's identity. */
    readonly snapshotSha256: string;
  };
  /** The only fields that differ between two runs of the same protocol on the same warehouse. */
  readonly run: { readonly startedAt: string; readonly finishedAt: string };
}
