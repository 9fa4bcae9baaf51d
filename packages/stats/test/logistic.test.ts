import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, type LogisticRegression } from '../src/logistic-regression.js';
import { isStatsError } from '../src/stats-error.js';
import { mulberry32 } from './prng.js';

/**
 * Reference values: R 4.2.2 `glm(..., family = binomial)` on the data below, printed with `%.17g` from
 * `coef(summary(fit))`, `fit$deviance`, `fit$null.deviance`, `fit$aic`, `fit$iter`. Agreement required: 1e-6
 * relative (1e-9 absolute near zero), the project's reference tolerance.
 */
const RELATIVE = 1e-6;
const ABSOLUTE = 1e-9;

function expectClose(actual: number, expected: number, what: string): void {
  const tolerance = Math.max(ABSOLUTE, RELATIVE * Math.abs(expected));
  expect(Math.abs(actual - expected), `${what}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(tolerance);
}

type RTerm = readonly [name: string, estimate: number, se: number, z: number, p: number];
interface RFit {
  readonly terms: readonly RTerm[];
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly aic: number;
  readonly iterations: number;
  readonly dfResidual: number;
  readonly dfNull: number;
  readonly n: number;
}

function expectMatchesR(fit: LogisticRegression, r: RFit): void {
  const fitted = fit.terms.filter((t) => !t.aliased);
  expect(fitted.map((t) => t.name)).toEqual(r.terms.map((t) => t[0]));
  r.terms.forEach(([name, estimate, se, z, p], j) => {
    const t = fitted[j];
    if (t === undefined) throw new Error(`missing term ${name}`);
    expectClose(t.estimate, estimate, `${name} estimate`);
    expectClose(t.se, se, `${name} se`);
    expectClose(t.z, z, `${name} z`);
    expectClose(t.p, p, `${name} p`);
  });
  expectClose(fit.deviance, r.deviance, 'deviance');
  expectClose(fit.nullDeviance, r.nullDeviance, 'null deviance');
  expectClose(fit.aic, r.aic, 'AIC');
  expect(fit.iterations).toBe(r.iterations);
  expect(fit.dfResidual).toBe(r.dfResidual);
  expect(fit.dfNull).toBe(r.dfNull);
  expect(fit.n).toBe(r.n);
}

/**
 * Hosmer & Lemeshow (1989), "Applied Logistic Regression", low birth weight study (Baystate Medical Center, 1986),
 * as R's MASS::birthwt: [low, age, lwt, race (1 white, 2 black, 3 other), smoke, ptl, ht, ui]; 189 births.
 */
const BIRTHWT: readonly (readonly [number, number, number, number, number, number, number, number])[] = [
  [0, 19, 182, 2, 0, 0, 0, 1], [0, 33, 155, 3, 0, 0, 0, 0], [0, 20, 105, 1, 1, 0, 0, 0], [0, 21, 108, 1, 1, 0, 0, 1], [0, 18, 107, 1, 1, 0, 0, 1],
  [0, 21, 124, 3, 0, 0, 0, 0], [0, 22, 118, 1, 0, 0, 0, 0], [0, 17, 103, 3, 0, 0, 0, 0], [0, 29, 123, 1, 1, 0, 0, 0], [0, 26, 113, 1, 1, 0, 0, 0],
  [0, 19, 95, 3, 0, 0, 0, 0], [0, 19, 150, 3, 0, 0, 0, 0], [0, 22, 95, 3, 0, 0, 1, 0], [0, 30, 107, 3, 0, 1, 0, 1], [0, 18, 100, 1, 1, 0, 0, 0],
  [0, 18, 100, 1, 1, 0, 0, 0], [0, 15, 98, 2, 0, 0, 0, 0], [0, 25, 118, 1, 1, 0, 0, 0], [0, 20, 120, 3, 0, 0, 0, 1], [0, 28, 120, 1, 1, 0, 0, 0],
  [0, 32, 121, 3, 0, 0, 0, 0], [0, 31, 100, 1, 0, 0, 0, 1], [0, 36, 202, 1, 0, 0, 0, 0], [0, 28, 120, 3, 0, 0, 0, 0], [0, 25, 120, 3, 0, 0, 0, 1],
  [0, 28, 167, 1, 0, 0, 0, 0], [0, 17, 122, 1, 1, 0, 0, 0], [0, 29, 150, 1, 0, 0, 0, 0], [0, 26, 168, 2, 1, 0, 0, 0], [0, 17, 113, 2, 0, 0, 0, 0],
  [0, 17, 113, 2, 0, 0, 0, 0], [0, 24, 90, 1, 1, 1, 0, 0], [0, 35, 121, 2, 1, 1, 0, 0], [0, 25, 155, 1, 0, 0, 0, 0], [0, 25, 125, 2, 0, 0, 0, 0],
  [0, 29, 140, 1, 1, 0, 0, 0], [0, 19, 138, 1, 1, 0, 0, 0], [0, 27, 124, 1, 1, 0, 0, 0], [0, 31, 215, 1, 1, 0, 0, 0], [0, 33, 109, 1, 1, 0, 0, 0],
  [0, 21, 185, 2, 1, 0, 0, 0], [0, 19, 189, 1, 0, 0, 0, 0], [0, 23, 130, 2, 0, 0, 0, 0], [0, 21, 160, 1, 0, 0, 0, 0], [0, 18, 90, 1, 1, 0, 0, 1],
  [0, 18, 90, 1, 1, 0, 0, 1], [0, 32, 132, 1, 0, 0, 0, 0], [0, 19, 132, 3, 0, 0, 0, 0], [0, 24, 115, 1, 0, 0, 0, 0], [0, 22, 85, 3, 1, 0, 0, 0],
  [0, 22, 120, 1, 0, 0, 1, 0], [0, 23, 128, 3, 0, 0, 0, 0], [0, 22, 130, 1, 1, 0, 0, 0], [0, 30, 95, 1, 1, 0, 0, 0], [0, 19, 115, 3, 0, 0, 0, 0],
  [0, 16, 110, 3, 0, 0, 0, 0], [0, 21, 110, 3, 1, 0, 0, 1], [0, 30, 153, 3, 0, 0, 0, 0], [0, 20, 103, 3, 0, 0, 0, 0], [0, 17, 119, 3, 0, 0, 0, 0],
  [0, 17, 119, 3, 0, 0, 0, 0], [0, 23, 119, 3, 0, 0, 0, 0], [0, 24, 110, 3, 0, 0, 0, 0], [0, 28, 140, 1, 0, 0, 0, 0], [0, 26, 133, 3, 1, 2, 0, 0],
  [0, 20, 169, 3, 0, 1, 0, 1], [0, 24, 115, 3, 0, 0, 0, 0], [0, 28, 250, 3, 1, 0, 0, 0], [0, 20, 141, 1, 0, 2, 0, 1], [0, 22, 158, 2, 0, 1, 0, 0],
  [0, 22, 112, 1, 1, 2, 0, 0], [0, 31, 150, 3, 1, 0, 0, 0], [0, 23, 115, 3, 1, 0, 0, 0], [0, 16, 112, 2, 0, 0, 0, 0], [0, 16, 135, 1, 1, 0, 0, 0],
  [0, 18, 229, 2, 0, 0, 0, 0], [0, 25, 140, 1, 0, 0, 0, 0], [0, 32, 134, 1, 1, 1, 0, 0], [0, 20, 121, 2, 1, 0, 0, 0], [0, 23, 190, 1, 0, 0, 0, 0],
  [0, 22, 131, 1, 0, 0, 0, 0], [0, 32, 170, 1, 0, 0, 0, 0], [0, 30, 110, 3, 0, 0, 0, 0], [0, 20, 127, 3, 0, 0, 0, 0], [0, 23, 123, 3, 0, 0, 0, 0],
  [0, 17, 120, 3, 1, 0, 0, 0], [0, 19, 105, 3, 0, 0, 0, 0], [0, 23, 130, 1, 0, 0, 0, 0], [0, 36, 175, 1, 0, 0, 0, 0], [0, 22, 125, 1, 0, 0, 0, 0],
  [0, 24, 133, 1, 0, 0, 0, 0], [0, 21, 134, 3, 0, 0, 0, 0], [0, 19, 235, 1, 1, 0, 1, 0], [0, 25, 95, 1, 1, 3, 0, 1], [0, 16, 135, 1, 1, 0, 0, 0],
  [0, 29, 135, 1, 0, 0, 0, 0], [0, 29, 154, 1, 0, 0, 0, 0], [0, 19, 147, 1, 1, 0, 0, 0], [0, 19, 147, 1, 1, 0, 0, 0], [0, 30, 137, 1, 0, 0, 0, 0],
  [0, 24, 110, 1, 0, 0, 0, 0], [0, 19, 184, 1, 1, 0, 1, 0], [0, 24, 110, 3, 0, 1, 0, 0], [0, 23, 110, 1, 0, 0, 0, 0], [0, 20, 120, 3, 0, 0, 0, 0],
  [0, 25, 241, 2, 0, 0, 1, 0], [0, 30, 112, 1, 0, 0, 0, 0], [0, 22, 169, 1, 0, 0, 0, 0], [0, 18, 120, 1, 1, 0, 0, 0], [0, 16, 170, 2, 0, 0, 0, 0],
  [0, 32, 186, 1, 0, 0, 0, 0], [0, 18, 120, 3, 0, 0, 0, 0], [0, 29, 130, 1, 1, 0, 0, 0], [0, 33, 117, 1, 0, 0, 0, 1], [0, 20, 170, 1, 1, 0, 0, 0],
  [0, 28, 134, 3, 0, 0, 0, 0], [0, 14, 135, 1, 0, 0, 0, 0], [0, 28, 130, 3, 0, 0, 0, 0], [0, 25, 120, 1, 0, 0, 0, 0], [0, 16, 95, 3, 0, 0, 0, 0],
  [0, 20, 158, 1, 0, 0, 0, 0], [0, 26, 160, 3, 0, 0, 0, 0], [0, 21, 115, 1, 0, 0, 0, 0], [0, 22, 129, 1, 0, 0, 0, 0], [0, 25, 130, 1, 0, 0, 0, 0],
  [0, 31, 120, 1, 0, 0, 0, 0], [0, 35, 170, 1, 0, 1, 0, 0], [0, 19, 120, 1, 1, 0, 0, 0], [0, 24, 116, 1, 0, 0, 0, 0], [0, 45, 123, 1, 0, 0, 0, 0],
  [1, 28, 120, 3, 1, 1, 0, 1], [1, 29, 130, 1, 0, 0, 0, 1], [1, 34, 187, 2, 1, 0, 1, 0], [1, 25, 105, 3, 0, 1, 1, 0], [1, 25, 85, 3, 0, 0, 0, 1],
  [1, 27, 150, 3, 0, 0, 0, 0], [1, 23, 97, 3, 0, 0, 0, 1], [1, 24, 128, 2, 0, 1, 0, 0], [1, 24, 132, 3, 0, 0, 1, 0], [1, 21, 165, 1, 1, 0, 1, 0],
  [1, 32, 105, 1, 1, 0, 0, 0], [1, 19, 91, 1, 1, 2, 0, 1], [1, 25, 115, 3, 0, 0, 0, 0], [1, 16, 130, 3, 0, 0, 0, 0], [1, 25, 92, 1, 1, 0, 0, 0],
  [1, 20, 150, 1, 1, 0, 0, 0], [1, 21, 200, 2, 0, 0, 0, 1], [1, 24, 155, 1, 1, 1, 0, 0], [1, 21, 103, 3, 0, 0, 0, 0], [1, 20, 125, 3, 0, 0, 0, 1],
  [1, 25, 89, 3, 0, 2, 0, 0], [1, 19, 102, 1, 0, 0, 0, 0], [1, 19, 112, 1, 1, 0, 0, 1], [1, 26, 117, 1, 1, 1, 0, 0], [1, 24, 138, 1, 0, 0, 0, 0],
  [1, 17, 130, 3, 1, 1, 0, 1], [1, 20, 120, 2, 1, 0, 0, 0], [1, 22, 130, 1, 1, 1, 0, 1], [1, 27, 130, 2, 0, 0, 0, 1], [1, 20, 80, 3, 1, 0, 0, 1],
  [1, 17, 110, 1, 1, 0, 0, 0], [1, 25, 105, 3, 0, 1, 0, 0], [1, 20, 109, 3, 0, 0, 0, 0], [1, 18, 148, 3, 0, 0, 0, 0], [1, 18, 110, 2, 1, 1, 0, 0],
  [1, 20, 121, 1, 1, 1, 0, 1], [1, 21, 100, 3, 0, 1, 0, 0], [1, 26, 96, 3, 0, 0, 0, 0], [1, 31, 102, 1, 1, 1, 0, 0], [1, 15, 110, 1, 0, 0, 0, 0],
  [1, 23, 187, 2, 1, 0, 0, 0], [1, 20, 122, 2, 1, 0, 0, 0], [1, 24, 105, 2, 1, 0, 0, 0], [1, 15, 115, 3, 0, 0, 0, 1], [1, 23, 120, 3, 0, 0, 0, 0],
  [1, 30, 142, 1, 1, 1, 0, 0], [1, 22, 130, 1, 1, 0, 0, 0], [1, 17, 120, 1, 1, 0, 0, 0], [1, 23, 110, 1, 1, 1, 0, 0], [1, 17, 120, 2, 0, 0, 0, 0],
  [1, 26, 154, 3, 0, 1, 1, 0], [1, 20, 105, 3, 0, 0, 0, 0], [1, 26, 190, 1, 1, 0, 0, 0], [1, 14, 101, 3, 1, 1, 0, 0], [1, 28, 95, 1, 1, 0, 0, 0],
  [1, 14, 100, 3, 0, 0, 0, 0], [1, 23, 94, 3, 1, 0, 0, 0], [1, 17, 142, 2, 0, 0, 1, 0], [1, 21, 130, 1, 1, 0, 1, 0],
];

describe('fitLogisticRegression against R glm(family = binomial)', () => {
  it('matches R on the low birth weight data with a factor (reference = first level in sorted order)', () => {
    // R 4.2.2: d <- MASS::birthwt; d$race <- c("white","black","other")[d$race]
    //          glm(low ~ age + lwt + race + smoke + ptl + ht + ui, family = binomial, data = d)
    const race = BIRTHWT.map((r) => ['white', 'black', 'other'][r[3] - 1] ?? null);
    const fit = fitLogisticRegression({
      outcome: BIRTHWT.map((r) => r[0]),
      covariates: [
        { name: 'age', values: BIRTHWT.map((r) => r[1]) },
        { name: 'lwt', values: BIRTHWT.map((r) => r[2]) },
        { name: 'race', kind: 'factor', values: race },
        { name: 'smoke', values: BIRTHWT.map((r) => r[4]) },
        { name: 'ptl', values: BIRTHWT.map((r) => r[5]) },
        { name: 'ht', values: BIRTHWT.map((r) => r[6]) },
        { name: 'ui', values: BIRTHWT.map((r) => r[7]) },
      ],
    });
    expectMatchesR(fit, {
      terms: [
        ['(Intercept)', 1.727622653277347542, 1.2613379795204708866, 1.36967464813367967, 0.1707884859206349748],
        ['age', -0.027069779178084247, 0.0364521020756678679, -0.74261229494782932, 0.4577164426187922408],
        ['lwt', -0.015182562839075077, 0.0069277873445854343, -2.19154573948366727, 0.0284123235904031532],
        ['raceother', -0.40158426783644191, 0.5388676685947696443, -0.74523726554920611, 0.4561282984004241259],
        ['racewhite', -1.263219373674774104, 0.5264627323598363162, -2.39944690484067547, 0.0164198609097429143],
        ['smoke', 0.923349155613600647, 0.4008526136296913234, 2.30346297920510246, 0.0212528077973032775],
        ['ptl', 0.541755119102690252, 0.346264407271900776, 1.56457062211791897, 0.1176836217674386564],
        ['ht', 1.833695608202138505, 0.6917645807679430048, 2.65075093345558832, 0.0080313042717973238],
        ['ui', 0.758596503790839538, 0.4593889027348890819, 1.65131656266547133, 0.09867395204829843],
      ],
      deviance: 201.42695120381219,
      nullDeviance: 234.67199619321852,
      aic: 219.42695120381219,
      iterations: 4,
      dfResidual: 180,
      dfNull: 188,
      n: 189,
    });
    // R: fitted(fit)[c(1, 50, 189)]
    expectClose(fit.fitted[0] as number, 0.31188250212360191, 'fitted 1');
    expectClose(fit.fitted[49] as number, 0.58984739613166015, 'fitted 50');
    expectClose(fit.fitted[188] as number, 0.66357117559114565, 'fitted 189');
  });

  const SIM = simulate(20240601, 160);
  const simCovariates = [
    { name: 'age', values: SIM.map((r) => r.age) },
    { name: 'stage', kind: 'factor' as const, values: SIM.map((r) => r.stage) },
    { name: 'sex', kind: 'factor' as const, values: SIM.map((r) => r.sex) },
    { name: 'marker', values: SIM.map((r) => r.marker) },
  ];

  it('matches R with missing covariates dropped (na.omit)', () => {
    // R 4.2.2: d <- read.csv("sim.csv", stringsAsFactors = TRUE)   # SIM written out, age missing → NA
    //          glm(y ~ age + stage + sex + marker, family = binomial, data = d)
    const fit = fitLogisticRegression({ outcome: SIM.map((r) => r.y), covariates: simCovariates });
    expectMatchesR(fit, {
      terms: [
        ['(Intercept)', -2.8354173909311839, 1.1913333989797215, -2.3800368506074658, 0.0173109068127924],
        ['age', 0.019034769738170799, 0.017249500270881186, 1.1034968804460568, 0.26981144552683656],
        ['stageII', 1.0651729660316835, 0.57261473955252162, 1.8601913161789705, 0.062858463213519608],
        ['stageIII', 1.5954072577716978, 0.54641590049590727, 2.9197672621235289, 0.0035029288499882432],
        ['stageIV', 2.3511059701382311, 0.58212048167395058, 4.0388648813341366, 5.3710492184897343e-5],
        ['sexM', -0.31618311746600347, 0.37506291933644492, -0.84301353497005083, 0.39922087408123358],
        ['marker', 0.89795582283682496, 0.36327398608047012, 2.4718417977716562, 0.013441898629255447],
      ],
      deviance: 173.4649004223798,
      nullDeviance: 201.88838636162896,
      aic: 187.4649004223798,
      iterations: 4,
      dfResidual: 147,
      dfNull: 153,
      n: 154,
    });
    expect(fit.rows).toHaveLength(154);
    expect([...fit.rows].every((row) => SIM[row]?.age !== null)).toBe(true);
  });

  it('matches R with non-integer case weights (AIC from rounded weights, as R)', () => {
    // R 4.2.2: glm(y ~ age + stage + sex + marker, family = binomial, data = d, weights = weight)
    const fit = fitLogisticRegression({ outcome: SIM.map((r) => r.y), covariates: simCovariates, weights: SIM.map((r) => r.weight) });
    expectMatchesR(fit, {
      terms: [
        ['(Intercept)', -2.9693109645978071, 1.1902183539059414, -2.494761532498146, 0.012604180443979455],
        ['age', 0.02223170097629806, 0.017297636854746768, 1.2852449824784766, 0.19870668915333276],
        ['stageII', 1.0918360858618168, 0.57370705292823176, 1.9031247398633615, 0.057024270464990132],
        ['stageIII', 1.4238992482306998, 0.54413944811984039, 2.6167910691839835, 0.0088760652252246452],
        ['stageIV', 2.2605914690853219, 0.57305894895837006, 3.944779979781003, 7.9873281855100429e-5],
        ['sexM', -0.37875433697877692, 0.37407525750648873, -1.0125083907005183, 0.31129503685776455],
        ['marker', 0.77894810940814962, 0.36916037116794392, 2.1100534354316678, 0.034853753482646813],
      ],
      deviance: 172.94580347700045,
      nullDeviance: 197.88579913449428,
      aic: 187.90582431758796,
      iterations: 4,
      dfResidual: 147,
      dfNull: 153,
      n: 154,
    });
  });

  it('matches R without intercept (first factor gets every level)', () => {
    // R 4.2.2: glm(y ~ 0 + stage + sex + marker, family = binomial, data = d)
    const fit = fitLogisticRegression(
      { outcome: SIM.map((r) => r.y), covariates: simCovariates.slice(1) },
      { intercept: false },
    );
    expectMatchesR(fit, {
      terms: [
        ['stageI', -1.6768072072180191, 0.44849056437281531, -3.7387792306465224, 0.00018491602517923535],
        ['stageII', -0.6405005579919697, 0.41932715947125093, -1.5274483026561088, 0.12664957314322342],
        ['stageIII', -0.04948413113823176, 0.38462422560626269, -0.12865578360341853, 0.89763002411658821],
        ['stageIV', 0.65148144397737795, 0.40745606987384625, 1.5988998376661443, 0.10984286013074179],
        ['sexM', -0.32805316543029667, 0.36646514106950295, -0.89518245711692079, 0.37068956093775396],
        ['marker', 0.85519302668257124, 0.36119547036154631, 2.3676737303115889, 0.017900313753967632],
      ],
      deviance: 179.60992544566702,
      nullDeviance: 221.8070977791825,
      aic: 191.60992544566702,
      iterations: 4,
      dfResidual: 154,
      dfNull: 160,
      n: 160,
    });
  });

  it('drops an aliased column with NaN like R (NA), and throws singular when asked', () => {
    // R 4.2.2: d$m2 <- d$marker * 2 - d$age / 10; glm(y ~ marker + age + m2 + sex, family = binomial, data = d)
    //          → coefficient of m2 is NA
    const m2 = SIM.map((r) => (r.age === null ? null : r.marker * 2 - r.age / 10));
    const input = {
      outcome: SIM.map((r) => r.y),
      covariates: [
        { name: 'marker', values: SIM.map((r) => r.marker) },
        { name: 'age', values: SIM.map((r) => r.age) },
        { name: 'm2', values: m2 },
        { name: 'sex', kind: 'factor' as const, values: SIM.map((r) => r.sex) },
      ],
    };
    const fit = fitLogisticRegression(input);
    expect(fit.terms.filter((t) => t.aliased).map((t) => t.name)).toEqual(['m2']);
    expect(fit.terms.find((t) => t.name === 'm2')?.estimate).toBeNaN();
    expect(fit.rank).toBe(4);
    expectMatchesR(fit, {
      terms: [
        ['(Intercept)', -0.83429653132360637, 0.94861796483339267, -0.87948632879848021, 0.37913764248763993],
        ['marker', 0.8662988910749112, 0.33837527594936806, 2.5601719530020794, 0.010462038374411968],
        ['age', 0.0061918135906682843, 0.015325277419278797, 0.40402619941347001, 0.68619345335941806],
        ['sexM', -0.25046779473322067, 0.34471353228227403, -0.72659693129807634, 0.46747290865361668],
      ],
      deviance: 194.32629041806942,
      nullDeviance: 201.88838636162896,
      aic: 202.32629041806942,
      iterations: 4,
      dfResidual: 150,
      dfNull: 153,
      n: 154,
    });
    expect(() => fitLogisticRegression(input, { singularOk: false })).toThrowError(
      expect.objectContaining({ code: 'singular', details: expect.objectContaining({ field: 'm2' }) }),
    );
  });
});

describe('fitLogisticRegression, cases verifiable by hand', () => {
  it('the docstring example', () => {
    // R 4.2.2: coef(glm(c(0,0,1,0,1,1) ~ I(1:6), family = binomial)) → -4.24910 1.21403
    const fit = fitLogisticRegression({ outcome: [0, 0, 1, 0, 1, 1], covariates: [{ name: 'dose', values: [1, 2, 3, 4, 5, 6] }] });
    expect(fit.terms[0]?.estimate).toBeCloseTo(-4.2491, 4);
    expect(fit.terms[1]?.estimate).toBeCloseTo(1.21403, 5);
  });

  it('a 2×2 table gives the log odds ratio and Woolf SE √(1/a + 1/b + 1/c + 1/d)', () => {
    // exposed: 12 events, 8 non-events; unexposed: 5 events, 15 non-events.
    const outcome: number[] = [];
    const exposed: number[] = [];
    const add = (x: number, y: number, count: number) => {
      for (let k = 0; k < count; k++) {
        outcome.push(y);
        exposed.push(x);
      }
    };
    add(1, 1, 12);
    add(1, 0, 8);
    add(0, 1, 5);
    add(0, 0, 15);
    // Iterate to the MLE itself (R's rule stops ~1e-7 short of it on the SE, which R computes at the last step's weights).
    const fit = fitLogisticRegression({ outcome, covariates: [{ name: 'exposed', values: exposed }] }, { epsilon: 1e-14 });
    const [intercept, slope] = fit.terms;
    expect(intercept?.estimate).toBeCloseTo(Math.log(5 / 15), 7);
    expect(slope?.estimate).toBeCloseTo(Math.log((12 * 15) / (8 * 5)), 7);
    expect(slope?.se).toBeCloseTo(Math.sqrt(1 / 12 + 1 / 8 + 1 / 5 + 1 / 15), 9);
    expect(fit.fitted[0]).toBeCloseTo(12 / 20, 9);
  });

  it('says "separation" when a covariate predicts the outcome perfectly', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(() => fitLogisticRegression({ outcome: x.map((v) => (v > 5 ? 1 : 0)), covariates: [{ name: 'x', values: x }] })).toThrowError(
      expect.objectContaining({ code: 'not_converged', message: expect.stringContaining('separation') }),
    );
    // Quasi-complete: one factor level has no events. R "converges" here (17 iterations, intercept −18.6, SE 3766)
    // without a warning; we keep iterating and see the coefficients walk off.
    const level = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c'];
    expect(() =>
      fitLogisticRegression({ outcome: [0, 0, 0, 1, 0, 1, 0, 1, 1, 0], covariates: [{ name: 'g', kind: 'factor', values: level }] }),
    ).toThrowError(expect.objectContaining({ code: 'not_converged', message: expect.stringContaining('separation') }));
  });

  it('refuses an outcome without events or non-events, and values outside [0, 1]', () => {
    const covariates = [{ name: 'x', values: [1, 2, 3] }];
    expect(() => fitLogisticRegression({ outcome: [0, 0, 0], covariates })).toThrowError(expect.objectContaining({ code: 'no_events' }));
    expect(() => fitLogisticRegression({ outcome: [1, 1, 1], covariates })).toThrowError(expect.objectContaining({ code: 'no_events' }));
    expect(() => fitLogisticRegression({ outcome: [0, 2, 1], covariates })).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('an integer case weight is the same as repeating the row (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: -5, max: 5 }), y: fc.boolean(), w: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 6,
          maxLength: 30,
        }),
        (rows) => {
          const expanded = rows.flatMap((r) => Array.from({ length: r.w }, () => r));
          let weighted: LogisticRegression;
          let repeated: LogisticRegression;
          try {
            weighted = fitLogisticRegression({ outcome: rows.map((r) => r.y), covariates: [{ name: 'x', values: rows.map((r) => r.x) }], weights: rows.map((r) => r.w) }, { epsilon: 1e-14 });
            repeated = fitLogisticRegression({ outcome: expanded.map((r) => r.y), covariates: [{ name: 'x', values: expanded.map((r) => r.x) }] }, { epsilon: 1e-14 });
          } catch (error) {
            // Degenerate draws (separation, no events, constant x) have no MLE either way.
            if (isStatsError(error)) return;
            throw error;
          }
          weighted.terms.forEach((t, j) => {
            const u = repeated.terms[j];
            if (t.aliased || u === undefined) return;
            expect(Math.abs(t.estimate - u.estimate)).toBeLessThan(1e-6 * (1 + Math.abs(u.estimate)));
            expect(Math.abs(t.se - u.se)).toBeLessThan(1e-6 * (1 + u.se));
          });
          expect(Math.abs(weighted.deviance - repeated.deviance)).toBeLessThan(1e-6 * (1 + repeated.deviance));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

/**
 * Deterministic simulated cohort (mulberry32 PRNG). The same generator wrote the CSV that R read for the reference
 * values above; change it and the R numbers must be recomputed.
 */
function simulate(seed: number, n: number) {
  const u = mulberry32(seed);
  const effect: Record<string, number> = { I: 0, II: 0.4, III: 0.9, IV: 1.5 };
  const rows: { y: number; age: number | null; stage: string; sex: string; marker: number; weight: number }[] = [];
  for (let i = 0; i < n; i++) {
    const age = Math.round(400 + 400 * u()) / 10;
    const stage = ['I', 'II', 'III', 'IV'][Math.floor(u() * 4)] ?? 'I';
    const sex = u() < 0.45 ? 'F' : 'M';
    const marker = Math.round(1000 * (u() + u() + u() - 1.5)) / 1000;
    const eta = -1 + 0.04 * (age - 60) + (effect[stage] ?? 0) + (sex === 'M' ? -0.3 : 0) + 0.8 * marker;
    const y = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    const weight = Math.round(50 + 100 * u()) / 100;
    const missing = u() < 0.05;
    rows.push({ y, age: missing ? null : age, stage, sex, marker, weight });
  }
  return rows;
}
