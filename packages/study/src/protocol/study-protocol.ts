import { z } from 'zod';
import { DEFAULT_MIN_CELL_SIZE, MIN_CELL_SIZE_FLOOR } from '../disclosure/disclosure-policy.js';
import { STUDY_OUTCOMES } from '../results/study-results.js';

/**
 * The study protocol language, version `study/1` (docs/studies.md): what a protocol file holds once parsed and
 * validated. The types are the reference; the zod schemas check YAML/JSON against them, every problem located by
 * its path ('comparisons[0].treatment').
 */
export const STUDY_SCHEMA_VERSION = 'study/1';

/** Baseline covariates measured at the index date (docs/studies.md, "Covariates"). */
export const COVARIATES = ['age', 'sex', 'ecog', 'smoking', 'stage', 'brain-metastases', 'calendar-period'] as const;
export type CovariateName = (typeof COVARIATES)[number];

export const ESTIMANDS = ['ATE', 'ATT'] as const;
export const FOLLOW_UP_ENDS = ['last-activity', 'observation-period'] as const;

/** How endpoints are derived (the options of @parcours/cohort's computeEndpoints). */
export interface EndpointSettings {
  /** 'YYYY-MM-DD': events after it do not count; follow-up stops there. */
  readonly dataCutOff?: string;
  readonly followUpEnd?: (typeof FOLLOW_UP_ENDS)[number];
  readonly minimumFollowUpDays?: number;
  readonly progressionGraceDays?: number;
}

export interface IptwSettings {
  readonly estimand?: (typeof ESTIMANDS)[number];
  /** Stabilized weights (default true). */
  readonly stabilized?: boolean;
  /**
   * Asymmetric trimming (Stürmer et al. 2010): leave out patients whose propensity score is below the `lower`
   * quantile among the treated or above the `upper` quantile among the comparators (default none).
   */
  readonly trim?: { readonly lower: number; readonly upper: number };
}

export interface Comparison {
  readonly id: string;
  readonly name?: string;
  /** Arm ids of the cohort. */
  readonly treatment: string;
  readonly reference: string;
}

export interface CurveSet {
  readonly id: string;
  readonly name?: string;
  readonly arms: readonly string[];
}

/** A variant of the primary analysis: its comparisons are repeated with these changes (forest plot rows). */
export interface SensitivityAnalysis {
  readonly id: string;
  readonly name: string;
  /** Only patients indexed on or after / on or before this date ('YYYY-MM-DD'). */
  readonly indexFrom?: string;
  readonly indexTo?: string;
  readonly covariates?: readonly CovariateName[];
  readonly iptw?: IptwSettings;
  readonly endpoints?: EndpointSettings;
}

export interface StudyProtocol {
  readonly parcours: typeof STUDY_SCHEMA_VERSION;
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly description?: string;
  /** The cohort of the population (an id of the cohort library) — its arms are the exposures. */
  readonly population: { readonly cohort: string };
  /**
   * The exposure arms, ids of the cohort's arms: Table 1 columns and the main Kaplan–Meier plot. A patient in two
   * arms counts in the first listed.
   */
  readonly arms: readonly string[];
  /** More Kaplan–Meier plots (per-drug curves), arms may overlap. */
  readonly curves?: readonly CurveSet[];
  readonly comparisons: readonly Comparison[];
  readonly outcomes: readonly (typeof STUDY_OUTCOMES)[number][];
  readonly covariates: readonly CovariateName[];
  readonly endpoints?: EndpointSettings;
  /**
   * Analyse from a landmark this many days after the index: patients with an event or censored before it are left
   * out, and times count from it. For exposures that begin after the index (maintenance), which would otherwise
   * credit the treated arm with the time before it began (immortal time bias).
   */
  readonly landmark?: { readonly days: number };
  readonly analyses?: {
    /** Months at which survival is reported (default 12 and 24). */
    readonly survivalAt?: readonly number[];
    /** Months between the columns of the risk table (default 6). */
    readonly riskTableEvery?: number;
    /** Breaks of the calendar period of the index (years starting a period; default 2016 and 2020). */
    readonly calendarPeriods?: readonly number[];
    readonly iptw?: IptwSettings;
  };
  readonly sensitivity?: readonly SensitivityAnalysis[];
  readonly disclosure?: { readonly minCellSize?: number };
}

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'an id is lower-case letters, digits and - (at most 100)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
const days = z.number().int('a whole number of days').min(0, 'days must be 0 or more');
// YAML reads an unquoted 2025-12-31 as a string (yaml's core schema), so dates stay text.

const endpointSettings = z.strictObject({
  dataCutOff: isoDate.optional(),
  followUpEnd: z.enum(FOLLOW_UP_ENDS).optional(),
  minimumFollowUpDays: days.optional(),
  progressionGraceDays: days.optional(),
});

const iptwSettings = z.strictObject({
  estimand: z.enum(ESTIMANDS).optional(),
  stabilized: z.boolean().optional(),
  trim: z
    .strictObject({ lower: z.number().min(0).max(0.5), upper: z.number().min(0.5).max(1) })
    .refine((t) => t.lower < t.upper, 'lower must be below upper')
    .optional(),
});

const covariates = z.array(z.enum(COVARIATES)).refine((l) => new Set(l).size === l.length, 'a covariate is listed twice');

export const studyProtocolSchema = z.strictObject({
  parcours: z.literal(STUDY_SCHEMA_VERSION, `the first line says which language this is: parcours: ${STUDY_SCHEMA_VERSION}`),
  id,
  version: z.number().int().min(1),
  name: z.string().min(1).max(300),
  description: z.string().max(5000).optional(),
  population: z.strictObject({ cohort: id }),
  arms: z.array(id).min(1, 'at least one arm').refine((l) => new Set(l).size === l.length, 'an arm is listed twice'),
  curves: z.array(z.strictObject({ id, name: z.string().min(1).max(300).optional(), arms: z.array(id).min(1) })).optional(),
  comparisons: z.array(z.strictObject({ id, name: z.string().min(1).max(300).optional(), treatment: id, reference: id })),
  outcomes: z.array(z.enum(STUDY_OUTCOMES)).min(1, 'at least one outcome').refine((l) => new Set(l).size === l.length, 'an outcome is listed twice'),
  covariates,
  endpoints: endpointSettings.optional(),
  landmark: z.strictObject({ days: z.number().int().min(1).max(3650) }).optional(),
  analyses: z
    .strictObject({
      survivalAt: z.array(z.number().positive().max(600)).min(1).optional(),
      riskTableEvery: z.number().int().min(1).max(60).optional(),
      calendarPeriods: z.array(z.number().int().min(1900).max(2100)).optional(),
      iptw: iptwSettings.optional(),
    })
    .optional(),
  sensitivity: z
    .array(
      z.strictObject({
        id,
        name: z.string().min(1).max(300),
        indexFrom: isoDate.optional(),
        indexTo: isoDate.optional(),
        covariates: covariates.optional(),
        iptw: iptwSettings.optional(),
        endpoints: endpointSettings.optional(),
      }),
    )
    .optional(),
  disclosure: z
    .strictObject({
      minCellSize: z
        .number()
        .int()
        .min(MIN_CELL_SIZE_FLOOR, `the minimum cell size is never below ${MIN_CELL_SIZE_FLOOR}`)
        .optional(),
    })
    .optional(),
}) satisfies z.ZodType<StudyProtocol>;

/** The protocol's settings with their defaults. */
export interface ResolvedSettings {
  readonly survivalAtMonths: readonly number[];
  readonly riskTableEveryMonths: number;
  readonly calendarPeriods: readonly number[];
  readonly iptw: Required<Pick<IptwSettings, 'estimand' | 'stabilized'>> & Pick<IptwSettings, 'trim'>;
  readonly endpoints: EndpointSettings;
  readonly minCellSize: number;
}

export function resolveSettings(protocol: StudyProtocol): ResolvedSettings {
  const iptw = protocol.analyses?.iptw ?? {};
  return {
    survivalAtMonths: protocol.analyses?.survivalAt ?? [12, 24],
    riskTableEveryMonths: protocol.analyses?.riskTableEvery ?? 6,
    calendarPeriods: [...(protocol.analyses?.calendarPeriods ?? [2016, 2020])].sort((a, b) => a - b),
    iptw: { estimand: iptw.estimand ?? 'ATE', stabilized: iptw.stabilized ?? true, ...(iptw.trim === undefined ? {} : { trim: iptw.trim }) },
    endpoints: protocol.endpoints ?? {},
    minCellSize: protocol.disclosure?.minCellSize ?? DEFAULT_MIN_CELL_SIZE,
  };
}
