import { type CovariateColumn, type TableOneVariable } from '@parcours/stats';
import { type CovariateName } from '../protocol/study-protocol.js';
import { type BaselineRecord, COVARIATE_LABELS } from './baseline-covariates.js';

/** The level a model gives to a missing categorical value (a missing-indicator level of its own). */
export const UNKNOWN_LEVEL = 'unknown';

/**
 * One covariate over the analysed patients: its values for Table 1 (null = missing) and its model column (missing
 * categories become the `unknown` level; a missing age takes the median age, counted in `imputed`).
 */
export interface StudyCovariate {
  readonly name: CovariateName;
  readonly label: string;
  readonly kind: 'continuous' | 'categorical';
  /** Display order of the levels (categorical only). */
  readonly levels: readonly string[];
  readonly values: readonly (number | string | null)[];
  readonly imputed: number;
}

const ROMAN_STAGES = ['IV', 'III', 'II', 'I'] as const;

/** 'STAGE-IIIB' → 'III'; 'STAGE-0' → '0'; anything else → null. */
export function stageGroupOf(code: string | null): string | null {
  if (code === null) return null;
  const s = code.replace(/^STAGE-/i, '').toUpperCase();
  if (s.startsWith('0')) return '0';
  return ROMAN_STAGES.find((r) => s.startsWith(r)) ?? null;
}

/** ECOG grouped as studies report it: 0, 1, 2, 3+ (3 and 4 are rare among treated patients). */
export function ecogGroupOf(ecog: number | null): string | null {
  if (ecog === null || !Number.isFinite(ecog)) return null;
  return ecog >= 3 ? '3+' : String(Math.max(0, Math.round(ecog)));
}

/** The calendar period of an index date, with periods starting at `breaks` (sorted years). */
export function calendarPeriodOf(indexDate: string, breaks: readonly number[]): string {
  const year = Number(indexDate.slice(0, 4));
  return periodLabels(breaks)[breaks.filter((b) => year >= b).length]!;
}

/** 'before 2016', '2016–2019', '2020 or later' for breaks [2016, 2020]. */
export function periodLabels(breaks: readonly number[]): string[] {
  if (breaks.length === 0) return ['all years'];
  const labels = [`before ${breaks[0]!}`];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const from = breaks[i]!;
    const to = breaks[i + 1]! - 1;
    labels.push(from === to ? String(from) : `${from}–${to}`);
  }
  labels.push(`${breaks[breaks.length - 1]!} or later`);
  return labels;
}

const SMOKING_LEVELS = ['never', 'former', 'current'] as const;

function categorical(name: CovariateName, levels: readonly string[], values: (string | null)[]): StudyCovariate {
  return { name, label: COVARIATE_LABELS[name], kind: 'categorical', levels, values, imputed: 0 };
}

/** The protocol's covariates for the patients `rows` (in that order). */
export function studyCovariates(names: readonly CovariateName[], rows: readonly BaselineRecord[], calendarBreaks: readonly number[]): StudyCovariate[] {
  return names.map((name) => {
    switch (name) {
      case 'age':
        return { name, label: COVARIATE_LABELS.age, kind: 'continuous', levels: [], values: rows.map((r) => r.ageYears), imputed: 0 };
      case 'sex':
        return categorical(name, ['female', 'male'], rows.map((r) => r.sex));
      case 'ecog':
        return categorical(name, ['0', '1', '2', '3+'], rows.map((r) => ecogGroupOf(r.ecog)));
      case 'smoking':
        return categorical(name, SMOKING_LEVELS, rows.map((r) => ((SMOKING_LEVELS as readonly string[]).includes(r.smoking ?? '') ? r.smoking : null)));
      case 'stage':
        return categorical(name, ['0', 'I', 'II', 'III', 'IV'], rows.map((r) => stageGroupOf(r.stageCode)));
      case 'brain-metastases':
        return categorical(name, ['no', 'yes'], rows.map((r) => (r.brainMetastasis ? 'yes' : 'no')));
      case 'calendar-period':
        return categorical(name, periodLabels(calendarBreaks), rows.map((r) => calendarPeriodOf(r.indexDate, calendarBreaks)));
    }
  });
}

/** Table 1 variables (levels without any patient are dropped from the display). */
export function tableOneVariables(covariates: readonly StudyCovariate[]): TableOneVariable[] {
  return covariates.map((c) => {
    if (c.kind === 'continuous') return { name: c.name, label: c.label, kind: 'continuous', values: c.values as (number | null)[] };
    const present = new Set(c.values);
    return { name: c.name, label: c.label, kind: 'categorical', values: c.values as (string | null)[], levels: c.levels.filter((l) => present.has(l)) };
  });
}

/**
 * Model columns over a subset of rows (`rows`: indices into the covariates' values). Categorical covariates keep
 * the levels present in the subset (an empty level would make the model singular), with missing values as their
 * own `unknown` level; a covariate with a single level left carries no information and is dropped. A missing age
 * takes the subset's median.
 */
export function modelColumns(covariates: readonly StudyCovariate[], rows: ArrayLike<number>): CovariateColumn[] {
  const out: CovariateColumn[] = [];
  for (const c of covariates) {
    if (c.kind === 'continuous') {
      const values = Array.from(rows, (i) => c.values[i] as number | null);
      const known = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
      if (known.length === 0) continue;
      const median = known[Math.floor((known.length - 1) / 2)]!;
      out.push({ name: c.name, values: Float64Array.from(values, (v) => (v === null || !Number.isFinite(v) ? median : v)) });
      continue;
    }
    const values = Array.from(rows, (i) => (c.values[i] as string | null) ?? UNKNOWN_LEVEL);
    const present = new Set(values);
    const levels = [...c.levels, UNKNOWN_LEVEL].filter((l) => present.has(l));
    if (levels.length < 2) continue;
    out.push({ name: c.name, kind: 'factor', values, levels });
  }
  return out;
}
