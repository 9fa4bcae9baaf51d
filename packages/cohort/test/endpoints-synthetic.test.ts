import { WELL_KNOWN_CONCEPTS, isoDateToDayNumber } from '@parcours/core';
import { kaplanMeier, medianSurvival } from '@parcours/stats';
import { initWarehouse, omopRowBuilder, type AppendValue, type Warehouse } from '@parcours/store';
import { BASELINES, generatePopulation, linearPredictor, writeToWarehouse, type SyntheticPatient } from '@parcours/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { computeEndpoints, endpointRows, type EndpointName, type EndpointResult, type IndexPatient } from '../src/index.js';

// Known truth: a synthetic population written straight into a warehouse (person_id = order of generation), the
// endpoints computed from the generator's own index dates (truth.index: start of first-line therapy for advanced
// disease), and compared with what the generator decided: death and last-contact dates, progression dates, and —
// written here as Treatment Regimen episodes, since the writer does not derive lines — the lines it intended.

reportSkips();

const PATIENTS = 3000;
const SEED = 20_250_611;
const population = generatePopulation({ patients: PATIENTS, seed: SEED });
const patients: SyntheticPatient[] = [...population.patients()];
const indexed = patients.flatMap((p, k) => (p.truth.index === undefined ? [] : [{ personId: k + 1, patient: p, indexDate: p.truth.index.date }]));
const INDEX_LIST: IndexPatient[] = indexed.map(({ personId, indexDate }) => ({ personId, indexDate }));
const ENDPOINTS: readonly EndpointName[] = ['rwOS', 'rwPFS', 'TTNT', 'TTD'];

const days = (from: string, to: string): number => isoDateToDayNumber(to) - isoDateToDayNumber(from);

/** What the generator says each endpoint is: `time event` per person, written without the endpoint rules. */
function truth(endpoint: 'rwOS' | 'rwPFS' | 'TTNT'): Map<number, string> {
  const out = new Map<number, string>();
  for (const { personId, patient: p, indexDate } of indexed) {
    const death = p.deathDate;
    const censor = `${days(indexDate, p.lastContactDate)} 0`;
    const dead = death === null ? null : `${days(indexDate, death)} 1`;
    if (endpoint === 'rwOS') out.set(personId, dead ?? censor);
    if (endpoint === 'rwPFS') {
      const progression = p.progressions.map((x) => x.date).filter((d) => d > indexDate).sort()[0];
      out.set(personId, progression !== undefined && (death === null || progression <= death) ? `${days(indexDate, progression)} 1` : (dead ?? censor));
    }
    if (endpoint === 'TTNT') {
      const lines = p.truth.lines.filter((l) => l.line >= 1);
      if (lines[0]?.start !== indexDate) continue; // best supportive care: no index line
      const next = lines[1]?.start;
      out.set(personId, next !== undefined && (death === null || next <= death) ? `${days(indexDate, next)} 1` : (dead ?? censor));
    }
  }
  return out;
}

const observed = (r: EndpointResult): Map<number, string> => new Map(endpointRows(r).map((x) => [x.personId, `${x.time} ${x.event}`]));

/** The generator's lines 1..n as OMOP Treatment Regimen episodes (ids above the writer's). */
function lineEpisodes(): AppendValue[][] {
  const episode = omopRowBuilder('episode');
  let id = 10_000_000;
  return indexed.flatMap(({ personId, patient }) =>
    patient.truth.lines
      .filter((l) => l.line >= 1)
      .map((l) =>
        episode({
          episode_id: id++,
          person_id: personId,
          episode_concept_id: WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen,
          episode_start_date: l.start,
          episode_end_date: l.end,
          episode_number: l.line,
          episode_object_concept_id: 0,
          episode_type_concept_id: WELL_KNOWN_CONCEPTS.EPISODE_TYPE.algorithmicallyDerivedFromEhr,
        }),
      ),
  );
}

const resultsByEngine = new Map<string, Record<EndpointName, EndpointResult>>();

describe.each(ENGINES.map((e) => [e.name, e] as const))('synthetic population (%s)', (engineName, engine) => {
  let warehouse: Warehouse;
  let results: Record<EndpointName, EndpointResult>;
  let ms = 0;

  beforeAll(async () => {
    if (!engine.available) return;
    warehouse = await engine.open();
    await initWarehouse(warehouse);
    await writeToWarehouse(warehouse, population);
    await warehouse.append('episode', lineEpisodes());
    const started = performance.now();
    results = await computeEndpoints(warehouse, { patients: INDEX_LIST }, ENDPOINTS);
    ms = performance.now() - started;
    resultsByEngine.set(engineName, results);
    console.log(`${engineName}: ${INDEX_LIST.length} indexed patients of ${PATIENTS}, 4 endpoints in ${ms.toFixed(0)} ms`);
  }, 300_000);

  afterAll(async () => {
    if (engine.available) await warehouse.close();
  });

  it.skipIf(!engine.available)('rwOS agrees exactly with the generator’s death and last-contact dates', () => {
    expect(indexed.length).toBeGreaterThan(300);
    expect(results.rwOS.excluded).toEqual([]);
    expect(observed(results.rwOS)).toEqual(truth('rwOS'));
  });

  it.skipIf(!engine.available)('rwPFS agrees exactly with the generator’s progressions (written as Disease Progression episodes)', () => {
    const expected = truth('rwPFS');
    expect([...expected.values()].filter((v) => v.endsWith(' 1')).length).toBeGreaterThan(200);
    expect(observed(results.rwPFS)).toEqual(expected);
  });

  it.skipIf(!engine.available)('TTNT agrees exactly with the generator’s lines; best supportive care has no index line', () => {
    const expected = truth('TTNT');
    expect(observed(results.TTNT)).toEqual(expected);
    expect(results.TTNT.excluded.every((x) => x.reason === 'no-index-line')).toBe(true);
    expect(results.TTNT.excluded.length).toBe(indexed.length - expected.size);
    // TTD runs on the same lines: every patient with an index line has a record, never after their rwOS.
    const os = new Map(endpointRows(results.rwOS).map((r) => [r.personId, r]));
    expect(results.TTD.personId.length).toBe(expected.size);
    for (const r of endpointRows(results.TTD)) if (r.event === 1) expect(r.time).toBeLessThanOrEqual(os.get(r.personId)!.time);
  });

  it.skipIf(!engine.available)('median rwOS of advanced NSCLC on a platinum doublet is the model’s, within sampling error', () => {
    // First line = the setting's reference (no treatment effect, not best supportive care).
    const group = indexed.filter(({ patient }) => {
      const index = patient.truth.index!;
      return index.setting === 'nsclc' && Object.keys(index.covariates).every((k) => ['age', 'ecog', 'brainMetastasis', 'bestSupportiveCare', 'ovaryBrcaMutated'].includes(k)) && index.covariates['bestSupportiveCare'] === 0;
    });
    const os = observed(results.rwOS);
    const time = Float64Array.from(group, (g) => Number(os.get(g.personId)!.split(' ')[0]));
    const event = Uint8Array.from(group, (g) => Number(os.get(g.personId)!.split(' ')[1]));
    const median = medianSurvival(kaplanMeier(time, event));
    // The model's median for this case mix: S(t) = mean over patients of exp(−(t/scale)^shape · e^{lp}).
    const { osShape, osMedianDays } = BASELINES.nsclc;
    const scale = osMedianDays / Math.pow(Math.LN2, 1 / osShape);
    const lps = group.map(({ patient }) => {
      const c = patient.truth.index!.covariates;
      return linearPredictor({ age: c['age']!, ecog: c['ecog']!, brainMetastasis: c['brainMetastasis'] === 1, bestSupportiveCare: false, ovaryBrcaMutated: false, effects: [] }).os;
    });
    const survival = (t: number): number => lps.reduce((s, lp) => s + Math.exp(-Math.pow(t / scale, osShape) * Math.exp(lp)), 0) / lps.length;
    let lo = 0;
    let hi = 5000;
    while (hi - lo > 0.5) if (survival((lo + hi) / 2) > 0.5) lo = (lo + hi) / 2; else hi = (lo + hi) / 2;
    console.log(
      `${engineName}: advanced NSCLC, platinum doublet: n = ${group.length}, KM median rwOS ${median.quantile} days (95% CI ${median.lower}–${median.upper}); ` +
        `model median for this case mix ${lo.toFixed(0)} days; reference patient ${osMedianDays} days`,
    );
    expect(group.length).toBeGreaterThan(40);
    expect(lo).toBeGreaterThanOrEqual(median.lower);
    expect(lo).toBeLessThanOrEqual(median.upper);
    // The case mix (ECOG ≥ 1, older patients) can only shorten survival from the reference patient's.
    expect(median.quantile).toBeLessThan(osMedianDays * 1.15);
  });
});

describe('synthetic population, both engines', () => {
  it.skipIf(!ENGINES.every((e) => e.available))('give the same records', () => {
    const [a, b] = [...resultsByEngine.values()];
    for (const e of ENDPOINTS) expect(endpointRows(b![e])).toEqual(endpointRows(a![e]));
  });
});
