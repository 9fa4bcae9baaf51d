/**
 * Variants the shared reference cases do not cover, on the reference `lung` data, against numbers printed by R 4.2.2 /
 * survival 3.5-3 (options(digits = 15)), with the R calls quoted. Weights: w = (row %% 3) + 1 (row = 1-based row
 * number of data.csv), wf = 0.7 · w (non-integer, which switches R's survfit to the robust variance).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSurvival, type SurvivalAnalysisInput } from '../src/index.js';
import { parseCsv, referenceDir } from './reference-cases.js';

const lung = parseCsv(readFileSync(path.join(referenceDir, 'lung-by-sex', 'data.csv'), 'utf8'));
const col = (name: string): Float64Array => lung.get(name) as Float64Array;
const n = col('time').length;
const w = Float64Array.from({ length: n }, (_, i) => ((i + 1) % 3) + 1);
const wf = Float64Array.from(w, (v) => v * 0.7);

function input(extra: Partial<SurvivalAnalysisInput>): SurvivalAnalysisInput {
  return {
    time: col('time'),
    event: Array.from(col('status'), (v) => (v === 2 ? 1 : 0)),
    group: col('sex'),
    covariates: ['age', 'sex', 'ph.ecog'].map((name) => ({ name, values: col(name) })),
    ...extra,
  };
}

const close = (actual: number | null | undefined, expected: number): void => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
};

describe('Cox robust variance (R: coxph(Surv(time, status == 2) ~ age + sex + ph.ecog, …))', () => {
  it.each([
    ['efron', [0.0136885867648876, -0.723273882479589, 0.540253433273273], [0.00995896413568384, 0.176446319006396, 0.135279542193088], 32.412745245802, 0.65797647538062],
    ['breslow', [0.0136816378336911, -0.722412830160321, 0.539057221521355], [0.00993515312424957, 0.17614536567598, 0.135067610724645], 32.3957204454743, 0.65805285401497],
  ] as const)('weights = w, robust = TRUE, ties = %s', (ties, coef, rse, wald, conc) => {
    const cox = analyzeSurvival(input({ weights: w, ties })).cox!;
    cox.terms.forEach((t, j) => {
      close(t.coef, coef[j]!);
      close(t.robust_se, rse[j]!);
    });
    close(cox.wald_test, wald);
    close(cox.concordance, conc);
    expect(cox.ph_test).toBeNull();
  });

  it.each([
    ['efron', [0.011232164214821, -0.556593413976612, 0.469216397079841], [0.00688872705866067, 0.112286679925355, 0.117615953254854], 33.8617097631185],
    ['breslow', [0.0112049244162723, -0.555825451347549, 0.468378658304874], [0.0068675111646007, 0.111998201160619, 0.117123268892038], 34.0613826308109],
  ] as const)('cluster = inst, ties = %s', (ties, coef, rse, wald) => {
    const cox = analyzeSurvival(input({ cluster: col('inst'), ties })).cox!;
    cox.terms.forEach((t, j) => {
      close(t.coef, coef[j]!);
      close(t.robust_se, rse[j]!);
    });
    close(cox.wald_test, wald);
    close(cox.concordance, 0.637602040816327);
  });

  it('weights = wf and cluster = inst (efron)', () => {
    const cox = analyzeSurvival(input({ weights: wf, cluster: col('inst') })).cox!;
    [0.00802703492729828, 0.139908822977886, 0.119845787660462].forEach((v, j) => close(cox.terms[j]!.robust_se, v));
    close(cox.wald_test, 49.6650181301655);
    close(cox.concordance, 0.65882172367041);
  });
});

describe('weighted Kaplan–Meier (R: survfit(Surv(time, status == 2) ~ sex, weights = …))', () => {
  it('integer weights: Greenwood on weighted counts', () => {
    const g = analyzeSurvival(input({ weights: w, covariates: [] })).km.groups[0]!;
    const events = g.table.filter((r) => r.n_event > 0);
    [0.00785870930097947, 0.00859323134142378, 0.0120198443162986, 0.0124874612529957].forEach((v, k) => close(events[k]!.std_err, v));
    expect([g.median, g.median_lower, g.median_upper]).toEqual([270, 222, 288]);
  });

  it('non-integer weights: infinitesimal-jackknife variance, as R switches to', () => {
    const r = analyzeSurvival(input({ weights: wf, covariates: [] }));
    const g = r.km.groups[0]!;
    [0.0105743396796523, 0.0111455193312472, 0.0183692945644326, 0.018681697286445, 0.0212325829431341].forEach((v, k) =>
      close(g.table[k]!.std_err, v),
    );
    close(g.table[0]!.n_risk, 197.4);
    expect(r.km.groups.map((x) => [x.median, x.median_lower, x.median_upper])).toEqual([
      [270, 207, 303],
      [444, 361, 705],
    ]);
  });
});

describe('a factor level unused by the Cox rows (R keeps it: aliased, NA coefficient)', () => {
  // R: v$karno[v$celltype == "large"] <- NA; coxph(Surv(time, status) ~ trt + celltype + karno, ties = "breslow")
  it('reports the aliased dummy as null with zero SE, and tests the rest like R', () => {
    const vet = parseCsv(readFileSync(path.join(referenceDir, 'veteran-celltype-factor', 'data.csv'), 'utf8'));
    const celltype = vet.get('celltype') as (string | null)[];
    const karno = Float64Array.from(vet.get('karno') as Float64Array, (v, i) => (celltype[i] === 'large' ? Number.NaN : v));
    const report = analyzeSurvival({
      time: vet.get('time') as Float64Array,
      event: Array.from(vet.get('status') as Float64Array),
      covariates: [
        { name: 'trt', values: vet.get('trt')! },
        { name: 'celltype', values: celltype, factor: true },
        { name: 'karno', values: karno },
      ],
      ties: 'breslow',
    });
    const cox = JSON.parse(JSON.stringify(report.cox)) as NonNullable<typeof report.cox>;
    const coef = [0.160377910663827, 0.724801172032619, 1.00162991321999, null, -0.0288633433191152];
    const se = [0.225417069418854, 0.268611272819969, 0.295513288523348, 0, 0.00547495576418726];
    cox.terms.forEach((t, j) => {
      if (coef[j] === null) expect(t.coef).toBeNull();
      else close(t.coef, coef[j]!);
      close(t.se, se[j]!);
    });
    expect(cox.terms.map((t) => t.term)).toEqual(['trt', 'celltypesmallcell', 'celltypeadeno', 'celltypelarge', 'karno']);
    close(cox.wald_test, 43.2013672985737);
    close(cox.score_test, 45.2377309147638);
    close(cox.loglik, -360.578284868446);
    close(cox.concordance, 0.718766566531189);
    expect(cox.ph_test!.map((z) => [z.term, z.df])).toEqual([
      ['trt', 1],
      ['celltype', 2],
      ['karno', 1],
      ['GLOBAL', 4],
    ]);
    close(cox.ph_test![1]!.chisq, 7.04140083709238);
    close(cox.ph_test![3]!.chisq, 14.1939332764167);
  });
});
