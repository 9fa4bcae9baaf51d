// Benchmark of @parcours/stats survival code against R's survival package on the same data.
//
// Imports the BUILT package (run `npx tsc -b packages/stats` first). For 100 k and 1 M simulated patients it times
// Kaplan–Meier by group (with medians), the log-rank test and a Cox model (Efron, 5 covariates), median of a few
// runs. When `Rscript` with the survival package is available, the same data go to a temporary CSV and R times the
// same calls with system.time() (the CSV read is not timed); the table reports the speed ratio and checks that the
// numbers agree (Cox coefficients, log-rank chi-square, medians).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { coxFit, kaplanMeierByGroup, logRank, medianSurvival } from '../packages/stats/dist/index.js';
import { createStreamRng } from '../packages/synth/dist/index.js';

const SIZES = [100_000, 1_000_000];
const RUNS = 3;

/** Simulated trial: 3 arms, integer days (so there are ties, as in real data), ~30 % censored. */
function simulate(n, seed = 42) {
  // The synthetic-population generator's seeded stream (one PRNG for the whole project).
  const stream = createStreamRng([seed]);
  const rand = () => stream.uniform();
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const d = {
    n,
    time: new Float64Array(n),
    event: new Uint8Array(n),
    arm: new Int32Array(n),
    x: [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)],
  };
  const names = ['treated', 'age', 'female', 'ecog', 'marker'];
  for (let i = 0; i < n; i++) {
    const arm = Math.floor(rand() * 3);
    const age = 60 + 10 * normal();
    const female = rand() < 0.45 ? 1 : 0;
    const ecog = Math.floor(rand() * 4);
    const marker = normal();
    const lp = -0.4 * (arm > 0 ? 1 : 0) + 0.02 * (age - 60) - 0.3 * female + 0.35 * ecog + 0.2 * marker;
    const t = -Math.log(1 - rand()) / (0.002 * Math.exp(lp));
    const c = -Math.log(1 - rand()) / 0.001;
    d.time[i] = Math.max(1, Math.round(Math.min(t, c)));
    d.event[i] = t <= c ? 1 : 0;
    d.arm[i] = arm;
    d.x[0][i] = arm > 0 ? 1 : 0;
    d.x[1][i] = Math.round(age * 10) / 10;
    d.x[2][i] = female;
    d.x[3][i] = ecog;
    d.x[4][i] = Math.round(marker * 1000) / 1000;
  }
  d.names = names;
  return d;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(fn) {
  const times = [];
  // One untimed run first: V8 compiles the hot loops on first use, R has no such warm-up cost.
  let result = fn();
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

function hasR() {
  try {
    execFileSync('Rscript', ['-e', 'suppressMessages(library(survival))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function writeCsv(d, file) {
  const lines = ['time,status,arm,treated,age,female,ecog,marker'];
  for (let i = 0; i < d.n; i++) {
    lines.push(`${d.time[i]},${d.event[i]},${d.arm[i]},${d.x[0][i]},${d.x[1][i]},${d.x[2][i]},${d.x[3][i]},${d.x[4][i]}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const R_SCRIPT = `
suppressMessages(library(survival))
args <- commandArgs(TRUE); d <- read.csv(args[1]); runs <- as.integer(args[2])
tm <- function(f) { t <- numeric(runs); for (r in 1:runs) { t[r] <- system.time(v <- f())[["elapsed"]] }; list(ms = 1000 * median(t), v = v) }
km <- tm(function() { s <- survfit(Surv(time, status) ~ arm, data = d); quantile(s, 0.5)$quantile })
lr <- tm(function() survdiff(Surv(time, status) ~ arm, data = d)$chisq)
cx <- tm(function() coef(coxph(Surv(time, status) ~ treated + age + female + ecog + marker, data = d, ties = "efron")))
cat("km_ms", km$ms, "\\n"); cat("km_median", km$v, "\\n")
cat("lr_ms", lr$ms, "\\n"); cat("lr_chisq", format(lr$v, digits = 15), "\\n")
cat("cox_ms", cx$ms, "\\n"); cat("cox_coef", format(cx$v, digits = 15), "\\n")
`;

function runR(d, log) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-bench-'));
  try {
    const csv = path.join(dir, 'data.csv');
    const script = path.join(dir, 'bench.R');
    writeCsv(d, csv);
    writeFileSync(script, R_SCRIPT);
    log?.(`  R on ${d.n} rows…`);
    const out = execFileSync('Rscript', [script, csv, String(RUNS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const get = (key) => out.split('\n').find((l) => l.startsWith(`${key} `))?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    return { km: get('km_ms')[0], kmMedian: get('km_median'), lr: get('lr_ms')[0], lrChisq: get('lr_chisq')[0], cox: get('cox_ms')[0], coxCoef: get('cox_coef') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const maxRel = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-12)));

export async function run({ log } = {}) {
  const withR = hasR();
  const rows = [];
  for (const n of SIZES) {
    log?.(`stats-survival: ${n} rows`);
    const d = simulate(n);
    const km = timeIt(() => kaplanMeierByGroup(d.time, d.event, d.arm, 3).map((c) => medianSurvival(c).quantile));
    const lr = timeIt(() => logRank(d.time, d.event, d.arm, 3));
    const cox = timeIt(() => coxFit({ time: d.time, event: d.event, covariates: d.x, names: d.names }, { ties: 'efron' }));
    const r = withR ? runR(d, log) : null;
    const fmt = (v) => (v === undefined ? '—' : v.toFixed(0));
    const ratio = (rMs, ms) => (rMs === undefined ? '—' : `${(rMs / ms).toFixed(1)}×`);
    const agree = (ok) => (r ? (ok ? 'yes' : 'NO') : '—');
    rows.push({
      rows: n.toLocaleString('en-US'),
      analysis: 'Kaplan–Meier by group + medians',
      'parcours ms': fmt(km.ms),
      'R ms': fmt(r?.km),
      'speed-up': ratio(r?.km, km.ms),
      'agrees with R': agree(r && maxRel(km.result, r.kmMedian) === 0),
    });
    rows.push({
      rows: n.toLocaleString('en-US'),
      analysis: 'log-rank (3 groups)',
      'parcours ms': fmt(lr.ms),
      'R ms': fmt(r?.lr),
      'speed-up': ratio(r?.lr, lr.ms),
      'agrees with R': agree(r && maxRel([lr.result.chisq], [r.lrChisq]) < 1e-6),
    });
    rows.push({
      rows: n.toLocaleString('en-US'),
      analysis: 'Cox Efron, 5 covariates',
      'parcours ms': fmt(cox.ms),
      'R ms': fmt(r?.cox),
      'speed-up': ratio(r?.cox, cox.ms),
      'agrees with R': agree(r && maxRel(Array.from(cox.result.coefficients), r.coxCoef) < 1e-6),
    });
  }
  return {
    title: `Survival statistics vs R survival${withR ? '' : ' (R not available: parcours timings only)'}`,
    rows,
    notes: [
      'Simulated trial with integer-day times (ties), 3 arms, 5 covariates; median of several runs after a warm-up. R 4.x with survival 3.5-3 is timed with system.time on the same data in the same run (CSV read not timed); "agrees with R" compares medians, log-rank chi-square and Cox coefficients (1e-6 relative).',
      withR ? 'R found on this machine.' : 'Rscript with the survival package was not found: install it with `apt-get install r-base-core r-cran-survival` (Debian) to time R in the same run.',
    ],
  };
}
