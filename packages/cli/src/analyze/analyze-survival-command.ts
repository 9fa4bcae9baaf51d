/**
 * `parcours analyze survival DATA.csv …`: Kaplan–Meier, log-rank and Cox on a CSV file, with the options of a
 * reference `case.json` (or the file itself via `--spec`). `--json` prints the report in the shape of the reference
 * `expected.json`, so `diff <(parcours analyze survival … --json | jq -S .) <(jq -S . expected.json)` compares with R.
 *
 * The command only parses and prints: reading is `readDataFrame`, the statistics are `analyzeSurvival` from
 * @parcours/stats. User errors are thrown as `AppError` with the file, line and column, never a data value.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { AppError } from '@parcours/core';
import {
  analyzeSurvival,
  CONF_TYPES,
  COX_TIES,
  type DataColumn,
  isStatsError,
  type SurvivalAnalysisInput,
  type SurvivalReport,
} from '@parcours/stats';
import { textTable } from '../output/text-table.js';
import { type DataFrame, readDataFrame } from './read-data-frame.js';
import { kaplanMeierSvg } from './kaplan-meier-svg.js';

/** The analysis a `case.json` describes (all fields optional here: options may supply them). */
export interface SurvivalSpec {
  time?: string;
  event?: string;
  event_value?: string | number | boolean | null;
  group?: string | null;
  strata?: string | null;
  covariates?: string[];
  factors?: string[];
  weights?: string | null;
  cluster?: string | null;
  ties?: string;
  conf_type?: string;
}

interface SurvivalCommandOptions {
  time?: string;
  event?: string;
  group?: string;
  strata?: string;
  covariates?: string;
  factors?: string;
  weights?: string;
  cluster?: string;
  ties?: string;
  confType?: string;
  plot?: string;
  json?: boolean;
  spec?: string;
}

export interface AnalyzeCommandIo {
  readonly stdout?: NodeJS.WritableStream;
}

/**
 * @example
 * program.addCommand(analyzeCommand());
 * // parcours analyze survival lung.csv --time time --event status=2 --group sex --covariates age,sex,ph.ecog --json
 */
export function analyzeCommand(io: AnalyzeCommandIo = {}): Command {
  const analyze = new Command('analyze').description('statistical analyses of a data file');
  analyze
    .command('survival')
    .description('Kaplan–Meier curves, log-rank test and Cox model, checked against R survival 3.5-3')
    .argument('<data>', 'CSV file (read like R read.csv: header, quoted text, empty or NA = missing)')
    .option('--time <column>', 'follow-up time column')
    .option('--event <column[=value]>', 'event column; a row is an event when the column equals value (default 1, or 2 for 1/2 coding)')
    .option('--group <column>', 'one Kaplan–Meier curve per value; log-rank test between them')
    .option('--strata <column>', 'stratified log-rank test and strata() in the Cox model')
    .option('--covariates <columns>', 'Cox model terms, comma-separated')
    .option('--factors <columns>', 'covariates to dummy-code (first level = reference)')
    .option('--weights <column>', 'case weights (the Cox model then reports a robust SE)')
    .option('--cluster <column>', 'cluster identifier for the robust Cox SE')
    .addOption(new Option('--ties <method>', 'ties in the main Cox fit').choices([...COX_TIES]))
    .addOption(new Option('--conf-type <type>', 'Kaplan–Meier confidence interval').choices([...CONF_TYPES]))
    .option('--plot <file.svg>', 'write the Kaplan–Meier curves as a standalone SVG')
    .option('--spec <case.json>', 'take the options from a case.json file; explicit options override it')
    .option('--json', 'print the report as JSON (the reference expected.json shape)')
    .action((data: string, options: SurvivalCommandOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      runSurvival(data, { ...options, json: options.json === true || globals.json === true }, io.stdout ?? process.stdout);
    });
  return analyze;
}

function runSurvival(file: string, options: SurvivalCommandOptions, stdout: NodeJS.WritableStream): void {
  const spec = resolveSpec(options);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError('not_found', 'cannot read the data file', { details: { file }, cause });
  }
  const frame = readDataFrame(text, { file });
  const input = buildInput(frame, spec, file);
  let report: SurvivalReport;
  try {
    report = analyzeSurvival(input);
  } catch (error) {
    if (isStatsError(error)) {
      const field = typeof error.details.field === 'string' ? error.details.field : undefined;
      throw new AppError(error.code === 'invalid_input' ? 'invalid_input' : 'computation_failed', error.message, {
        details: { file, ...(field ? { field } : {}) },
        cause: error,
      });
    }
    throw error;
  }
  if (options.plot) writeFileSync(options.plot, kaplanMeierSvg(report, { title: spec.group ? `Survival by ${spec.group}` : 'Survival' }));
  stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, spec));
}

/** case.json (if any) overlaid with the explicit options. */
function resolveSpec(options: SurvivalCommandOptions): SurvivalSpec {
  let spec: SurvivalSpec = {};
  if (options.spec) {
    try {
      spec = JSON.parse(readFileSync(options.spec, 'utf8')) as SurvivalSpec;
    } catch (cause) {
      throw new AppError('invalid_argument', 'cannot read the --spec file as JSON', { details: { file: options.spec }, cause });
    }
  }
  const list = (s: string | undefined): string[] | undefined =>
    s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (options.time !== undefined) spec.time = options.time;
  if (options.event !== undefined) {
    const eq = options.event.indexOf('=');
    spec.event = eq < 0 ? options.event : options.event.slice(0, eq);
    spec.event_value = eq < 0 ? null : options.event.slice(eq + 1);
  }
  if (options.group !== undefined) spec.group = options.group;
  if (options.strata !== undefined) spec.strata = options.strata;
  if (options.covariates !== undefined) spec.covariates = list(options.covariates) ?? [];
  if (options.factors !== undefined) spec.factors = list(options.factors) ?? [];
  if (options.weights !== undefined) spec.weights = options.weights;
  if (options.cluster !== undefined) spec.cluster = options.cluster;
  if (options.ties !== undefined) spec.ties = options.ties;
  if (options.confType !== undefined) spec.conf_type = options.confType;
  if (!spec.time) throw new AppError('invalid_argument', 'the time column is required', { details: { hint: 'pass --time COLUMN or --spec case.json' } });
  if (!spec.event) throw new AppError('invalid_argument', 'the event column is required', { details: { hint: 'pass --event COLUMN[=VALUE] or --spec case.json' } });
  if (spec.ties !== undefined && !(COX_TIES as readonly string[]).includes(spec.ties)) {
    throw new AppError('invalid_argument', 'ties must be efron or breslow', { details: { field: 'ties' } });
  }
  if (spec.conf_type !== undefined && !(CONF_TYPES as readonly string[]).includes(spec.conf_type)) {
    throw new AppError('invalid_argument', 'conf_type must be log, log-log or plain', { details: { field: 'conf_type' } });
  }
  return spec;
}

function column(frame: DataFrame, name: string, file: string, role: string): DataColumn {
  const c = frame.columns.get(name);
  if (!c) {
    throw new AppError('invalid_input', `the ${role} column "${name}" is not in the file (line 1 is the header)`, {
      details: { file, line: 1, column: name, hint: `columns are: ${frame.names.join(', ')}` },
    });
  }
  return c;
}

function numericColumn(frame: DataFrame, name: string, file: string, role: string): Float64Array {
  const c = column(frame, name, file, role);
  if (c instanceof Float64Array) return c;
  const row = c.findIndex((v) => v !== null && !Number.isFinite(Number(v)));
  const line = frame.lines[row] ?? 1;
  throw new AppError('invalid_input', `the ${role} column "${name}" must be numeric; line ${line} is not a number`, {
    details: { file, line, column: name },
  });
}

function buildInput(frame: DataFrame, spec: SurvivalSpec, file: string): SurvivalAnalysisInput {
  const time = numericColumn(frame, spec.time!, file, 'time');
  for (let i = 0; i < time.length; i++) {
    if (time[i]! < 0 || time[i] === Number.POSITIVE_INFINITY) {
      const line = frame.lines[i]!;
      throw new AppError('invalid_input', `the time column "${spec.time}" must hold non-negative finite numbers; line ${line} does not`, {
        details: { file, line, column: spec.time },
      });
    }
  }
  const event = eventIndicator(frame, spec, file);
  const covariates = spec.covariates ?? [];
  const factors = spec.factors ?? [];
  for (const f of factors) {
    if (!covariates.includes(f)) throw new AppError('invalid_argument', `factor "${f}" is not among the covariates`, { details: { column: f } });
  }
  const optional = (name: string | null | undefined, role: string): DataColumn | null => (name ? column(frame, name, file, role) : null);
  return {
    time,
    event,
    group: optional(spec.group, 'group'),
    strata: optional(spec.strata, 'strata'),
    covariates: covariates.map((name) => ({ name, values: column(frame, name, file, 'covariate'), factor: factors.includes(name) })),
    weights: spec.weights ? numericColumn(frame, spec.weights, file, 'weights') : null,
    cluster: optional(spec.cluster, 'cluster'),
    ...(spec.ties ? { ties: spec.ties as (typeof COX_TIES)[number] } : {}),
    ...(spec.conf_type ? { confType: spec.conf_type as (typeof CONF_TYPES)[number] } : {}),
  };
}

/**
 * 1 = event, 0 = censored, null = missing. With an explicit value, a row is an event when it equals the value;
 * without one, the usual codings are recognised (0/1 → 1, 1/2 → 2 like R's Surv, FALSE/TRUE → TRUE).
 */
function eventIndicator(frame: DataFrame, spec: SurvivalSpec, file: string): (number | null)[] {
  const name = spec.event!;
  const c = column(frame, name, file, 'event');
  const values: (string | null)[] =
    c instanceof Float64Array ? Array.from(c, (v) => (Number.isNaN(v) ? null : String(v))) : [...c];
  const present = new Set(values.filter((v): v is string => v !== null));
  let eventValue: string;
  if (spec.event_value !== null && spec.event_value !== undefined) {
    const v = spec.event_value;
    // JSON true/false mean R's logical TRUE/FALSE, which read.csv leaves as those words here.
    eventValue =
      typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : c instanceof Float64Array && Number.isFinite(Number(v)) ? String(Number(v)) : String(v);
    if (!present.has(eventValue)) {
      throw new AppError('invalid_input', `no row of the event column "${name}" has the event value`, {
        details: { file, line: 1, column: name, hint: 'check the value after = in --event COLUMN=VALUE' },
      });
    }
  } else {
    const codings: [string[], string][] = [
      [['0', '1'], '1'],
      [['1', '2'], '2'],
      [['FALSE', 'TRUE'], 'TRUE'],
    ];
    const coding = codings.find(([allowed]) => [...present].every((v) => allowed.includes(v)));
    if (!coding) {
      const row = values.findIndex((v) => v !== null && !['0', '1'].includes(v));
      const line = frame.lines[row] ?? 1;
      throw new AppError('invalid_input', `unknown value in the event column "${name}" at line ${line}; say which value is the event`, {
        details: { file, line, column: name, hint: 'pass --event COLUMN=VALUE' },
      });
    }
    eventValue = coding[1];
  }
  const out = values.map((v) => (v === null ? null : v === eventValue ? 1 : 0));
  if (!out.some((v) => v === 1)) {
    throw new AppError('invalid_input', `the event column "${name}" has no event (no row equals the event value)`, {
      details: { file, line: 1, column: name },
    });
  }
  return out;
}

const fmt = (v: number | null | undefined, digits = 4): string => {
  if (v === null || v === undefined || Number.isNaN(v)) return 'NA';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
};
const fmtP = (p: number | null | undefined): string => (p === null || p === undefined ? 'NA' : p < 1e-16 ? '<1e-16' : fmt(p, 3));

/** Human-readable report: aligned tables, R's usual rounding. */
export function formatReport(report: SurvivalReport, spec: SurvivalSpec): string {
  const out: string[] = [];
  out.push(`Kaplan–Meier${spec.group ? ` by ${spec.group}` : ''} (95 % CI, ${report.km.conf_type})`);
  out.push(
    textTable(
      ['group', 'n', 'events', 'median', 'lower', 'upper'],
      report.km.groups.map((g) => [g.group, g.n, fmt(g.events), fmt(g.median), fmt(g.median_lower), fmt(g.median_upper)]),
    ),
  );
  if (report.logrank) {
    const lr = report.logrank;
    out.push('', 'Log-rank test');
    out.push(
      textTable(
        ['group', 'observed', 'expected'],
        report.km.groups.map((g, k) => [g.group, fmt(lr.observed[k]), fmt(lr.expected[k])]),
      ),
    );
    out.push(`chisq = ${fmt(lr.chisq)} on ${lr.df} df, p = ${fmtP(lr.p)}`);
  }
  if (report.logrank_stratified) {
    const s = report.logrank_stratified;
    out.push('', `Stratified log-rank test (strata: ${spec.strata}): chisq = ${fmt(s.chisq)} on ${s.df} df, p = ${fmtP(s.p)}`);
  }
  for (const cox of [report.cox, report.cox_alt_ties]) {
    if (!cox) continue;
    out.push('', `Cox model (${cox.ties} ties): n = ${cox.n}, events = ${cox.events}`);
    const robust = cox.terms.some((t) => t.robust_se !== null);
    out.push(
      textTable(
        ['term', 'coef', 'HR', 'HR lower', 'HR upper', 'se', ...(robust ? ['robust se'] : []), 'z', 'p'],
        cox.terms.map((t) => [
          t.term,
          fmt(t.coef),
          fmt(t.hr),
          fmt(t.hr_lower),
          fmt(t.hr_upper),
          fmt(t.se),
          ...(robust ? [fmt(t.robust_se)] : []),
          fmt(t.z),
          fmtP(t.p),
        ]),
      ),
    );
    const df = cox.terms.length;
    out.push(`Likelihood ratio test = ${fmt(cox.lr_test)} on ${df} df; Wald test = ${fmt(cox.wald_test)}; Score (log-rank) test = ${fmt(cox.score_test)}`);
    out.push(`Concordance = ${fmt(cox.concordance, 3)}`);
    if (cox.ph_test) {
      out.push('Proportional hazards (cox.zph, km transform)');
      out.push(textTable(['term', 'chisq', 'df', 'p'], cox.ph_test.map((z) => [z.term, fmt(z.chisq), z.df, fmtP(z.p)])));
    }
  }
  return `${out.join('\n')}\n`;
}
