import { coxFit, coxTerms } from '@parcours/stats';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SyntheticPatient, COVARIATE_HRS, TREATMENT_HRS, generatePatient, generatePopulation, isValidNir } from '../src/index.js';

// One 20,000-patient population shared by the plausibility tests (≈ 4 s to generate).
const N = 20_000;
let patients: SyntheticPatient[] = [];
beforeAll(() => {
  patients = [...generatePopulation({ patients: N, seed: 2024 }).patients()];
});

describe('determinism', () => {
  it('same seed, same patients; different seeds differ', () => {
    const a = JSON.stringify([...generatePopulation({ patients: 200, sites: 3, seed: 5 }).patients()]);
    const b = JSON.stringify([...generatePopulation({ patients: 200, sites: 3, seed: 5 }).patients()]);
    const c = JSON.stringify([...generatePopulation({ patients: 200, sites: 3, seed: 6 }).patients()]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("a patient does not depend on the population's size", () => {
    const small = [...generatePopulation({ patients: 50, seed: 9 }).patients()];
    const large = [...generatePopulation({ patients: 500, seed: 9 }).patients()];
    expect(JSON.stringify(large.slice(0, 50))).toBe(JSON.stringify(small));
    expect(JSON.stringify(generatePatient({ patients: 1, seed: 9 }, 1, 42))).toBe(JSON.stringify(large[42]));
  });
});

describe('identities', () => {
  it('every NIR is valid, IPPs are unique in the site', () => {
    expect(patients.filter((p) => !isValidNir(p.identity.nir))).toEqual([]);
    expect(new Set(patients.map((p) => p.ipp)).size).toBe(N);
    expect(patients[0]!.identity.phone).toMatch(/^0\d( \d{2}){4}$/);
  });
});

describe('plausibility (documented rates, tolerances stated)', () => {
  it('case mix: breast first at 37 % ± 2 points, lung 12 % ± 1.5', () => {
    const share = (t: string): number => patients.filter((p) => p.cancers[0]!.cancerType === t).length / N;
    expect(Math.abs(share('breast') - 0.37)).toBeLessThan(0.02);
    expect(Math.abs(share('lung') - 0.12)).toBeLessThan(0.015);
  });

  it('ROS1 fusions in 1–3 % of NSCLC tested for ROS1, CD74 the commonest partner', () => {
    const ros1 = patients.flatMap((p) => p.biomarkers.filter((b) => b.gene === 'ROS1'));
    const positive = ros1.filter((b) => b.result === 'positive');
    const rate = positive.length / ros1.length;
    expect(ros1.length).toBeGreaterThan(500);
    expect(rate).toBeGreaterThan(0.01);
    expect(rate).toBeLessThan(0.03);
  });

  it('NSCLC testing rises with calendar year (stage IV: < 35 % in 2008–2011, > 80 % from 2019)', () => {
    const nsclcIv = patients.filter((p) => p.cancers[0]!.cancerType === 'lung' && p.cancers[0]!.morphology !== '8041/3' && p.cancers[0]!.stageGroup?.startsWith('IV') === true);
    const rate = (from: number, to: number): number => {
      const g = nsclcIv.filter((p) => {
        const y = Number(p.cancers[0]!.diagnosisDate.slice(0, 4));
        return y >= from && y <= to;
      });
      return g.filter((p) => p.biomarkers.some((b) => b.gene === 'EGFR')).length / g.length;
    };
    expect(rate(2008, 2011)).toBeLessThan(0.35);
    expect(rate(2019, 2025)).toBeGreaterThan(0.8);
  });

  it('lung stage IV at diagnosis is 40–55 %, breast stage I–II 70–85 %', () => {
    const lung = patients.filter((p) => p.cancers[0]!.cancerType === 'lung');
    const breast = patients.filter((p) => p.cancers[0]!.cancerType === 'breast');
    const iv = lung.filter((p) => p.cancers[0]!.stageGroup?.startsWith('IV') === true).length / lung.length;
    const early = breast.filter((p) => p.cancers[0]!.stageGroup === 'I' || p.cancers[0]!.stageGroup === 'II').length / breast.length;
    expect(iv).toBeGreaterThan(0.4);
    expect(iv).toBeLessThan(0.55);
    expect(early).toBeGreaterThan(0.7);
    expect(early).toBeLessThan(0.85);
  });

  it('imaging ≈ 3 exams per patient (2–4); unique study UIDs', () => {
    const exams = patients.flatMap((p) => p.imaging);
    expect(exams.length / N).toBeGreaterThan(2);
    expect(exams.length / N).toBeLessThan(4);
    expect(new Set(exams.map((e) => e.studyUid)).size).toBe(exams.length);
  });
});

describe('invariants', () => {
  it('no event before birth, after death or after last contact; administrations inside truth lines', () => {
    const problems: string[] = [];
    for (const p of patients) {
      const birth = p.identity.birthDate;
      const last = p.lastContactDate;
      if (p.deathDate !== null && p.deathDate !== last) problems.push(`${p.ipp} death ≠ last contact`);
      const dates = [
        ...p.stays.flatMap((s) => [s.start, s.end]),
        ...p.administrations.map((a) => a.date),
        ...p.procedures.map((x) => x.date),
        ...p.progressions.map((x) => x.date),
        ...p.labs.map((x) => x.date),
        ...p.imaging.map((x) => x.date),
        ...p.specimens.map((x) => x.date),
        ...p.slides.map((x) => x.date),
        ...p.biomarkers.map((x) => x.date),
        ...p.ecog.map((x) => x.date),
        ...p.qualityOfLife.map((x) => x.date),
        ...p.cancers.map((c) => c.diagnosisDate),
        ...p.truth.lines.flatMap((l) => [l.start, l.end]),
      ];
      for (const d of dates) if (d < birth || d > last) problems.push(`${p.ipp} ${d} outside [${birth}, ${last}]`);
      for (const a of p.administrations) {
        if (!p.truth.lines.some((l) => l.start <= a.date && a.date <= l.end)) problems.push(`${p.ipp} ${a.drug} ${a.date} outside lines`);
      }
      for (const pr of p.progressions) if (!p.imaging.some((i) => i.date === pr.date && i.studyUid === pr.imagingStudyUid)) problems.push(`${p.ipp} progression without imaging`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});

describe('known truth', () => {
  it('a Cox model on advanced disease recovers the hazard ratios (95 % CI covers the truth)', () => {
    const advanced = patients.filter((p) => p.truth.index !== undefined && p.truth.latentDeathDays !== null);
    const effects = ['nsclc-chemo-immunotherapy-vs-chemotherapy', 'breast-hr-cdk46-endocrine-vs-endocrine', 'breast-her2-trastuzumab-pertuzumab-vs-trastuzumab', 'nsclc-pdl1-high-pembrolizumab-vs-chemotherapy'] as const;
    const settings = [...new Set(advanced.map((p) => p.truth.index!.setting))];
    const time: number[] = [];
    const event: number[] = [];
    const strata: number[] = [];
    const cols: number[][] = Array.from({ length: 5 + effects.length + 2 }, () => []);
    for (const p of advanced) {
      const ix = p.truth.index!;
      const days = Math.round((Date.parse(p.lastContactDate) - Date.parse(ix.date)) / 86_400_000);
      if (days <= 0) continue;
      time.push(days);
      event.push(p.deathDate === null ? 0 : 1);
      strata.push(settings.indexOf(ix.setting));
      const c = ix.covariates;
      const row = [((c['age'] ?? 65) - 65) / 10, c['ecog'] === 1 ? 1 : 0, c['ecog'] === 2 ? 1 : 0, (c['ecog'] ?? 0) >= 3 ? 1 : 0, c['brainMetastasis'] ?? 0, ...effects.map((e) => c[e] ?? 0), c['bestSupportiveCare'] ?? 0, c['ovaryBrcaMutated'] ?? 0];
      row.forEach((v, j) => cols[j]!.push(v));
    }
    // Remaining effects (targeted therapies...) are rarer: put them in their own columns so the model stays correct.
    const others = Object.keys(TREATMENT_HRS).filter((e) => !(effects as readonly string[]).includes(e));
    const kept = advanced.filter((p) => Math.round((Date.parse(p.lastContactDate) - Date.parse(p.truth.index!.date)) / 86_400_000) > 0);
    const otherCols = others.map((e) => kept.map((p) => p.truth.index!.covariates[e] ?? 0)).filter((col) => col.reduce((a, b) => a + b, 0) >= 5);
    const names = ['age10', 'ecog1', 'ecog2', 'ecog3', 'brain', ...effects, 'bsc', 'brca'];
    const model = coxFit({ time, event, strata, covariates: [...cols, ...otherCols], names: [...names, ...otherCols.map((_, i) => `other${i}`)] });
    const terms = coxTerms(model);
    const truthOf: Record<string, number> = {
      age10: COVARIATE_HRS.agePer10Years.os,
      ecog1: COVARIATE_HRS.ecog1.os,
      ecog2: COVARIATE_HRS.ecog2.os,
      ecog3: COVARIATE_HRS.ecog3Plus.os,
      brain: COVARIATE_HRS.brainMetastasis.os,
      bsc: COVARIATE_HRS.bestSupportiveCare.os,
      ...Object.fromEntries(effects.map((e) => [e, TREATMENT_HRS[e].os])),
    };
    const report = terms.filter((t) => truthOf[t.name] !== undefined).map((t) => ({ name: t.name, hr: t.hr, lower: t.hrLower, upper: t.hrUpper, truth: truthOf[t.name]! }));
    const missed = report.filter((r) => r.truth < r.lower || r.truth > r.upper);
    expect(model.events).toBeGreaterThan(1000);
    // Nine terms at 95 %: allow one miss by chance, never two.
    expect(missed.length, JSON.stringify(report)).toBeLessThanOrEqual(1);
  });
});
