import { z } from 'zod';
import { DRUG_CLASSES, type DrugClass } from '../oncology/drug-class.js';
import { conceptCodeProblem } from './concept-code.js';
import { stageProblem } from './stage-groups.js';

/**
 * The cohort definition language, version `cohort/1` (docs/cohorts.md): what a definition file holds once parsed
 * and validated. The types are the reference; the zod schemas below check untyped input (YAML, JSON) against them
 * and locate every problem by its path ('inclusion[2].window.from').
 */
export const COHORT_SCHEMA_VERSION = 'cohort/1';

/**
 * A concept set where one is expected: the name of a set declared under `conceptSets`, one code
 * ('ICD10:C34': a code always has a ':', a name never does), or a list of codes (any of them).
 */
export type ConceptSetRef = string | readonly string[];

/** A named concept set: codes with their descendants (by default), minus the excluded codes and theirs. */
export interface ConceptSetSpec {
  readonly include: readonly string[];
  readonly exclude?: readonly string[];
  /** Include the descendants of each code (concept_ancestor, and ICD subcategories by code). Default true. */
  readonly descendants?: boolean;
}

/**
 * Days relative to the index date, both ends included. A missing end takes its default (`from` open, `to` 0: any
 * time up to the index date); null opens it.
 */
export interface TimeWindow {
  readonly from?: number | null;
  readonly to?: number | null;
}

export interface OccurrenceCount {
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** A stage group ('IV'), a range ('IIIB-IV'), or a list of either. */
export type StageSpec = string | readonly string[];

export interface DiagnosisSpec {
  readonly codes: ConceptSetRef;
  /** ICD-O-3 morphology of the same tumour (histology observation within the work-up window of the diagnosis). */
  readonly histology?: ConceptSetRef;
  /** ICD-O-3 topography of the same tumour. */
  readonly topography?: ConceptSetRef;
  /** Stage group recorded within the work-up window of the diagnosis. */
  readonly stage?: StageSpec;
  /** 'primary' or 'secondary' (metastasis), from condition_status_source_value. */
  readonly status?: 'primary' | 'secondary';
}

export const ALTERATIONS = ['mutation', 'fusion', 'amplification', 'expression', 'status'] as const;
export type Alteration = (typeof ALTERATIONS)[number];
export const BIOMARKER_RESULTS = ['positive', 'negative', 'equivocal', 'failed'] as const;
export type BiomarkerResultValue = (typeof BIOMARKER_RESULTS)[number];

export interface BiomarkerSpec {
  /** HGNC symbol or id, or a usual marker name that is a synonym of one ('HER2' is ERBB2); a list means any. */
  readonly gene: string | readonly string[];
  readonly alteration?: Alteration;
  /** A specific variant as the report writes it: 'G12C', 'V600E', 'exon 19 deletion'. */
  readonly variant?: string;
  /** The 5′ partner of a fusion: 'CD74' for CD74::ROS1. */
  readonly partner?: string;
  /** Default 'positive'. */
  readonly result?: BiomarkerResultValue;
}

export const REGIMEN_CLASSES = [
  'targeted',
  'chemotherapy-alone',
  'immunotherapy-alone',
  'chemo-immunotherapy',
  'immunotherapy-with-or-without-chemotherapy',
  'endocrine',
] as const;
export type RegimenClass = (typeof REGIMEN_CLASSES)[number];

export interface LineSpec {
  /** Line number (1 = first line for advanced disease). Any line when omitted. */
  readonly number?: number;
  /** The line holds a drug of each of these concept sets. */
  readonly contains?: readonly ConceptSetRef[];
  /** The line holds no drug of any of these concept sets. */
  readonly without?: readonly ConceptSetRef[];
  /** The line holds a drug of each of these classes. */
  readonly classes?: readonly DrugClass[];
  /** Every drug of the line is of one of these classes. */
  readonly onlyClasses?: readonly DrugClass[];
  /** A named combination of `classes` and `onlyClasses` (docs/cohorts.md). */
  readonly regimenClass?: RegimenClass;
  /** The regimen exactly as derived: drugs sorted and joined by ' + ' ('carboplatin + pemetrexed'). */
  readonly regimen?: string;
}

export interface CodesSpec {
  readonly codes: ConceptSetRef;
}

export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
}

export interface MeasurementSpec {
  readonly codes: ConceptSetRef;
  readonly value?: ValueRange;
  readonly valueCodes?: ConceptSetRef;
}

export interface PeriodSpec {
  /** 'YYYY-MM-DD', included. */
  readonly from?: string;
  readonly to?: string;
}

export interface ObservationSpec {
  /** Days of continuous observation required before the index date. */
  readonly priorDays?: number;
  /** Days of continuous observation required after it. */
  readonly afterDays?: number;
}

/** The kinds of facts a criterion can test; a criterion names exactly one. */
export interface CriterionKinds {
  readonly diagnosis?: DiagnosisSpec;
  readonly biomarker?: BiomarkerSpec;
  readonly line?: LineSpec;
  readonly drug?: CodesSpec;
  readonly procedure?: CodesSpec;
  readonly measurement?: MeasurementSpec;
  /** ECOG performance status recorded (value between min and max, 0–5). */
  readonly ecog?: ValueRange;
  /** The latest stage group recorded on or before the end of the window (default: the index date). */
  readonly stage?: StageSpec;
  /** Age in whole years at the index date. */
  readonly age?: ValueRange;
  readonly sex?: 'female' | 'male';
  /** Calendar period of the index date. */
  readonly period?: PeriodSpec;
  readonly observation?: ObservationSpec;
  /** A death record in the window. */
  readonly death?: Readonly<Record<string, never>>;
  /** Any of these criteria holds. */
  readonly anyOf?: readonly Criterion[];
  /** All of these criteria hold. */
  readonly allOf?: readonly Criterion[];
}

export const CRITERION_KINDS = ['diagnosis', 'biomarker', 'line', 'drug', 'procedure', 'measurement', 'ecog', 'stage', 'age', 'sex', 'period', 'observation', 'death', 'anyOf', 'allOf'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** Kinds that are facts about the patient at the index date, not dated events: no window, no count. */
export const PATIENT_KINDS: readonly CriterionKind[] = ['age', 'sex', 'period', 'observation', 'anyOf', 'allOf'];

export interface Criterion extends CriterionKinds {
  readonly name?: string;
  readonly description?: string;
  /** Relative to the index date. Default: any time up to the index date ({ to: 0 }). */
  readonly window?: TimeWindow;
  /** Default: at least one. */
  readonly count?: OccurrenceCount;
  /** Negation: the patient must not satisfy the criterion (an exclusion criterion). */
  readonly exclude?: boolean;
}

/** An inclusion rule: a named criterion. Rules apply in order; attrition is counted after each. */
export interface InclusionRule extends Criterion {
  readonly name: string;
}

/** A named sub-group of the members: its own cohort_definition row, the members satisfying the criterion. */
export interface Arm extends Criterion {
  readonly id: string;
  readonly name?: string;
}

export const ENTRY_KINDS = ['diagnosis', 'biomarker', 'line', 'drug', 'procedure', 'measurement'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** The index event: the first (or every) event of one kind, dated within the period. */
export interface EntryEvent {
  readonly diagnosis?: DiagnosisSpec;
  readonly biomarker?: BiomarkerSpec;
  readonly line?: LineSpec;
  readonly drug?: CodesSpec;
  readonly procedure?: CodesSpec;
  readonly measurement?: MeasurementSpec;
  readonly period?: PeriodSpec;
  /** 'first' (default): the patient's earliest such event, kept if it falls in the period; 'all': every one in it. */
  readonly occurrence?: 'first' | 'all';
}

/** When membership ends (cohort_end_date); death and the end of observation always end it. */
export interface ExitSpec {
  /** A fixed number of days after the index date. */
  readonly days?: number;
  /** The day before the next line of therapy starts. */
  readonly nextLine?: boolean;
}

/** A combination of other cohorts, named by id (files in the same folder) or nested. */
export type SetExpression =
  | { readonly union: readonly (string | SetExpression)[] }
  | { readonly intersection: readonly (string | SetExpression)[] }
  | { readonly difference: readonly (string | SetExpression)[] };

export interface CohortDefinition {
  readonly parcours: typeof COHORT_SCHEMA_VERSION;
  /** Lower-case letters, digits and '-': the cohort's stable name (and its file name). */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly conceptSets?: Readonly<Record<string, ConceptSetSpec | readonly string[]>>;
  readonly entry?: EntryEvent;
  readonly inclusion?: readonly InclusionRule[];
  readonly exit?: ExitSpec;
  readonly arms?: readonly Arm[];
  readonly combine?: SetExpression;
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas. Messages say what is expected, never echo the value.

const COHORT_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const SET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const DAYS_LIMIT = 100_000;

const text = (what: string, max = 255) => z.string({ error: `${what} must be text` }).trim().min(1, { error: `${what} must not be empty` }).max(max, { error: `${what} has at most ${max} characters` });
const days = (what: string, min: number) =>
  z.number({ error: `${what} must be a whole number of days` }).int({ error: `${what} must be a whole number of days` }).min(min, { error: `${what} must be at least ${min}` }).max(DAYS_LIMIT, { error: `${what} must be at most ${DAYS_LIMIT}` });

const codeSchema = z.string({ error: 'a code must be text, VOCABULARY:CODE' }).superRefine((value, ctx) => {
  const problem = conceptCodeProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const codeListSchema = z.array(codeSchema, { error: 'expected a list of codes' }).min(1, { error: 'a list of codes must not be empty' });

/** A set name, one code, or a list of codes. */
const conceptSetRefSchema = z.union(
  [
    z.string().superRefine((value, ctx) => {
      if (value.includes(':')) {
        const problem = conceptCodeProblem(value);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      } else if (!SET_NAME.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'expected the name of a concept set, or a code VOCABULARY:CODE' });
      }
    }),
    codeListSchema,
  ],
  { error: 'expected a concept set: the name of one, a code VOCABULARY:CODE, or a list of codes' },
);

const conceptSetSpecSchema = z.strictObject({
  include: codeListSchema,
  exclude: codeListSchema.optional(),
  descendants: z.boolean({ error: 'descendants must be true or false' }).optional(),
});

const windowSchema = z
  .strictObject({ from: days('window.from', -DAYS_LIMIT).nullable().optional(), to: days('window.to', -DAYS_LIMIT).nullable().optional() }, { error: 'a window is { from: DAYS, to: DAYS }' })
  .superRefine((w, ctx) => {
    if (w.from != null && w.to != null && w.from > w.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'window.from must not be after window.to' });
  });

const countSchema = z
  .strictObject({ atLeast: z.number().int().min(0).optional(), atMost: z.number().int().min(0).optional() }, { error: 'a count is { atLeast: N } and/or { atMost: N }' })
  .superRefine((c, ctx) => {
    if (c.atLeast === undefined && c.atMost === undefined) ctx.addIssue({ code: 'custom', message: 'a count needs atLeast or atMost' });
    if (c.atLeast !== undefined && c.atMost !== undefined && c.atLeast > c.atMost) ctx.addIssue({ code: 'custom', path: ['atLeast'], message: 'count.atLeast must not exceed count.atMost' });
  });

const stageTextSchema = z.string({ error: 'a stage is a TNM stage group such as IV, or a range such as IIIB-IV' }).superRefine((value, ctx) => {
  const problem = stageProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
const stageSchema = z.union([stageTextSchema, z.array(stageTextSchema).min(1, { error: 'a list of stages must not be empty' })], {
  error: 'a stage is a TNM stage group such as IV, a range such as IIIB-IV, or a list of them',
});

const isoDate = (what: string) =>
  z.string({ error: `${what} must be a date YYYY-MM-DD` }).superRefine((value, ctx) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const valid = m !== null && (() => {
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
    })();
    if (!valid) ctx.addIssue({ code: 'custom', message: `${what} must be a calendar date YYYY-MM-DD` });
  });

const periodSchema = z
  .strictObject({ from: isoDate('period.from').optional(), to: isoDate('period.to').optional() }, { error: 'a period is { from: YYYY-MM-DD, to: YYYY-MM-DD }' })
  .superRefine((p, ctx) => {
    if (p.from === undefined && p.to === undefined) ctx.addIssue({ code: 'custom', message: 'a period needs from or to' });
    if (p.from !== undefined && p.to !== undefined && p.from > p.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'period.from must not be after period.to' });
  });

const rangeSchema = (what: string, min: number, max: number) =>
  z
    .strictObject({ min: z.number().min(min).max(max).optional(), max: z.number().min(min).max(max).optional() }, { error: `${what} is { min: N, max: N }` })
    .superRefine((r, ctx) => {
      if (r.min !== undefined && r.max !== undefined && r.min > r.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `${what}: min must not exceed max` });
    });

const diagnosisSchema = z.strictObject(
  {
    codes: conceptSetRefSchema,
    histology: conceptSetRefSchema.optional(),
    topography: conceptSetRefSchema.optional(),
    stage: stageSchema.optional(),
    status: z.enum(['primary', 'secondary'], { error: 'status must be primary or secondary' }).optional(),
  },
  { error: 'a diagnosis is { codes: ..., histology?, topography?, stage?, status? }' },
);

/** Free text that is bound as a value; `%`, `_` and `\` are refused because it is also matched with LIKE. */
const matchText = (what: string) =>
  text(what, 50).superRefine((value, ctx) => {
    if (/[%_\\]/.test(value)) ctx.addIssue({ code: 'custom', message: `${what} cannot contain %, _ or \\` });
  });

const biomarkerSchema = z.strictObject(
  {
    gene: z.union([matchText('gene'), z.array(matchText('gene')).min(1, { error: 'a list of genes must not be empty' })], { error: 'gene must be a gene symbol or a list of them' }),
    alteration: z.enum(ALTERATIONS, { error: `alteration must be one of ${ALTERATIONS.join(', ')}` }).optional(),
    variant: matchText('variant').optional(),
    partner: text('partner', 50).optional(),
    result: z.enum(BIOMARKER_RESULTS, { error: `result must be one of ${BIOMARKER_RESULTS.join(', ')}` }).optional(),
  },
  { error: 'a biomarker is { gene, alteration?, variant?, partner?, result? }' },
);

const drugClassSchema = z.enum(DRUG_CLASSES, { error: `a drug class is one of ${DRUG_CLASSES.join(', ')}` });
const lineSchema = z.strictObject(
  {
    number: z.number({ error: 'line number must be a whole number from 1' }).int({ error: 'line number must be a whole number from 1' }).min(1, { error: 'line number must be a whole number from 1' }).max(100).optional(),
    contains: z.array(conceptSetRefSchema, { error: 'contains is a list of concept sets' }).min(1).optional(),
    without: z.array(conceptSetRefSchema, { error: 'without is a list of concept sets' }).min(1).optional(),
    classes: z.array(drugClassSchema).min(1).optional(),
    onlyClasses: z.array(drugClassSchema).min(1).optional(),
    regimenClass: z.enum(REGIMEN_CLASSES, { error: `regimenClass must be one of ${REGIMEN_CLASSES.join(', ')}` }).optional(),
    regimen: text('regimen', 50).optional(),
  },
  { error: 'a line is { number?, contains?, without?, classes?, onlyClasses?, regimenClass?, regimen? }' },
);

const codesSchema = z.strictObject({ codes: conceptSetRefSchema }, { error: 'expected { codes: ... }' });
const measurementSchema = z.strictObject(
  { codes: conceptSetRefSchema, value: rangeSchema('value', -1e12, 1e12).optional(), valueCodes: conceptSetRefSchema.optional() },
  { error: 'a measurement is { codes, value?, valueCodes? }' },
);
const observationSchema = z
  .strictObject({ priorDays: days('observation.priorDays', 0).optional(), afterDays: days('observation.afterDays', 0).optional() }, { error: 'observation is { priorDays?, afterDays? }' })
  .superRefine((o, ctx) => {
    if (o.priorDays === undefined && o.afterDays === undefined) ctx.addIssue({ code: 'custom', message: 'observation needs priorDays or afterDays' });
  });

function exactlyOneKind(value: Record<string, unknown>, kinds: readonly string[], ctx: z.RefinementCtx, what: string): void {
  const present = kinds.filter((k) => value[k] !== undefined);
  if (present.length === 0) ctx.addIssue({ code: 'custom', message: `${what} needs one of: ${kinds.join(', ')}` });
  if (present.length > 1) ctx.addIssue({ code: 'custom', path: [present[1]!], message: `${what} has one kind only (found ${present.join(' and ')})` });
}

const criterionShape = {
  name: text('name').optional(),
  description: text('description', 2000).optional(),
  window: windowSchema.optional(),
  count: countSchema.optional(),
  exclude: z.boolean({ error: 'exclude must be true or false' }).optional(),
  diagnosis: diagnosisSchema.optional(),
  biomarker: biomarkerSchema.optional(),
  line: lineSchema.optional(),
  drug: codesSchema.optional(),
  procedure: codesSchema.optional(),
  measurement: measurementSchema.optional(),
  ecog: rangeSchema('ecog', 0, 5).optional(),
  stage: stageSchema.optional(),
  age: rangeSchema('age', 0, 150).optional(),
  sex: z.enum(['female', 'male'], { error: 'sex must be female or male' }).optional(),
  period: periodSchema.optional(),
  observation: observationSchema.optional(),
  death: z.strictObject({}, { error: 'death takes no settings: write death: {}' }).optional(),
  get anyOf() {
    return z.array(criterionSchema, { error: 'anyOf is a list of criteria' }).min(1).optional();
  },
  get allOf() {
    return z.array(criterionSchema, { error: 'allOf is a list of criteria' }).min(1).optional();
  },
};

function checkCriterion(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  exactlyOneKind(value, CRITERION_KINDS, ctx, 'a criterion');
  const kind = CRITERION_KINDS.find((k) => value[k] !== undefined);
  if (kind !== undefined && PATIENT_KINDS.includes(kind)) {
    // Composites carry their windows on their members; patient facts have no date to window or count.
    if (value['window'] !== undefined) ctx.addIssue({ code: 'custom', path: ['window'], message: `a window does not apply to ${kind}` });
    if (value['count'] !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: `a count does not apply to ${kind}` });
  }
  if (kind === 'stage' && value['count'] !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: 'a count does not apply to stage (it is the latest stage recorded)' });
}

const criterionSchema: z.ZodType<Criterion> = z.strictObject(criterionShape, { error: 'a criterion is an object' }).superRefine(checkCriterion);

const ruleSchema = z.strictObject({ ...criterionShape, name: text('name') }, { error: 'an inclusion rule is an object with a name' }).superRefine(checkCriterion);

const armSchema = z
  .strictObject({ ...criterionShape, id: z.string({ error: 'an arm id is text' }).regex(COHORT_ID, { error: 'an arm id is lower-case letters, digits and -' }) }, { error: 'an arm is an object with an id' })
  .superRefine(checkCriterion);

const entrySchema = z
  .strictObject(
    {
      diagnosis: diagnosisSchema.optional(),
      biomarker: biomarkerSchema.optional(),
      line: lineSchema.optional(),
      drug: codesSchema.optional(),
      procedure: codesSchema.optional(),
      measurement: measurementSchema.optional(),
      period: periodSchema.optional(),
      occurrence: z.enum(['first', 'all'], { error: 'occurrence must be first or all' }).optional(),
    },
    { error: 'entry is an object naming one kind of event' },
  )
  .superRefine((value, ctx) => exactlyOneKind(value, ENTRY_KINDS, ctx, 'the entry event'));

const exitSchema = z.strictObject(
  { days: days('exit.days', 0).optional(), nextLine: z.boolean({ error: 'nextLine must be true or false' }).optional() },
  { error: 'exit is { days?, nextLine? }' },
);

const cohortIdSchema = z.string({ error: 'a cohort id is text' }).regex(COHORT_ID, { error: 'a cohort id is lower-case letters, digits and -' });
const setOperandSchema: z.ZodType<string | SetExpression> = z.union([cohortIdSchema, z.lazy(() => setExpressionSchema)], { error: 'expected a cohort id or a nested union, intersection or difference' });
const operands = z.array(setOperandSchema, { error: 'expected a list of cohorts' }).min(2, { error: 'a set operation needs at least two cohorts' });
const setExpressionSchema: z.ZodType<SetExpression> = z.union(
  [z.strictObject({ union: operands }), z.strictObject({ intersection: operands }), z.strictObject({ difference: operands })],
  { error: 'combine is { union: [...] }, { intersection: [...] } or { difference: [...] }' },
);

export const cohortDefinitionSchema: z.ZodType<CohortDefinition> = z
  .strictObject(
    {
      parcours: z.literal(COHORT_SCHEMA_VERSION, { error: `the first line says which language this is: parcours: ${COHORT_SCHEMA_VERSION}` }),
      id: cohortIdSchema,
      name: text('name'),
      description: text('description', 10_000).optional(),
      conceptSets: z
        .record(z.string().regex(SET_NAME, { error: 'a concept set name is letters, digits, _ . - (no :)' }), z.union([conceptSetSpecSchema, codeListSchema], { error: 'a concept set is { include, exclude?, descendants? } or a list of codes' }))
        .optional(),
      entry: entrySchema.optional(),
      inclusion: z.array(ruleSchema, { error: 'inclusion is a list of rules' }).optional(),
      exit: exitSchema.optional(),
      arms: z.array(armSchema, { error: 'arms is a list' }).optional(),
      combine: setExpressionSchema.optional(),
    },
    { error: 'a cohort definition is an object' },
  )
  .superRefine((d, ctx) => {
    if (d.combine === undefined && d.entry === undefined) ctx.addIssue({ code: 'custom', path: ['entry'], message: 'a cohort needs an entry event (or combine, to combine other cohorts)' });
    if (d.combine !== undefined) {
      for (const field of ['entry', 'inclusion', 'exit', 'arms'] as const) {
        if (d[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a combined cohort takes its members from the cohorts it combines: ${field} does not apply` });
      }
    }
    const seen = new Set<string>();
    d.inclusion?.forEach((rule, i) => {
      if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: ['inclusion', i, 'name'], message: 'two inclusion rules have the same name' });
      seen.add(rule.name);
    });
    const arms = new Set<string>();
    d.arms?.forEach((arm, i) => {
      if (arms.has(arm.id)) ctx.addIssue({ code: 'custom', path: ['arms', i, 'id'], message: 'two arms have the same id' });
      arms.add(arm.id);
    });
  });
