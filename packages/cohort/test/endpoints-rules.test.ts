import { AppError, WELL_KNOWN_CONCEPTS } from '@parcours/core';
import { compileQuery, DUCKDB_DIALECT, POSTGRES_DIALECT, select, col, table, type Warehouse } from '@parcours/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeEndpoints,
  endpointFactsQuery,
  overallSurvival,
  progressionFreeSurvival,
  resolveRules,
  timeToNextTreatment,
  timeToTreatmentDiscontinuation,
  type EndpointName,
  type EndpointOutcome,
  type EndpointRules,
  type FollowUpEnd,
  type PatientFacts,
} from '../src/index.js';
import { indexListStatements, validateIndexPatients } from '../src/endpoints/index-source.js';

// The endpoint rules are pure functions of a patient's facts (day numbers): their invariants are checked on random
// records; the cases written by hand are in endpoints-hand-made.test.ts, on real engines.

const RULES: EndpointRules = { cutOff: null, minimumFollowUpDays: 0, ttntDeathIsEvent: true, discontinuationGapDays: 120 };
const BASE: PatientFacts = { personId: 1, index: 1000, knownPerson: true, death: null, lastActivity: null, progression: null, indexLine: null, nextLine: null };

const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 3 });

/**
 * Records as the query produces them: progression and next line after the index, and a last activity that is at
 * least as late as every episode start (episodes count as activity, LAST_ACTIVITY_SOURCES).
 */
const facts: fc.Arbitrary<PatientFacts> = fc
  .record({
    index: fc.integer({ min: 0, max: 400 }),
    death: maybe(fc.integer({ min: 0, max: 1000 })),
    activity: maybe(fc.integer({ min: 0, max: 1000 })),
    progressionAfter: maybe(fc.integer({ min: 1, max: 600 })),
    line: fc.option(fc.record({ end: maybe(fc.integer({ min: -5, max: 600 })) }), { nil: null }),
    nextAfter: maybe(fc.integer({ min: 1, max: 600 })),
  })
  .map((r) => {
    const progression = r.progressionAfter === null ? null : r.index + r.progressionAfter;
    const nextLine = r.nextAfter === null ? null : r.index + r.nextAfter;
    const starts = [r.activity, progression, nextLine, r.line === null ? null : r.index].filter((d): d is number => d !== null);
    return {
      ...BASE,
      index: r.index,
      death: r.death,
      lastActivity: starts.length === 0 ? null : Math.max(...starts),
      progression,
      indexLine: r.line === null ? null : { end: r.line.end === null ? null : r.index + r.line.end },
      nextLine,
    };
  });

const rules: fc.Arbitrary<EndpointRules> = fc.record({
  cutOff: maybe(fc.integer({ min: 0, max: 1200 })),
  minimumFollowUpDays: fc.constant(0),
  ttntDeathIsEvent: fc.boolean(),
  discontinuationGapDays: fc.integer({ min: 0, max: 200 }),
});

const end = (o: EndpointOutcome): number | null => ('end' in o ? o.end : null);
const ALL = [overallSurvival, progressionFreeSurvival, timeToNextTreatment, timeToTreatmentDiscontinuation];

describe('endpoint rules (properties)', () => {
  it('every time starts at the index and ends by the cut-off', () => {
    fc.assert(
      fc.property(facts, rules, (f, r) => {
        for (const rule of ALL) {
          const o = rule(f, r);
          if ('excluded' in o) continue;
          expect(o.end).toBeGreaterThanOrEqual(f.index);
          if (r.cutOff !== null) expect(o.end).toBeLessThanOrEqual(r.cutOff);
        }
      }),
    );
  });

  it('every endpoint leaves out the same patients, plus those without an index line for TTNT and TTD', () => {
    fc.assert(
      fc.property(facts, rules, (f, r) => {
        const os = overallSurvival(f, r);
        for (const rule of ALL) {
          const o = rule(f, r);
          if ('excluded' in os) expect(o).toEqual(os);
          else if ('excluded' in o) expect([o.excluded, rule === timeToNextTreatment || rule === timeToTreatmentDiscontinuation]).toEqual(['no-index-line', true]);
        }
      }),
    );
  });

  it('rwOS is an event exactly when a death is recorded by the cut-off, dated at the death', () => {
    fc.assert(
      fc.property(facts, rules, (f, r) => {
        const o = overallSurvival(f, r);
        if ('excluded' in o) return;
        const died = f.death !== null && (r.cutOff === null || f.death <= r.cutOff);
        expect(o.event).toBe(died);
        if (died) expect(o.end).toBe(f.death);
      }),
    );
  });

  it('rwPFS and TTNT never end after rwOS, and rwPFS never after the first progression by the cut-off', () => {
    fc.assert(
      fc.property(facts, rules, (f, r) => {
        const os = end(overallSurvival(f, r));
        if (os === null) return;
        expect(end(progressionFreeSurvival(f, r))).toBeLessThanOrEqual(os);
        const ttnt = end(timeToNextTreatment(f, r));
        if (ttnt !== null) expect(ttnt).toBeLessThanOrEqual(os);
        if (f.progression !== null && (r.cutOff === null || f.progression <= r.cutOff)) expect(end(progressionFreeSurvival(f, r))).toBeLessThanOrEqual(f.progression);
      }),
    );
  });

  it('a later cut-off never shortens rwOS', () => {
    fc.assert(
      fc.property(facts, rules, fc.integer({ min: 0, max: 300 }), (f, r, later) => {
        if (r.cutOff === null) return;
        const before = overallSurvival(f, r);
        const after = overallSurvival(f, { ...r, cutOff: r.cutOff + later });
        if ('excluded' in before || 'excluded' in after) return;
        expect(after.end).toBeGreaterThanOrEqual(before.end);
      }),
    );
  });

  it('TTD is an event only with a line end, and is dated at it (clamped to the index and the death)', () => {
    fc.assert(
      fc.property(facts, rules, (f, r) => {
        const o = timeToTreatmentDiscontinuation(f, r);
        if ('excluded' in o || !o.event) return;
        expect(['next-line', 'death', 'treatment-gap']).toContain(o.reason);
        if (f.indexLine?.end != null) expect(o.end).toBe(Math.min(Math.max(f.indexLine.end, f.index), f.death ?? Infinity));
      }),
    );
  });
});

describe('endpoint rules (examples)', () => {
  it('rwOS: censored at the cut-off when the death comes after it', () => {
    expect(overallSurvival({ ...BASE, death: 1400, lastActivity: 1100 }, { ...RULES, cutOff: 1200 })).toEqual({ end: 1200, event: false, reason: 'data-cut-off' });
  });
  it('rwPFS: a progression and a death on the same day is a progression', () => {
    expect(progressionFreeSurvival({ ...BASE, death: 1100, progression: 1100, lastActivity: 1100 }, RULES)).toEqual({ end: 1100, event: true, reason: 'progression' });
  });
  it('TTD: a line end recorded after the death is moved to the death', () => {
    expect(timeToTreatmentDiscontinuation({ ...BASE, death: 1050, indexLine: { end: 1080 }, lastActivity: 1000 }, RULES)).toEqual({ end: 1050, event: true, reason: 'death' });
  });
});

describe('options and index lists', () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).code + ':' + ((e as AppError).details.path ?? (e as AppError).details.field ?? '');
    }
    return undefined;
  };

  it('refuses bad options with the field in error, never the value', () => {
    expect(code(() => resolveRules({ dataCutOff: '2021-02-30' }))).toBe('invalid_argument:dataCutOff');
    expect(code(() => resolveRules({ minimumFollowUpDays: 90 }))).toBe('invalid_argument:minimumFollowUpDays');
    expect(code(() => resolveRules({ discontinuationGapDays: -1 }))).toBe('invalid_argument:discontinuationGapDays');
    expect(resolveRules({ dataCutOff: '1970-01-11', minimumFollowUpDays: 5 })).toEqual({ cutOff: 10, minimumFollowUpDays: 5, ttntDeathIsEvent: true, discontinuationGapDays: 120 });
  });

  it('refuses an unknown endpoint or follow-up end before touching the warehouse', async () => {
    const untouched = {} as Warehouse;
    await expect(computeEndpoints(untouched, { patients: [] }, ['rwOS', 'OS' as EndpointName])).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'endpoints' } });
    await expect(computeEndpoints(untouched, { patients: [] }, ['rwOS'], { followUpEnd: 'death' as FollowUpEnd })).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'followUpEnd' } });
    await expect(computeEndpoints(untouched, { cohortDefinitionId: 1.5 }, ['rwOS'])).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'cohortDefinitionId' } });
  });

  it('refuses a bad index list, naming the entry', () => {
    expect(code(() => validateIndexPatients([{ personId: 1, indexDate: '2020-01-01' }, { personId: 1, indexDate: '2020-02-01' }]))).toBe('invalid_argument:patients[1].personId');
    expect(code(() => validateIndexPatients([{ personId: 2 ** 31, indexDate: '2020-01-01' }]))).toBe('invalid_argument:patients[0].personId');
    expect(code(() => validateIndexPatients([{ personId: 3, indexDate: '01/02/2020' }]))).toBe('invalid_argument:patients[0].indexDate');
    try {
      validateIndexPatients([{ personId: 3, indexDate: '01/02/2020' }]);
    } catch (e) {
      expect((e as Error).message).not.toContain('01/02/2020');
    }
  });

  it('binds every value: no person id, date or concept id reaches the SQL text', () => {
    const list = indexListStatements([{ personId: 424242, indexDate: '2019-12-31' }]);
    const query = endpointFactsQuery(select([col('person_id'), col('index_date')], table('x')), { followUpEnd: 'last-activity', progression: true, progressionGraceDays: 17, lines: true });
    for (const dialect of [DUCKDB_DIALECT, POSTGRES_DIALECT]) {
      const texts = [...list.setup, list.query, query].map((s) => compileQuery(s, dialect));
      for (const { sql } of texts) {
        for (const value of ['424242', '18261', '2019-12-31', String(WELL_KNOWN_CONCEPTS.EPISODE.diseaseProgression), String(WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen), '17']) expect(sql).not.toContain(value);
      }
      expect(texts.flatMap((t) => t.parameters)).toEqual(expect.arrayContaining([424242, 18261, '1970-01-01', 17]));
    }
  });
});
